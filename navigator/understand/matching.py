"""Word-start matching of phrase lists, shared by the lexicon and the asker cues.

A phrase matches where each of its words starts a word of the text, in order, separated only by
spaces or hyphens: a stem covers its endings in every script ("обучени" → обучение, "eğitim" →
eğitimi). Phrases of three letters or fewer must match whole words. Arabic-script phrases also
match after the attached prefixes و ف ب ل ك, the article ال (also as لل) and the colloquial عال ("on the").

Text and phrases are compared `fold`ed: casefolded, with one form of each Arabic-script letter
(Arabic ي ك as Persian ی ک, ة as ه, the hamza forms of alef as ا, no vowel marks or zero-width
non-joiner), so Persian typed on an Arabic keyboard and Arabic typed loosely match the same words.
A phrase word of four letters or more also matches without its diacritics, so questions typed
without their language's letters match ("calisiyorum" = çalışıyorum, "sofer" = șofer, "placi" =
płaci); a shorter one only as written when it stands alone ("iş" is not the English "is"), either
way beside a long word ("iş arıyorum" = "is ariyorum"). A phrase word also loses
its inflected ending (`stem`): "права" matches прав, правами; "شهادة" matches شهادتي.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

_ARABIC = re.compile(r"[\u0600-\u06FF]")
_ARABIC_PREFIX = r"(?:[وفبلک]?(?:ال|لل|ل)?|عال)?"  # لل = ل + ال: "للعمل"
_SEP = r"[\s\-]+"
# Arabic-script letter forms; tatweel, the zero-width non-joiner and right-to-left marks go.
_LETTERS = str.maketrans(
    {"ي": "ی", "ى": "ی", "ئ": "ی", "ك": "ک", "ة": "ه", "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و",
     "\u0640": None, "\u200c": None, "\u200f": None}
)  # fmt: skip
_ARABIC_MARKS = re.compile(r"[\u064B-\u065F\u0670]")
# Letters without a decomposition that people type as a plain one.
_PLAIN = str.maketrans({"ı": "i", "ł": "l", "đ": "d", "ø": "o", "æ": "ae", "ß": "ss"})
# Endings a phrase word loses so its inflected forms match (Latin and Cyrillic vowels and the soft
# sign; Arabic-script feminine ending): at most two letters, the stem keeping four.
_VOWELS = set("aeiouyаеиоуыэюяьйіїє")


def fold(text: str) -> str:
    """Casefolded, one form per Arabic-script letter (see the module doc); diacritics stay."""
    low = unicodedata.normalize("NFC", text).casefold().replace("i̇", "i")
    return _ARABIC_MARKS.sub("", low).translate(_LETTERS)


def plain(text: str) -> str:
    """`text` without diacritics ("çalış" -> "calis"), for the index keys and variant letters."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(_PLAIN)


def stem(word: str) -> str:
    """A folded phrase word without its inflected ending ("обучение" -> "обучен")."""
    if _ARABIC.search(word):
        return word[:-1] if len(word) > 4 and word.endswith("ه") else word
    cut = 0
    while cut < 2 and len(word) - cut > 4 and plain(word[-1 - cut]) in _VOWELS:
        cut += 1
    return word[: len(word) - cut]


def _accent_tolerant(word: str) -> str:
    """A pattern for `word` whose accented letters also match without their diacritics."""
    parts = []
    for ch in word:
        base = plain(ch)
        parts.append(re.escape(ch) if base == ch else f"(?:{re.escape(ch)}|{re.escape(base)})")
    return "".join(parts)


def _is_short(word: str) -> bool:
    return len(word) <= 3


def phrase_pattern(phrase: str) -> str:
    """A regular expression (no flags) for one phrase, to match against `searched_text`.

    A phrase of long words only is matched on the plain text (`plain`, diacritics either way); one
    with a short word on the folded text, its short words as written, its long words with or
    without their diacritics.
    """
    words = [w for w in re.split(r"[\s\-]+", fold(phrase)) if w]
    on_plain = not any(_is_short(w) for w in words)
    # Beside a long word, a short one is specific enough to match without its diacritics too:
    # "iş arıyorum" matches "is ariyorum", while "iş" alone still does not match the English "is".
    anchored = not all(_is_short(w) for w in words)
    parts = []
    for word in words:
        head = _ARABIC_PREFIX if _ARABIC.search(word) else ""
        if _is_short(word):
            body = _accent_tolerant(word) if anchored else re.escape(word)
            parts.append(head + body + r"(?!\w)")
        elif on_plain:
            parts.append(head + re.escape(plain(stem(word))) + r"\w*")
        else:
            parts.append(head + _accent_tolerant(stem(word)) + r"\w*")
    return r"(?<!\w)" + _SEP.join(parts)


def _on_plain(phrase: str) -> bool:
    return not any(_is_short(w) for w in re.split(r"[\s\-]+", fold(phrase)) if w)


class Phrases:
    """A compiled phrase list: `search` and `finditer` take `fold`ed text (see `phrase_pattern`)."""

    def __init__(self, phrases: list[str]) -> None:
        def compiled(group: list[str]) -> re.Pattern[str] | None:
            group = sorted(group, key=len, reverse=True)  # longest first
            return re.compile("|".join(f"(?:{phrase_pattern(p)})" for p in group)) if group else None

        self._folded = compiled([p for p in phrases if not _on_plain(p)])
        self._plain = compiled([p for p in phrases if _on_plain(p)])

    def search(self, folded: str, plain_text: str | None = None) -> bool:
        """Whether a phrase occurs; `plain_text` is `plain(folded)` if the caller has it."""
        if self._folded is not None and self._folded.search(folded):
            return True
        return self._plain is not None and bool(self._plain.search(plain_text or plain(folded)))

    def finditer(self, folded: str) -> Iterator[re.Match[str]]:
        """The matches, folded-text phrases first (spans: `plain` keeps them but for ß and æ)."""
        if self._folded is not None:
            yield from self._folded.finditer(folded)
        if self._plain is not None:
            yield from self._plain.finditer(plain(folded))


def compile_phrases(phrases: Iterable[str]) -> Phrases | None:
    """The phrases compiled for matching, or None for an empty list."""
    kept = sorted({p for p in phrases if p.strip()})
    return Phrases(kept) if kept else None


_ARABIC_PREFIX_LETTERS = "وفبلکع"


def _first_key(phrase: str) -> str:
    """The index key of a phrase: the first three letters of its first word (Arabic: unprefixed)."""
    first = re.match(r"\w+", plain(fold(phrase)))
    return first.group(0)[:3] if first else ""


def text_keys(folded: str) -> set[str]:
    """The keys a phrase may have to match in `folded` text (see `_first_key`)."""
    keys: set[str] = set()
    for word in re.findall(r"\w+", plain(folded)):
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
        self._by_key: dict[str, list[tuple[int, Phrases]]] = {}
        for (key, index), phrases in groups.items():
            pattern = compile_phrases(phrases)
            if pattern is not None:
                self._by_key.setdefault(key, []).append((index, pattern))

    def labels_in(self, folded: str) -> list[str]:
        """The labels with a phrase in `folded` text, in the order they were given."""
        found: set[int] = set()
        plain_text = plain(folded)
        for key in text_keys(folded) & self._by_key.keys():
            for index, phrases in self._by_key[key]:
                if index not in found and phrases.search(folded, plain_text):
                    found.add(index)
        return [self.labels[i] for i in sorted(found)]

    def spans_in(self, folded: str) -> list[tuple[int, int, int]]:
        """Every match as (label index, start, end)."""
        spans: list[tuple[int, int, int]] = []
        for key in text_keys(folded) & self._by_key.keys():
            for index, phrases in self._by_key[key]:
                spans.extend((index, *m.span()) for m in phrases.finditer(folded))
        return spans

    def outermost_labels_in(self, folded: str) -> list[str]:
        """Like `labels_in`, but a match that lies inside a longer match of another label does not count.

        "مشكلة مع صاحب العمل" (a problem with the employer) is a worker's cue although "صاحب العمل"
        (the employer) alone is a company's: the longer phrase says who asks.
        """
        spans = self.spans_in(folded)
        kept = {
            i
            for i, s, e in spans
            if not any(j != i and js <= s and e <= je and je - js > e - s for j, js, je in spans)
        }
        return [self.labels[i] for i in sorted(kept)]

    def coverage(self, folded: str) -> float:
        """The share of the text's words of four letters or more that lie inside a matched phrase."""
        words = [m.span() for m in re.finditer(r"\w{4,}", folded)]
        if not words:
            return 0.0
        spans = [(s, e) for _, s, e in self.spans_in(folded)]
        return sum(any(s <= start < e for s, e in spans) for start, _ in words) / len(words)
