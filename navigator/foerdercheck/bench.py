"""Figures for `make bench`: the check's latency and how many questions a person answers."""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from navigator.foerdercheck.engine import Checker
from navigator.foerdercheck.profile import Profile, Value
from navigator.knowledge import load_entries
from navigator.settings import REPO_ROOT

# A full profile: every field answered, so every rule and benefit row is evaluated.
FULL_PROFILE: Mapping[str, Value] = {
    "applicant": "person",
    "company_size": 30,
    "is_craft": False,
    "region": "hagen",
    "residence_nrw": True,
    "employment_status": "employed",
    "solo_self_employed": False,
    "receives_buergergeld": False,
    "receives_alg1": False,
    "birth_year": 1990,
    "taxable_income": 42_000,
    "joint_assessment": False,
    "foreign_qualification": True,
    "has_vocational_qualification": True,
    "course_started": False,
    "prior_funding_this_year": False,
    "founding_planned": False,
    "company_age_years": 0,
    "structural_change": False,
    "has_training_place": False,
    "funded_82_last_two_years": False,
    "alg1_remaining_days": 0,
}


def questions_asked(
    checker: Checker,
    truth: Mapping[str, Value],
    *,
    topics: Sequence[str] = (),
    until: Literal["verdict", "all"] = "all",
    limit: int = 30,
) -> list[str]:
    """The fields the check asks, in order, for a person whose true answers are `truth`.

    Starting from an empty profile, each `next_question` is answered from `truth` (or skipped, as
    "don't know", if `truth` lacks it) until every programme has a verdict (`until="verdict"`) or
    nothing is left to ask, benefit rows and soft rules included (`"all"`).
    """
    known: dict[str, Value] = {}
    asked: list[str] = []
    while len(asked) < limit:
        report = checker.check(Profile(dict(known)), topics=topics, skip=set(asked) - set(known))
        settled = all(r.outcome != "answer_missing" for r in report.results)
        question = report.next_question
        if question is None or (until == "verdict" and settled):
            break
        asked.append(question.field)
        if question.field in truth:
            known[question.field] = truth[question.field]
    return asked


def bench_check(
    runs: int = 300, knowledge_dir: Path | None = None, today: dt.date | None = None
) -> dict[str, Any]:
    """Latency of one full-profile check over all programmes (p50/p95 in ms, German and Arabic)."""
    entries = [item.entry for item in load_entries(knowledge_dir or REPO_ROOT / "knowledge")]
    checker = Checker(entries, today or dt.date.today())
    profile = Profile.parse(FULL_PROFILE)
    timings: list[float] = []
    for i in range(runs):
        started = time.perf_counter()
        report = checker.check(profile, lang="ar" if i % 2 else "de")
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "name": "foerdercheck",
        "programmes": len(report.results),
        "runs": runs,
        "p50_ms": round(statistics.median(timings), 3),
        "p95_ms": round(timings[int(0.95 * (runs - 1))], 3),
        "max_ms": round(timings[-1], 3),
        "target_p95_ms": 50,
    }
