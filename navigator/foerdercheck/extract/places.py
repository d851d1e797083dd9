"""Where the asker is: the region and the residence in NRW, from a message in any question language.

Places come from the gazetteer (navigator/understand/places.yaml, every place in NRW); the word
lists (residence verbs, institution names) from `words.yaml`.
"""

from __future__ import annotations

import re
from typing import Final

from navigator.foerdercheck.extract.words import WORDS
from navigator.foerdercheck.profile import Value
from navigator.understand.gazetteer import load_gazetteer
from navigator.understand.matching import compile_phrases, fold

RESIDENCE: Final = compile_phrases(str(w) for w in WORDS["residence"])
INSTITUTION: Final = re.compile(
    r"(?:" + "|".join(re.escape(str(w)) for w in WORDS["institution"]) + r")\s*$", re.IGNORECASE
)
# How far (characters) a residence verb and the place it names may lie apart: "wohne seit drei
# Jahren in Hemer", "Hagen'de oturuyorum".
_NEAR = 40


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
