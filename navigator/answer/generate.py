"""Stage 5, generate with a chat model: the prompt, the guarded token stream, the breaker, the timing.

The model's text is a draft until `verify` accepts it. When the model fails (error, timeout, a bug,
an open circuit) or starts to repeat its instructions, the extractive answer stands in, with a notice.
The strategy without a model is `extractive.ExtractiveAnswer`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Collection, Generator
from dataclasses import dataclass, replace
from typing import TypedDict

from navigator.answer import catalogue, extractive
from navigator.answer.context import Context, Event
from navigator.answer.prefix_cache import CataloguePrefixCache
from navigator.answer.prompt import messages, prefix_messages
from navigator.breaker import CircuitBreaker
from navigator.errors import LLMUnavailableError, ModelBusyError
from navigator.llm.base import ChatProvider, Completion, Message, Usage
from navigator.prompts import Prompts
from navigator.stream_guard import StreamGuard

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Prompt:
    """What the model reads, its answer budget, and how its citation numbers become `[n]`.

    `relabel(piece)` maps one streamed piece; `relabel(None)` returns what it held back at the end.
    """

    messages: list[Message]
    max_tokens: int
    relabel: Callable[[str | None], str]
    catalogue: bool = False


class ModelOptions(TypedDict, total=False):
    """The model answer's settings, as `assemble` passes them through (names of `ModelAnswer`'s)."""

    temperature: float
    max_tokens: int
    timeout_s: float
    prefix_cache: CataloguePrefixCache | None
    lead_max_tokens: int
    languages: Collection[str] | None


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
        prefix_cache: CataloguePrefixCache | None = None,
        lead_max_tokens: int = 72,
        languages: Collection[str] | None = None,
    ) -> None:
        """Configure the stage; the arguments match `assemble`'s.

        With `prefix_cache`, a question whose catalogue state is ready gets the cached catalogue
        prompt and a lead paragraph of at most `lead_max_tokens`. `languages` (None: all) are the
        answer languages sent to the model; the others get the extractive answer at once.
        """
        self.provider = provider
        self.prefix_cache = prefix_cache
        self.lead_max_tokens = lead_max_tokens
        self.languages = None if languages is None else frozenset(languages)
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
        """Load the chat model, start preparing the catalogue state, cache the per-question prefix."""
        if self.prefix_cache is not None:
            self.prefix_cache.warm_up()  # a saved state loads in well under a second
        warm = getattr(self.provider, "warm_up", None)
        if warm:
            warm(prefix_messages(self.prompts))

    def run(self, ctx: Context) -> Generator[Event, None, Context]:
        if self.languages is not None and ctx.language not in self.languages:
            return extractive.fall_back(ctx, self.prompts, "language_not_sent")
        if not self.breaker.allow():
            return extractive.fall_back(ctx, self.prompts, "provider_unavailable")
        pieces: list[str] = []
        first_token: list[float] = []
        usage = Usage()
        prompt = self._prompt(ctx)
        try:
            leaked = yield from self._stream(ctx, prompt, pieces, first_token, usage)
            self.breaker.record(success=True)
        except ModelBusyError as exc:  # no wait in vain (navigator/llm/admission.py); not a fault
            log.info("LLM busy, answering extractively at once: %s", exc.hint)
            return extractive.fall_back(ctx, self.prompts, "model_busy")
        except LLMUnavailableError as exc:
            log.warning("LLM failed, using the extractive answer: %s", exc.hint)
            self.breaker.record(success=False)
            leaked = None
        except Exception:  # a provider bug must cost the user the model's answer, not the answer
            log.exception("LLM provider %s raised; using the extractive answer", self.provider_name)
            self.breaker.record(success=False)
            leaked = None
        counts = {**_counts(usage), "catalogue_prefix": int(prompt.catalogue)}
        ctx = replace(ctx, timings={**ctx.timings, **_timings(ctx, first_token, usage)}, usage=counts)
        if leaked is None:
            return extractive.fall_back(ctx, self.prompts, "provider_error")
        if leaked:
            return extractive.fall_back(ctx, self.prompts, "prompt_leak")
        draft = "".join(pieces)
        if prompt.catalogue and usage.completion_tokens >= prompt.max_tokens:
            draft = catalogue.whole_sentences(draft)  # a lead cut off mid-sentence ends at its last full stop
        return replace(ctx, draft=draft)

    def _prompt(self, ctx: Context) -> Prompt:
        """The cached-catalogue prompt when its state is ready, else the per-question prompt."""
        ready = self.prefix_cache.ready(ctx.snapshot) if self.prefix_cache else None
        if ready is None:
            return Prompt(
                messages(ctx, self.prompts, self.prompt_sources), self.max_tokens, lambda t: t or ""
            )
        shown = ctx.sources[: self.prompt_sources]
        prompt = catalogue.messages(
            ready, shown, ctx.snapshot, self.prompts, question=ctx.message, lang=ctx.language, facts=ctx.facts
        )
        mapper = catalogue.CitationMapper(catalogue.numbering(ready, shown))
        relabel = lambda t: mapper.flush() if t is None else mapper.feed(t)  # noqa: E731
        return Prompt(prompt, self.lead_max_tokens, relabel, catalogue=True)

    def _stream(
        self, ctx: Context, prompt: Prompt, pieces: list[str], first_token: list[float], usage: Usage
    ) -> Generator[Event, None, bool]:
        """Stream the model's answer through the guard; True if it started to leak the prompt.

        `pieces`, `first_token` and `usage` are filled in as it goes, so they hold what came even
        when the model fails halfway.
        """
        guard = StreamGuard(**ctx.snapshot.contacts.as_kwargs(), secret=self.prompts.render("system"))
        deadline = time.monotonic() + self.timeout_s
        relabel = prompt.relabel
        stream: Completion | None = None
        try:
            stream = self.provider.stream(
                prompt.messages, temperature=self.temperature, max_tokens=prompt.max_tokens
            )
            for raw in stream:
                if not first_token:
                    first_token.append(time.perf_counter())
                piece = relabel(raw)
                pieces.append(piece)
                if safe := guard.feed(piece):
                    yield ("token", safe)
                if guard.leaked:
                    return True
                if time.monotonic() > deadline:
                    raise LLMUnavailableError(self.provider_name, f"no complete answer in {self.timeout_s} s")
            rest = relabel(None)
            pieces.append(rest)
            if tail := guard.feed(rest) + guard.flush():
                yield ("token", tail)
            return False
        finally:
            if stream is not None:
                stream.close()
                usage.prompt_tokens, usage.completion_tokens = (
                    stream.usage.prompt_tokens,
                    stream.usage.completion_tokens,
                )
                usage.extra.update(stream.usage.extra)


def _timings(ctx: Context, first_token: list[float], usage: Usage) -> dict[str, float]:
    """When the first piece came (from the question's start), and the model's own timings."""
    out = {"first_token_s": first_token[0] - ctx.started} if first_token else {}
    for key, name in (("ttft_s", "model_ttft_s"), ("tokens_per_s", "tokens_per_s")):
        if key in usage.extra:
            out[name] = usage.extra[key]
    return out


def _counts(usage: Usage) -> dict[str, int]:
    counts = {"prompt_tokens": usage.prompt_tokens, "completion_tokens": usage.completion_tokens}
    if "cached_prompt_tokens" in usage.extra:
        counts["cached_prompt_tokens"] = int(usage.extra["cached_prompt_tokens"])
    return counts
