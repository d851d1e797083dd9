"""Where the asker is and what they earn, from a chat message in any question language.

Places come from the gazetteer (navigator/understand/places.yaml, every place in NRW); the word
lists (residence verbs, gross pay, per month/year, institution names) from `extract.yaml`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Final

import yaml

from navigator.foerdercheck.profile import Value
from navigator.understand.gazetteer import load_gazetteer
from navigator.understand.matching import Phrases, compile_phrases, fold

WORDS: Final[dict[str, Any]] = yaml.safe_load(
    Path(__file__).with_name("extract.yaml").read_text(encoding="utf-8")
)
# A number starts where no digit comes before: from inside a long run of digits it would be tried
# again at every digit (quadratic time on "1111…").
NUMBER = r"(?<!\d)(\d{1,3}(?:[.,\s]\d{3})+|\d+)"
RESIDENCE: Final = compile_phrases(str(w) for w in WORDS["residence"])
INSTITUTION: Final = re.compile(
    r"(?:" + "|".join(re.escape(str(w)) for w in WORDS["institution"]) + r")\s*$", re.IGNORECASE
)
GROSS: Final = compile_phrases(str(w) for w in WORDS["gross"])
MONTHLY: Final = compile_phrases(str(w) for w in WORDS["monthly"])
YEARLY: Final = compile_phrases(str(w) for w in WORDS["yearly"])
# A sum without "per month" or "per year" this large is a year's pay; a smaller one may be a month's,
# and read as a year's it would be too low a bound: left unknown.
_SURELY_ANNUAL = 15_000
# How far (characters) a residence verb and the place it names may lie apart: "wohne seit drei
# Jahren in Hemer", "Hagen'de oturuyorum".
_NEAR = 40


def _num(text: str) -> int:
    return int(re.sub(r"[.,\s]", "", text))


def _searches(pattern: Phrases | None, text: str) -> bool:
    return bool(pattern and pattern.search(text))


def gross_income(low: str) -> int | None:
    """The yearly gross pay a (`fold`ed) message states: "2.500 € brutto im Monat" is 30000."""
    for sentence in re.split(r"[.!?;؟](?!\d)|\n", low):
        if not _searches(GROSS, sentence):
            continue
        for match in re.finditer(NUMBER, sentence):
            value = _num(match.group(1))
            if value < 100:  # hours, ages, counts
                continue
            if _searches(MONTHLY, sentence):
                return value * 12
            if _searches(YEARLY, sentence) or value >= _SURELY_ANNUAL:
                return value
    return None


def places(text: str) -> dict[str, Value]:
    """The region and the residence in NRW, from the places a message names in any script.

    The region is the last place of the region named (not as part of an institution's name,
    "FernUniversität Hagen"); the residence in NRW is settled by a residence verb near a place of
    the gazetteer (all of which lie in NRW).
    """
    low = text.casefold()
    mentions = [m for m in load_gazetteer().find(text) if not INSTITUTION.search(low[: m.start])]
    found: dict[str, Value] = {}
    local = [m.place for m in mentions if m.place.region]
    if local:
        found["region"] = str(local[-1].region)
    # Folding keeps positions within a few characters (Arabic vowel marks go), well inside _NEAR.
    cues = [c.span() for c in RESIDENCE.finditer(fold(text))] if RESIDENCE else []
    for m in mentions:
        if any(m.start - end > -_NEAR and start - m.end < _NEAR for start, end in cues):
            found["residence_nrw"] = True
            break
    return found
