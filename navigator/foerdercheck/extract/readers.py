"""Readers of a pattern's match: the value it states, or None when the words around it block it.

Each rule in `patterns.py` gives a fixed value or one of these. They look at the match's clause
and sentence (`context.py`) so that negated, past, planned or someone else's facts stay unknown.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from navigator.foerdercheck.extract.context import (
    FIRST_PERSON,
    GONE,
    NOT_DONE,
    NOT_NOW,
    NOT_THIS_BUSINESS,
    OTHERS,
    OTHERS_OR_COMPANY,
    PLAN,
    TRAIN,
    head,
    lead,
)
from navigator.foerdercheck.extract.words import HALVES, NUMBER_WORDS, VAGUE, num
from navigator.foerdercheck.profile import Value


def income(match: re.Match[str]) -> int | None:
    """An income of at least 1,000 €, unless the message speaks of gross pay (see `pay.py`)."""
    if re.search(r"brutto|gross|gehalt|salary", match.string):
        return None
    value = num(match.group(1))
    return value if value >= 1000 else None


def now(
    value: Value, blockers: str = NOT_NOW, after: str | None = None
) -> Callable[[re.Match[str]], Value | None]:
    """`value`, unless the three words before the match block it, or `after` follows it.

    Turkish negates after the word: "işsiz değilim".
    """

    def read(match: re.Match[str]) -> Value | None:
        if re.search(blockers, head(match, 3)):
            return None
        if after and re.match(after, match.string[match.end() :]):
            return None
        return value

    return read


def size(match: re.Match[str]) -> int | None:
    """The company's size from "12 Mitarbeiter", unless they are the ones to train.

    In "wir wollen 2 Mitarbeiter weiterbilden" the number says how many take part, not how big the
    company is. A closing parenthesis ends the count's clause too: "a bakery (14 people) and want
    to send some staff on training" is a company of 14.
    """
    rest = re.split(r"[.,;:!?)]", match.string[match.end() :])[0]
    if re.search(TRAIN, rest) or re.search(PLAN, head(match, 2)):
        return None
    return num(match.group(1))


def person_age(match: re.Match[str]) -> int | None:
    """The asker's age, not a child's or a company's ("eine 12-jährige Tochter")."""
    after = " ".join(match.string[match.end() :].split()[:2])
    if re.search(OTHERS_OR_COMPANY, head(match, 6)) or re.search(OTHERS_OR_COMPANY, after):
        return None
    return int(next(g for g in match.groups() if g))


def qualified(match: re.Match[str]) -> bool | None:
    """True for the asker's own finished apprenticeship, stated as done (see NOT_DONE)."""
    said = lead(match)
    if re.search(NOT_DONE, said) or re.search(OTHERS, said) or not re.search(FIRST_PERSON, said):
        return None
    return True


def company_age(match: re.Match[str]) -> int | None:
    """The business's age in completed years, so rules like "lt 1" and "ge 2" stay exact.

    "vor anderthalb Jahren gegründet" is 1, "vor ein paar Monaten" 0, "vor ein paar Jahren" unknown.
    """
    if (
        re.search(GONE, match.string)
        or re.search(NOT_THIS_BUSINESS, lead(match))
        or re.search(NOT_NOW, head(match, 3) + " " + match.group(0))
    ):
        return None
    groups = match.groups()
    amount, unit = next((a, u) for a, u in zip(groups[::2], groups[1::2], strict=True) if a)
    per_year = 1 if unit[0] in "jy" else 12 if unit[0] == "m" else 52 if unit[0] == "w" else 365
    if amount in VAGUE:
        return 0 if per_year > 1 else None
    value = HALVES.get(amount) or NUMBER_WORDS.get(amount) or float(amount.replace(",", "."))
    return int(value // per_year)


def self_employed_since(match: re.Match[str]) -> int | None:
    """The business's age from "seit 4 Jahren selbstständig"; "... selbstständig machen" is a plan."""
    if re.match(r"\w*\s+(?:zu\s+)?(?:machen|werden)\b", match.string[match.end() :]):
        return None
    return company_age(match)
