"""The checker is rebuilt when a knowledge file changes, and an invalid knowledge base is a 503."""

from __future__ import annotations

from fastapi.testclient import TestClient

from navigator.api.app import create_app
from navigator.foerdercheck.loader import CheckerCache
from tests.conftest import TODAY, make_settings


def test_checker_is_reused_until_a_file_changes(kb):
    cache = CheckerCache(kb, recheck_s=0)
    first = cache.get(TODAY)
    assert cache.get(TODAY) is first
    path = kb / "bildungsscheck-2-0.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("value: true", "value: false", 1), encoding="utf-8"
    )
    assert cache.get(TODAY) is not first


def test_invalid_knowledge_makes_the_check_unavailable_not_wrong(tmp_path, kb):
    (kb / "kaputt.md").write_text("---\nid: kaputt\n---\n", encoding="utf-8")
    app = create_app(make_settings(tmp_path / "data", kb, warm_up=False))
    with TestClient(app) as client:
        response = client.post("/api/check", json={"applicant": "person"})
    assert response.status_code == 503
    assert "navigator validate" in response.json()["detail"]
