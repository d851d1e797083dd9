"""A real index (Chroma, hash embedder) of the real knowledge files: the offices a hand-off names."""

from __future__ import annotations

from pathlib import Path

import pytest

from navigator.settings import Settings
from tests.conftest import make_settings

KNOWLEDGE = Path(__file__).parents[2] / "knowledge"


@pytest.fixture(scope="session")
def handoff_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    import ingest

    settings = make_settings(tmp_path_factory.mktemp("handoff") / "data", KNOWLEDGE)
    ingest.run(settings)
    return settings
