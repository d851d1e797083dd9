"""Word-start matching of phrase lists, shared by the lexicon and the asker cues.

A phrase matches where each of its words starts a word of the text, in order, separated only by
spaces or hyphens: a stem covers its endings in every script ("обучени" → обучение, "eğitim" →
eğitimi). Phrases of three letters or fewer must match whole words. Arabic-script phrases also
match after the attached prefixes و ف ب ل ك, the article ال (also as لل) and the colloquial عال ("on the").

Text and phrases are compared folded (`fold`): without diacritics, so questions typed without
their language's letters still match ("calisiyorum" = çalışıyorum, "sofer" = șofer, "placi" =
płaci), and with one form of each Arabic-script letter (Arabic ي ك as Persian ی ک, ة as ه, the
hamza forms of alef as ا, no zero-width non-joiner), so Persian typed on an Arabic keyboard and
Arabic typed loosely match the same words. A phrase word also loses its inflected ending
(`stem`): "права" matches прав, правами; "شهادة" matches شهادتي.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_ARABIC = re.compile(r"[\u0600-\u06FF]")
_ARABIC_PREFIX = r"(?:[وفبلک]?(?:ال|لل|ل)?|عال)?"  # لل = ل + ال: "للعمل"
_SEP = r"[\s\-]+"
# Letters without a decomposition that people replace by a plain one; Arabic-script letter forms.
_LETTERS = str.maketrans(
    {"ı": "i", "ł": "l", "đ": "d", "ø": "o", "æ": "ae", "ß": "ss",
     "ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ٱ": "ا", "\u0640": None, "\u200c": None, "\u200f": None}
)  # fmt: skip
# Endings a phrase word loses so its inflected forms match (Latin and Cyrillic vowels and the soft
# sign; Arabic-script feminine ending): at most two letters, the stem keeping four.
_ENDING = re.compile(r"(?<=\w{4})(?:[aeiouyаеиоуыэюяьйіїє]{1,2}|ه)$")


def fold(text: str) -> str:
    """Casefolded, without diacritics, one form per Arabic-script letter (see the module doc)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", plain).translate(_LETTERS)


def stem(word: str) -> str:
    """A folded phrase word without its inflected ending ("обучение" -> "обучен")."""
    return _ENDING.sub("", word)


def phrase_pattern(phrase: str) -> str:
    """A regular expression (no flags) for one phrase; match it against `fold`ed text."""
    words = [w for w in re.split(r"[\s\-]+", fold(phrase)) if w]
    parts = []
    for word in words:
        tail = r"(?!\w)" if len(word) <= 3 else r"\w*"
        head = _ARABIC_PREFIX if _ARABIC.search(word) else ""
        core = word if len(word) <= 3 else stem(word)
        parts.append(head + re.escape(core) + tail)
    return r"(?<!\w)" + _SEP.join(parts)


def compile_phrases(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern matching any of `phrases` (longest first), or None for an empty list."""
    ordered = sorted({p for p in phrases if p.strip()}, key=len, reverse=True)
    if not ordered:
        return None
    return re.compile("|".join(f"(?:{phrase_pattern(p)})" for p in ordered))


_ARABIC_PREFIX_LETTERS = "وفبلکع"


def _first_key(phrase: str) -> str:
    """The index key of a phrase: the first three letters of its first word (Arabic: unprefixed)."""
    first = re.match(r"\w+", fold(phrase))
    return first.group(0)[:3] if first else ""


def text_keys(folded: str) -> set[str]:
    """The keys a phrase may have to match in `folded` text (see `_first_key`)."""
    keys: set[str] = set()
    for word in re.findall(r"\w+", folded):
        keys.add(word[:3])
        if _ARABIC.match(word):
            stripped = word[1:] if word[0] in _ARABIC_PREFIX_LETTERS else word
            for w in (stripped, stripped[2:] if stripped.startswith("ال") else stripped):
                keys.add(w[:3])
            if word.startswith(("عال", "لل")) or stripped.startswith("لل"):
                keys.update({word[2:5], word[3:6], stripped[2:5]})
    return keys


class PhraseIndex:
    """Many labelled phrase lists, searched in one pass over the words of a text.

    Compiling one pattern per label and searching each took 38 ms for the 169 terms of the
    lexicon; keyed by the first letters of each phrase, only the few labels whose phrases can
    start at a word of the text are searched (well under a millisecond).
    """

    def __init__(self, labelled: list[tuple[str, list[str]]]) -> None:
        self.labels = [label for label, _ in labelled]
        groups: dict[tuple[str, int], list[str]] = {}
        for index, (_, phrases) in enumerate(labelled):
            for phrase in phrases:
                if phrase.strip():
                    groups.setdefault((_first_key(phrase), index), []).append(phrase)
        self._by_key: dict[str, list[tuple[int, re.Pattern[str]]]] = {}
        for (key, index), phrases in groups.items():
            pattern = compile_phrases(phrases)
            if pattern is not None:
                self._by_key.setdefault(key, []).append((index, pattern))

    def labels_in(self, folded: str) -> list[str]:
        """The labels with a phrase in `folded` text, in the order they were given."""
        found: set[int] = set()
        for key in text_keys(folded) & self._by_key.keys():
            for index, pattern in self._by_key[key]:
                if index not in found and pattern.search(folded):
                    found.add(index)
        return [self.labels[i] for i in sorted(found)]
