"""The words the fact reader counts and names: numbers, durations, yes/no, staff, founding.

The word lists live in `words.yaml` (data, not code); the patterns built from them here are shared
by the rules (`patterns.py`), the readers of a match (`readers.py`) and the reply parser (`reply.py`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Final

import yaml

from navigator.understand.matching import compile_phrases

WORDS_FILE = Path(__file__).with_name("words.yaml")
WORDS: Final[dict[str, Any]] = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))
# A number starts where no digit comes before: from inside a long run of digits it would be tried
# again at every digit (quadratic time on "1111…").
NUMBER = r"(?<!\d)(\d{1,3}(?:[.,\s]\d{3})+|\d+)"
# Who works in a company: "30 Leute", "12 Mitarbeiter".
STAFF = (
    r"(?:leute|mitarbeiter(?:innen)?|mitarbeitende[n]?|besch[äa]ftigte[n]?|angestellte[n]?|personen|"
    r"k[öo]pfe|employees|staff|people|workers)"
)

YES: Final = frozenset(str(w) for w in WORDS["yes_words"])
NO: Final = frozenset(str(w) for w in WORDS["no_words"])
FOUNDING: Final = compile_phrases(str(w) for w in WORDS["founding"])
# The same as nouns, singular too: "zwei Gesellen sollen den Schweißfachmann machen".
STAFF_NOUN = (
    r"(?:mitarbeiter(?:in(?:nen)?|n)?|mitarbeitende[n]?|besch[äa]ftigte[nr]?|angestellte[nr]?|"
    r"kolleg(?:e|en|in|innen)|gesell(?:e|en|in|innen)|employees?|staff|workers?)"
)
NUMBER_WORDS: Final[dict[str, int]] = {str(k): int(v) for k, v in WORDS["number_words"].items()}
HALVES: Final[dict[str, float]] = {str(k): float(v) for k, v in WORDS["halves"].items()}
VAGUE: Final = tuple(str(w) for w in WORDS["vague"])
# A count or duration amount: digits, "anderthalb", "ein paar", "drei".
AMOUNT = (
    r"(\d+(?:[.,]\d+)?|"
    + "|".join(sorted((re.escape(w) for w in (*HALVES, *VAGUE, *NUMBER_WORDS)), key=len, reverse=True))
    + ")"
)
DURATION = rf"{AMOUNT}\s+(jahr(?:e|en|es)?|monat(?:e|en)?|wochen?|tag(?:e|en)?|years?|months?|weeks?|days?)\b"
# Verbs that found a business.
FOUNDED = r"(?:gegründet|eröffnet|selbst(?:st)?[äa]ndig gemacht|gewerbe angemeldet|founded|opened|set up)"


def num(text: str) -> int:
    """A number as written ("1.200", "30") as an int."""
    digits = re.sub(r"[.,\s]", "", text)
    # Beyond every range checked (int() refuses more than 4,300 digits; none of our counts has 19).
    return int(digits) if len(digits) <= 18 else 10**18
