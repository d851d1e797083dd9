"""Stage 2b, advice: every programme, training and event card leads to someone.

Each such card gets the offices its entry names in `offices` (the ones that advise on or grant it),
with their sourced contacts, those of the asker's region first: the page shows them as "Beraten
lassen bei …", the JSON as `advice`, the prepared request addresses the first one.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import replace

from navigator.answer.context import Context, Event
from navigator.answer.handoff import asker_region
from navigator.handoff.offices import PERSON_KINDS, advice, contact_card


class Advise:
    name = "advise"

    def run(self, ctx: Context) -> Generator[Event, None, Context]:
        entries, region = ctx.snapshot.entries, asker_region(ctx)
        cards = tuple(
            replace(s, advice=tuple(contact_card(o) for o in advice(entries[s.id], entries, region)))
            if s.kind not in PERSON_KINDS and s.id in entries
            else s
            for s in ctx.sources
        )
        return replace(ctx, sources=cards)
        yield  # a stage is a generator, even one that yields nothing
