"""Three-valued evaluation of eligibility rules: met, not met, or unknown (never a guess).

A rule `field op value` is met if it holds for every possible value of the field, not met if it holds
for none, and unknown if the field is unknown or its possible values disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from navigator.foerdercheck.profile import Facts, Value
from navigator.knowledge import Condition, Criterion

Status = Literal["met", "not_met", "unknown", "not_applicable"]
Expected = bool | int | str | list[bool | int | str]


def holds(op: str, actual: Value, expected: Expected) -> bool:
    """`actual op expected` for one known value (types were checked when the rule was loaded)."""
    if op in ("in", "not_in"):
        assert isinstance(expected, list)
        return (actual in expected) == (op == "in")
    if op == "eq":
        return actual == expected
    if op == "ne":
        return actual != expected
    assert isinstance(actual, int) and isinstance(expected, int)
    if op == "lt":
        return actual < expected
    if op == "le":
        return actual <= expected
    if op == "gt":
        return actual > expected
    return actual >= expected  # "ge"


def judge(name: str, op: str, expected: Expected, facts: Facts) -> bool | None:
    """True/False when every possible value of `name` agrees, None when unknown or undecided."""
    possible = facts.values.get(name)
    if not possible:
        return None
    results = {holds(op, v, expected) for v in possible}
    return results.pop() if len(results) == 1 else None


def judge_all(conditions: Sequence[Condition], facts: Facts) -> bool | None:
    """All conditions hold (True), one fails (False), or it cannot be told yet (None)."""
    verdicts = [judge(c.field, c.op, c.value, facts) for c in conditions]
    if False in verdicts:
        return False
    return None if None in verdicts else True


def unknown_fields(conditions: Sequence[Condition], facts: Facts) -> tuple[str, ...]:
    """The fields whose answers are still needed to decide `conditions`."""
    return tuple(dict.fromkeys(c.field for c in conditions if judge(c.field, c.op, c.value, facts) is None))


@dataclass(frozen=True, slots=True)
class Judgement:
    """The status of one criterion and, if unknown, the fields that would decide it (ask first first)."""

    status: Status
    missing: tuple[str, ...] = ()


def judge_criterion(rule: Criterion, facts: Facts) -> Judgement:
    """Evaluate a criterion, honouring its `when` conditions."""
    applies = judge_all(rule.when, facts)
    if applies is False:
        return Judgement("not_applicable")
    own = judge(rule.field, rule.op, rule.value, facts)
    if own is True:
        return Judgement("met")  # met whether or not it applies
    if own is False and applies is True:
        return Judgement("not_met")
    # Ask the `when` fields first: their answer may make the rule irrelevant.
    missing = unknown_fields(rule.when, facts)
    if own is None:
        missing = (*missing, rule.field) if rule.field not in missing else missing
    return Judgement("unknown", missing)
