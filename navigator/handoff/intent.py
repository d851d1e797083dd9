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

LEXICON = Path(__file__).with_name("lexicon.yaml")
# Words of at least this many letters left after removing the hand-off phrase make a topic.
_TOPIC_WORD = re.compile(r"\w{4,}")
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


def _matches(text: str, path: Path) -> list[re.Match[str]]:
    normal = _normal(text)
    found = (p.search(normal) for patterns in load_lexicon(path).values() for p in patterns)
    return [m for m in found if m is not None]


def wants_person(text: str, path: Path = LEXICON) -> bool:
    """True if the text asks for a human: a person, a call, a visit, or anyone but the bot."""
    return bool(_matches(text, path))


def without_request(text: str, path: Path = LEXICON) -> str:
    """The text with the hand-off phrases taken out ("… gibt's da einen Menschen?" -> "…"), for retrieval.

    The words of asking for a person say nothing about the matter; left in, they pull up whatever
    entry mentions phoning. The text stays as it is when nothing else would be left.
    """
    normal = _normal(text)
    for m in _matches(text, path):
        normal = normal.replace(m.group(0), " ")
    rest = re.sub(r"\s+", " ", normal).strip(" ,.;:!?")
    return rest if _TOPIC_WORD.search(rest) else text


def topic_left(text: str, path: Path = LEXICON) -> bool:
    """Whether the message says what it is about besides asking for a person ("call me" does not).

    Without a topic the retrieval hits are noise, and the hand-off names the region's general
    contacts instead of offices that merely happened to rank first.
    """
    normal = _normal(text)
    for m in _matches(text, path):
        normal = normal.replace(m.group(0), " ")
    filler = load_filler()
    return len([w for w in _TOPIC_WORD.findall(normal) if w not in filler]) >= 2
