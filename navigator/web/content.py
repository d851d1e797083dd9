"""Entry titles and summaries as HTML in the page's language, each passage tagged with its `lang`.

The German name always comes first (`lang="de"`), its translation after it; a summary is in the page's
language if a current translation exists, else German with a visible "only in German" note in the page's
language. Never a silent mix: every German passage on a non-German page is marked and announced.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup, escape

from navigator.knowledge import Entry
from navigator.translations import ContentTranslations


def title_html(title_de: str, translation: str, lang: str, page_lang: str = "") -> Markup:
    """`<span lang="de">Name</span> <span lang="en">(translation)</span>`; the name alone without one.

    On a German page (`page_lang` "de") German text needs no mark of its own.
    """
    name = (
        escape(title_de)
        if page_lang == "de"
        else Markup('<span lang="de" dir="auto">{}</span>').format(title_de)
    )
    if not translation or lang == "de":
        return name
    return name + Markup(' <span lang="{}" dir="auto">({})</span>').format(lang, translation)


def summary_html(summary: str, lang: str, german_only_note: str | None = None, page_lang: str = "") -> Markup:
    """The summary tagged with its language `lang`; with a note, followed by "(only in German)"."""
    if lang == page_lang == "de":
        return escape(summary)
    text = Markup('<span lang="{}" dir="auto">{}</span>').format(lang, summary)
    if german_only_note:
        text += Markup(' <span class="german-only">({})</span>').format(german_only_note)
    return text


class EntryText:
    """Template helpers bound to one page: its language, the translations and the note's wording."""

    def __init__(self, tr: ContentTranslations, lang: str, german_only_note: str) -> None:
        self.tr = tr
        self.lang = lang
        self.note = german_only_note

    def title(self, e: Entry) -> Markup:
        local = self.tr.localise(e, self.lang)
        return title_html(e.title, local.title if local.translated else "", self.lang, self.lang)

    def title_text(self, e: Entry) -> str:
        """Plain text for `<title>` and link labels."""
        return self.tr.localise(e, self.lang).full_title

    def summary(self, e: Entry) -> Markup:
        local = self.tr.localise(e, self.lang)
        note = self.note if local.german_only else None
        return summary_html(local.summary, local.summary_lang, note, self.lang)

    def source_title(self, s: Mapping[str, Any]) -> Markup:
        """A card of an answer (a `Source` as dict, localised by navigator/localise.py)."""
        name = s.get("title_de") or s["title"]
        return title_html(name, s.get("title_translation", ""), s.get("lang", "de"), self.lang)

    def source_summary(self, s: Mapping[str, Any]) -> Markup:
        note = self.note if s.get("german_only") else None
        return summary_html(s["summary"], s.get("lang", "de"), note, self.lang)
