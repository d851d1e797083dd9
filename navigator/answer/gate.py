"""Stage 3, gate: answer only questions the knowledge base is for, and only from sources found.

Off-topic questions and questions without any source get a fixed reply; otherwise the sources are
announced, so the page can show the cards while the answer is written.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator
from typing import Any, Protocol

import numpy as np

from navigator.answer import events
from navigator.answer.context import Context, Event
from navigator.prompts import Prompts

log = logging.getLogger(__name__)


class ScopeCheck(Protocol):
    """What the gate needs of `navigator.scope.ScopeGuard`."""

    def out_of_scope(self, query_vector: np.ndarray[Any, Any], best_knowledge_similarity: float) -> bool: ...


class Gate:
    name = "gate"

    def __init__(
        self,
        prompts: Prompts,
        *,
        scope: ScopeCheck | None = None,
        replies_to_us: Callable[[Context], bool] | None = None,
    ) -> None:
        self.prompts = prompts
        self.scope = scope
        # Whether the message answers a question the navigator just asked (see Clarify.is_reply).
        self.replies_to_us = replies_to_us

    def run(self, ctx: Context) -> Generator[Event, None, Context]:
        if self.scope is not None and not ctx.ended and ctx.vector is not None:
            best = max((h.similarity for h in ctx.hits), default=0.0)
            # A short reply to the navigator's own deciding question ("Ja", "Ich weiß es nicht")
            # looks off-topic on its own; the question it answers is in scope by construction.
            replying = bool(ctx.history) and self.replies_to_us is not None and self.replies_to_us(ctx)
            if not replying and self.scope.out_of_scope(ctx.vector, best):
                log.info("out of scope (best knowledge similarity %.3f)", best)
                return (yield from events.fixed_reply(ctx, self.prompts.phrase("out_of_scope", ctx.language)))
        if not ctx.sources:
            return (yield from events.fixed_reply(ctx, self.prompts.phrase("nothing", ctx.language)))
        yield events.sources(ctx)
        return ctx
