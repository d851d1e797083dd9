"""The JSON API contract: /api/chat, /api/chat/stream, /api/search, /healthz, and 4xx for bad input."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from navigator.api.app import create_app
from tests.conftest import make_settings


@pytest.fixture(scope="module")
def client(built_settings):
    with TestClient(create_app(built_settings)) as c:
        yield c


def post_chat(client, **body):
    return client.post("/api/chat", json=body)


def test_chat_returns_answer_with_numbered_sources(client):
    r = post_chat(client, message="Wer hilft mir bei der Anerkennung meines ausländischen Abschlusses?")
    assert r.status_code == 200
    body = r.json()
    assert set(body) >= {"answer", "language", "sources", "grounded", "fallback", "provider"}
    assert body["language"] == "de" and body["grounded"] is True
    first = body["sources"][0]
    assert first["id"] == "iq-anerkennungsberatung" and first["n"] == 1
    assert set(first) >= {"n", "id", "title", "organisation", "kind", "url", "contact", "reviewed", "status"}
    assert [s["n"] for s in body["sources"]] == list(range(1, len(body["sources"]) + 1))


def test_chat_with_filters_and_history(client):
    r = post_chat(
        client,
        message="Und im Märkischen Kreis?",
        history=[
            {"role": "user", "content": "Wo bekomme ich Bürgergeld?"},
            {"role": "assistant", "content": "..."},
        ],
        filters={"region": ["maerkischer-kreis"], "kind": "office"},
    )
    assert r.status_code == 200
    ids = [s["id"] for s in r.json()["sources"]]
    assert ids[0] == "jobcenter-maerkischer-kreis" and "agentur-fuer-arbeit-hagen" not in ids


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({}, "message"),
        ({"message": ""}, "message"),
        ({"message": 42}, "message"),
        ({"message": "Hallo", "history": [{"role": "system", "content": "x"}]}, "role"),
        ({"message": "Hallo", "filters": {"region": ["dortmund"]}}, "unknown region 'dortmund'"),
        ({"message": "Hallo", "unexpected": 1}, "unexpected"),
        ({"message": "x" * 2001}, "longer than 2000 characters"),
        ({"message": "Hallo", "history": [{"role": "user", "content": "a"}] * 13}, "more than 12 turns"),
    ],
)
def test_malformed_requests_get_422_with_a_reason(client, body, reason):
    r = client.post("/api/chat", json=body)
    assert r.status_code == 422
    assert reason in json.dumps(r.json())


def test_invalid_json_is_a_4xx_not_a_500(client):
    r = client.post("/api/chat", content=b"{not json", headers={"content-type": "application/json"})
    assert 400 <= r.status_code < 500


def test_oversized_body_gets_413(client):
    r = client.post(
        "/api/chat",
        content=b'{"message": "' + b"a" * 70_000 + b'"}',
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 413
    assert "larger than" in r.json()["detail"]


def test_stream_sends_sources_then_tokens_then_done(client):
    with client.stream("POST", "/api/chat/stream", json={"message": "Deutschkurs für den Beruf"}) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")
        events = [line.split(":", 1)[1].strip() for line in r.iter_lines() if line.startswith("event:")]
    assert events[0] == "sources" and events[-1] == "done"
    assert set(events[1:-1]) == {"token"}


def test_search_ranks_entries_with_filters(client):
    r = client.get("/api/search", params={"q": "Anerkennung Abschluss", "audience": "migration"})
    assert r.status_code == 200
    hits = r.json()
    assert hits[0]["id"] == "iq-anerkennungsberatung"
    assert {"id", "title", "summary", "status", "score", "reviewed"} <= set(hits[0])
    assert client.get("/api/search", params={"q": "x", "region": "mars"}).status_code == 422
    assert client.get("/api/search").status_code == 422


def test_healthz_reports_index_and_provider(client):
    r = client.get("/healthz")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["index"]["entries"] == 11
    assert body["embedder"] == "hash" and body["chroma"] == "embedded"
    assert "provider" in body["llm"]


def test_empty_index_gives_503_not_500(tmp_path):
    with TestClient(create_app(make_settings(tmp_path / "nothing"))) as c:
        assert c.post("/api/chat", json={"message": "Hallo Welt, wer hilft mir?"}).status_code == 503
        assert c.get("/healthz").status_code == 503


def test_openapi_docs_are_served(client):
    assert client.get("/docs").status_code == 200
    assert "/api/chat" in client.get("/openapi.json").json()["paths"]
