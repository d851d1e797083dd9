"""Property-based fuzzing of the JSON API from its own OpenAPI schema (schemathesis).

Every operation gets valid and invalid requests (bounded and seeded, so the run is repeatable and takes
seconds): no answer may be a 5xx, and every answer must match the documented status codes, content
types and schemas. The app runs over the fixture index with the extractive provider.

schemathesis reads the schema when this module is imported (its lazy `from_fixture` loader does not
work with pytest 9), so the app is created here over a data folder that the fixture below fills.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, seed, settings

import ingest
from navigator.api.app import create_app
from tests.conftest import make_settings

EXAMPLES = 25
DATA = Path(tempfile.gettempdir()) / f"navigator-fuzz-{os.getpid()}"
# chroma_url pinned: this runs at import, before the fixture that clears NAVIGATOR_* variables.
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(make_settings(DATA, chroma_url=None)))


@pytest.fixture(scope="module", autouse=True)
def _index():
    ingest.run(make_settings(DATA, chroma_url=None))
    yield
    shutil.rmtree(DATA, ignore_errors=True)


@schema.parametrize()
@seed(20261126)
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_never_fails_and_matches_its_schema(case):
    response = case.call_and_validate()
    assert response.status_code < 500


def test_schema_covers_every_api_route():
    paths = {result.ok().path for result in schema.get_all_operations()}
    assert {"/api/chat", "/api/chat/stream", "/api/search", "/api/feedback", "/healthz"} <= paths
