"""The Förder-Check's results in the order a counsellor would name them to this asker.

Four sections: what fits (most specific to the asker's situation first), what fits once one or two
answers are settled, offers for another kind of asker or still too open to tell (labelled), and what
does not fit (with a one-line reason). Specific means: the programme is written for the asker's
situation (its audiences include it) and more of the asker's answers were tested and passed.

Example::

    ranked = rank(report, checker.entries)
    ranked.first             # the programme to name first, or None
    [r.programme.id for r in ranked.fits]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Literal

from navigator.foerdercheck.results import OUTCOMES, CheckReport, CheckResult
from navigator.knowledge import Entry

Relation = Literal["own", "employees", "employers"]
# At most this many open answers make a programme "fits once you settle it".
ALMOST_OPEN: Final = 2
# The audience a person's situation belongs to.
SITUATION: Final[dict[tuple[str, object], str]] = {
    ("employment_status", "unemployed"): "arbeitsuchende",
    ("employment_status", "employed"): "beschaeftigte",
    ("employment_status", "self_employed"): "gruendung",
    ("employment_status", "in_training"): "jugendliche",
    ("employment_status", "not_working"): "wiedereinstieg",
    ("founding_planned", True): "gruendung",
    ("solo_self_employed", True): "gruendung",
    ("foreign_qualification", True): "migration",
    ("applicant", "company"): "kmu",
}
# Fields that describe an unusual circumstance: a programme that hinges on one is named later.
UNUSUAL: Final = frozenset(
    {"structural_change", "foreign_qualification", "founding_planned", "solo_self_employed"}
)
PERSON_AUDIENCES: Final = frozenset(
    {"beschaeftigte", "arbeitsuchende", "wiedereinstieg", "migration", "jugendliche", "gruendung"}
)


@dataclass(frozen=True, slots=True)
class Ranked:
    """The results in sections; `relation` labels offers meant for another kind of asker."""

    fits: tuple[CheckResult, ...]
    almost: tuple[CheckResult, ...]
    other: tuple[CheckResult, ...]
    not_fitting: tuple[CheckResult, ...]
    relation: Mapping[str, Relation]

    @property
    def first(self) -> CheckResult | None:
        return next(iter(self.fits + self.almost), None)


def relation(entry: Entry, asker: str | None) -> Relation:
    """Whether a programme is for this kind of asker, or for the employees / employers of the asker."""
    admitted = _admitted(entry)
    if asker is None or (admitted and asker in admitted):
        return "own"
    audiences = set(entry.audiences)
    if asker == "company":
        return "own" if "kmu" in audiences else "employees"
    return "own" if audiences & PERSON_AUDIENCES else "employers"


def reason(result: CheckResult) -> str:
    """One line on why a programme does not fit (the first broken rule), or its note."""
    broken = [c for c in result.criteria if c.status == "not_met"]
    broken.sort(key=lambda c: c.strength != "hard")
    return broken[0].text if broken else (result.note or result.label)


def open_count(result: CheckResult) -> int:
    return len(result.open_fields)


def rank(report: CheckReport, entries: Mapping[str, Entry]) -> Ranked:
    asker = report.profile.get("applicant")
    asker = str(asker) if asker is not None else _derived(report, "applicant")
    situation = {SITUATION[k] for k in _known(report) if k in SITUATION}
    relations = {
        r.programme.id: relation(entries[r.programme.id], asker) if r.programme.id in entries else "own"
        for r in report.results
    }

    def key(r: CheckResult) -> tuple[object, ...]:
        entry = entries.get(r.programme.id)
        audiences = set(entry.audiences) if entry else set()
        fits_situation = not situation or bool(audiences & situation)
        met = sum(c.status == "met" for c in r.criteria)
        unusual = len(UNUSUAL & set(r.open_fields))
        title = r.programme.title.casefold()
        # A person comes after what a company applies for on their behalf (a wage subsidy for hiring them).
        via_employer = asker == "person" and "kmu" in audiences and entry is not None and not _admitted(entry)
        key = (not fits_situation, -met, via_employer, unusual, OUTCOMES.index(r.outcome), open_count(r))
        return (*key, title)

    fits, almost, other, not_fitting = [], [], [], []
    for r in report.results:
        own = relations[r.programme.id] == "own"
        if r.outcome == "does_not_fit":
            not_fitting.append(r)
        elif own and r.outcome in ("fits", "fits_if"):
            fits.append(r)
        elif own and r.outcome == "answer_missing" and open_count(r) <= ALMOST_OPEN:
            almost.append(r)
        else:
            other.append(r)
    shown = {k: v for k, v in relations.items() if v != "own"}
    return Ranked(
        tuple(sorted(fits, key=key)),
        tuple(sorted(almost, key=key)),
        tuple(sorted(other, key=lambda r: (relations[r.programme.id] == "own", *key(r)))),
        tuple(not_fitting),
        shown,
    )


def _known(report: CheckReport) -> list[tuple[str, object]]:
    values: dict[str, object] = dict(report.profile)
    for name, possible in report.derived.items():
        if len(possible) == 1:
            values.setdefault(name, possible[0])
    return list(values.items())


def _derived(report: CheckReport, name: str) -> str | None:
    possible = report.derived.get(name, [])
    return str(possible[0]) if len(possible) == 1 else None


def _admitted(entry: Entry) -> frozenset[str]:
    """Who a programme's hard `applicant` rule admits (empty: no such rule)."""
    for c in entry.eligibility.criteria if entry.eligibility else ():
        if c.field == "applicant" and c.strength == "hard" and c.op in ("eq", "in"):
            values: Sequence[object] = c.value if isinstance(c.value, list) else [c.value]
            return frozenset(str(v) for v in values)
    return frozenset()
