"""Feedback: stored in SQLite only when posted, commentable, exportable as CSV, switchable off."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from navigator.api.app import create_app
from navigator.cli import app as cli
from navigator.feedback import FILE_NAME, Feedback, FeedbackStore

RATING = {
    "rating": "up",
    "question": "Wer hilft bei der Anerkennung?",
    "answer": "Die IQ Anerkennungsberatung [1] hilft.",
    "language": "de",
    "sources": ["iq-anerkennungsberatung"],
}


@pytest.fixture
def app_client(tmp_path, built_settings):
    # The session index (read-only) with a private data dir for the feedback database.
    settings = built_settings.model_copy(update={"data_dir": tmp_path / "data"})
    settings.data_dir.mkdir()
    (settings.data_dir / "chroma").symlink_to(built_settings.data_dir / "chroma")
    with TestClient(create_app(settings)) as c:
        yield c, FeedbackStore(settings.data_dir / FILE_NAME)


def test_nothing_is_stored_by_asking_or_browsing(app_client):
    client, store = app_client
    client.post("/api/chat", json={"message": "Wer hilft bei der Anerkennung meines Abschlusses?"})
    client.get("/")
    client.get("/angebote")
    assert not store.path.exists() and store.rows() == []


def test_a_rating_stores_question_answer_and_sources(app_client):
    client, store = app_client
    r = client.post("/api/feedback", json=RATING)
    assert r.status_code == 201
    (row,) = store.rows()
    assert row["id"] == r.json()["id"]
    assert (
        row["rating"] == "up" and row["question"] == RATING["question"] and row["answer"] == RATING["answer"]
    )
    assert row["sources"] == "iq-anerkennungsberatung" and row["comment"] == "" and row["language"] == "de"
    assert row["created_at"].endswith("+00:00")


def test_a_comment_is_added_to_the_stored_rating(app_client):
    client, store = app_client
    row_id = client.post("/api/feedback", json={**RATING, "rating": "down"}).json()["id"]
    r = client.post(f"/api/feedback/{row_id}/comment", json={"comment": "  Telefonnummer fehlte.  "})
    assert r.status_code == 204
    (row,) = store.rows()
    assert row["rating"] == "down" and row["comment"] == "Telefonnummer fehlte."


def test_comment_for_an_unknown_rating_is_404(app_client):
    client, _ = app_client
    assert client.post(f"/api/feedback/{'0' * 32}/comment", json={"comment": "x"}).status_code == 404
    assert client.post("/api/feedback/../../x/comment", json={"comment": "x"}).status_code in (404, 422)


@pytest.mark.parametrize(
    "change",
    [
        {"rating": "meh"},
        {"question": ""},
        {"answer": "x" * 8001},
        {"comment": "x" * 1001},
        {"language": "fr"},
        {"sources": ["x"] * 21},
        {"extra": 1},
    ],
)
def test_invalid_feedback_is_rejected_and_not_stored(app_client, change):
    client, store = app_client
    assert client.post("/api/feedback", json={**RATING, **change}).status_code == 422
    assert store.rows() == []


def test_feedback_can_be_switched_off(tmp_path, built_settings):
    settings = built_settings.model_copy(update={"feedback_enabled": False, "data_dir": tmp_path})
    with TestClient(create_app(settings)) as client:
        assert client.post("/api/feedback", json=RATING).status_code == 404
        assert 'data-feedback=""' in client.get("/").text
    assert not (tmp_path / FILE_NAME).exists()


def test_export_writes_csv_and_defuses_spreadsheet_formulas(tmp_path):
    store = FeedbackStore(tmp_path / FILE_NAME)
    store.add(Feedback("up", "Frage 1", "Antwort [1]", sources=("a", "b")))
    store.add(Feedback("down", '=HYPERLINK("http://x")', "Antwort", comment="+49 fehlt"))
    out = io.StringIO()
    assert store.export_csv(out) == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["rating"] for r in rows] == ["up", "down"]
    assert rows[0]["sources"] == "a b"
    assert rows[1]["question"].startswith("'=") and rows[1]["comment"] == "'+49 fehlt"


def test_cli_feedback_export_writes_a_csv_file(tmp_path, monkeypatch):
    monkeypatch.setenv("NAVIGATOR_DATA_DIR", str(tmp_path))
    FeedbackStore(tmp_path / FILE_NAME).add(Feedback("up", "Wer zahlt?", "Der Bildungsscheck [1]."))
    target = tmp_path / "feedback.csv"
    from navigator.settings import get_settings

    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["feedback", "export", "--output", str(target)])
        stdout = CliRunner().invoke(cli, ["feedback", "export"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert "wrote 1 ratings" in result.output
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert rows[0]["question"] == "Wer zahlt?" and rows[0]["answer"] == "Der Bildungsscheck [1]."
    assert stdout.exit_code == 0 and stdout.output.splitlines()[0].startswith("id,created_at,rating")


def test_cli_export_without_any_feedback_writes_only_the_header(tmp_path, monkeypatch):
    monkeypatch.setenv("NAVIGATOR_DATA_DIR", str(tmp_path))
    from navigator.settings import get_settings

    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["feedback", "export"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0
    assert result.output.strip() == "id,created_at,rating,comment,question,answer,language,sources"
    assert not (tmp_path / FILE_NAME).exists()
