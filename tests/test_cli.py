"""The CLI is a thin layer over the same services: validate, ingest, search, ask."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from navigator.cli import app
from navigator.settings import get_settings
from tests.conftest import FIXTURE_KB

runner = CliRunner()


@pytest.fixture
def env(tmp_path, kb, monkeypatch):
    monkeypatch.setenv("NAVIGATOR_KNOWLEDGE_DIR", str(kb))
    monkeypatch.setenv("NAVIGATOR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NAVIGATOR_EMBEDDER", "hash")
    monkeypatch.setenv("NAVIGATOR_LLM", "extractive")
    monkeypatch.setenv("NAVIGATOR_TODAY", "2026-11-26")
    get_settings.cache_clear()
    yield kb
    get_settings.cache_clear()


def test_validate_ok_and_broken(env):
    assert "11 entries valid" in runner.invoke(app, ["validate"]).output
    (env / "bad.md").write_text(
        (FIXTURE_KB / "jobday-2025.md").read_text().replace("id: jobday-2025", "id: bad\nfoo: 1")
    )
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 1
    assert "bad.md:3: foo: Extra inputs are not permitted" in result.output


def test_ingest_search_and_ask(env):
    result = runner.invoke(app, ["ingest"])
    assert result.exit_code == 0, result.output
    assert "11 added" in result.output
    assert "0 of" in runner.invoke(app, ["ingest"]).output
    result = runner.invoke(app, ["search", "Anerkennung ausländischer Abschluss", "--audience", "migration"])
    assert result.stdout.startswith("1. [office] IQ Anerkennungsberatung")
    result = runner.invoke(app, ["ask", "Wer hilft bei der Anerkennung meines Abschlusses?", "--json"])
    body = json.loads(result.stdout)
    assert body["sources"][0]["id"] == "iq-anerkennungsberatung"
    result = runner.invoke(app, ["ask", "Wer hilft bei der Anerkennung meines Abschlusses?", "--llm", "fake"])
    assert result.exit_code == 0 and "[1]" in result.output


def test_errors_exit_1_with_a_message(env):
    result = runner.invoke(app, ["search", "x", "--region", "mars"])
    assert result.exit_code == 1 and "unknown region 'mars'" in result.output
    result = runner.invoke(app, ["ask", "Hallo", "--llm", "lokal"])
    assert result.exit_code == 1 and "did you mean" in result.output.lower()
