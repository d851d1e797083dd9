"""`ChatService`: runs the answer stages in order and turns the settled context into the answer.

    understand → retrieve → gate → [clarify] → generate → verify    (stages, until one replies)
    → finishers (run on every answer) → ("done", Answer)

`stream()` yields the events of `navigator.answer.events` as they come (the SSE endpoint forwards
them); `answer()` runs the same stream and returns the final `Answer`. Which stages run, and with
what, is decided in `navigator.answer.assemble` (the default order) and `navigator.services`.
"""

from __future__ import annotations

import time
from collections.abc import Generator, Sequence

from navigator.answer import events
from navigator.answer.context import Context, Event, Stage, Turn
from navigator.breaker import CircuitBreaker
from navigator.llm.base import ChatProvider
from navigator.prompts import Prompts
from navigator.retrieval.filters import Filters
from navigator.retrieval.hybrid import HybridRetriever
from navigator.types import Answer


class ChatService:
    """Answers questions from the knowledge base.

    Example::

        service = assemble(retriever, provider=None, prompts=load_prompts(Path("prompts")))
        answer = service.answer("Wer hilft bei der Anerkennung meines Abschlusses?")
        print(answer.text, [s.title for s in answer.sources])
    """

    def __init__(
        self,
        retriever: HybridRetriever,
        stages: Sequence[Stage],
        *,
        prompts: Prompts,
        breaker: CircuitBreaker,
        top_k: int = 5,
        finishers: Sequence[Stage] = (),
    ) -> None:
        names = [s.name for s in stages]
        if names.count("generate") != 1:
            raise ValueError(f"the stages need exactly one 'generate' stage, got {names}")
        self.retriever = retriever
        self.stages = tuple(stages)
        self.finishers = tuple(finishers)  # run on every answer, also fixed replies (e.g. a hand-off)
        self.prompts = prompts
        self.breaker = breaker
        self.top_k = top_k

    @property
    def provider(self) -> ChatProvider | None:
        """The chat model of the generate stage (None for the extractive answer)."""
        provider: ChatProvider | None = getattr(self._generate, "provider", None)
        return provider

    @property
    def provider_name(self) -> str:
        return self.provider.name if self.provider else "extractive"

    @property
    def _generate(self) -> Stage:
        return next(s for s in self.stages if s.name == "generate")

    def answer(
        self,
        message: str,
        history: Sequence[Turn] = (),
        filters: Filters | None = None,
        ui_language: str = "de",
    ) -> Answer:
        final: Answer | None = None
        for kind, payload in self.stream(message, history, filters, ui_language):
            if kind == "done":
                final = payload
        assert final is not None
        return final

    def stream(
        self,
        message: str,
        history: Sequence[Turn] = (),
        filters: Filters | None = None,
        ui_language: str = "de",
    ) -> Generator[Event, None, None]:
        ctx = Context(
            message=message,
            history=tuple(history),
            filters=filters or Filters(),
            ui_language=ui_language,
            snapshot=self.retriever.snapshot(),
            started=time.perf_counter(),
        )
        for stage in self.stages:
            if ctx.settled:
                break
            ctx = yield from stage.run(ctx)
        for stage in self.finishers:
            ctx = yield from stage.run(ctx)
        yield ("done", events.answer(ctx, self.provider_name))

    def warm_up(self) -> None:
        """Let every stage load what it needs now (scope examples, the chat model and its prompt prefix)."""
        for stage in (*self.stages, *self.finishers):
            warm = getattr(stage, "warm_up", None)
            if warm:
                warm()
