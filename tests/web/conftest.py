"""Fixtures for the web tests: an index of the fixture corpus, the app on loopback, a second origin.

Browser tests drive Debian's Chromium through Playwright (never a downloaded browser); see
runtime-facts.md, "Browser tests".
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from navigator.api.app import create_app
from navigator.feedback import FILE_NAME, FeedbackStore
from navigator.settings import Settings
from tests.conftest import free_port, make_settings
from tests.helpers import running_app

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": FLAGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A German browser, as most visitors have: the UI language then comes from Accept-Language.
    return {**browser_context_args, "locale": "de-DE"}


@dataclass
class HostSite:
    """A static site on another origin (another port), standing in for a regional website."""

    root: Path
    url: str

    def page(self, name: str, html: str) -> str:
        (self.root / name).write_text(html, encoding="utf-8")
        return f"{self.url}/{name}"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def host_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HostSite]:
    root = tmp_path_factory.mktemp("host-site")
    port = free_port()
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True, name="host-site")
    thread.start()
    try:
        # "localhost", not 127.0.0.1: another host name is another origin, like another website.
        yield HostSite(root, f"http://localhost:{port}")
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def web_settings(tmp_path_factory: pytest.TempPathFactory, host_site: HostSite) -> Settings:
    """An index of tests/data/knowledge (hash embedder, extractive answers) with its own data dir."""
    import ingest

    settings = make_settings(tmp_path_factory.mktemp("web-data"), cors_origins=[host_site.url])
    ingest.run(settings)
    return settings


@pytest.fixture(scope="session")
def web_app(web_settings: Settings) -> FastAPI:
    return create_app(web_settings)


@pytest.fixture(scope="session")
def live_url(web_app: FastAPI) -> Iterator[str]:
    with running_app(web_app) as url:
        yield url


@pytest.fixture(scope="module")
def client(web_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(web_app) as c:
        yield c


@pytest.fixture
def feedback_store(web_settings: Settings) -> FeedbackStore:
    return FeedbackStore(web_settings.data_dir / FILE_NAME)
