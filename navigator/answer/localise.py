"""Stage 2c, localise: the source cards' titles and summaries in the answer language.

From the translations in `knowledge/_i18n/` (navigator.translations), where current; otherwise the
card stays German and says so. Runs before the answer is written, so the extractive answer lists the
translated summaries and the cards of the `sources` event are already in the asker's language.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import replace

from navigator.answer.context import Context, Event
from navigator.localise import localise_sources
from navigator.translations import ContentTranslations


class Localise:
    name = "localise"

    def __init__(self, translations: ContentTranslations) -> None:
        self.translations = translations

    def run(self, ctx: Context) -> Generator[Event, None, Context]:
        cards = localise_sources(ctx.sources, ctx.language, ctx.snapshot.entries, self.translations)
        return replace(ctx, sources=tuple(cards))
        yield  # a stage is a generator, even one that yields nothing
