"""Security headers on every response, a CSP that keeps the widget embeddable, CORS only for allowed sites."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from navigator.api.app import create_app
from navigator.errors import ConfigError
from navigator.settings import REPO_ROOT
from tests.conftest import make_settings

ALLOWED = "https://www.example-kammer.de"
OTHER = "https://evil.example"


def csp(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [values]}."""
    out: dict[str, list[str]] = {}
    for part in response.headers["content-security-policy"].split(";"):
        name, *values = part.split()
        out[name] = values
    return out


@pytest.fixture(scope="module")
def client(built_settings):
    settings = make_settings(
        built_settings.data_dir, cors_origins=[ALLOWED], rate_limit_enabled=True, rate_limit="3/minute"
    )
    with TestClient(create_app(settings)) as c:
        yield c


def assert_common_headers(r):
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in r.headers["permissions-policy"]
    policy = csp(r)
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("GET", "/healthz", None, 200),
        ("GET", "/api/search?q=Deutschkurs", None, 200),
        ("POST", "/api/chat", {"message": "Deutschkurs für den Beruf"}, 200),
        ("GET", "/openapi.json", None, 200),
        ("GET", "/does-not-exist", None, 404),
        ("POST", "/api/chat", {"message": ""}, 422),
        ("POST", "/api/chat", {"message": "a" * 70_000}, 413),
    ],
)
def test_every_response_carries_the_security_headers(client, method, path, body, status):
    r = client.request(method, path, json=body)
    assert r.status_code == status
    assert_common_headers(r)
    policy = csp(r)
    assert policy["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval'
    assert policy["style-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    # Pages other than the widget may only be framed by the navigator itself.
    assert policy["frame-ancestors"] == ["'self'"]
    assert r.headers["x-frame-options"] == "SAMEORIGIN"


def test_the_429_answer_carries_the_headers_too(client):
    codes = []
    for _ in range(4):
        r = client.get("/api/search", params={"q": "Kurs"}, headers={"x-test": "429"})
        codes.append(r.status_code)
    assert codes[-1] == 429
    assert_common_headers(r)


def test_the_widget_page_may_be_framed_by_the_allowed_sites_only(client):
    r = client.get("/widget")
    assert csp(r)["frame-ancestors"] == ["'self'", ALLOWED]
    # X-Frame-Options cannot name origins; sending it would break the widget on the allowed sites.
    assert "x-frame-options" not in r.headers
    assert_common_headers(r)


def test_widget_without_allowed_sites_is_framed_by_the_navigator_only(built_settings):
    with TestClient(create_app(make_settings(built_settings.data_dir))) as c:
        assert csp(c.get("/widget"))["frame-ancestors"] == ["'self'"]


def test_docs_run_their_inline_script_only_with_a_fresh_nonce(client):
    first, second = client.get("/docs"), client.get("/docs")
    assert first.status_code == 200
    nonces = []
    for r in (first, second):
        script_src = csp(r)["script-src"]
        assert "'unsafe-inline'" not in script_src
        nonce = next(v for v in script_src if v.startswith("'nonce-"))[7:-1]
        inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", r.text)
        assert inline and all(f'nonce="{nonce}"' in attrs for attrs in inline)
        nonces.append(nonce)
    assert nonces[0] != nonces[1] and len(nonces[0]) >= 16


def test_cors_allows_the_configured_origin_only(client):
    allowed = client.get("/api/search", params={"q": "Kurs"}, headers={"Origin": ALLOWED})
    assert allowed.headers["access-control-allow-origin"] == ALLOWED
    other = client.get("/healthz", headers={"Origin": OTHER})
    assert "access-control-allow-origin" not in other.headers
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    ok = client.options("/api/chat/stream", headers={"Origin": ALLOWED, **preflight})
    assert ok.status_code == 200 and ok.headers["access-control-allow-origin"] == ALLOWED
    refused = client.options("/api/chat/stream", headers={"Origin": OTHER, **preflight})
    assert refused.status_code == 400 and "access-control-allow-origin" not in refused.headers


def test_no_origin_is_allowed_by_default(built_settings):
    with TestClient(create_app(make_settings(built_settings.data_dir))) as c:
        r = c.get("/healthz", headers={"Origin": ALLOWED})
        assert "access-control-allow-origin" not in r.headers


@pytest.mark.parametrize("origin", ["https://example.de/path", "https://a.de; script-src *", "example.de"])
def test_an_origin_that_is_not_an_origin_fails_at_start_up(built_settings, origin):
    with pytest.raises(ConfigError, match="NAVIGATOR_CORS_ORIGINS"):
        create_app(make_settings(built_settings.data_dir, cors_origins=[origin]))


def test_hsts_only_when_served_over_https(built_settings):
    with TestClient(create_app(make_settings(built_settings.data_dir))) as c:
        assert "strict-transport-security" not in c.get("/healthz").headers
    settings = make_settings(built_settings.data_dir, public_url="https://navigator.example.de")
    with TestClient(create_app(settings)) as c:
        assert c.get("/healthz").headers["strict-transport-security"].startswith("max-age=")


class _InlineFinder(HTMLParser):
    """Collects what a strict CSP would block: inline scripts, inline styles and event-handler attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        if tag == "script" and "src" not in names and ("type", "application/json") not in attrs:
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style> element")
        if "style" in names:
            self.found.append(f"style attribute on <{tag}>")
        self.found += [f"{name} handler on <{tag}>" for name in names if name.startswith("on")]
        self.found += [
            f"javascript: URL on <{tag}>" for _, v in attrs if v and v.strip().startswith("javascript:")
        ]


@pytest.mark.parametrize("path", ["/", "/angebote", "/widget", "/datenschutz", "/angebote/bildungsgutschein"])
def test_pages_need_no_inline_script_or_style(client, path):
    r = client.get(path)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    finder = _InlineFinder()
    finder.feed(r.text)
    assert finder.found == []


def test_templates_contain_no_inline_script_or_style():
    templates = sorted((REPO_ROOT / "web" / "templates").glob("*.html"))
    assert templates
    for template in templates:
        finder = _InlineFinder()
        finder.feed(template.read_text(encoding="utf-8"))
        assert finder.found == [], template.name
