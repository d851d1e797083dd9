"""Server mode: a real `chroma run` on loopback, switched to by NAVIGATOR_CHROMA_URL alone."""

from __future__ import annotations

import pytest

import ingest
from navigator.errors import RetrievalError
from navigator.services import build_retriever
from tests.conftest import make_settings
from tests.helpers import ChromaServer

pytestmark = pytest.mark.slow


@pytest.fixture
def chroma_server(tmp_path):
    server = ChromaServer(tmp_path / "chroma-server")
    server.start()
    yield server
    server.stop()


def test_ingest_and_query_against_a_chroma_server(chroma_server, tmp_path):
    settings = make_settings(tmp_path / "data", chroma_url=chroma_server.url)
    summary = ingest.run(settings)
    assert summary.added == 11
    assert ingest.run(settings).chunks_embedded == 0
    hits = build_retriever(settings).retrieve("Anerkennung ausländischer Abschluss", k=3)
    assert hits[0].id == "iq-anerkennungsberatung"
    assert not (tmp_path / "data" / "chroma").exists()  # nothing embedded locally


def test_server_down_raises_retrieval_error_and_recovers_after_restart(chroma_server, tmp_path):
    settings = make_settings(tmp_path / "data", chroma_url=chroma_server.url)
    ingest.run(settings)
    retriever = build_retriever(settings)
    assert retriever.retrieve("Deutschkurs Beruf", k=1)
    chroma_server.stop()
    with pytest.raises(RetrievalError):
        retriever.retrieve("Deutschkurs Beruf", k=1)
    chroma_server.start()
    assert retriever.retrieve("Deutschkurs Beruf", k=1)[0].id == "berufssprachkurse"
