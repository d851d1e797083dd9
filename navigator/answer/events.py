"""The events a stream yields, and the final `Answer` built from a settled context.

("sources", [source dicts])   once, as soon as the sources are known (the page shows the cards)
("token", "text piece")       zero or more
("done", Answer)              the verified answer; its sources are the cited ones first
"""

from __future__ import annotations

import re
import time
from collections.abc import Generator, Iterator
from dataclasses import replace

from navigator import citations
from navigator.answer.context import Context, Event
from navigator.types import Answer


def words(text: str) -> Iterator[Event]:
    """A fixed text as token events, word by word, as a model would stream it."""
    for piece in re.findall(r"\S+\s*", text):
        yield ("token", piece)


def sources(ctx: Context) -> Event:
    return ("sources", [s.as_dict() for s in ctx.sources])


def fixed_reply(ctx: Context, text: str) -> Generator[Event, None, Context]:
    """Reply with a fixed text and no sources (injection, out of scope, nothing found)."""
    ctx = replace(ctx, sources=(), text=text)
    yield sources(ctx)
    yield from words(text)
    return ctx


def answer(ctx: Context, provider: str) -> Answer:
    """The final answer of a settled context."""
    assert ctx.text is not None, "no stage replied"
    return Answer(
        text=ctx.text,
        language=ctx.language,
        sources=ctx.sources,
        grounded=bool(ctx.sources) and bool(citations.cited_numbers(ctx.text)),
        provider=provider,
        fallback=ctx.fallback,
        query=ctx.query,
        check=ctx.check.as_dict() if ctx.check else None,
        timings={**ctx.timings, "total_s": time.perf_counter() - ctx.started},
        usage=dict(ctx.usage),
    )
