"""Stage 4 (optional), clarify: the Förder-Check asks the one deciding question, or states its verdicts.

A funding question whose answer hangs on one fact gets that question, not a guess; with the facts
known, the check's verdicts become binding facts for the answer (the model may only phrase them).
The composition root (`navigator.services`) adds this stage; without it the navigator answers every
funding question from the sources alone.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import replace
from pathlib import Path

from navigator.answer import events
from navigator.answer.context import Context, Event
from navigator.foerdercheck.chat import clarify, pending_field
from navigator.foerdercheck.engine import Checker
from navigator.foerdercheck.loader import checker_of

# Only the two best sources count: a side hit must not make the navigator quiz the person.
CHECKED_SOURCES = 2


class Clarify:
    name = "clarify"

    def __init__(self, translations_dir: Path | None = None) -> None:
        # The knowledge folder, whose `_i18n/foerdercheck/` files translate the rule texts.
        self.translations_dir = translations_dir

    def checker(self, ctx: Context) -> Checker:
        """The same checker the Förder-Check page uses (`Services.checker`)."""
        return checker_of(ctx.snapshot, self.translations_dir)

    def is_reply(self, ctx: Context) -> bool:
        """Whether the message answers the deciding question the navigator asked in its last turn."""
        return pending_field(ctx.history, self.checker(ctx)) is not None

    def run(self, ctx: Context) -> Generator[Event, None, Context]:
        # A question about an ended offer gets "ended since …, instead …", not a quiz on its successor.
        if ctx.ended:
            return ctx
        # A reply ("Nein") is retrieved with the question before it; its programmes may rank lower.
        checked = ctx.sources if self.is_reply(ctx) else ctx.sources[:CHECKED_SOURCES]
        check = clarify(
            ctx.message,
            ctx.history,
            checked,
            ctx.language,
            checker=self.checker(ctx),
        )
        if check is None:
            return ctx
        if check.ask or check.conversation:
            # The asker's own check: the next question, or the short result; never the model's guess.
            text = check.question_text() if check.ask else check.summary_text()
            yield from events.words(text)
            return replace(ctx, check=check, text=text)
        return replace(ctx, check=check, facts=check.prompt_facts())
