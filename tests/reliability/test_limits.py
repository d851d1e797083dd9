"""Request limits: 422 for over-long input, 413 for big bodies, 429 with Retry-After per client."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from navigator.api.app import create_app
from navigator.errors import ConfigError
from tests.conftest import make_settings

QUESTION = {"message": "Wer hilft bei der Anerkennung meines Abschlusses?"}


def client_for(built_settings, *, client=("203.0.113.7", 50000), **overrides) -> TestClient:
    return TestClient(create_app(make_settings(built_settings.data_dir, **overrides)), client=client)


@pytest.fixture(scope="module")
def client(built_settings):
    with client_for(built_settings) as c:
        yield c


@pytest.mark.parametrize("path", ["/api/chat", "/api/chat/stream"])
@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({"message": "x" * 2001}, "longer than 2000 characters"),
        ({"message": "Hallo", "history": [{"role": "user", "content": "a"}] * 13}, "more than 12 turns"),
        ({"message": "Hallo", "history": [{"role": "user", "content": "a" * 8001}]}, "8000"),
        ({"message": "Hallo", "language": "xx"}, "language"),
    ],
)
def test_over_long_input_gets_422_with_the_reason(client, path, body, reason):
    r = client.post(path, json=body)
    assert r.status_code == 422
    assert reason in json.dumps(r.json())


def test_limits_follow_the_settings(built_settings):
    with client_for(built_settings, max_message_chars=20, max_history_turns=1) as c:
        assert c.post("/api/chat", json={"message": "x" * 21}).status_code == 422
        two = [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}]
        assert c.post("/api/chat", json={"message": "Hallo", "history": two}).status_code == 422
        assert c.post("/api/chat", json={"message": "Bildungsgutschein"}).status_code == 200


def test_search_text_is_limited(client):
    assert client.get("/api/search", params={"q": "x" * 501}).status_code == 422


@pytest.mark.parametrize("path", ["/api/chat", "/api/chat/stream"])
def test_big_body_with_content_length_gets_413(client, path):
    body = json.dumps({"message": "a" * 70_000}).encode()
    r = client.post(path, content=body, headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert "larger than 64000 bytes" in r.json()["detail"]


def test_big_chunked_body_without_content_length_gets_413(client):
    def chunks():
        yield b'{"message": "'
        for _ in range(80):
            yield b"a" * 1000
        yield b'"}'

    r = client.post("/api/chat", content=chunks(), headers={"content-type": "application/json"})
    assert "content-length" not in r.request.headers
    assert r.status_code == 413


def test_rate_limit_answers_429_with_retry_after_and_a_german_reason(built_settings):
    with client_for(built_settings, rate_limit_enabled=True, rate_limit="2/minute") as c:
        codes = [c.get("/api/search", params={"q": "Deutschkurs"}).status_code for _ in range(3)]
        assert codes == [200, 200, 429]
        r = c.get("/api/search", params={"q": "Deutschkurs"})
        assert r.status_code == 429
        assert 1 <= int(r.headers["retry-after"]) <= 60
        assert r.json()["detail"].startswith("Zu viele Anfragen")
        assert f"{r.headers['retry-after']} Sekunden" in r.json()["detail"]


def test_rate_limit_is_one_budget_per_client_across_api_routes(built_settings):
    app = create_app(make_settings(built_settings.data_dir, rate_limit_enabled=True, rate_limit="2/minute"))
    with (
        TestClient(app, client=("203.0.113.1", 1)) as first,
        TestClient(app, client=("203.0.113.2", 2)) as other,
    ):
        assert first.get("/api/search", params={"q": "Kurs"}).status_code == 200
        assert first.post("/api/chat", json=QUESTION).status_code == 200
        assert first.post("/api/chat/stream", json=QUESTION).status_code == 429
        assert first.post("/api/feedback", json={}).status_code == 429
        # Another address has its own budget.
        assert other.post("/api/chat", json=QUESTION).status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/api/chat", QUESTION),
        ("POST", "/api/chat/stream", QUESTION),
        ("GET", "/api/search?q=Kurs", None),
        ("POST", "/api/feedback", {"rating": "up"}),
    ],
)
def test_every_api_route_is_limited(built_settings, method, path, body):
    with client_for(built_settings, rate_limit_enabled=True, rate_limit="1/minute") as c:
        assert c.request(method, path, json=body).status_code != 429
        assert c.request(method, path, json=body).status_code == 429


def test_pages_docs_and_health_are_not_limited(built_settings):
    with client_for(built_settings, rate_limit_enabled=True, rate_limit="1/minute") as c:
        c.get("/api/search", params={"q": "Kurs"})
        assert c.get("/api/search", params={"q": "Kurs"}).status_code == 429
        for path in ["/healthz", "/openapi.json", "/docs", "/healthz", "/openapi.json"]:
            assert c.get(path).status_code == 200, path


def test_cors_preflight_does_not_use_up_the_budget(built_settings):
    origin = "https://www.example.de"
    with client_for(
        built_settings, rate_limit_enabled=True, rate_limit="1/minute", cors_origins=[origin]
    ) as c:
        preflight = {"Origin": origin, "Access-Control-Request-Method": "POST"}
        for _ in range(3):
            assert c.options("/api/chat", headers=preflight).status_code == 200
        assert c.post("/api/chat", json=QUESTION, headers={"Origin": origin}).status_code == 200
        r = c.post("/api/chat", json=QUESTION, headers={"Origin": origin})
        assert r.status_code == 429
        # The widget on the allowed site can read the 429 and its Retry-After.
        assert r.headers["access-control-allow-origin"] == origin


def test_rate_limiting_off_lets_everything_through(client):
    assert {client.get("/api/search", params={"q": "Kurs"}).status_code for _ in range(40)} == {200}


def test_a_malformed_rate_limit_fails_at_start_up(built_settings):
    with pytest.raises(ConfigError, match="NAVIGATOR_RATE_LIMIT"):
        create_app(make_settings(built_settings.data_dir, rate_limit="thirty a minute"))


@pytest.mark.parametrize("value", [[{}], [["office"]], [1], {"a": 1}])
def test_non_string_filter_values_are_422_not_500(client, value):
    # Found by schemathesis: an unhashable filter value used to raise TypeError in the validator.
    r = client.post("/api/chat", json={"message": "Deutschkurs", "filters": {"kind": value}})
    assert r.status_code == 422


def test_openapi_states_the_configured_limits(built_settings):
    with client_for(built_settings, max_message_chars=300, max_history_turns=4) as c:
        schemas = c.get("/openapi.json").json()["components"]["schemas"]
    assert schemas["ChatRequest"]["properties"]["message"]["maxLength"] == 300
    assert schemas["ChatRequest"]["properties"]["history"]["maxItems"] == 4
    assert schemas["FeedbackBody"]["properties"]["question"]["maxLength"] == 300
