"""Stage 2b, status: what the system (not the model) states about each source's availability.

Right after retrieval every source card gets its status sentence in the answer language ("ist seit
31.12.2024 beendet. Stattdessen: …", "läuft nur noch bis 31.12.2026 (noch 24 Tage)", "startet am …"),
from the entry's dates. The model reads these as binding facts, `verify` rejects an answer that
contradicts them, and the `StateStatus` finisher puts the notable ones (all but "open") at the top of
every answer, whoever wrote the rest.
"""

from __future__ import annotations

from collections.abc import Generator, Mapping
from dataclasses import replace

from navigator.answer.context import Context, Event
from navigator.retrieval.catalogue import Snapshot
from navigator.status import status_fact
from navigator.status.contradiction import Cited
from navigator.status.facts import short_title


def titles(snapshot: Snapshot) -> Mapping[str, str]:
    """Every entry's title by id (to name successors and the office to ask), built once per catalogue."""
    return snapshot.catalogue.derived("titles", lambda: {i: e.title for i, e in snapshot.entries.items()})


class Status:
    name = "status"

    def run(self, ctx: Context) -> Generator[Event, None, Context]:
        entries, named = ctx.snapshot.entries, titles(ctx.snapshot)
        facts = {
            s.id: status_fact(entries[s.id], ctx.language, ctx.today, named)
            for s in ctx.sources
            if s.id in entries
        }
        sources = tuple(
            replace(s, status_text=facts[s.id].sentence, status_state=facts[s.id].state)
            if s.id in facts
            else s
            for s in ctx.sources
        )
        return replace(ctx, status=facts, sources=sources)
        yield  # a stage is a generator, even one that yields nothing


def notable_lines(ctx: Context) -> list[tuple[str, str]]:
    """The status sentences the answer must state, each with its source's marker: (source id, sentence).

    The entry and its successors among the sources are named with their markers, so the asker can
    follow "go-digital [1] ist seit … beendet. Stattdessen: MID-Digitalisierung [2]." to the cards.
    """
    entries = ctx.snapshot.entries
    marked = {**titles(ctx.snapshot), **{s.id: f"{short_title(s.title)} [{s.n}]" for s in ctx.sources}}
    lines = []
    for s in ctx.sources:
        fact = ctx.status.get(s.id)
        if fact is None or not fact.notable or s.id not in entries:
            continue
        lines.append(
            (s.id, status_fact(entries[s.id], ctx.language, ctx.today, marked, marked[s.id]).sentence)
        )
    return lines


class StateStatus:
    """Finisher: the notable status sentences go first in every answer that has sources.

    Not before a deciding question of the Förder-Check: that reply asks, it does not answer yet.
    After the check's verdicts, the verdicts answer the question: the status of a programme they
    name goes first, that of another card (an AI consultancy ending soon beside § 82) after them.
    """

    name = "state_status"

    def run(self, ctx: Context) -> Generator[Event, None, Context]:
        if ctx.text is None or not ctx.sources or (ctx.check is not None and ctx.check.ask):
            return ctx
        lines = notable_lines(ctx)
        # With the check's verdicts, the other cards' status follows them (None: all go first).
        named = set(ctx.check.leading) if ctx.check is not None and ctx.check.conversation else None
        first = [line for i, line in lines if named is None or i in named]
        after = [line for i, line in lines if named is not None and i not in named]
        text = "\n\n".join(part for part in ("\n".join(first), ctx.text, "\n".join(after)) if part)
        return replace(ctx, text=text)
        yield  # a stage is a generator, even one that yields nothing


def cited(ctx: Context) -> list[Cited]:
    """What the contradiction check needs of each source: its number, full text and status."""
    entries = ctx.snapshot.entries
    out = []
    for s in ctx.sources:
        e = entries.get(s.id)
        fact = ctx.status.get(s.id)
        if e is None or fact is None:
            continue
        text = " ".join([e.title, e.summary, e.body, " ".join(e.keywords)])
        names = tuple(ctx.snapshot.ended_names.get(s.id, ()))
        out.append(Cited(s.n, s.id, s.title, text, fact, names))
    return out
