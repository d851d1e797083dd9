"""Property-based fuzzing of the JSON API from its own OpenAPI schema (schemathesis).

Every operation gets valid and invalid requests (bounded and seeded, so the run is repeatable and takes
seconds): no answer may be a 5xx, and every answer must match the documented status codes, content
types and schemas. The app runs over the fixture index with the extractive provider.

A second run swaps the generated values for naughty ones (tests/naughty.py): strings with unpaired
surrogates, control characters, bidi overrides, zero-width characters and very long words, numbers
at the edges (-0, 1e309, 2**63) and deeply nested JSON, which schemathesis itself never generates
(its strings are valid Unicode, its numbers fit Python floats).

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
from hypothesis import strategies as st

import ingest
from navigator.api.app import create_app
from tests.conftest import make_settings
from tests.naughty import MARKUP, NAUGHTY_TEXT, naughty_json, to_json

EXAMPLES = 25
NAUGHTY_EXAMPLES = 40
DATA = Path(tempfile.gettempdir()) / f"navigator-fuzz-{os.getpid()}"
# chroma_url pinned: this runs at import, before the fixture that clears NAVIGATOR_* variables.
app = create_app(make_settings(DATA, chroma_url=None))
schema = schemathesis.openapi.from_asgi("/openapi.json", app)
# The naughty run needs only the random phase: the boundary cases are the first run's job.
naughty_schema = schemathesis.openapi.from_asgi("/openapi.json", app)
naughty_schema.config.phases.update(phases=["fuzzing"])


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


def flatmap_body(_context, body):
    # Sent as raw JSON text: 1e309 and -0 as they stand, surrogates as \\udXXX escapes.
    return naughty_json(body).map(to_json)


def flatmap_query(_context, query):
    if not query:
        return st.just(query)
    # As UTF-8 bytes (surrogates too, which strict UTF-8 refuses): the server must answer 422.
    swapped = {
        k: st.just(v) | NAUGHTY_TEXT.map(lambda s: s.encode("utf-8", "surrogatepass"))
        for k, v in query.items()
    }
    return st.fixed_dictionaries(swapped)


@naughty_schema.hooks.apply(flatmap_query)
@naughty_schema.hooks.apply(flatmap_body)
@naughty_schema.parametrize()
@seed(20261207)
@settings(
    max_examples=NAUGHTY_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
def test_naughty_values_never_give_a_5xx_or_reflected_markup(case):
    response = case.call()
    assert response.status_code < 500, response.text[:500]
    assert not any(m in response.text for m in MARKUP), response.text[:500]
