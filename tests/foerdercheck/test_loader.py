"""The Förder-Check reads the live index like the chat: rebuilt after ingest, 503 without an index."""

from __future__ import annotations

from fastapi.testclient import TestClient

import ingest
from navigator.api.app import create_app
from navigator.foerdercheck.loader import checker_of
from navigator.services import Services
from tests.conftest import make_settings


def test_checker_is_reused_until_ingest_switches_the_index(settings, kb):
    ingest.run(settings)
    services = Services(settings)
    first = services.checker()
    assert services.checker() is first
    assert first.entries["bildungsscheck-2-0"].eligibility is not None
    path = kb / "bildungsscheck-2-0.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("value: true", "value: false", 1), encoding="utf-8"
    )
    assert services.checker() is first  # an edited file counts once it is ingested, as for the chat
    ingest.run(settings)
    assert services.checker() is not first


def test_the_chat_and_the_check_page_use_the_same_checker(built_settings):
    services = Services(built_settings)
    answer = services.chat().answer("Kann ich den Bildungsscheck NRW bekommen?")
    assert answer.check is not None  # the chat's clarify stage built the checker ...
    snapshot = services.retriever().snapshot()
    assert checker_of(snapshot, built_settings.knowledge_dir) is services.checker()  # ... the page reuses it


def test_an_empty_index_makes_the_check_unavailable_not_wrong(tmp_path, kb):
    app = create_app(make_settings(tmp_path / "data", kb, warm_up=False))
    with TestClient(app) as client:
        response = client.post("/api/check", json={"applicant": "person"})
    assert response.status_code == 503
    assert "Suchindex" in response.json()["detail"]
