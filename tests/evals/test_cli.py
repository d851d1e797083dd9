"""`navigator eval` end to end over the fixture index: outputs, baseline, and the --check exit code."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from navigator.cli import app
from navigator.settings import REPO_ROOT, get_settings

runner = CliRunner()

CONFIG = """\
sets: [demo]
today: 2026-11-26
ablation: {embedders: [hash, no-such-embedder], methods: {hybrid: [dense, bm25], bm25: [bm25]}}
check: {groups: [all, set, language], slack_cases: 0, tolerance: {default: 0.0}}
"""
DEMO = """\
cases:
  - id: umschulung
    question: Wer bezahlt meine Umschulung mit dem Bildungsgutschein?
    language: de
    expect: {sources_any: [bildungsgutschein]}
  - id: anerkennung
    question: Wer hilft bei der Anerkennung meines ausländischen Abschlusses?
    language: de
    expect: {sources_any: [iq-anerkennungsberatung]}
"""


@pytest.fixture
def evals(tmp_path, built_settings, monkeypatch):
    folder = tmp_path / "evals"
    folder.mkdir()
    (folder / "config.yaml").write_text(CONFIG)
    (folder / "demo.yaml").write_text(DEMO)
    shutil.copytree(REPO_ROOT / "evals" / "templates", folder / "templates")
    for key, value in {
        "KNOWLEDGE_DIR": built_settings.knowledge_dir,
        "DATA_DIR": built_settings.data_dir,
        "EVALS_DIR": folder,
        "EMBEDDER": "hash",
        "LLM": "extractive",
    }.items():
        monkeypatch.setenv(f"NAVIGATOR_{key}", str(value))
    get_settings.cache_clear()
    yield folder
    get_settings.cache_clear()


def test_eval_writes_reports_and_a_baseline_then_check_catches_a_drop(evals, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "eval",
            "--provider",
            "fake",
            "--report",
            str(out / "r.html"),
            "--json",
            str(out / "r.json"),
            "--update-baseline",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "2 cases, embedder hash, provider fake" in result.output
    assert "== dev: 2 cases in 1 sets" in result.output
    assert "hash/bm25" in result.output  # the ablation ran; the unknown embedder was skipped
    assert "no case files in" in result.output  # the test split has none yet: skipped, not failed
    data = json.loads((out / "r.json").read_text())
    # The plain LangChain baseline is a row of every ablation.
    assert set(data["splits"]["dev"]["ablation"]) == {"hash/hybrid", "hash/bm25", "langchain-chroma/k4"}
    assert data["splits"]["test"]["cases"] == 0
    assert data["meta"]["provider"] == "fake" and len(data["cases"]) == 2
    assert "<svg" in (out / "r.html").read_text()
    stored = json.loads((evals / "baseline.json").read_text())["splits"]
    assert stored["dev"]["retrieval"]["embedder"] == "hash" and "fake" in stored["dev"]["answer"]
    assert "table" in stored["dev"]["answer"]["fake"] and "test" not in stored

    assert runner.invoke(app, ["eval", "--retrieval-only", "--check", "--no-ablation"]).exit_code == 0

    # A knowledge change that loses the expected entry: the gate must fail and say where.
    (evals / "demo.yaml").write_text(DEMO.replace("[bildungsgutschein]", "[jobday-2025]"))
    result = runner.invoke(app, ["eval", "--retrieval-only", "--check", "--no-ablation"])
    assert result.exit_code == 1
    assert "REGRESSION dev retrieval all hit@3" in result.output


def test_the_test_split_is_run_stored_and_gated_beside_dev(evals):
    (evals / "test").mkdir()
    (evals / "test" / "blind.yaml").write_text(DEMO.replace("id: ", "id: blind-"))
    result = runner.invoke(app, ["eval", "--retrieval-only", "--update-baseline", "--no-ablation"])
    assert result.exit_code == 0, result.output
    assert "== dev: 2 cases" in result.output and "== test: 2 cases in 1 sets" in result.output
    stored = json.loads((evals / "baseline.json").read_text())["splits"]
    assert stored["test"]["sets"] == ["blind"]

    (evals / "test" / "blind.yaml").write_text(
        DEMO.replace("id: ", "id: blind-").replace("[bildungsgutschein]", "[jobday-2025]")
    )
    result = runner.invoke(app, ["eval", "--split", "test", "--retrieval-only", "--check", "--no-ablation"])
    assert result.exit_code == 1
    assert "== dev" not in result.output
    assert "REGRESSION test retrieval all hit@3" in result.output
    assert runner.invoke(app, ["eval", "--split", "dev", "--retrieval-only", "--check"]).exit_code == 0
    result = runner.invoke(app, ["eval", "--split", "blind", "--retrieval-only"])
    assert result.exit_code == 1 and "unknown split 'blind'" in result.output


def test_eval_reports_broken_cases_and_unknown_sets(evals):
    result = runner.invoke(app, ["eval", "nope", "--retrieval-only"])
    assert result.exit_code == 1 and "unknown eval set 'nope'; known: demo" in result.output
    (evals / "demo.yaml").write_text(DEMO.replace("[iq-anerkennungsberatung]", "[iq-beratung]"))
    result = runner.invoke(app, ["eval", "--retrieval-only"])
    assert result.exit_code == 1
    assert "demo.yaml: case anerkennung: expect.sources_any: unknown entry id 'iq-beratung'" in result.output


def test_the_baseline_is_only_updated_from_all_sets(evals):
    result = runner.invoke(app, ["eval", "demo", "--retrieval-only", "--update-baseline"])
    assert result.exit_code == 1 and "update the baseline from a run over all sets" in result.output
