"""Word-start matching of phrase lists, shared by the lexicon and the asker cues.

A phrase matches where each of its words starts a word of the text, in order, separated only by
spaces or hyphens: a stem covers its endings in every script ("обучени" → обучение, "eğitim" →
eğitimi). Phrases of three letters or fewer must match whole words. Arabic-script phrases also
match after the attached prefixes و ف ب ل ك and the article ال.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_ARABIC = re.compile(r"[\u0600-\u06FF]")
_ARABIC_PREFIX = r"(?:[وفبلك]?(?:ال)?)?"
_SEP = r"[\s\-]+"


def phrase_pattern(phrase: str) -> str:
    """A regular expression (no flags) for one phrase; match it against casefolded text."""
    words = [w for w in re.split(r"[\s\-]+", phrase.casefold()) if w]
    parts = []
    for word in words:
        tail = r"(?!\w)" if len(word) <= 3 else r"\w*"
        head = _ARABIC_PREFIX if _ARABIC.search(word) else ""
        parts.append(head + re.escape(word) + tail)
    return r"(?<!\w)" + _SEP.join(parts)


def compile_phrases(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern matching any of `phrases` (longest first), or None for an empty list."""
    ordered = sorted({p for p in phrases if p.strip()}, key=len, reverse=True)
    if not ordered:
        return None
    return re.compile("|".join(f"(?:{phrase_pattern(p)})" for p in ordered))


def fold(text: str) -> str:
    """Casefold for matching; the Turkish dotted capital İ folds to a plain i."""
    return text.casefold().replace("i̇", "i")
