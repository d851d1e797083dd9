"""A Förder-Check profile: the facts a person or company has given, checked against the vocabulary.

Fields and their types come from `vocab.ELIGIBILITY_FIELDS` ("bool", "int" or "enum:a|b"). A profile
is partial: a missing field is unknown, never assumed. `Profile.facts(today)` adds what follows for
certain from the given values (age from the year of birth, ...). A derived value may be a set of
possibilities: born in 1984, a person is 41 or 42 on 26 November 2026, so a rule "age >= 42" stays
unknown while "age >= 18" is met.

Example::

    profile = Profile.parse({"applicant": "person", "birth_year": 1990, "taxable_income": 42000})
    facts = profile.facts(dt.date(2026, 11, 26))
    facts.values["age"]   # (35, 36)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Final

from navigator import vocab
from navigator.errors import NavigatorError

Value = bool | int | str

# Plausible bounds for whole-number fields; anything outside is a typo, not a fact.
RANGES: Final[dict[str, tuple[int, int]]] = {
    "age": (0, 120),
    "birth_year": (1900, 2100),
    "company_size": (0, 10_000_000),
    "taxable_income": (0, 1_000_000_000),
    "gross_income": (0, 1_000_000_000),
    "company_age_years": (0, 500),
    "alg1_remaining_days": (0, 1_000),
}
DEFAULT_RANGE: Final = (0, 1_000_000_000)
_TRUE: Final = frozenset({"true", "1", "yes", "ja", "on"})
_FALSE: Final = frozenset({"false", "0", "no", "nein", "off"})


class ProfileError(NavigatorError):
    """A profile value is unknown or has the wrong type; `field` and `reason` say which and why."""

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"profile field {field!r}: {reason}")


def field_type(name: str) -> str:
    """The vocabulary type of a field: "bool", "int" or "enum"."""
    ftype = vocab.ELIGIBILITY_FIELDS[name][0]
    return "enum" if ftype.startswith("enum:") else ftype


def enum_values(name: str) -> tuple[str, ...]:
    """The allowed values of an enum field, in vocabulary order ("" for other types)."""
    ftype = vocab.ELIGIBILITY_FIELDS[name][0]
    return tuple(ftype[5:].split("|")) if ftype.startswith("enum:") else ()


def check_value(name: str, value: object) -> Value:
    """Return `value` if it fits field `name` exactly (JSON types); raise ProfileError otherwise."""
    if name not in vocab.ELIGIBILITY_FIELDS:
        raise ProfileError(name, f"unknown field; allowed: {', '.join(vocab.ELIGIBILITY_FIELDS)}")
    kind = field_type(name)
    if kind == "bool":
        if not isinstance(value, bool):
            raise ProfileError(name, f"takes true or false, not {value!r}")
        return value
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ProfileError(name, f"takes a whole number, not {value!r}")
        low, high = RANGES.get(name, DEFAULT_RANGE)
        if not low <= value <= high:
            raise ProfileError(name, f"must be between {low} and {high}, not {value}")
        return value
    if value not in enum_values(name):
        raise ProfileError(name, f"takes one of {', '.join(enum_values(name))}, not {value!r}")
    assert isinstance(value, str)
    return value


def parse_text(name: str, raw: str) -> Value:
    """Read a form value ("true", "ja", "50.000", "30 Leute" is not accepted) for field `name`."""
    if name not in vocab.ELIGIBILITY_FIELDS:
        raise ProfileError(name, "unknown field")
    text = raw.strip()
    kind = field_type(name)
    if kind == "bool":
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise ProfileError(name, f"takes yes or no, not {raw!r}")
    if kind == "int":
        # German digit grouping: "50.000" and "50 000" are fifty thousand.
        digits = re.sub(r"(?<=\d)[.\s\u202f](?=\d{3}\b)", "", text)
        if not re.fullmatch(r"\d{1,10}", digits):
            raise ProfileError(name, f"takes a whole number, not {raw!r}")
        return check_value(name, int(digits))
    return check_value(name, text)


@dataclass(frozen=True, slots=True)
class Facts:
    """Possible values per known field (one value if given, several if derived loosely)."""

    values: Mapping[str, tuple[Value, ...]]
    derived: Mapping[str, str] = field(default_factory=dict)  # field -> the field it came from

    def known(self, name: str) -> bool:
        return name in self.values


@dataclass(frozen=True, slots=True)
class Profile(Mapping[str, Value]):
    """An immutable, validated mapping of eligibility fields to values."""

    data: Mapping[str, Value] = field(default_factory=dict)

    @classmethod
    def parse(cls, data: Mapping[str, object]) -> Profile:
        """Validate JSON-typed values; None means unknown and is dropped."""
        return cls({k: check_value(k, v) for k, v in data.items() if v is not None})

    @classmethod
    def from_texts(cls, data: Mapping[str, str]) -> Profile:
        """Validate form or YAML text values; empty strings mean unknown."""
        return cls({k: parse_text(k, v) for k, v in data.items() if v.strip()})

    def __getitem__(self, key: str) -> Value:
        return self.data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)

    def merged(self, other: Mapping[str, Value]) -> Profile:
        """A new profile with `other`'s values added (they win over ours)."""
        return Profile({**self.data, **other})

    def as_texts(self) -> dict[str, str]:
        """Values as form text (booleans as "true"/"false"), for hidden inputs."""
        return {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in self.data.items()}

    def facts(self, today: dt.date) -> Facts:
        """The given values plus what follows from them for certain."""
        values: dict[str, tuple[Value, ...]] = {k: (v,) for k, v in self.data.items()}
        derived: dict[str, str] = {}

        def derive(name: str, possible: tuple[Value, ...], source: str) -> None:
            if name not in values:
                values[name] = possible
                derived[name] = source

        birth_year = self.data.get("birth_year")
        if isinstance(birth_year, int) and birth_year <= today.year:
            # The birthday is unknown: before it this year the person is one year younger.
            derive("age", (max(today.year - birth_year - 1, 0), today.year - birth_year), "birth_year")
        if self.data.get("solo_self_employed") is True:
            derive("employment_status", ("self_employed",), "solo_self_employed")
        status = self.data.get("employment_status")
        if status is not None and status != "self_employed":
            derive("solo_self_employed", (False,), "employment_status")
        # The taxable income is at most the gross income (§ 2 EStG: income minus deductions), and the
        # rules compare it with one threshold each, so the two ends decide: "le 100000" holds for
        # every value in [0, gross] if it holds for gross.
        gross = self.data.get("gross_income")
        if isinstance(gross, int) and not isinstance(gross, bool):
            derive("taxable_income", (0, gross), "gross_income")
        # Only a business states its own size without saying whose job situation it describes.
        if "company_size" in self.data and "employment_status" not in self.data:
            derive("applicant", ("company",), "company_size")
        return Facts(values, derived)
