"""The domain lexicon: abbreviations resolved by context, and German keywords for other languages.

Data: `abbreviations.yaml` (KI is künstliche Intelligenz unless the question is about
integration, then the Kommunales Integrationszentrum) and `terms.yaml` (German terms of funding,
employment, training and integration with their words in en, tr, ar, uk, ru, fa, pl, ro).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from navigator.errors import ConfigError
from navigator.understand.matching import PhraseIndex, Phrases, compile_phrases, fold

HERE = Path(__file__).parent
TERM_LANGUAGES = ("en", "tr", "ar", "uk", "ru", "fa", "pl", "ro")


@dataclass(frozen=True, slots=True)
class Meaning:
    long: str
    when: Phrases | None  # context that selects this meaning; None = the default


@dataclass(frozen=True, slots=True)
class Abbreviation:
    key: str
    forms: re.Pattern[str]  # case-sensitive
    loose: re.Pattern[str]  # case-insensitive, for German questions
    replace: bool
    meanings: tuple[Meaning, ...]

    def resolve(self, folded_text: str) -> str:
        """The meaning whose context words occur in the (casefolded) text, else the default."""
        for meaning in self.meanings:
            if meaning.when is None or meaning.when.search(folded_text):
                return meaning.long
        return self.meanings[-1].long


@dataclass(frozen=True, slots=True)
class Resolved:
    """An abbreviation found in a message: its span and its long form in this context."""

    abbreviation: str
    long: str
    start: int
    end: int
    replace: bool


def _forms_pattern(forms: list[str], flags: int) -> re.Pattern[str]:
    alts = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    # Hyphenated compounds count: "KI-Schulung", "AVGS-Coaching".
    return re.compile(rf"(?<![\w.])(?:{alts})(?![\w])", flags)


@dataclass(frozen=True, slots=True)
class Lexicon:
    abbreviations: tuple[Abbreviation, ...]
    # "<language> <German term>" -> the term's words in that language (German: the term itself).
    terms: PhraseIndex

    def resolve(self, text: str, language: str) -> list[Resolved]:
        """The abbreviations in `text` with their meaning; lower-case forms count in German only."""
        folded = fold(text)
        found: list[Resolved] = []
        for abbr in self.abbreviations:
            pattern = abbr.loose if language == "de" else abbr.forms
            for m in pattern.finditer(text):
                found.append(Resolved(abbr.key, abbr.resolve(folded), m.start(), m.end(), abbr.replace))
        found.sort(key=lambda r: (r.start, r.start - r.end))
        kept: list[Resolved] = []
        for r in found:
            if not kept or r.start >= kept[-1].end:
                kept.append(r)
        return kept

    def german_terms(self, text: str) -> list[str]:
        """The German terms whose words in any term language `text` contains, in list order."""
        found = (label.split(" ", 1) for label in self.terms.labels_in(fold(text)))
        return list(dict.fromkeys(term for lang, term in found if lang != "de"))

    def coverage(self, text: str) -> float:
        """The share of the words of `text` (four letters or more) that name a term, any language."""
        return self.terms.coverage(fold(text))

    def language_votes(self, text: str) -> dict[str, int]:
        """Per language, how many terms `text` names in its words: a hint where detection is unsure.

        Example: "Caut loc de munca, unde ma inregistrez ca somer?" (Romanian typed without
        diacritics, which the language model takes for English) names three Romanian terms.
        """
        votes = dict.fromkeys(("de", *TERM_LANGUAGES), 0)
        for label in self.terms.labels_in(fold(text)):
            votes[label.split(" ", 1)[0]] += 1
        return votes


def _abbreviation(key: str, item: dict[str, Any]) -> Abbreviation:
    try:
        forms = [str(f) for f in item["forms"]]
        meanings = tuple(
            Meaning(str(m["long"]), compile_phrases(str(w) for w in m.get("when", [])))
            for m in item["meanings"]
        )
    except (KeyError, TypeError) as exc:
        raise ConfigError(f"abbreviations.yaml: {key}: missing or malformed {exc}") from exc
    # Short forms only as written (the Turkish "ki", the English "aa"); longer ones in any case.
    alts = [re.escape(f) if len(f) <= 3 else f"(?i:{re.escape(f)})" for f in forms]
    strict = re.compile(rf"(?<![\w.])(?:{'|'.join(sorted(alts, key=len, reverse=True))})(?![\w])")
    loose = _forms_pattern(forms, re.IGNORECASE)
    return Abbreviation(key, strict, loose, bool(item.get("replace", False)), meanings)


@lru_cache(maxsize=2)
def load_lexicon(folder: Path = HERE) -> Lexicon:
    """Both data files, compiled (cached per process)."""
    abbr_data = yaml.safe_load((folder / "abbreviations.yaml").read_text(encoding="utf-8"))
    term_data = yaml.safe_load((folder / "terms.yaml").read_text(encoding="utf-8"))
    abbreviations = tuple(_abbreviation(k, v) for k, v in abbr_data["abbreviations"].items())
    terms: list[tuple[str, list[str]]] = []
    for item in term_data["terms"]:
        if "de" not in item or not any(item.get(lang) for lang in TERM_LANGUAGES):
            raise ConfigError(f"terms.yaml: entry {item!r} needs 'de' and translations")
        de = str(item["de"])
        terms.append((f"de {de}", [de]))
        terms.extend((f"{lang} {de}", [str(w) for w in item.get(lang, [])]) for lang in TERM_LANGUAGES)
    return Lexicon(abbreviations, PhraseIndex(terms))
