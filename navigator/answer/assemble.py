"""The default order of the answer stages, and the one place to add a stage.

To add a stage: write a class with `name` and `run(ctx)` (see `context.py`), give it the context
fields it fills in, and put it into the list below where it belongs (or pass it as `finishers` if
it must run on every answer, fixed replies included).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Unpack

from navigator.answer.advice import Advise
from navigator.answer.clarify import Clarify
from navigator.answer.context import Stage
from navigator.answer.extractive import ExtractiveAnswer
from navigator.answer.gate import Gate, ScopeCheck
from navigator.answer.generate import ModelAnswer, ModelOptions
from navigator.answer.handoff import HandOff, HandOffReply
from navigator.answer.localise import Localise
from navigator.answer.retrieve import Retrieve
from navigator.answer.service import ChatService
from navigator.answer.status import StateStatus, Status
from navigator.answer.understand import (
    Detector,
    ModelRewrite,
    Rewriter,
    Understand,
    Understander,
    combine_follow_up,
)
from navigator.answer.verify import Verify
from navigator.breaker import CircuitBreaker
from navigator.language import detect_language as default_detector
from navigator.llm.base import ChatProvider
from navigator.phrases import load_phrases
from navigator.prompts import Prompts
from navigator.retrieval.hybrid import HybridRetriever
from navigator.translations import ContentTranslations


def assemble(
    retriever: HybridRetriever,
    provider: ChatProvider | None,
    prompts: Prompts,
    *,
    scope: ScopeCheck | None = None,
    clarify: Clarify | None = None,
    understander: Understander | None = None,
    finishers: Sequence[Stage] = (),
    top_k: int = 5,
    prompt_sources: int = 3,
    breaker: CircuitBreaker | None = None,
    detect_language: Detector | None = None,
    log_text: bool = False,
    translations: ContentTranslations | None = None,
    **model_options: Unpack[ModelOptions],
) -> ChatService:
    """A `ChatService` with the default stages; `provider=None` answers extractively.

    `model_options` go to the model's answer stage (`ModelAnswer`: temperature, max_tokens,
    timeout_s, prefix_cache, lead_max_tokens, languages); `prompt_sources` goes to it too.
    """
    breaker = breaker or CircuitBreaker()
    detect = detect_language or default_detector
    rewrite: Rewriter = combine_follow_up
    generate: Stage = ExtractiveAnswer(prompts)
    if provider is not None:
        rewrite = ModelRewrite(provider, prompts, breaker, log_text=log_text)
        generate = ModelAnswer(provider, prompts, breaker, prompt_sources=prompt_sources, **model_options)
    stages: list[Stage | None] = [
        Understand(prompts, rewrite=rewrite, detect=detect, understander=understander, log_text=log_text),
        Retrieve(retriever, top_k=top_k),
        HandOff(),
        Advise(),
        Status(),
        Localise(translations) if translations is not None else None,
        HandOffReply(load_phrases(prompts.folder / "handoff.yaml")),
        Gate(prompts, scope=scope, replies_to_us=clarify.is_reply if clarify else None),
        clarify,
        generate,
        Verify(prompts, prompt_sources=prompt_sources, detect=detect),
    ]
    return ChatService(
        retriever,
        [s for s in stages if s is not None],
        prompts=prompts,
        breaker=breaker,
        top_k=top_k,
        # The system states each offer's status on every answer, whoever wrote the rest.
        finishers=[StateStatus(), *finishers],
    )
