"""The Förder-Check's fixed texts (`phrases.yaml`): outcome labels, notes, field questions, options.

Read with the same loader as the answer phrases (`navigator.phrases`), from the file the settings
name (`foerdercheck_phrases`, env `NAVIGATOR_FOERDERCHECK_PHRASES`). The texts are needed deep inside
the check (every question and label), so the file is found through the process-wide settings rather
than passed down through every call.
"""

from __future__ import annotations

from navigator.phrases import PhraseBook, load_phrases
from navigator.settings import get_settings


def _book() -> PhraseBook:
    # Both are cached: the settings once per process, the book once per path.
    return load_phrases(get_settings().foerdercheck_phrases)


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
