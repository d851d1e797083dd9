"""The deterministic answer: numbered entries, one line each, with notes on ended ones.

It is the answer strategy without a chat model (`ExtractiveAnswer`), and the stand-in whenever the
model fails or its answer is rejected (`fall_back`).
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from dataclasses import replace

from navigator.answer import events
from navigator.answer.context import Context, Event
from navigator.prompts import Prompts
from navigator.types import Source


def extractive_text(sources: Sequence[Source], lang: str, prompts: Prompts) -> str:
    """One line per current entry; ended ones are stated by the status finisher (`answer.status`)."""
    p = prompts.phrase
    lines = [p("intro", lang)]
    for s in sources:
        if s.status == "ended":
            continue
        line = f"[{s.n}] {s.title} ({s.organisation}): {s.summary}"
        contact = " · ".join(v for k, v in s.contact.items() if k in ("phone", "email"))
        lines.append(f"{line} {p('contact', lang)}: {contact}" if contact else line)
    return "\n".join(lines)


def with_facts(text: str, ctx: Context, prompts: Prompts) -> str:
    """The Förder-Check's result in short sentences before the text, if there is one.

    The verdicts in `ctx.facts` are for the model; a person reads one sentence per fitting programme.
    """
    if not ctx.facts or ctx.check is None:
        return text
    return f"{prompts.phrase('check_result', ctx.language)}\n{ctx.check.summary_text()}\n\n{text}"


def fall_back(ctx: Context, prompts: Prompts, reason: str) -> Context:
    """The extractive answer with a notice, in place of a model answer that failed or was rejected."""
    text = (
        extractive_text(ctx.sources, ctx.language, prompts)
        + "\n\n"
        + prompts.phrase("fallback", ctx.language)
    )
    return replace(ctx, text=with_facts(text, ctx, prompts), fallback=reason)


class ExtractiveAnswer:
    """The answer strategy without a chat model."""

    name = "generate"
    provider = None
    provider_name = "extractive"

    def __init__(self, prompts: Prompts) -> None:
        self.prompts = prompts

    def run(self, ctx: Context) -> Generator[Event, None, Context]:
        text = with_facts(extractive_text(ctx.sources, ctx.language, self.prompts), ctx, self.prompts)
        yield from events.words(text)
        return replace(ctx, text=text)

    def warm_up(self) -> None:
        """Nothing to load."""
