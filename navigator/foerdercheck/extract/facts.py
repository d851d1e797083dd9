"""Read the facts a chat message states: the rules in order, then what follows from the facts found.

The first rule per field that matches (and whose reader does not block it) gives the field; later
mentions count when an earlier one is blocked. Then the places, the gross pay and the facts one
fact settles (30 staff: a company asks; ALG I: unemployed) are added.
"""

from __future__ import annotations

import datetime as dt
import re

from navigator.foerdercheck.extract.context import FIRST_PERSON_ANY
from navigator.foerdercheck.extract.patterns import RULES
from navigator.foerdercheck.extract.pay import gross_income
from navigator.foerdercheck.extract.places import places
from navigator.foerdercheck.extract.words import FOUNDING
from navigator.foerdercheck.profile import RANGES, Value
from navigator.understand.matching import fold


def extract(text: str, today: dt.date | None = None) -> dict[str, Value]:
    """Facts stated in `text`; fields the text does not clearly state are left out."""
    found: dict[str, Value] = {}
    low = text.casefold()
    for pattern, name, value in RULES:
        if name in found:
            continue
        # Later mentions count when an earlier one is blocked ("nicht ..., aber jetzt ...").
        for match in re.finditer(pattern, low, re.IGNORECASE):
            got = value(match) if callable(value) else value
            if got is None:
                continue
            if isinstance(got, int) and not isinstance(got, bool):
                low_b, high_b = RANGES.get(name, (0, 10**9))
                if not low_b <= got <= high_b:
                    continue
            found[name] = got
            break
    if (
        found.get("company_size") is not None
        and "applicant" not in found
        and "employment_status" not in found
    ):
        found["applicant"] = "company"
    # Arbeitslosengeld (ALG I) is paid only to people who are unemployed (§ 138 SGB III; up to
    # 15 hours of work a week allowed), so "ich bekomme ALG I" settles the employment status.
    if found.get("receives_alg1") is True and "employment_status" not in found:
        found["employment_status"] = "unemployed"
    for name, value in places(text).items():
        found.setdefault(name, value)
    # Phrase lists match folded text (no diacritics, one form per Arabic-script letter).
    folded = fold(text)
    if "founding_planned" not in found and FOUNDING and FOUNDING.search(folded):
        found["founding_planned"] = True
    gross = gross_income(folded)
    if gross is not None and "taxable_income" not in found:
        found["gross_income"] = gross
    if "applicant" not in found and re.search(FIRST_PERSON_ANY, low):
        found["applicant"] = "person"
    born = found.get("birth_year")
    if today and isinstance(born, int) and born > today.year:
        del found["birth_year"]
    return found
