"""Stage 6, verify: the model's draft becomes the answer only if it cites, stays in its lane and language.

Checks, in order: enough text at all, no repeated instructions, contacts only from the knowledge base,
citation markers only for sources the model was shown, at least one citation, the asked language.
The cited sources move to the front and the markers are renumbered to match. A rejected draft is
replaced by the extractive answer, with the reason in `fallback`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Generator, Sequence
from dataclasses import replace

from navigator import citations
from navigator.answer import extractive
from navigator.answer.context import Context, Event
from navigator.answer.understand import Detector
from navigator.language import detect_language
from navigator.prompts import Prompts
from navigator.scope import leaks_prompt, prompt_sentences
from navigator.types import Source
from navigator.vocab import ANSWER_LANGUAGES

log = logging.getLogger(__name__)


class Verify:
    name = "verify"

    def __init__(
        self, prompts: Prompts, *, prompt_sources: int = 3, detect: Detector = detect_language
    ) -> None:
        self.prompts = prompts
        self.prompt_sources = prompt_sources
        self.detect = detect

    def run(self, ctx: Context) -> Generator[Event, None, Context]:
        if ctx.draft is None:
            return ctx
        reason = self.rejection(ctx.draft, ctx)
        if reason is not None:
            log.warning("LLM answer rejected (%s); using the extractive answer", reason)
            return extractive.fall_back(ctx, self.prompts, reason)
        text = self.clean(ctx.draft, ctx)
        cited = citations.cited_numbers(text)
        by_n = {s.n: s for s in ctx.sources}
        ordered = [by_n[n] for n in cited] + [s for s in ctx.sources if s.n not in cited]
        mapping = {s.n: i for i, s in enumerate(ordered, 1)}
        renumbered = tuple(replace(s, n=mapping[s.n], cited=s.n in cited) for s in ordered)
        return replace(ctx, text=citations.renumber(text, mapping), sources=renumbered)
        yield  # a stage is a generator, even one that yields nothing

    def clean(self, raw: str, ctx: Context) -> str:
        """Contacts the knowledge base does not know removed; markers only for the sources shown."""
        text = citations.strip_unknown_contacts(raw, **ctx.snapshot.contacts.as_kwargs())
        return citations.keep_valid_markers(text, {s.n for s in ctx.sources[: self.prompt_sources]})

    def rejection(self, raw: str, ctx: Context) -> str | None:
        """Why the draft cannot be the answer, or None if it can."""
        letters = sum(ch.isalpha() for ch in raw)
        if len(raw.strip()) < 12 or letters < 0.5 * len(raw.strip()):
            return "garbage"
        if leaks_prompt(raw, prompt_sentences(self.prompts.render("system"))):
            return "prompt_leak"
        text = self.clean(raw, ctx)
        if not citations.cited_numbers(text):
            return "no_citation"
        lang = ctx.language
        if lang in ANSWER_LANGUAGES and self.opening_language(text, ctx.sources, lang) != lang:
            return "wrong_language"
        return None

    def opening_language(self, text: str, sources: Sequence[Source], lang: str) -> str:
        """The language of the answer's first sentence, without the German names of the sources.

        Small models drift into German (the sources' language) or a neighbouring language; the first
        sentence shows it. Titles and organisations are removed first because a correct English
        answer that names "Agentur für Arbeit Iserlohn" would otherwise look German.
        """
        plain = re.sub(r"\[\d+\]", "", text)
        for s in sources:
            plain = plain.replace(s.title, "").replace(s.organisation, "")
        first = re.split(r"(?<=[.!?])\s", plain.strip(), maxsplit=1)[0]
        return self.detect(first, lang)
