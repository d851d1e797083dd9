"""Source cards of an answer in the asker's language (title and summary from `knowledge/_i18n/`).

Everything else on a card (contacts, links, dates, status) stays as the knowledge file says. Where no
current translation exists, the card stays German and says so (`translated: false, german_only: true`).

The answer pipeline's localise stage (navigator/answer/localise.py) applies `localise_sources` before
the answer is written, so the cards of every event and the extractive text are in the answer's language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from navigator.knowledge import Entry
from navigator.translations import ContentTranslations
from navigator.types import Source


def card_fields(entry: Entry | None, title: str, lang: str, tr: ContentTranslations) -> dict[str, Any]:
    """The fields of a card that depend on the asker's language (and the languages of counselling)."""
    languages = tuple(code for code in entry.languages if code != "de") if entry else ()
    if entry is None or lang == "de":
        return {"title_de": title, "title_translation": "", "translated": False, "lang": "de"} | {
            "german_only": False,
            "languages": languages,
        }
    local = tr.localise(entry, lang)
    return {
        "languages": languages,
        "title": local.full_title,
        "title_de": local.title_de,
        "title_translation": local.title,
        "summary": local.summary,
        "translated": local.translated,
        "lang": local.summary_lang,
        "german_only": local.german_only,
    }


def localise_sources(
    sources: Iterable[Source], lang: str, entries: Mapping[str, Entry], tr: ContentTranslations
) -> list[Source]:
    """The cards in `lang`: translated title and summary if current, else German (marked)."""
    return [replace(s, **card_fields(entries.get(s.id), s.title_de or s.title, lang, tr)) for s in sources]
