"""Chroma server down or restarted while the navigator serves: 503 with a clear message, /healthz says
so, and the service comes back by itself once the server is up again (a real `chroma run` process)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

import ingest
from navigator.api.app import UNAVAILABLE, create_app
from tests.conftest import make_settings
from tests.helpers import ChromaServer

pytestmark = pytest.mark.slow

QUESTION = {"message": "Wer hilft bei der Anerkennung meines ausländischen Abschlusses?"}


@pytest.fixture
def served(tmp_path):
    chroma = ChromaServer(tmp_path / "chroma")
    chroma.start()
    settings = make_settings(tmp_path / "data", chroma_url=chroma.url)
    ingest.run(settings)
    try:
        with TestClient(create_app(settings)) as client:
            yield chroma, client
    finally:
        chroma.stop()


def assert_serving(client):
    r = client.post("/api/chat", json=QUESTION)
    assert r.status_code == 200 and r.json()["sources"][0]["id"] == "iq-anerkennungsberatung"
    health = client.get("/healthz")
    assert health.status_code == 200 and health.json()["status"] == "ok"


def test_chroma_down_gives_503_and_service_resumes_when_it_is_back(served):
    chroma, client = served
    assert_serving(client)

    chroma.stop()
    r = client.post("/api/chat", json=QUESTION)
    assert r.status_code == 503
    assert r.json()["detail"] == UNAVAILABLE and "nicht erreichbar" in r.json()["detail"]
    assert int(r.headers["retry-after"]) > 0
    assert client.post("/api/chat/stream", json=QUESTION).status_code == 503
    assert client.get("/api/search", params={"q": "Deutschkurs"}).status_code == 503
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.json()["status"] == "unavailable" and "Chroma" in health.json()["detail"]
    # Pages that do not need the index still work.
    assert client.get("/datenschutz").status_code == 200

    chroma.start()  # same data, same port
    assert_serving(client)
    with client.stream("POST", "/api/chat/stream", json=QUESTION) as s:
        assert s.status_code == 200 and "event: done" in "".join(s.iter_text())


def test_a_quick_restart_between_two_requests_is_not_noticed(served):
    chroma, client = served
    assert_serving(client)
    chroma.stop()
    chroma.start()
    assert_serving(client)  # the first request after the restart already succeeds


def test_health_documents_its_503(built_settings):
    with TestClient(create_app(make_settings(built_settings.data_dir))) as client:
        responses = client.get("/openapi.json").json()["paths"]["/healthz"]["get"]["responses"]
    assert "503" in responses
