"""Read a short reply to a question the navigator asked: "ja", "30", "für meinen Betrieb".

A reply is read for the one field asked about, with yes/no and numbers in all answer languages;
what it does not clearly say stays None.
"""

from __future__ import annotations

import re

from navigator.foerdercheck.extract.words import NO, NUMBER, YES, num
from navigator.foerdercheck.profile import RANGES, Value, enum_values, field_type


def parse_reply(name: str, text: str) -> Value | None:
    """Read a short reply to the question for field `name` ("ja", "30", "für meinen Betrieb")."""
    low = text.casefold().strip()
    words = re.findall(r"[\w']+", low)
    kind = field_type(name)
    if kind == "bool":
        if words and words[0] in YES:
            return True
        if words and words[0] in NO:
            return False
        return None
    if kind == "int":
        match = re.search(NUMBER, low)
        if not match:
            return None
        value = num(match.group(1))
        low_b, high_b = RANGES.get(name, (0, 10**9))
        return value if low_b <= value <= high_b else None
    if name == "applicant":
        if re.search(
            r"betrieb|firma|unternehmen|arbeitgeber|company|employer|business|işletme|підприєм|"
            r"предприят|شركة",
            low,
        ):
            return "company"
        if re.search(r"\bselbst\b|\bmich\b|\bmir\b|myself|\bme\b|kendim|себе|لنفسي", low):
            return "person"
        return None
    return next((v for v in enum_values(name) if v.replace("_", " ") in low or v in low), None)
