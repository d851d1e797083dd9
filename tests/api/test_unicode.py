"""Invalid Unicode never reaches a route: 422 naming the field on every route, never the raw input.

JSON can escape an unpaired surrogate (`"\\ud800"`), valid JSON but no text; percent-escapes in query
strings and forms can hold bytes that are no UTF-8. Both used to give 500 on the JSON routes.
"""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from navigator.api.app import create_app
from navigator.api.decoding import clean_cookie_header, invalid_form_field, invalid_json_text

SURROGATE = "\\ud800"  # as written inside a JSON document: the escape, not a character
NOT_UTF8 = "%ED%A0%80"  # the UTF-8-style bytes of U+D800, which strict UTF-8 refuses
ROW_ID = "0" * 32
PAGES = ["/", "/angebote", "/angebote/iq-anerkennungsberatung", "/datenschutz", "/widget", "/foerder-check"]


@pytest.fixture(scope="module")
def client(built_settings):
    with TestClient(create_app(built_settings), raise_server_exceptions=False) as c:
        yield c


def post_json(client: TestClient, path: str, document: str):
    return client.post(path, content=document.encode(), headers={"content-type": "application/json"})


def assert_names_field_without_echo(response, loc: list[object]) -> None:
    assert response.status_code == 422, response.text
    (error,) = response.json()["detail"]
    assert error["loc"] == loc
    assert "not valid Unicode" in error["msg"] and error["type"] == "unicode_error"
    assert "ud800" not in response.text.lower() and "\ufffd" not in response.text
    assert "input" not in error


@pytest.mark.parametrize(
    ("path", "document", "loc"),
    [
        ("/api/chat", f'{{"message": "{SURROGATE}"}}', ["body", "message"]),
        ("/api/chat/stream", f'{{"message": "{SURROGATE}"}}', ["body", "message"]),
        (
            "/api/chat",
            f'{{"message": "Hallo", "history": [{{"role": "user", "content": "a{SURROGATE}b"}}]}}',
            ["body", "history", 0, "content"],
        ),
        ("/api/chat", f'{{"message": "Hallo", "filters": {{"region": ["{SURROGATE}"]}}}}', None),
        ("/api/check", f'{{"programmes": ["{SURROGATE}"]}}', ["body", "programmes", 0]),
        ("/api/check", f'{{"{SURROGATE}": 1}}', ["body", "(unreadable name)"]),
        (
            "/api/feedback",
            f'{{"rating": "up", "question": "Frage", "answer": "{SURROGATE}"}}',
            ["body", "answer"],
        ),
        (f"/api/feedback/{ROW_ID}/comment", f'{{"comment": "{SURROGATE}"}}', ["body", "comment"]),
    ],
)
def test_unpaired_surrogate_in_any_json_field_is_a_422_naming_it(client, path, document, loc):
    response = post_json(client, path, document)
    assert_names_field_without_echo(response, loc or ["body", "filters", "region", 0])


def test_the_first_bad_field_in_document_order_is_named(client):
    response = post_json(client, "/api/chat", f'{{"message": "{SURROGATE}", "language": "{SURROGATE}"}}')
    assert_names_field_without_echo(response, ["body", "message"])


def test_paired_surrogates_are_ordinary_text(client):
    response = post_json(client, "/api/chat", '{"message": "Anerkennung Abschluss \\ud83d\\ude00"}')
    assert response.status_code == 200


@pytest.mark.parametrize("path", ["/api/search", *PAGES])
def test_query_parameters_that_are_not_utf8_are_a_422_naming_them(client, path):
    response = client.get(f"{path}?q={NOT_UTF8}")
    assert_names_field_without_echo(response, ["query", "q"])


@pytest.mark.parametrize(
    ("path", "form"),
    [
        ("/api/chat/form", f"message={NOT_UTF8}"),
        ("/foerder-check", f"action=answer&q=company_size&a={NOT_UTF8}"),
    ],
)
def test_no_js_form_fields_that_are_not_utf8_are_a_422_naming_them(client, path, form):
    headers = {"content-type": "application/x-www-form-urlencoded"}
    response = client.post(path, content=form.encode(), headers=headers)
    name = form.rsplit("&", 1)[-1].split("=")[0]
    assert_names_field_without_echo(response, ["body", name])


def test_cookies_that_are_not_utf8_are_dropped_and_the_others_kept(client):
    client.cookies.clear()
    bad = client.get("/", headers={"cookie": b"lang=\xed\xa0\x80", "accept-language": ""})  # type: ignore[dict-item]
    assert bad.status_code == 200 and 'lang="de"' in bad.text
    mixed = client.get("/", headers={"cookie": b"x=\xff\xfe; lang=en", "accept-language": ""})  # type: ignore[dict-item]
    assert mixed.status_code == 200 and 'lang="en"' in mixed.text


def test_json_that_is_not_utf8_is_a_4xx(client):
    response = client.post(
        "/api/chat", content=b'{"message": "\xff"}', headers={"content-type": "application/json"}
    )
    assert 400 <= response.status_code < 500


def test_validation_errors_name_the_field_but_never_echo_the_input(client):
    response = post_json(client, "/api/check", '{"company_size": 1e309, "language": "<b>x</b>"}')
    assert response.status_code == 422
    errors = response.json()["detail"]
    assert {tuple(e["loc"]) for e in errors} == {("body", "company_size"), ("body", "language")}
    assert all(set(e) == {"loc", "msg", "type"} for e in errors)
    assert "<b>" not in response.text and "Infinity" not in response.text


def test_markup_in_an_error_message_is_escaped_in_the_json_text(client):
    response = post_json(client, "/api/chat", '{"message": "Hallo", "filters": {"region": ["<script>"]}}')
    assert response.status_code == 422
    assert "<script>" not in response.text and "\\u003cscript\\u003e" in response.text
    assert "unknown region '<script>'" in json.dumps(response.json())  # the same text, once parsed


def test_the_decoding_helpers():
    assert invalid_json_text({"a": ["ok", {"b": "\ud800"}]}) == ["a", 1, "b"]
    assert invalid_json_text({"a": ["ok", "🙂"], "b": 1e309}) is None
    deep: object = "\udfff"
    for _ in range(5000):  # deeper than Python's recursion limit: the walk is iterative
        deep = [deep]
    assert invalid_json_text(deep) == [0] * 5000
    assert invalid_form_field(b"a=1&b=%C3%BC&c=%FF") == "c"
    assert invalid_form_field(b"%FF=1") == "(unreadable name)"
    assert invalid_form_field(b"q=M%C3%A4rkische+Region") is None
    assert clean_cookie_header(b"a=1; b=\xff; lang=en") == b"a=1; lang=en"
