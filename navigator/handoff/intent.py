"""Detect "I want to talk to a person", in every language the navigator understands.

The phrasings are data (`lexicon.yaml`, regular expressions per language), so a counsellor can add
one without touching code. All languages are tried on every question: a Turkish speaker may write
in German, and fa, pl and ro questions are answered in German but must be understood all the same.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import yaml

from navigator.errors import ConfigError
from navigator.retrieval.names import within

LEXICON = Path(__file__).with_name("lexicon.yaml")
# Words of at least this many letters left after removing the hand-off phrase make a topic.
_TOPIC_WORD = re.compile(r"\w{4,}")
# Words of at least this many letters may be misspelt by one letter ("redn" for "reden").
TYPO_WORD = 4
_LETTERS = re.compile(r"[^\W\d_]+")
# Politeness and filler that says nothing about the matter ("Okay danke, aber …", "please").
FILLER = Path(__file__).with_name("filler.yaml")


@lru_cache(maxsize=2)
def load_filler(path: Path = FILLER) -> frozenset[str]:
    """Words of asking and politeness in any language (see filler.yaml)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return frozenset(str(w).casefold() for words in data.values() for w in words)


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().casefold()


@lru_cache(maxsize=4)
def load_lexicon(path: Path = LEXICON) -> dict[str, tuple[re.Pattern[str], ...]]:
    """The compiled patterns per language; a broken pattern names its language and line."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or "de" not in data:
        raise ConfigError(f"{path}: expected patterns per language, starting with 'de'")
    out: dict[str, tuple[re.Pattern[str], ...]] = {}
    for lang, patterns in data.items():
        compiled = []
        for i, pattern in enumerate(patterns or []):
            try:
                compiled.append(re.compile(str(pattern), re.IGNORECASE))
            except re.error as exc:
                raise ConfigError(f"{path}: {lang} pattern {i + 1} ({pattern!r}): {exc}") from exc
        out[str(lang)] = tuple(compiled)
    return out


@lru_cache(maxsize=4)
def _vocabulary(path: Path = LEXICON) -> dict[int, tuple[str, ...]]:
    """The literal words of the phrasings ("mensch", "reden"), by length, to read a misspelt question."""
    words: set[str] = set()
    for patterns in load_lexicon(path).values():
        for pattern in patterns:
            literal = re.sub(r"\\[a-zA-Z]", " ", pattern.pattern)  # \b, \w, \s are no words
            words.update(w for w in _LETTERS.findall(literal.casefold()) if len(w) >= TYPO_WORD)
    by_length: dict[int, list[str]] = {}
    for word in sorted(words):
        by_length.setdefault(len(word), []).append(word)
    return {n: tuple(ws) for n, ws in by_length.items()}


def _spelled(normal: str, path: Path) -> str:
    """`normal` with each word that is one typo away from a phrasing word written as that word.

    "möchte mit ein mensch redn nich mit computer" asks for a person as much as the correct spelling
    does; people type fast in a chat. Only words of four letters or more that the phrasings do not
    use are changed, and only to a phrasing word, so the rest of the text is not "corrected".
    """
    vocabulary = _vocabulary(path)

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        if len(word) < TYPO_WORD or word in vocabulary.get(len(word), ()):
            return word
        for n in (len(word), len(word) + 1, len(word) - 1):
            for known in vocabulary.get(n, ()):
                if within(word, known, 1):
                    return known
        return word

    return _LETTERS.sub(fix, normal)


def _matched(text: str, path: Path) -> tuple[str, list[re.Match[str]]]:
    """The normalised text the phrasings were found in (as typed, else with typos read) and the matches."""
    normal = _normal(text)
    for candidate in dict.fromkeys((normal, _spelled(normal, path))):
        found = (p.search(candidate) for patterns in load_lexicon(path).values() for p in patterns)
        matches = [m for m in found if m is not None]
        if matches:
            return candidate, matches
    return normal, []


def wants_person(text: str, path: Path = LEXICON) -> bool:
    """True if the text asks for a human: a person, a call, a visit, or anyone but the bot."""
    return bool(_matched(text, path)[1])


def without_request(text: str, path: Path = LEXICON) -> str:
    """The text with the hand-off phrases taken out ("… gibt's da einen Menschen?" -> "…"), for retrieval.

    The words of asking for a person say nothing about the matter; left in, they pull up whatever
    entry mentions phoning. The text stays as it is when nothing else would be left.
    """
    normal, matches = _matched(text, path)
    for m in matches:
        normal = normal.replace(m.group(0), " ")
    rest = re.sub(r"\s+", " ", normal).strip(" ,.;:!?")
    return rest if _TOPIC_WORD.search(rest) else text


def topic_left(text: str, path: Path = LEXICON) -> bool:
    """Whether the message says what it is about besides asking for a person ("call me" does not).

    Without a topic the retrieval hits are noise, and the hand-off names the region's general
    contacts instead of offices that merely happened to rank first.
    """
    normal, matches = _matched(text, path)
    for m in matches:
        normal = normal.replace(m.group(0), " ")
    filler = load_filler()
    return len([w for w in _TOPIC_WORD.findall(normal) if w not in filler]) >= 2
