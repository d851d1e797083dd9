"""Build the services from settings: the one place where settings turn into objects."""

from __future__ import annotations

from navigator.answer import ChatService, Clarify, assemble
from navigator.answer.prefix_cache import CataloguePrefixCache, PrefixStates
from navigator.breaker import CircuitBreaker
from navigator.prompts import load_prompts
from navigator.retrieval.embeddings import Embedder, create_embedder
from navigator.retrieval.hybrid import HybridRetriever
from navigator.scope import ScopeGuard
from navigator.settings import Settings


def build_retriever(settings: Settings, embedder: Embedder | None = None) -> HybridRetriever:
    from ingest import open_store

    return HybridRetriever(
        open_store(settings), embedder or create_embedder(settings.embedder), today=settings.current_date
    )


def build_chat_service(settings: Settings, retriever: HybridRetriever | None = None) -> ChatService:
    from navigator.llm.registry import get_provider

    retriever = retriever or build_retriever(settings)
    prompts = load_prompts(settings.prompts_dir)
    # The hash embedder has no notion of meaning, so the scope guard would only add noise.
    scope = (
        None
        if settings.embedder == "hash"
        else ScopeGuard(retriever.embedder, settings.prompts_dir / "out_of_scope.yaml")
    )
    provider = get_provider(settings)
    prefix_cache = None
    if settings.llm_catalogue and isinstance(provider, PrefixStates):
        prefix_cache = CataloguePrefixCache(provider, prompts, settings.data_dir / "kv", retriever.snapshot)
    return assemble(
        retriever,
        provider,
        prompts,
        scope=scope,
        clarify=Clarify(),
        top_k=settings.top_k,
        prompt_sources=settings.llm_sources,
        temperature=settings.llm_temperature,
        max_tokens=settings.llm_max_tokens,
        timeout_s=settings.llm_timeout_s,
        breaker=CircuitBreaker(settings.llm_breaker_threshold, settings.llm_breaker_cooldown_s),
        log_text=settings.log_text,
        prefix_cache=prefix_cache,
        lead_max_tokens=settings.llm_lead_max_tokens,
        # Only the local model is routed by language (measured); a hosted model gets every language.
        languages=settings.llm_languages if provider is not None and provider.name == "local" else None,
    )
