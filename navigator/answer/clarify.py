"""Stage 4 (optional), clarify: the Förder-Check asks the one deciding question, or states its verdicts.

A funding question whose answer hangs on one fact gets that question, not a guess; with the facts
known, the check's verdicts become binding facts for the answer (the model may only phrase them).
The composition root (`navigator.services`) adds this stage; without it the navigator answers every
funding question from the sources alone.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import replace

from navigator.answer import events
from navigator.answer.context import Context, Event
from navigator.foerdercheck.chat import clarify, pending_field
from navigator.foerdercheck.engine import Checker
from navigator.retrieval.catalogue import Snapshot

# Only the two best sources count: a side hit must not make the navigator quiz the person.
CHECKED_SOURCES = 2


def checker_of(snapshot: Snapshot) -> Checker:
    """The Förder-Check over the snapshot's entries, built once per live catalogue and day."""
    return snapshot.derived("foerdercheck", lambda s: Checker(s.entries.values(), s.today))


class Clarify:
    name = "clarify"

    def is_reply(self, ctx: Context) -> bool:
        """Whether the message answers the deciding question the navigator asked in its last turn."""
        return pending_field(ctx.history, checker_of(ctx.snapshot)) is not None

    def run(self, ctx: Context) -> Generator[Event, None, Context]:
        # A question about an ended offer gets "ended since …, instead …", not a quiz on its successor.
        if ctx.ended:
            return ctx
        check = clarify(
            ctx.message,
            ctx.history,
            ctx.sources[:CHECKED_SOURCES],
            ctx.language,
            checker=checker_of(ctx.snapshot),
        )
        if check is None:
            return ctx
        if check.ask:
            text = check.question_text()
            yield from events.words(text)
            return replace(ctx, check=check, text=text)
        return replace(ctx, check=check, facts=check.prompt_facts())
