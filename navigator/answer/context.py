"""What travels through the answer pipeline: the `Context`, the events a stage may yield, a `Stage`.

A stage is an object with a `name` and a `run(ctx)` generator: it may yield events for the page
(`("sources", [...])`, `("token", "text")`) and returns the next context, a copy made with
`dataclasses.replace` (the context is frozen, so a stage can never change what an earlier one saw).
Once a stage has set `ctx.text`, the answer is settled and `ChatService` skips the remaining stages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Generator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from navigator.foerdercheck.chat import ClarifyResult
from navigator.knowledge import Entry
from navigator.retrieval.catalogue import Snapshot
from navigator.retrieval.filters import Filters
from navigator.types import Hit, Source

Event = tuple[str, Any]


@dataclass(frozen=True, slots=True)
class Turn:
    """One earlier turn of the conversation, as the client sent it."""

    role: str
    content: str


@dataclass(frozen=True, slots=True)
class Context:
    """One question on its way to an answer; each stage fills in the fields it is responsible for."""

    # The request (set by ChatService).
    message: str
    history: tuple[Turn, ...]
    filters: Filters
    ui_language: str
    snapshot: Snapshot  # the catalogue and day of this request, taken once
    started: float  # time.perf_counter() at the start
    # understand: the answer language, the question standing alone, and (later) what it is about.
    language: str = "de"
    query: str = ""
    understanding: Any = None  # navigator.understand's `Understanding` plugs in here
    # retrieve: the query's vector, the ranked hits, the ended entries it names, the source cards.
    vector: np.ndarray[Any, Any] | None = None
    hits: tuple[Hit, ...] = ()
    ended: tuple[Entry, ...] = ()
    sources: tuple[Source, ...] = ()
    # clarify: the Förder-Check's result; facts: binding lines the answer must state, not decide.
    check: ClarifyResult | None = None
    facts: str = ""
    # generate: the model's text before verification; verify (or any stage that replies) sets `text`.
    draft: str | None = None
    text: str | None = None
    fallback: str | None = None  # why the extractive answer stands in for the model's
    timings: Mapping[str, float] = field(default_factory=dict)
    usage: Mapping[str, int] = field(default_factory=dict)

    @property
    def today(self) -> dt.date:
        return self.snapshot.today

    @property
    def settled(self) -> bool:
        """Whether a stage has replied (a fixed reply, a question, or the answer)."""
        return self.text is not None


class Stage(Protocol):
    """One step of the answer pipeline (see the module docstring)."""

    name: str

    def run(self, ctx: Context) -> Generator[Event, None, Context]: ...
