"""What the asker earns: the yearly gross pay a message states, in any question language.

Gross pay is not the taxable income the programmes' limits are on, so it is read into its own field
(`gross_income`); the word lists (gross, per month, per year) come from `words.yaml`.
"""

from __future__ import annotations

import re
from typing import Final

from navigator.foerdercheck.extract.words import NUMBER, WORDS, num
from navigator.understand.matching import Phrases, compile_phrases

GROSS: Final = compile_phrases(str(w) for w in WORDS["gross"])
MONTHLY: Final = compile_phrases(str(w) for w in WORDS["monthly"])
YEARLY: Final = compile_phrases(str(w) for w in WORDS["yearly"])
# A sum without "per month" or "per year" this large is a year's pay; a smaller one may be a month's,
# and read as a year's it would be too low a bound: left unknown.
_SURELY_ANNUAL = 15_000


def _searches(pattern: Phrases | None, text: str) -> bool:
    return bool(pattern and pattern.search(text))


def gross_income(low: str) -> int | None:
    """The yearly gross pay a (`fold`ed) message states: "2.500 € brutto im Monat" is 30000."""
    for sentence in re.split(r"[.!?;؟](?!\d)|\n", low):
        if not _searches(GROSS, sentence):
            continue
        for match in re.finditer(NUMBER, sentence):
            value = num(match.group(1))
            if value < 100:  # hours, ages, counts
                continue
            if _searches(MONTHLY, sentence):
                return value * 12
            if _searches(YEARLY, sentence) or value >= _SURELY_ANNUAL:
                return value
    return None
