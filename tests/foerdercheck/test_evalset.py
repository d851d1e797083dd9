"""The eval set (evals/foerdercheck.yaml) passes over the real knowledge base."""

from __future__ import annotations

from pathlib import Path

import yaml

from navigator.foerdercheck.evalset import DEFAULT_SET, run_profiles


def test_eval_set_has_at_least_30_profiles_and_all_pass():
    report = run_profiles(DEFAULT_SET)
    assert len(report.cases) >= 30
    assert report.passed, "\n".join(report.failures)
    assert set(report.outcomes) >= {"fits", "fits_if", "does_not_fit", "answer_missing", "ended", "upcoming"}


def test_a_wrong_expectation_is_reported_with_programme_and_outcomes(tmp_path: Path):
    data = yaml.safe_load(DEFAULT_SET.read_text(encoding="utf-8"))
    case = next(c for c in data["cases"] if c["name"].startswith("Betrieb fragt nach dem Bildungsscheck"))
    case["expect"]["bildungsscheck-2-0"] = "fits"
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        yaml.safe_dump({"today": data["today"], "cases": [case]}, allow_unicode=True), encoding="utf-8"
    )
    report = run_profiles(bad)
    assert not report.passed
    assert report.failures == [f"{case['name']}: bildungsscheck-2-0: expected fits, got does_not_fit"]
    assert report.as_dict()["failures"] == report.failures


def test_every_profile_names_an_expected_first_programme_and_it_comes_first():
    data = yaml.safe_load(DEFAULT_SET.read_text(encoding="utf-8"))
    assert all("first" in case for case in data["cases"])
    report = run_profiles(DEFAULT_SET)
    firsts = [f for f in report.failures if ": first: " in f]
    assert firsts == []


def test_a_company_training_staff_gets_the_82_grant_first_not_an_employee_offer(tmp_path: Path):
    case = {
        "name": "Betrieb, 30 Beschäftigte, will Beschäftigte weiterbilden",
        "profile": {"applicant": "company", "company_size": 30},
        "topics": ["weiterbildung"],
        "first": "bildungsurlaub-nrw",  # wrong on purpose: an offer written for employees
    }
    bad = tmp_path / "first.yaml"
    bad.write_text(
        yaml.safe_dump({"today": "2026-11-26", "cases": [case]}, allow_unicode=True), encoding="utf-8"
    )
    report = run_profiles(bad)
    assert report.failures == [
        f"{case['name']}: first: expected bildungsurlaub-nrw, got weiterbildung-beschaeftigte-82-sgb-iii"
    ]
