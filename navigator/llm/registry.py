"""Chat provider ids and the one function that turns settings into a provider.

An id is `provider` or `provider:model`, for example `local`, `local:qwen2.5-0.5b`,
`local:/models/my.gguf`, `openai`, `openai:qwen2.5-1.5b`, `fake` or `extractive` (no LLM: the chat
service answers from the retrieved passages alone). A new provider is one module plus one line in
`PROVIDERS`. Provider modules are imported inside their factory, so a missing optional package
(llama-cpp-python) only matters to the provider that needs it.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from navigator.errors import ConfigError
from navigator.llm.base import ChatProvider

if TYPE_CHECKING:
    from navigator.settings import Settings

logger = logging.getLogger(__name__)

NO_LLM = "extractive"


def parse_llm_id(llm_id: str) -> tuple[str, str | None]:
    """Split `provider[:model]` into the provider name and the model (None if not given).

    Example:
        >>> parse_llm_id("local:qwen2.5-0.5b")
        ('local', 'qwen2.5-0.5b')
        >>> parse_llm_id("openai")
        ('openai', None)
    """
    provider, _, model = llm_id.strip().partition(":")
    provider = provider.strip().lower()
    return ALIASES.get(provider, provider), (model.strip() or None)


def get_provider(settings: Settings) -> ChatProvider | None:
    """Build the chat provider that `settings.llm` names; None for "extractive".

    Construction is cheap (models load on first use or in `warm_up()`), but the local provider holds
    a 1–2 GB model once loaded: build it once per process and share it.

    Raises:
        ConfigError: Unknown id (with a "did you mean"), a real provider while
            `settings.allow_real_llm` is off, or a provider setting that is missing.
    """
    name, _ = parse_llm_id(settings.llm)
    if name == NO_LLM:
        return None
    factory = PROVIDERS.get(name)
    if factory is None:
        raise ConfigError(_unknown_message(settings.llm, name))
    provider = factory(settings)
    logger.info("chat provider %s, model %s", provider.name, provider.model)
    return provider


def _require_real_llm_allowed(settings: Settings, name: str) -> None:
    # Fast tests set NAVIGATOR_ALLOW_REAL_LLM=0 so that none of them loads a model or calls a
    # server by accident (like pydantic-ai's ALLOW_MODEL_REQUESTS).
    if not settings.allow_real_llm:
        raise ConfigError(
            f"LLM provider {name!r} is a real model, but allow_real_llm is off "
            "(NAVIGATOR_ALLOW_REAL_LLM=0); use llm='fake' or 'extractive', or set it to 1"
        )


def _local(settings: Settings) -> ChatProvider:
    _require_real_llm_allowed(settings, "local")
    from navigator.llm.local import LlamaCppProvider

    _, model = parse_llm_id(settings.llm)
    return LlamaCppProvider.from_settings(settings, model=model)


def _openai(settings: Settings) -> ChatProvider:
    _require_real_llm_allowed(settings, "openai")
    from navigator.llm.openai_compat import OpenAICompatProvider

    _, model = parse_llm_id(settings.llm)
    return OpenAICompatProvider.from_settings(settings, model=model)


def _fake(_settings: Settings) -> ChatProvider:
    from navigator.llm.fake import ScriptedProvider

    return ScriptedProvider()


PROVIDERS: dict[str, Callable[[Settings], ChatProvider]] = {
    "local": _local,
    "openai": _openai,
    "fake": _fake,
}

# Spellings used in earlier design notes.
ALIASES: dict[str, str] = {"llamacpp": "local", "openai_compat": "openai"}


def _unknown_message(llm_id: str, name: str) -> str:
    known = [*PROVIDERS, NO_LLM]
    close = difflib.get_close_matches(name, [*known, *ALIASES], n=1)
    suggestion = f" Did you mean {ALIASES.get(close[0], close[0])!r}?" if close else ""
    return f"Unknown LLM provider {llm_id!r} (NAVIGATOR_LLM).{suggestion} Known: {', '.join(known)}."
