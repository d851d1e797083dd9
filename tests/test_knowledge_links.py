"""The link checker, against a local HTTP server only (never the internet)."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from navigator.knowledge.links import (
    USER_AGENT,
    CheckOptions,
    entry_urls,
    load_cache,
    run_check,
)
from tests.test_coverage import make

SEEN: list[tuple[str, str, str]] = []  # (method, path, user agent)


class Handler(BaseHTTPRequestHandler):
    def _answer(self) -> None:
        SEEN.append((self.command, self.path, self.headers.get("user-agent", "")))
        if self.path == "/ok":
            self.send_response(200)
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif self.path == "/gone":
            self.send_response(404)
        elif self.path == "/broken":
            self.send_response(500)
        elif self.path == "/slow":
            time.sleep(1.5)
            self.send_response(200)
        elif self.path == "/no-head":
            self.send_response(405 if self.command == "HEAD" else 200)
        else:
            self.send_response(400)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = _answer
    do_GET = _answer

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


FAST = CheckOptions(timeout_s=0.5, concurrency=4, host_delay_s=0.0)


def test_statuses_redirects_and_timeouts_are_recorded(server: str, tmp_path: Path):
    urls = {f"{server}/{p}": [f"entry-{p}"] for p in ("ok", "moved", "gone", "broken", "slow", "no-head")}
    results = {r.url.rsplit("/", 1)[1]: r for r in run_check(urls, tmp_path, FAST)}

    assert results["ok"].ok and results["ok"].status == 200 and not results["ok"].redirects
    moved = results["moved"]
    assert moved.ok and moved.redirects == ["/ok"] and moved.final_url == f"{server}/ok"
    assert results["gone"].status == 404 and results["gone"].problem == "HTTP 404"
    assert results["broken"].status == 500 and not results["broken"].ok
    assert results["slow"].error == "timeout" and not results["slow"].ok
    assert results["no-head"].ok  # HEAD refused with 405, then GET answered 200
    assert ("GET", "/no-head") in {(m, p) for m, p, _ in SEEN}
    assert results["gone"].entries == ["entry-gone"]
    assert all(agent == USER_AGENT for _, _, agent in SEEN)
    assert "Digitalnavigator" in USER_AGENT


def test_results_are_cached_and_not_fetched_again_within_a_day(server: str, tmp_path: Path):
    urls = {f"{server}/ok": ["a"], f"{server}/gone": ["b"]}
    run_check(urls, tmp_path, FAST)
    cached = load_cache(tmp_path)
    assert set(cached) == set(urls) and cached[f"{server}/gone"].status == 404

    SEEN.clear()
    again = run_check(urls, tmp_path, FAST)
    assert SEEN == [] and {r.url: r.status for r in again} == {f"{server}/ok": 200, f"{server}/gone": 404}
    run_check(urls, tmp_path, FAST, force=True)
    assert len(SEEN) == 2


def test_requests_to_one_host_are_spaced(server: str, tmp_path: Path):
    urls = {f"{server}/ok?{i}": ["a"] for i in range(3)}
    started = time.monotonic()
    run_check(urls, tmp_path, CheckOptions(timeout_s=1, concurrency=8, host_delay_s=0.2))
    assert time.monotonic() - started >= 0.4  # three requests, two pauses, although 8 may run at once


def test_every_url_of_an_entry_is_collected_once():
    entry = make(
        "stelle",
        url="https://example.org/",
        contact={"contact_page": "https://example.org/kontakt"},
        sources=["https://example.org/", "https://quelle.example/"],
        reviewed=dt.date(2026, 11, 26),
    )
    assert entry_urls([entry]) == {
        "https://example.org/": ["stelle"],
        "https://example.org/kontakt": ["stelle"],
        "https://quelle.example/": ["stelle"],
    }


def test_the_cli_checks_the_knowledge_base_and_the_review_queue_lists_broken_links(
    server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from typer.testing import CliRunner

    from navigator.cli import app
    from navigator.settings import get_settings

    kb = tmp_path / "knowledge"
    kb.mkdir()
    (kb / "stelle.md").write_text(
        "---\nid: stelle\nkind: office\ntitle: Eine Stelle\norganisation: Träger\n"
        "summary: Eine kurze Zusammenfassung.\naudiences: [kmu]\ntopics: [beratung]\nregions: [hagen]\n"
        f"url: {server}/moved\nsources: [{server}/gone]\nreviewed: 2026-12-01\n---\nText.\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("NAVIGATOR_KNOWLEDGE_DIR", str(kb))
    monkeypatch.setenv("NAVIGATOR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NAVIGATOR_LINK_CHECK_HOST_DELAY_S", "0")
    monkeypatch.setenv("NAVIGATOR_TODAY", "2026-12-07")
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["knowledge", "check-links"])
        assert result.exit_code == 0, result.output
        assert f"BROKEN {server}/gone: HTTP 404 (stelle)" in result.output
        assert f"MOVED  {server}/moved -> {server}/ok (stelle)" in result.output
        queue = CliRunner().invoke(app, ["knowledge", "review", "--json"]).output
        assert f'"detail": "{server}/gone: HTTP 404"' in queue
    finally:
        get_settings.cache_clear()
