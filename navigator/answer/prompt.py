"""The chat model's prompt: a fixed prefix (rules, worked example) and the question with its sources."""

from __future__ import annotations

from collections.abc import Sequence

from navigator.answer.context import Context
from navigator.llm.base import Message
from navigator.prompts import Prompts
from navigator.text import german_iso_date
from navigator.types import Source
from navigator.vocab import LANGUAGES

# The model reads the sources' text as prompt tokens, which on 2 CPU cores cost ~12 ms each before the
# first answer token: so it gets the best few sources, each cut to about two sentences (bench/results.md).
PROMPT_EXCERPT_CHARS = 240


def shorten(text: str, limit: int) -> str:
    """Cut `text` to at most `limit` characters at a word boundary, marking the cut with "…"."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:–-") + " …"


def prefix_messages(prompts: Prompts) -> list[Message]:
    """The fixed start of every prompt (rules and worked example): llama.cpp caches its state."""
    return [
        Message("system", prompts.render("system")),
        Message("user", prompts.render("example_user")),
        Message("assistant", prompts.render("example_assistant")),
    ]


def prompt_sources(sources: Sequence[Source]) -> list[dict[str, object]]:
    by_id = {s.id: s for s in sources}
    return [
        {
            "n": s.n,
            "title": s.title,
            "organisation": s.organisation,
            "status": s.status,
            "end_date": german_iso_date(s.end_date),
            "successor_titles": ", ".join(
                f"{by_id[i].title} [{by_id[i].n}]" for i in s.successors if i in by_id
            ),
            "text": shorten(s.excerpt or s.summary, PROMPT_EXCERPT_CHARS),
        }
        for s in sources
    ]


def messages(ctx: Context, prompts: Prompts, shown: int) -> list[Message]:
    """The whole prompt: the prefix, then the `shown` best sources, the binding facts and the question."""
    lang = ctx.language
    question = prompts.render(
        "question",
        sources=prompt_sources(ctx.sources[:shown]),
        check_facts=ctx.facts,
        question=ctx.message,
        language_name=LANGUAGES.get(lang, lang),
        # Small models drift back to German (the worked example's language) unless told in the
        # user's own language as well.
        answer_in="" if lang == "de" else prompts.phrase("answer_in", lang),
    )
    return [*prefix_messages(prompts), Message("user", question)]
