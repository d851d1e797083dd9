"""Run the Förder-Check eval set (`evals/foerdercheck.yaml`): profiles with the expected outcomes.

Each case names a profile and what must come out for some programmes; the check runs over the real
knowledge base. `navigator eval` can call `run_profiles(path)` and show `report.as_dict()`.

    today: 2026-11-26                # the day the expectations hold (a case may override it)
    cases:
      - name: Betrieb mit 30 Beschäftigten
        profile: {applicant: company, company_size: 30, employment_status: employed}
        programmes: [...]            # optional: check only these ids
        topics: [weiterbildung]      # optional
        expect: {weiterbildung-beschaeftigte-82-sgb-iii: fits_if, bildungsscheck-2-0: does_not_fit}
        benefits: {weiterbildung-beschaeftigte-82-sgb-iii: ["unter 50"]}   # label parts that must be listed
        not_benefits: {...}          # label parts that must not be listed
        alternatives: {bildungsscheck-2-0: [weiterbildung-beschaeftigte-82-sgb-iii]}
        successors: {...}            # for ended programmes
        next_question: company_size  # or null for "nothing left to ask"
        first: weiterbildung-beschaeftigte-82-sgb-iii  # what the ranked result names first (or null)
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from navigator.foerdercheck.engine import Checker
from navigator.foerdercheck.profile import Profile
from navigator.foerdercheck.ranking import rank
from navigator.foerdercheck.results import CheckReport
from navigator.knowledge import load_entries
from navigator.settings import REPO_ROOT

log = logging.getLogger(__name__)
DEFAULT_SET = REPO_ROOT / "evals" / "foerdercheck.yaml"


@dataclass(frozen=True, slots=True)
class CaseResult:
    name: str
    checks: int
    failures: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.failures


@dataclass(frozen=True, slots=True)
class EvalReport:
    """Outcome of the eval set: per case, the checks made and what failed."""

    cases: tuple[CaseResult, ...]
    seconds: float
    outcomes: dict[str, int] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.cases)

    @property
    def checks(self) -> int:
        return sum(c.checks for c in self.cases)

    @property
    def failures(self) -> list[str]:
        return [f"{c.name}: {f}" for c in self.cases for f in c.failures]

    def summary(self) -> str:
        failed = sum(not c.passed for c in self.cases)
        return (
            f"Förder-Check: {len(self.cases) - failed}/{len(self.cases)} profiles pass "
            f"({self.checks} expectations, {len(self.failures)} failed) in {self.seconds:.2f} s"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "passed": self.passed,
            "profiles": len(self.cases),
            "checks": self.checks,
            "failures": self.failures,
            "outcomes": self.outcomes,
            "seconds": round(self.seconds, 3),
        }


def _labels(report: CheckReport, pid: str) -> list[str]:
    return [b.label for b in report.by_id()[pid].benefits]


def _run_case(case: dict[str, Any], checker: Checker) -> tuple[CaseResult, CheckReport]:
    name = str(case["name"])
    report = checker.check(
        Profile.parse(case.get("profile") or {}),
        lang=str(case.get("lang", "de")),
        programmes=case.get("programmes"),
        topics=case.get("topics") or (),
    )
    found = report.by_id()
    failures: list[str] = []
    checks = 0
    for pid, expected in (case.get("expect") or {}).items():
        checks += 1
        got = found[pid].outcome if pid in found else "(not listed)"
        if got != expected:
            failures.append(f"{pid}: expected {expected}, got {got}")
    for key, want in (("benefits", True), ("not_benefits", False)):
        for pid, parts in (case.get(key) or {}).items():
            labels = _labels(report, pid) if pid in found else []
            for part in parts:
                checks += 1
                if any(part in label for label in labels) != want:
                    failures.append(f"{pid}: benefit {part!r} {'missing' if want else 'listed'} in {labels}")
    for key in ("alternatives", "successors"):
        for pid, ids in (case.get(key) or {}).items():
            refs = [r.id for r in getattr(found[pid], key)] if pid in found else []
            for ref in ids:
                checks += 1
                if ref not in refs:
                    failures.append(f"{pid}: {key} lack {ref!r} (got {refs})")
    if "next_question" in case:
        checks += 1
        got_q = report.next_question.field if report.next_question else None
        if got_q != case["next_question"]:
            failures.append(f"next_question: expected {case['next_question']}, got {got_q}")
    if "first" in case:
        checks += 1
        got_first = first_programme(case, checker)
        if got_first != case["first"]:
            failures.append(f"first: expected {case['first']}, got {got_first}")
    return CaseResult(name, checks, tuple(failures)), report


def first_programme(case: dict[str, Any], checker: Checker) -> str | None:
    """The programme the ranked result names first for this profile, over all programmes of its topic.

    The topic is the case's, else the main topic of the programmes it asks about: a counsellor asked
    about the Bildungsscheck by a company names what fits a company for training, not only that one.
    """
    asked = case.get("programmes") or []
    topics = case.get("topics") or sorted({checker.entries[p].topics[0] for p in asked})
    report = checker.check(Profile.parse(case.get("profile") or {}), topics=topics)
    first = rank(report, checker.entries).first
    return first.programme.id if first else None


def run_profiles(path: Path = DEFAULT_SET, knowledge_dir: Path | None = None) -> EvalReport:
    """Check every profile of the eval file against the knowledge base (default: the repo's)."""
    started = time.perf_counter()
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries = [item.entry for item in load_entries(knowledge_dir or REPO_ROOT / "knowledge")]
    default_day = dt.date.fromisoformat(str(data["today"]))
    checkers: dict[dt.date, Checker] = {}
    results: list[CaseResult] = []
    outcomes: dict[str, int] = {}
    for case in data["cases"]:
        day = dt.date.fromisoformat(str(case["today"])) if "today" in case else default_day
        checker = checkers.setdefault(day, Checker(entries, day))
        result, checked = _run_case(case, checker)
        results.append(result)
        found = checked.by_id()
        for pid in case.get("expect") or {}:
            if pid in found:
                outcomes[found[pid].outcome] = outcomes.get(found[pid].outcome, 0) + 1
    report = EvalReport(tuple(results), time.perf_counter() - started, outcomes)
    log.info("%s", report.summary())
    return report
