"""The Förder-Check's fixed texts (`phrases.yaml`): outcome labels, notes, field questions, options.

Read with the same loader as the answer phrases (`navigator.phrases`).
"""

from __future__ import annotations

from pathlib import Path

from navigator.phrases import PhraseBook, load_phrases

PHRASES = Path(__file__).with_name("phrases.yaml")


def _book() -> PhraseBook:
    return load_phrases(PHRASES)


def languages() -> tuple[str, ...]:
    """The languages phrases.yaml has texts for (German first)."""
    return _book().languages()


def has(key: str, lang: str) -> bool:
    """Whether `lang` itself (not the German fallback) has a text for `key`."""
    return _book().has(key, lang)


def phrase(key: str, lang: str, /, **values: object) -> str:
    """The text for `key` in `lang`, else German, with `{name}` placeholders filled."""
    return _book().text(key, lang, **values)


def question(field: str, lang: str) -> str:
    """The generic question for a profile field."""
    return phrase(f"questions.{field}", lang)


def option_label(field: str, value: str, lang: str) -> str:
    """The label of one value of an enum field ("company" -> "Für einen Betrieb")."""
    return phrase(f"options.{field}.{value}", lang)
