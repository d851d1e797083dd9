"""Every naughty string (tests/data/naughty_strings.txt) on every API route and every page: no 5xx, no markup.

Each string goes into the JSON fields, the query strings of the pages, the no-JS form posts, the
`lang` cookie and Accept-Language. The answer may be a page, an answer or a 4xx with the reason, but
never a server error, and a string with markup never comes back unescaped. Over the fixture index
with the extractive provider and the hash embedder (about 1,300 requests, seconds).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

import ingest
from navigator.api.app import create_app
from tests.conftest import make_settings
from tests.naughty import CORPUS, url_quote

ROW_ID = "0" * 32
JSON = {"content-type": "application/json"}
FORM = {"content-type": "application/x-www-form-urlencoded"}
# Servers and clients limit URLs (uvicorn's h11 to about 16 kB): longer strings go into bodies only.
URL_CHARS = 2000


def _json(path: str, document: Callable[[str], Any]) -> Callable[[TestClient, str], Any]:
    # ensure_ascii: unpaired surrogates go out as \udXXX escapes, as a real client could send them.
    return lambda c, s: c.post(path, content=json.dumps(document(s)).encode(), headers=JSON)


def _form(path: str, fields: Callable[[str], str]) -> Callable[[TestClient, str], Any]:
    return lambda c, s: c.post(path, content=fields(url_quote(s)).encode(), headers=FORM)


def _get(path: str, query: Callable[[str], str] = lambda q: "") -> Callable[[TestClient, str], Any]:
    return lambda c, s: c.get(path + query(url_quote(s[:URL_CHARS])))


ROUTES: dict[str, Callable[[TestClient, str], Any]] = {
    "chat message": _json("/api/chat", lambda s: {"message": s}),
    "chat history": _json(
        "/api/chat", lambda s: {"message": "Und in Hagen?", "history": [{"role": "user", "content": s}]}
    ),
    "chat filters": _json("/api/chat", lambda s: {"message": "Weiterbildung", "filters": {"topic": [s]}}),
    "chat stream": _json("/api/chat/stream", lambda s: {"message": s, "language": "de"}),
    "search": _get("/api/search", lambda q: f"?q={q}&region={q}"),
    "check": _json("/api/check", lambda s: {"programmes": [s[:100]], "topics": [s]}),
    "check profile": _json("/api/check", lambda s: {"employment_status": s, "company_size": s}),
    "feedback": _json(
        "/api/feedback", lambda s: {"rating": "up", "question": s or "x", "answer": s or "x", "comment": s}
    ),
    "feedback comment": _json(f"/api/feedback/{ROW_ID}/comment", lambda s: {"comment": s}),
    "page /": _get("/", lambda q: f"?lang={q}&x={q}"),
    "page /angebote": _get("/angebote", lambda q: f"?q={q}&audience={q}&region={q}&current={q}"),
    "page /angebote/<id>": lambda c, s: c.get("/angebote/" + url_quote(s[:URL_CHARS])),
    "page /datenschutz": _get("/datenschutz", lambda q: f"?lang={q}"),
    "page /widget": _get("/widget", lambda q: f"?lang={q}"),
    "page /foerder-check": _get("/foerder-check", lambda q: f"?lang={q}&topic={q}"),
    "form /api/chat/form": _form("/api/chat/form", lambda q: f"message={q}&audience={q}&region=hagen"),
    "form /foerder-check": _form("/foerder-check", lambda q: f"topic={q}&action=answer&q=company_size&a={q}"),
    "form /foerder-check tampered": _form(
        "/foerder-check", lambda q: f"p.company_size={q}&skip={q}&action={q}"
    ),
}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    settings = make_settings(tmp_path_factory.mktemp("naughty"))
    ingest.run(settings)
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        yield c


def _reflected(text: str, sent: str) -> bool:
    return "<" in sent and (sent in text or " ".join(sent.split()) in text)


@pytest.mark.parametrize("route", ROUTES)
def test_no_naughty_string_gives_a_5xx_or_comes_back_as_markup(client, route):
    send = ROUTES[route]
    problems = []
    for s in CORPUS:
        client.cookies.clear()
        response = send(client, s)
        if response.status_code >= 500:
            problems.append(f"{response.status_code} for {s[:60]!r}")
        elif _reflected(response.text, s):
            problems.append(f"markup reflected for {s[:60]!r}")
    assert not problems, problems


# Header values cannot hold line breaks or NUL, whatever the client.
HEADER_SAFE = [s for s in CORPUS if not any(c in s for c in "\r\n\0") and len(s) < 4000]


@pytest.mark.parametrize("header", ["cookie", "accept-language"])
def test_naughty_cookies_and_accept_language_give_a_page(client, header):
    problems = []
    for s in HEADER_SAFE:
        client.cookies.clear()
        value = s.encode("utf-8", "surrogatepass")
        response = client.get("/", headers={header: b"lang=" + value if header == "cookie" else value})
        if response.status_code != 200 or _reflected(response.text, s):
            problems.append(f"{response.status_code} for {s[:60]!r}")
    assert not problems, problems
