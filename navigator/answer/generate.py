"""Stage 5, generate with a chat model: the prompt, the guarded token stream, the breaker, the timing.

The model's text is a draft until `verify` accepts it. When the model fails (error, timeout, a bug,
an open circuit) or starts to repeat its instructions, the extractive answer stands in, with a notice.
The strategy without a model is `extractive.ExtractiveAnswer`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Generator, Iterator
from dataclasses import replace

from navigator.answer import extractive
from navigator.answer.context import Context, Event
from navigator.answer.prompt import messages, prefix_messages
from navigator.breaker import CircuitBreaker
from navigator.errors import LLMUnavailableError
from navigator.llm.base import ChatProvider
from navigator.prompts import Prompts
from navigator.stream_guard import StreamGuard

log = logging.getLogger(__name__)


class ModelAnswer:
    """The answer strategy with a chat model."""

    name = "generate"

    def __init__(
        self,
        provider: ChatProvider,
        prompts: Prompts,
        breaker: CircuitBreaker,
        *,
        prompt_sources: int = 3,
        temperature: float = 0.1,
        max_tokens: int = 320,
        timeout_s: float = 30.0,
    ) -> None:
        self.provider = provider
        self.prompts = prompts
        self.breaker = breaker
        self.prompt_sources = prompt_sources
        self.temperature = temperature
        self.max_tokens = max_tokens
        self.timeout_s = timeout_s

    @property
    def provider_name(self) -> str:
        return self.provider.name

    def warm_up(self) -> None:
        """Load the chat model and cache its fixed prompt prefix."""
        warm = getattr(self.provider, "warm_up", None)
        if warm:
            warm(prefix_messages(self.prompts))

    def run(self, ctx: Context) -> Generator[Event, None, Context]:
        if not self.breaker.allow():
            return extractive.fall_back(ctx, self.prompts, "provider_unavailable")
        pieces: list[str] = []
        first_token: list[float] = []
        try:
            leaked = yield from self._stream(ctx, pieces, first_token)
            self.breaker.record(success=True)
        except LLMUnavailableError as exc:
            log.warning("LLM failed, using the extractive answer: %s", exc.hint)
            self.breaker.record(success=False)
            leaked = None
        except Exception:  # a provider bug must cost the user the model's answer, not the answer
            log.exception("LLM provider %s raised; using the extractive answer", self.provider_name)
            self.breaker.record(success=False)
            leaked = None
        timings = {**ctx.timings, **({"first_token_s": first_token[0] - ctx.started} if first_token else {})}
        usage = self.provider.usage
        ctx = replace(
            ctx,
            timings=timings,
            usage={"prompt_tokens": usage.prompt_tokens, "completion_tokens": usage.completion_tokens},
        )
        if leaked is None:
            return extractive.fall_back(ctx, self.prompts, "provider_error")
        if leaked:
            return extractive.fall_back(ctx, self.prompts, "prompt_leak")
        return replace(ctx, draft="".join(pieces))

    def _stream(
        self, ctx: Context, pieces: list[str], first_token: list[float]
    ) -> Generator[Event, None, bool]:
        """Stream the model's answer through the guard; True if it started to leak the prompt."""
        guard = StreamGuard(**ctx.snapshot.contacts.as_kwargs(), secret=self.prompts.render("system"))
        deadline = time.monotonic() + self.timeout_s
        stream: Iterator[str] = iter(())
        try:
            stream = self.provider.stream(
                messages(ctx, self.prompts, self.prompt_sources),
                temperature=self.temperature,
                max_tokens=self.max_tokens,
            )
            for piece in stream:
                if not first_token:
                    first_token.append(time.perf_counter())
                pieces.append(piece)
                if safe := guard.feed(piece):
                    yield ("token", safe)
                if guard.leaked:
                    return True
                if time.monotonic() > deadline:
                    raise LLMUnavailableError(self.provider_name, f"no complete answer in {self.timeout_s} s")
            if tail := guard.flush():
                yield ("token", tail)
            return False
        finally:
            close = getattr(stream, "close", None)
            if close:
                close()
