"""The Förder-Check's fixed texts (`phrases.yaml`): outcome labels, notes, field questions, options."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from navigator.errors import ConfigError

PHRASES = Path(__file__).with_name("phrases.yaml")


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = str(value)
    return flat


@lru_cache(maxsize=1)
def _load() -> dict[str, dict[str, str]]:
    data = yaml.safe_load(PHRASES.read_text(encoding="utf-8"))
    return {lang: _flatten(texts) for lang, texts in data.items()}


def languages() -> tuple[str, ...]:
    """The languages phrases.yaml has texts for (German first)."""
    return tuple(_load())


def has(key: str, lang: str) -> bool:
    """Whether `lang` itself (not the German fallback) has a text for `key`."""
    return key in _load().get(lang, {})


def phrase(key: str, lang: str, /, **values: object) -> str:
    """The text for `key` in `lang`, else German, with `{name}` placeholders filled."""
    texts = _load()
    text = texts.get(lang, {}).get(key) or texts["de"].get(key)
    if text is None:
        raise ConfigError(f"{PHRASES.name}: no text for {key!r}; add it under 'de'")
    return text.format(**values) if values else text


def question(field: str, lang: str) -> str:
    """The generic question for a profile field."""
    return phrase(f"questions.{field}", lang)


def option_label(field: str, value: str, lang: str) -> str:
    """The label of one value of an enum field ("company" -> "Für einen Betrieb")."""
    return phrase(f"options.{field}.{value}", lang)
