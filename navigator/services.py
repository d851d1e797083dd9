"""The composition root: every service the API, the CLI, the evals and the bench use, built from Settings.

`Services(settings)` builds each service on first use and keeps it (one store, one catalogue source,
one retriever, one chat service per process); `build_retriever` and `build_chat_service` build one
afresh, e.g. for an eval variant with another embedder.

Which stages answer a question is decided here: `assemble()` gets the optional ones (the
Förder-Check's clarify stage, a scope guard when the embedder knows meaning).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from navigator import translations
from navigator.answer import ChatService, Clarify, assemble
from navigator.answer.prefix_cache import CataloguePrefixCache, PrefixStates
from navigator.breaker import CircuitBreaker
from navigator.errors import NavigatorError
from navigator.foerdercheck.engine import Checker
from navigator.foerdercheck.loader import checker_of
from navigator.language import detect_question_language
from navigator.prompts import load_prompts
from navigator.retrieval.catalogue import LiveCatalogue, Snapshot
from navigator.retrieval.embeddings import Embedder, create_embedder
from navigator.retrieval.hybrid import HybridRetriever
from navigator.retrieval.store import open_store
from navigator.scope import ScopeGuard
from navigator.settings import Settings
from navigator.understand import Understanding, understand

log = logging.getLogger(__name__)


def build_retriever(
    settings: Settings, embedder: Embedder | None = None, source: LiveCatalogue | None = None
) -> HybridRetriever:
    source = source or live_catalogue(settings)
    embedder = embedder or create_embedder(settings.embedder)
    return HybridRetriever(source.store, embedder, today=settings.current_date, source=source)


def live_catalogue(settings: Settings) -> LiveCatalogue:
    """The live catalogue of the settings' store, with the entries' translated titles as names."""
    folder = settings.knowledge_dir
    last: list[tuple[translations.ContentTranslations, Mapping[str, Sequence[str]]]] = []

    def translated() -> Mapping[str, Sequence[str]]:
        # `translations.load` re-reads only changed files; the titles are rebuilt only then.
        content = translations.load(folder)
        if not last or last[0][0] is not content:
            last[:] = [(content, content.titles())]
        return last[0][1]

    return LiveCatalogue(open_store(settings), settings.current_date, translated)


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
        clarify=Clarify(settings.knowledge_dir),
        top_k=settings.top_k,
        prompt_sources=settings.llm_sources,
        temperature=settings.llm_temperature,
        max_tokens=settings.llm_max_tokens,
        timeout_s=settings.llm_timeout_s,
        breaker=CircuitBreaker(settings.llm_breaker_threshold, settings.llm_breaker_cooldown_s),
        log_text=settings.log_text,
        translations=translations.load(settings.knowledge_dir),
        understander=understand_query,
        prefix_cache=prefix_cache,
        lead_max_tokens=settings.llm_lead_max_tokens,
        # Only the local model is routed by language (measured); a hosted model gets every language.
        languages=settings.llm_languages if provider is not None and provider.name == "local" else None,
    )


def understand_query(query: str, snapshot: Snapshot) -> Understanding:  # noqa: ARG001 (the Understander seam)
    """What the question is about (places, keywords, asker), read in the question's own language."""
    return understand(query, detect_question_language(query))


class Services:
    """The services of one process, built on first use and shared across requests.

    Example::

        services = Services(get_settings())
        services.chat().answer("Wer hilft bei der Anerkennung meines Abschlusses?")
        services.checker().check(profile)
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._catalogue: LiveCatalogue | None = None
        self._retriever: HybridRetriever | None = None
        self._chat: ChatService | None = None
        self._lock = threading.RLock()

    def catalogue(self) -> LiveCatalogue:
        """The one source of catalogue snapshots (chat, Förder-Check page, command line)."""
        with self._lock:
            if self._catalogue is None:
                self._catalogue = live_catalogue(self.settings)
            return self._catalogue

    def retriever(self) -> HybridRetriever:
        with self._lock:
            if self._retriever is None:
                self._retriever = build_retriever(self.settings, source=self.catalogue())
            return self._retriever

    def chat(self) -> ChatService:
        with self._lock:
            if self._chat is None:
                self._chat = build_chat_service(self.settings, self.retriever())
            return self._chat

    def checker(self) -> Checker:
        """The Förder-Check over the live catalogue, as the chat uses it (no embedder needed)."""
        return checker_of(self.catalogue().snapshot(), self.settings.knowledge_dir)

    def warm_up(self) -> None:
        """Load the index and embedder now, and the chat model in the background.

        The server answers at once (health checks pass in about a second); the first question then
        does not pay for loading the catalogue, and the model is usually ready before anyone asks.
        """
        try:
            retriever = self.retriever()
            retriever.catalogue()
            retriever.embedder.warm_up()
            chat = self.chat()
        except NavigatorError as exc:
            log.warning("warm-up skipped: %s", exc)
            return
        # In the background: the scope guard's examples and the chat model with its cached prompt
        # prefix take seconds, and health checks should pass before that.
        threading.Thread(target=_quietly, args=(chat.warm_up,), daemon=True, name="chat-warm-up").start()

    def llm_info(self) -> dict[str, Any]:
        chat = self._chat
        provider = chat.provider if chat else None
        return {
            "provider": provider.name if provider else (self.settings.llm if chat is None else "extractive"),
            "model": provider.model if provider else self.settings.llm_model,
            "circuit": chat.breaker.state if chat else "closed",
            "loaded": chat is not None,
        }


def _quietly(fn: Callable[[], object]) -> None:
    try:
        fn()
    except Exception:  # the first request reports the real error; warm-up must not crash the server
        log.exception("chat model warm-up failed")
