"""Find the places a message names, in any script, from the gazetteer in `places.yaml`.

A place sets the region of the question and is not a topic word: "Weiterbildung in Lüdenscheid" is
about Weiterbildung, for someone in the Märkischer Kreis. The matcher is one regular expression per
place, generated from its spellings, so the data file holds only names:
- Latin: umlauts also as ae/oe/ue or without dots, ß as ss, Turkish letters without cedilla; German
  and Turkish endings (Hagener, Hagens, Hagen'de, Lüdenscheid'da, Iserlohnda).
- Arabic and Persian script: attached prefixes (و, ب, ل, ف, ال: "بهاغن" = in Hagen); one form per
  letter (Arabic ي ك = Persian ی ک, hamza forms of alef = ا); the long vowels ا و ی written or not
  ("غيفلسبرغ" = غيفلسبيرغ); G as غ, گ, ق or ج and P as پ or ب, as the two languages write them.
- Cyrillic: case endings, also replacing a final vowel ("в Хагене", "з Люденшайда", "в Альтене").
- Polish and Romanian endings ("w Plettenbergu", "Hagenul").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from navigator.errors import ConfigError
from navigator.retrieval.names import within
from navigator.text import normalise

PLACES_FILE = Path(__file__).with_name("places.yaml")

_LATIN_LETTERS = {
    "ä": "(?:ä|ae|a)",
    "ö": "(?:ö|oe|o)",
    "ü": "(?:ü|ue|u)",
    "ß": "(?:ß|ss)",
    "ş": "(?:ş|s)",
    "ç": "(?:ç|c)",
    "ğ": "(?:ğ|g)",
    "ı": "(?:ı|i)",
}
# Turkish locative/ablative/dative/genitive and derived forms, with or without an apostrophe;
# German adjective and genitive endings ("Hagener Betrieb", "Hagens Jobcenter").
_LATIN_SUFFIX = (
    r"(?:['’`´]?(?:d[ae]ki|t[ae]ki|d[ae]n|t[ae]n|d[ae]|t[ae]|l[iıuü]|y[ae]|n[iıuü]n|[iıuü]n)"
    r"|['’`´](?:[ae]|[iıuü])|er|ers|s|u|ie|zie|ul|ului|em)?"
)
_ARABIC_PREFIX = r"(?:[وفبلک]?(?:ال)?)?"
_CYRILLIC_SUFFIX = r"(?:[а-яёіїєґ]{0,3}|ської|ского)"
_CYRILLIC_FINAL_VOWEL = re.compile(r"[аяеоыиьй]$")
# Arabic-script letters folded one to one (spans stay valid): Arabic forms to the Persian ones,
# the hamza forms of alef to ا, the zero-width non-joiner to a space.
_SCRIPT_LETTERS = str.maketrans(
    {"ي": "ی", "ى": "ی", "ئ": "ی", "ك": "ک", "ة": "ه", "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
     "ؤ": "و", "\u200c": " "}
)  # fmt: skip
_ARABIC_VOWELS = "اوی"
_ARABIC_CLASSES = {"غ": "[غگقج]", "گ": "[غگقج]", "ق": "[غگقج]", "ج": "[غگقج]", "پ": "[پب]", "ب": "[پب]"}
_ARABIC_KEY = str.maketrans({"گ": "غ", "ق": "غ", "ج": "غ", "پ": "ب"})
_ARABIC = re.compile(r"[\u0600-\u06FF]")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")


@dataclass(frozen=True, slots=True)
class Place:
    """A place of the gazetteer. `region` is the navigator region responsible for it (or None)."""

    id: str
    name: str
    kind: str
    region: str | None
    maerkische_region: bool

    @property
    def in_region(self) -> bool:
        """Whether the place lies in the area the navigator serves (its offices are responsible)."""
        return self.region is not None


@dataclass(frozen=True, slots=True)
class Mention:
    """A place named in a message, with the span of the words that name it."""

    place: Place
    start: int
    end: int
    text: str


def _spelling_pattern(spelling: str) -> str:
    """A regular expression for one spelling with its script's variants and endings."""
    low = spelling.casefold().translate(_SCRIPT_LETTERS)
    if _ARABIC.search(low):
        core = r"\s*".join(_arabic_word(w) for w in low.split())
        return rf"(?<![\w]){_ARABIC_PREFIX}{core}(?![\w])"
    if _CYRILLIC.search(low):
        words = re.split(r"[\s-]+", low)
        words[-1] = _CYRILLIC_FINAL_VOWEL.sub("", words[-1]) if len(words[-1]) > 4 else words[-1]
        core = r"[\s-]*".join(re.escape(w) for w in words)
        return rf"(?<![\w]){core}{_CYRILLIC_SUFFIX}(?![\w])"
    parts = []
    for ch in low:
        if ch in _LATIN_LETTERS:
            parts.append(_LATIN_LETTERS[ch])
        elif ch in " -/":
            parts.append(r"[\s\-/]+")
        else:
            parts.append(re.escape(ch))
    return rf"(?<![\w]){''.join(parts)}{_LATIN_SUFFIX}(?![\w])"


def _arabic_word(word: str) -> str:
    """One Arabic-script word: long vowels optional, G and P in either language's letter.

    Only for names of three consonants or more: a shorter one would match common words once its
    vowels are optional (أونا, Unna, as ان).
    """
    if sum(ch not in _ARABIC_VOWELS for ch in word) < 3:
        return re.escape(word)
    parts = [re.escape(word[0])]
    for i, ch in enumerate(word[1:], start=1):
        if ch in _ARABIC_VOWELS:
            parts.append(f"{ch}?")
        elif ch == "ه" and i == len(word) - 1 and i > 1:
            parts.append("[هاه]?")  # a final e sound: بالفه, بالفا
        else:
            parts.append(_ARABIC_CLASSES.get(ch, re.escape(ch)) + f"[{_ARABIC_VOWELS}]?")
    return "".join(parts)


_BASE = str.maketrans("äöüßşçğı", "aousscgi")
_LONG_LATIN_WORD = re.compile(r"(?<![\w-])[A-Za-zÄÖÜäöüß]{7,}(?![\w-])")


_ARABIC_PREFIX_LETTERS = "وفبلک"


def _key(word: str) -> str:
    """Letters that any spelling variant of a word starting so shares ("Lü", "Lue", "Lu").

    Two letters in Latin and Cyrillic script; in Arabic script the first letter only (vowels may
    be left out), with G and P as one letter.
    """
    low = word.casefold().translate(_SCRIPT_LETTERS)
    if _ARABIC.match(low):
        return low.translate(_ARABIC_KEY)[:1]
    return low.translate(_BASE)[:2]


def _text_keys(text: str) -> set[str]:
    keys: set[str] = set()
    for word in re.findall(r"\w+", text):
        keys.add(_key(word))
        if _ARABIC.match(word):
            stripped = word[1:] if word[0] in _ARABIC_PREFIX_LETTERS else word
            for w in (stripped, stripped[2:] if stripped.startswith("ال") else stripped):
                if w:
                    keys.add(_key(w))
    return keys


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """All places, with matchers grouped by the first letters of their spellings.

    Searching only the groups whose letters start a word of the text keeps a question's look-up
    near a millisecond (6 ms with one pass per place).
    """

    places: tuple[Place, ...]
    patterns: dict[str, tuple[tuple[Place, re.Pattern[str]], ...]]
    # Long one-word Latin spellings, folded, for names typed with one letter wrong (see `_misspelt`).
    long_names: tuple[tuple[str, Place], ...] = ()

    def find(self, text: str) -> list[Mention]:
        """Every place `text` names, in text order; overlapping names keep the longest."""
        found: list[Mention] = []
        letters = text.translate(_SCRIPT_LETTERS)  # one to one: spans are the text's
        candidates = [pair for key in _text_keys(letters) for pair in self.patterns.get(key, ())]
        for place, pattern in candidates:
            for m in pattern.finditer(letters):
                start, end = m.span("name")
                found.append(Mention(place, start, end, text[start:end]))
        found += self._misspelt(text, found)
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        kept: list[Mention] = []
        for mention in found:
            if kept and mention.start < kept[-1].end:
                continue
            kept.append(mention)
        return kept

    def _misspelt(self, text: str, found: list[Mention]) -> list[Mention]:
        """Long Latin names with one letter missing, added or wrong ("Lüdenscheidt", "Schwelem").

        Only words of seven letters or more, and only where no spelling matched: shorter names are
        one letter away from common words ("Halver" from "Halter", "Wetter" is the weather).
        """
        out: list[Mention] = []
        for m in _LONG_LATIN_WORD.finditer(text):
            if any(f.start < m.end() and m.start() < f.end for f in found):
                continue
            word = normalise(m.group(0))
            place = next((p for name, p in self.long_names if within(word, name, 1)), None)
            if place is not None:
                out.append(Mention(place, m.start(), m.end(), m.group(0)))
        return out

    def by_id(self, place_id: str) -> Place:
        for place in self.places:
            if place.id == place_id:
                return place
        raise KeyError(place_id)


def _compile(item: dict[str, Any], prepositions: list[str]) -> tuple[Place, dict[str, re.Pattern[str]]]:
    try:
        place = Place(
            id=str(item["id"]),
            name=str(item["name"]),
            kind=str(item["kind"]),
            region=item.get("region"),
            maerkische_region=bool(item.get("maerkische_region", item.get("region") is not None)),
        )
        spellings = [str(s) for s in item.get("spellings", [])]
        guarded = [str(s) for s in item.get("guarded", [])]
    except KeyError as exc:
        raise ConfigError(f"{PLACES_FILE.name}: place {item!r} lacks {exc}") from exc
    # Python's look-behind needs a fixed width: one per preposition.
    before = "(?:" + "|".join(rf"(?<=\b{re.escape(p)}\s)" for p in prepositions) + ")"
    by_key: dict[str, list[str]] = {}
    # Longest spellings first, so "Hagen-Hohenlimburg" wins over "Hagen".
    for spelling in sorted(spellings, key=len, reverse=True):
        by_key.setdefault(_key(spelling), []).append(_spelling_pattern(spelling))
    for spelling in guarded:
        by_key.setdefault(_key(spelling), []).append(before + _spelling_pattern(spelling))
    if not by_key:
        raise ConfigError(f"{PLACES_FILE.name}: place {place.id!r} has no spelling")
    return place, {
        key: re.compile("(?P<name>" + "|".join(alts) + ")", re.IGNORECASE) for key, alts in by_key.items()
    }


@lru_cache(maxsize=4)
def load_gazetteer(path: Path = PLACES_FILE) -> Gazetteer:
    """The gazetteer from `path` (cached; the data file is read once per process)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    prepositions = [str(p) for p in data.get("prepositions", [])]
    compiled = [_compile(item, prepositions) for item in data["places"]]
    patterns: dict[str, list[tuple[Place, re.Pattern[str]]]] = {}
    for place, by_key in compiled:
        for key, pattern in by_key.items():
            patterns.setdefault(key, []).append((place, pattern))
    long_names = tuple(
        (normalise(str(spelling)), place)
        for item, (place, _) in zip(data["places"], compiled, strict=True)
        for spelling in item.get("spellings", [])
        if _LONG_LATIN_WORD.fullmatch(str(spelling))
    )
    return Gazetteer(tuple(p for p, _ in compiled), {k: tuple(v) for k, v in patterns.items()}, long_names)
