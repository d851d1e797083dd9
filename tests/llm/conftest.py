"""Fixtures for the chat provider tests.

Fast tests build their own `Settings` with `allow_real_llm=False`; the real-model tests (marked
`llm`) share one loaded local model per session and join the packaged GGUF into the repository's
`data/` directory, so later runs reuse the verified file.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

from navigator.settings import REPO_ROOT, Settings

# Nothing in these tests may reach a model hub; fail fast instead of hanging.
os.environ.setdefault("HF_HUB_OFFLINE", "1")


@pytest.fixture(autouse=True)
def _no_real_llm_by_default(monkeypatch):
    monkeypatch.setenv("NAVIGATOR_ALLOW_REAL_LLM", "0")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


@pytest.fixture
def settings(tmp_path):
    return Settings(_env_file=None, llm="fake", allow_real_llm=False, data_dir=tmp_path)


@pytest.fixture(scope="session")
def real_settings() -> Settings:
    """Settings for the real local model: explicitly allowed, small context to keep tests quick."""
    return Settings(
        _env_file=None,
        llm="local",
        allow_real_llm=True,
        data_dir=REPO_ROOT / "data",
        llm_context=2048,
        llm_threads=2,
        llm_timeout_s=60,
    )


@pytest.fixture(scope="session")
def local_model(real_settings: Settings) -> Any:
    """The one loaded local model of the test session (loading it again would cost seconds and 1.3 GB)."""
    pytest.importorskip("llama_cpp")
    from navigator.llm.registry import get_provider

    provider = get_provider(real_settings)
    assert provider is not None
    return provider
