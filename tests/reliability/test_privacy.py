"""Privacy: no question or answer is stored or logged; in debug mode text is logged only redacted.

The questions carry an e-mail address, a phone number, an IBAN and a date of birth. They go through
/api/chat (with a history), /api/chat/stream and /api/search with DEBUG logging on; then the logs (in
memory, and the JSON log file of a real `navigator serve`) and every file of the data directory are
searched for them, plain and URL-encoded.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from urllib.parse import quote, quote_plus

import httpx
import pytest
from fastapi.testclient import TestClient

import ingest
from navigator.api.app import create_app
from navigator.log import configure_logging
from tests.conftest import make_settings
from tests.helpers import NavigatorServer, settings_env

SECRETS = ["anna.schmidt@example.org", "0176 98765432", "DE89 3704 0044 0532 0130 00", "03.04.1985"]
MARKER = "Zebrafinkenzucht"  # not personal, but shows whether the question text was logged at all
QUESTION = (
    f"Ich bin Anna, {MARKER} ist mein Hobby, geboren am 03.04.1985, Mail anna.schmidt@example.org, "
    "Tel. 0176 98765432, IBAN DE89 3704 0044 0532 0130 00. Wer hilft bei der Anerkennung meines Abschlusses?"
)
HISTORY = [
    {
        "role": "user",
        "content": "Meine Nummer ist 0176 98765432, ruf mich an. Wer hilft bei der Anerkennung?",
    },
    {"role": "assistant", "content": "Die IQ Anerkennungsberatung [1]."},
]


def forms(secret: str) -> list[str]:
    """The secret as it may appear in a log line: plain, without spaces, URL- and JSON-encoded."""
    return sorted(
        {secret, secret.replace(" ", ""), quote(secret), quote_plus(secret), json.dumps(secret)[1:-1]}
    )


def leaks(text: str) -> list[str]:
    return [f for s in SECRETS for f in forms(s) if f in text]


def send_everything(client: httpx.Client | TestClient) -> None:
    r = client.post("/api/chat", json={"message": QUESTION, "history": HISTORY})
    assert r.status_code == 200
    with client.stream("POST", "/api/chat/stream", json={"message": QUESTION}) as r:
        assert r.status_code == 200 and "event: done" in "".join(r.iter_text())
    assert client.get("/api/search", params={"q": QUESTION[:400]}).status_code == 200
    assert client.post("/api/chat", json={"message": QUESTION, "language": "xx"}).status_code == 422


def files_containing_secrets(folder: Path) -> list[str]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found += [f"{path.name}: {f}" for s in [*SECRETS, MARKER] for f in forms(s) if f.encode() in data]
    return found


@pytest.fixture
def index(tmp_path):
    settings = make_settings(tmp_path / "data", llm="fake")
    ingest.run(settings)
    return settings


@pytest.mark.parametrize("log_text", [False, True], ids=["default", "debug-text"])
def test_in_process_logs_hold_no_personal_data(index, caplog, log_text):
    caplog.set_level(logging.DEBUG)
    settings = make_settings(index.data_dir, llm="fake", log_level="DEBUG", log_json=True, log_text=log_text)
    try:
        with TestClient(create_app(settings)) as client:
            send_everything(client)
    finally:
        configure_logging("INFO")
    logged = "\n".join(
        f"{r.name}: {r.getMessage()}" for r in caplog.records if not r.name.startswith("httpx")
    )
    assert logged  # DEBUG logging really ran
    assert leaks(logged) == []
    if log_text:
        assert MARKER in logged and "[E-MAIL]" in logged and "[IBAN]" in logged  # logged, but redacted
    else:
        assert MARKER not in logged and "Anerkennung" not in logged
    assert files_containing_secrets(index.data_dir) == []


@pytest.mark.slow
@pytest.mark.parametrize("log_text", [False, True], ids=["default", "debug-text"])
def test_served_json_log_file_holds_no_personal_data(index, tmp_path, log_text):
    settings = make_settings(
        index.data_dir, llm="fake", log_level="DEBUG", log_json=True, log_text=log_text, warm_up=True
    )
    log_file = tmp_path / "navigator.log"
    server = NavigatorServer(settings_env(settings), log_file)
    server.start()
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            send_everything(client)
    finally:
        server.stop()
    lines = [ln for ln in log_file.read_text(encoding="utf-8").splitlines() if ln.strip()]
    records = [json.loads(ln) for ln in lines]  # every line is one structured JSON record
    assert all({"ts", "level", "logger", "msg"} <= set(r) for r in records)
    assert any(r["logger"] == "uvicorn.access" and "/api/search" in r["msg"] for r in records)
    text = "\n".join(lines)
    assert leaks(text) == []
    assert "?q=" not in text  # the access log keeps the path, not the search text
    if log_text:
        assert MARKER in text and "[E-MAIL]" in text
    else:
        assert MARKER not in text
    assert files_containing_secrets(index.data_dir) == []
