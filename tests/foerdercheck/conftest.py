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
