"""Server mode: a real `chroma run` on loopback, switched to by NAVIGATOR_CHROMA_URL alone."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

import ingest
from navigator.errors import RetrievalError
from navigator.services import build_retriever
from tests.conftest import free_port, make_settings

pytestmark = pytest.mark.slow


def chroma_binary() -> str:
    found = Path(sys.executable).parent / "chroma"
    return str(found) if found.exists() else (shutil.which("chroma") or "chroma")


class ChromaServer:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                chroma_binary(),
                "run",
                "--path",
                str(self.path),
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError("chroma server did not start")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=15)


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
