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
from navigator.text import german_iso_date, without_brackets
from navigator.types import Source


def extractive_text(sources: Sequence[Source], lang: str, prompts: Prompts) -> str:
    """Notes on ended entries (the question was about them), then one line per current entry."""
    p = prompts.phrase
    by_id = {s.id: s for s in sources}
    notes = []
    for s in sources:
        if s.status != "ended":
            continue
        # "X (beendet seit …)" would say it twice.
        title = without_brackets(s.title)
        end = german_iso_date(s.end_date) or "?"
        note = p("ended_event" if s.kind == "event" else "ended", lang, title=title, date=end)
        successors = ", ".join(f"{by_id[i].title} [{by_id[i].n}]" for i in s.successors if i in by_id)
        if successors:
            note += " " + p("ended_successor", lang, successors=successors)
        notes.append(f"{note} [{s.n}]")
    lines = [*notes, p("intro", lang)]
    for s in sources:
        if s.status == "ended":
            continue
        line = f"[{s.n}] {s.title} ({s.organisation}): {s.summary}"
        contact = " · ".join(v for k, v in s.contact.items() if k in ("phone", "email"))
        lines.append(f"{line} {p('contact', lang)}: {contact}" if contact else line)
    return "\n".join(lines)


def with_facts(text: str, ctx: Context, prompts: Prompts) -> str:
    """The binding facts (the Förder-Check's verdicts) before the text, if there are any."""
    if not ctx.facts:
        return text
    return f"{prompts.phrase('check_result', ctx.language)}\n{ctx.facts}\n\n{text}"


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
