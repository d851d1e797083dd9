"""The eligibility rules of a programme, read by the Förder-Check: criteria, conditions and benefits."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, HttpUrl, model_validator

from navigator import vocab
from navigator.knowledge.fields import Slug, Strict, Text


class RuleSource(Strict):
    """Where an eligibility rule is stated."""

    url: HttpUrl
    section: str | None = None
    date: dt.date | None = None


def _known_field(value: str) -> str:
    if value not in vocab.ELIGIBILITY_FIELDS:
        allowed = ", ".join(vocab.ELIGIBILITY_FIELDS)
        raise ValueError(f"unknown eligibility field {value!r}; allowed: {allowed}")
    return value


def _check_value(field: str, op: str, value: bool | int | str | list[bool | int | str]) -> None:
    """Raise ValueError unless `value` fits the type of `field` and the operator."""
    ftype = vocab.ELIGIBILITY_FIELDS[field][0]
    values = value if isinstance(value, list) else [value]
    if op in ("in", "not_in") and not isinstance(value, list):
        raise ValueError(f"op {op!r} needs a list value")
    for v in values:
        if ftype == "bool" and not isinstance(v, bool):
            raise ValueError(f"field {field!r} takes true/false, not {v!r}")
        if ftype == "int" and (isinstance(v, bool) or not isinstance(v, int)):
            raise ValueError(f"field {field!r} takes a whole number, not {v!r}")
        if ftype.startswith("enum:") and v not in ftype[5:].split("|"):
            raise ValueError(f"field {field!r} takes one of {ftype[5:]}, not {v!r}")
    if ftype == "bool" and op in ("lt", "le", "gt", "ge"):
        raise ValueError(f"op {op!r} makes no sense for true/false field {field!r}")


class Condition(Strict):
    """`field op value` without texts: when a criterion applies or a benefit is paid."""

    field: Annotated[str, AfterValidator(_known_field)]
    op: Literal["eq", "ne", "lt", "le", "gt", "ge", "in", "not_in"]
    value: bool | int | str | list[bool | int | str]

    @model_validator(mode="after")
    def _value_fits_field(self) -> Condition:
        _check_value(self.field, self.op, self.value)
        return self


def _as_list(value: Any) -> Any:
    """`when` takes one condition or a list of them (all must hold), e.g. a range 50 <= size < 500."""
    if value is None:
        return []
    return [value] if isinstance(value, dict) else value


# Conditions that must all hold; written as one mapping or a list of mappings.
When = Annotated[list[Condition], BeforeValidator(_as_list)]


class Criterion(Strict):
    """One eligibility rule: `field op value`, e.g. `taxable_income le 50000`.

    With `when`, the rule applies only if all its conditions hold (e.g. joint tax assessment is
    required only above 50,000 euros of income).
    """

    field: Annotated[str, AfterValidator(_known_field)]
    op: Literal["eq", "ne", "lt", "le", "gt", "ge", "in", "not_in"]
    value: bool | int | str | list[bool | int | str]
    strength: Literal["hard", "soft"] = "hard"
    met: Text
    not_met: Text
    question: Text
    source: RuleSource
    alternatives: list[Slug] = []
    when: When = []

    @model_validator(mode="after")
    def _value_fits_field(self) -> Criterion:
        _check_value(self.field, self.op, self.value)
        return self


class Benefit(Strict):
    """What a programme pays or gives, optionally only `when` its conditions all hold."""

    label: Text
    text: Text
    when: When = []
    source: RuleSource


class Eligibility(Strict):
    criteria: list[Criterion] = []
    benefits: list[Benefit] = []
    apply: Text | None = None
    timing: Literal["before_start", "after_start", "any"] | None = None
