"""Logging set-up: plain or JSON lines, with personal data redacted from every message."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

# Order matters: IBAN before phone, so the digits of an IBAN are not half-matched as a phone number.
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[E-MAIL]"),
    (re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){3,7}(?:[ ]?[A-Z0-9]{1,4})?\b"), "[IBAN]"),
    (re.compile(r"\b\d{1,2}[./-]\d{1,2}[./-](?:19|20)\d{2}\b"), "[DATUM]"),
    (re.compile(r"\b(?:19|20)\d{2}-\d{2}-\d{2}\b"), "[DATUM]"),
    (re.compile(r"(?<![\w])(?:\+|00)?\d[\d /()-]{6,}\d"), "[TELEFON]"),
]


def redact(text: str) -> str:
    """Replace e-mail addresses, IBANs, dates (of birth) and phone numbers with placeholders."""
    for pattern, placeholder in _PATTERNS:
        text = pattern.sub(placeholder, text)
    return text


class RedactingFilter(logging.Filter):
    """Redacts the rendered message of every record, whatever module logged it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:  # the plain formatter would print it unredacted
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return True


class AccessLogFilter(logging.Filter):
    """Drops the query string from uvicorn's access log: `/api/search?q=…` carries a question."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str):
            record.args = (args[0], args[1], args[2].split("?", 1)[0], args[3], args[4])
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        if record.exc_info:
            payload["exc"] = redact(self.formatException(record.exc_info))
        return json.dumps(payload, ensure_ascii=False)


def configure_logging(level: str = "INFO", *, json_format: bool = False) -> None:
    """Configure the root logger once; safe to call again (replaces our handler)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_navigator", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler()
    handler._navigator = True  # type: ignore[attr-defined]
    handler.addFilter(RedactingFilter())
    handler.setFormatter(
        JsonFormatter()
        if json_format
        else logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    root.addHandler(handler)
    root.setLevel(level)
    # sse_starlette logs every event (the answer) at DEBUG, openai/httpx requests: keep them quiet
    # even in debug mode, where text is logged only by us, redacted, and only with log_text.
    for noisy in (
        "httpx",
        "httpx2",
        "httpcore",
        "openai",
        "sse_starlette",
        "chromadb",
        "sentence_transformers",
        "urllib3",
        "bm25s",
    ):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, AccessLogFilter) for f in access.filters):
        access.addFilter(AccessLogFilter())
