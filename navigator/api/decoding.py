r"""The request decoding step: client text is valid Unicode before any route sees it, and 422s are safe.

JSON may escape a lone UTF-16 surrogate (`{"message": "\ud800"}` is valid JSON), which Python decodes
into a `str` that cannot be written as UTF-8: the first thing that writes it (the validation error
answer, a log line, SQLite) fails, and the client got a 500. Percent-escapes in a query string or a
form body can hold bytes that are no UTF-8 at all. `ValidUnicode` checks every JSON string (keys too),
every form field and every query parameter once, before routing, and answers 422 naming the field,
never repeating what was sent. Cookies are cleaned instead: an unreadable cookie may come from another
site on the same domain, and the person could not fix it, so it is dropped and the request goes on.

`validation_error` replaces FastAPI's 422 handler, which echoes each offending value back (`input`):
that fails for values JSON cannot write (1e309 parses as infinity) and reflects markup into answers.
Ours keeps where (`loc`), why (`msg`) and the error `type`, and writes `<`, `>` and `&` as JSON escapes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote_to_bytes

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

INVALID = "is not valid Unicode text (an unpaired surrogate or bytes that are not UTF-8); send UTF-8 text"
UNREADABLE_NAME = "(unreadable name)"
# Field names are client text too: a long one is cut in the answer.
MAX_NAME_CHARS = 80
_HTML_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def is_valid_text(text: str) -> bool:
    """True when `text` can be written as UTF-8 (no unpaired surrogate)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _name(key: object) -> object:
    if isinstance(key, str):
        return key[:MAX_NAME_CHARS] if is_valid_text(key) else UNREADABLE_NAME
    return key


def invalid_json_text(document: object) -> list[object] | None:
    r"""The location of the first string (value or key) in a parsed JSON document that is no valid text.

    Iterative, because the document may be nested as deep as the JSON parser allowed.

    Example:
        >>> invalid_json_text({"history": [{"role": "user", "content": "\ud800"}]})
        ['history', 0, 'content']
    """
    stack: list[tuple[list[object], object]] = [([], document)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if not is_valid_text(value):
                return path
        elif isinstance(value, dict):
            if bad := next((key for key in value if not is_valid_text(key)), None):
                return [*path, _name(bad)]
            # Reversed onto the stack, so the first problem in document order is the one named.
            stack.extend(([*path, key], item) for key, item in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend(([*path, i], item) for i, item in reversed(list(enumerate(value))))
    return None


def _pairs(raw: bytes) -> Iterator[tuple[bytes, bytes]]:
    for part in raw.split(b"&"):
        if part:
            name, _, value = part.partition(b"=")
            yield unquote_to_bytes(name.replace(b"+", b" ")), unquote_to_bytes(value.replace(b"+", b" "))


def invalid_form_field(raw: bytes) -> str | None:
    """The name of the first field of a URL-encoded query or form body that is not UTF-8, else None."""
    for name, value in _pairs(raw):
        try:
            text_name = name.decode("utf-8")
        except UnicodeDecodeError:
            return UNREADABLE_NAME
        try:
            value.decode("utf-8")
        except UnicodeDecodeError:
            return text_name[:MAX_NAME_CHARS]
    return None


def clean_cookie_header(raw: bytes) -> bytes:
    """The cookie header without the cookies that are not UTF-8."""
    kept = []
    for part in raw.split(b";"):
        try:
            part.decode("utf-8")
        except UnicodeDecodeError:
            continue
        kept.append(part.strip())
    return b"; ".join(p for p in kept if p)


def error_response(errors: list[dict[str, Any]], status_code: int = 422) -> Response:
    """A JSON error answer `{"detail": errors}` that is safe to show anywhere (no raw `<`, `>`, `&`)."""
    body = json.dumps({"detail": errors}, ensure_ascii=True, allow_nan=False, default=str)
    return Response(body.translate(_HTML_SAFE), status_code=status_code, media_type="application/json")


def _unicode_error(loc: list[object]) -> Response:
    field = ".".join(str(part) for part in loc[1:]) or loc[0]
    return error_response([{"loc": loc, "msg": f"{field} {INVALID}", "type": "unicode_error"}])


class ValidUnicode:
    """ASGI middleware: 422 for invalid text in the query string, a JSON body or a form body.

    Example::

        app.add_middleware(ValidUnicode)
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if (name := invalid_form_field(scope.get("query_string") or b"")) is not None:
            await _unicode_error(["query", name])(scope, receive, send)
            return
        scope = _without_bad_cookies(scope)
        kind = _body_kind(scope)
        if kind is None:
            await self.app(scope, receive, send)
            return
        body, replay = await _read_body(receive)
        loc = _invalid_json_body(body) if kind == "json" else _invalid_form_body(body)
        if loc is not None:
            await _unicode_error(loc)(scope, receive, send)
            return
        await self.app(scope, replay, send)


def _without_bad_cookies(scope: Scope) -> Scope:
    headers: list[tuple[bytes, bytes]] = scope.get("headers") or []
    if not any(name == b"cookie" for name, _ in headers):
        return scope
    cleaned = [(n, clean_cookie_header(v) if n == b"cookie" else v) for n, v in headers]
    return {**scope, "headers": cleaned}


def _body_kind(scope: Scope) -> str | None:
    if scope["method"] not in ("POST", "PUT", "PATCH"):
        return None
    content_type = next((v for n, v in scope.get("headers") or [] if n == b"content-type"), b"").lower()
    if b"json" in content_type:
        return "json"
    if b"application/x-www-form-urlencoded" in content_type:
        return "form"
    return None


async def _read_body(receive: Receive) -> tuple[bytes, Receive]:
    """Read the whole body; return it and a `receive` that hands it on once, then the original's."""
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":  # the client went away; let the app see it
            first: Message = message
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            first = {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            break
    body = b"".join(chunks)
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return first
        return await receive()

    return body, replay


def _invalid_json_body(body: bytes) -> list[object] | None:
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):  # not JSON (or too deep): FastAPI answers that itself
        return None
    loc = invalid_json_text(document)
    return None if loc is None else ["body", *(_name(part) for part in loc)]


def _invalid_form_body(body: bytes) -> list[object] | None:
    name = invalid_form_field(body)
    return None if name is None else ["body", name]


async def validation_error(_: Request, exc: Exception) -> Response:
    """FastAPI's 422 without the echoed input: where, why and the error type of each problem."""
    assert isinstance(exc, RequestValidationError)
    errors = [
        {
            "loc": [_name(part) for part in error.get("loc", ())],
            "msg": error.get("msg", "invalid"),
            "type": error.get("type", "value_error"),
        }
        for error in exc.errors()
    ]
    return error_response(errors)


def add_input_checks(app: FastAPI) -> None:
    """Install the decoding step and the safe 422 handler on `app`."""
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_middleware(ValidUnicode)
