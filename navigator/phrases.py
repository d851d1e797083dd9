"""Fixed texts by language from a YAML file: one loader for the answer phrases and the Förder-Check's.

A phrase file maps a language to its texts (`{de: {intro: "…", options: {applicant: {…}}}}`);
nested keys are read with dots ("options.applicant.company"). A text missing in a language falls back
to German, so German is complete by rule.

Example::

    book = load_phrases(settings.prompts_dir / "phrases.yaml")
    book.text("ended", "en", title="Potentialberatung", date="31.12.2023")
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from navigator.errors import ConfigError


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = str(value)
    return flat


class PhraseBook:
    """The texts of one phrase file, per language (German first)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except OSError as exc:  # a configured path that is wrong: say which, not a bare traceback
            raise ConfigError(f"{path}: cannot read the phrase file ({exc.strerror or exc})") from exc
        if not isinstance(data, dict) or "de" not in data:
            raise ConfigError(f"{path}: expected texts per language, starting with 'de'")
        self.texts: dict[str, dict[str, str]] = {lang: _flatten(texts or {}) for lang, texts in data.items()}

    def languages(self) -> tuple[str, ...]:
        return tuple(self.texts)

    def has(self, key: str, lang: str) -> bool:
        """Whether `lang` itself (not the German fallback) has a text for `key`."""
        return key in self.texts.get(lang, {})

    def text(self, key: str, lang: str, /, **values: object) -> str:
        """The text for `key` in `lang`, else German, with `{name}` placeholders filled."""
        text = self.texts.get(lang, {}).get(key) or self.texts["de"].get(key)
        if text is None:
            raise ConfigError(f"{self.path.name}: no text for {key!r}; add it under 'de'")
        return text.format(**values) if values else text


@lru_cache(maxsize=8)
def load_phrases(path: Path) -> PhraseBook:
    return PhraseBook(path)
