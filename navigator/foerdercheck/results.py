"""The Förder-Check's results: plain values, every text already in the requested language."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields, is_dataclass
from functools import cache
from typing import Any, Final, Literal

Outcome = Literal["fits", "fits_if", "does_not_fit", "answer_missing", "ended", "upcoming"]
# Results are listed in this order: what fits first, what ended last.
OUTCOMES: Final[tuple[Outcome, ...]] = (
    "fits",
    "fits_if",
    "answer_missing",
    "does_not_fit",
    "upcoming",
    "ended",
)


@cache
def _names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def plain(value: Any) -> Any:
    """Dataclasses, tuples and dicts as JSON-ready values (like `dataclasses.asdict`, without copies)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {name: plain(getattr(value, name)) for name in _names(type(value))}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a rule or benefit is stated."""

    url: str
    section: str | None = None
    date: str | None = None


@dataclass(frozen=True, slots=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True, slots=True)
class Question:
    """The question to ask for an unknown field, with how to answer it."""

    field: str
    text: str
    type: Literal["bool", "int", "enum"]
    options: tuple[Option, ...] = ()
    min: int | None = None
    max: int | None = None
    # The programmes whose outcome the answer can change.
    programmes: tuple[str, ...] = ()
    # One plain line under the question that explains its technical term ("" if none is needed).
    help: str = ""

    def as_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = plain(self)
        return result


@dataclass(frozen=True, slots=True)
class CriterionResult:
    """One rule of a programme and how the profile fared: its text says why."""

    field: str
    strength: Literal["hard", "soft"]
    status: Literal["met", "not_met", "unknown"]
    text: str
    source: SourceRef
    alternatives: tuple[str, ...] = ()
    # For an unknown rule: the fields whose answers decide it.
    missing: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ProgrammeRef:
    id: str
    title: str
    url: str
    status: str = "current"
    end_date: str | None = None
    # The day the entry was last reviewed ("Stand"), ISO format.
    reviewed: str | None = None


@dataclass(frozen=True, slots=True)
class OfficeRef:
    """A counselling office to contact; everything comes from its knowledge file."""

    id: str
    title: str
    organisation: str
    url: str
    contact: dict[str, str] = field(default_factory=dict)
    # The regions the office serves (empty: everyone).
    regions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class BenefitResult:
    label: str
    text: str
    source: SourceRef
    # For a benefit that may apply: the fields still needed to tell.
    depends_on: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The verdict on one programme for one profile, with its reasons, sources and contacts."""

    programme: ProgrammeRef
    organisation: str
    summary: str
    outcome: Outcome
    label: str
    criteria: tuple[CriterionResult, ...] = ()
    # fits_if: what must still be true or done.
    conditions: tuple[str, ...] = ()
    # answer_missing: what to ask (hard rules first).
    questions: tuple[Question, ...] = ()
    alternatives: tuple[ProgrammeRef, ...] = ()
    successors: tuple[ProgrammeRef, ...] = ()
    benefits: tuple[BenefitResult, ...] = ()
    open_benefits: tuple[BenefitResult, ...] = ()
    offices: tuple[OfficeRef, ...] = ()
    apply: str | None = None
    note: str | None = None

    @property
    def open_fields(self) -> dict[str, str]:
        """Unknown fields of this programme's rules -> "hard" if any hard rule needs them, else "soft"."""
        found: dict[str, str] = {}
        for c in self.criteria:
            if c.status == "unknown":
                for name in c.missing:
                    if found.get(name) != "hard":
                        found[name] = c.strength
        return found

    def as_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = plain(self)
        return result


@dataclass(frozen=True, slots=True)
class CheckReport:
    """All results for one profile, the next question to ask, and what was derived."""

    results: tuple[CheckResult, ...]
    next_question: Question | None
    language: str
    today: dt.date
    profile: dict[str, bool | int | str]
    derived: dict[str, list[bool | int | str]]

    def by_id(self) -> dict[str, CheckResult]:
        return {r.programme.id: r for r in self.results}

    def as_dict(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "today": self.today.isoformat(),
            "profile": self.profile,
            "derived": self.derived,
            "results": [r.as_dict() for r in self.results],
            "next_question": self.next_question.as_dict() if self.next_question else None,
        }
