"""The Förder-Check is tested over the real knowledge base (knowledge/), as of the suite's day."""

from __future__ import annotations

import pytest

from navigator.foerdercheck import Checker
from navigator.knowledge import Entry, load_entries
from navigator.settings import REPO_ROOT
from tests.conftest import TODAY

KNOWLEDGE = REPO_ROOT / "knowledge"


@pytest.fixture(scope="session")
def real_entries() -> list[Entry]:
    return [item.entry for item in load_entries(KNOWLEDGE)]


@pytest.fixture(scope="session")
def checker(real_entries: list[Entry]) -> Checker:
    return Checker(real_entries, TODAY)


@pytest.fixture(scope="session")
def check_settings(tmp_path_factory: pytest.TempPathFactory):
    """App settings over an index of the real knowledge base (hash embedder: the check reads entries)."""
    import ingest
    from tests.conftest import make_settings

    settings = make_settings(tmp_path_factory.mktemp("check-data"), knowledge_dir=KNOWLEDGE, warm_up=False)
    ingest.run(settings)
    return settings


@pytest.fixture(scope="session")
def check_app(check_settings):
    from navigator.api.app import create_app

    return create_app(check_settings)


@pytest.fixture(scope="module")
def client(check_app):
    from fastapi.testclient import TestClient

    with TestClient(check_app) as c:
        yield c
