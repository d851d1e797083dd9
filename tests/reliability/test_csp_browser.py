"""The CSP in a real browser: the widget frames on an allowed site, is refused elsewhere, pages run clean."""

from __future__ import annotations

import contextlib

import pytest
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route

from navigator.api.app import create_app
from tests.conftest import free_port, make_settings
from tests.helpers import running_app

pytestmark = pytest.mark.browser

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run", "--disable-sync", "--disable-dev-shm-usage"]  # fmt: skip


def host_site(navigator_url: str) -> Starlette:
    """A regional website that embeds the navigator's widget page in an iframe."""

    async def page(_request):
        return HTMLResponse(
            f'<!doctype html><title>Kammer</title><iframe id="nav" src="{navigator_url}/widget"></iframe>'
        )

    return Starlette(routes=[Route("/", page)])


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def sites(built_settings):
    allowed_port, other_port = free_port(), free_port()
    allowed = f"http://127.0.0.1:{allowed_port}"
    settings = make_settings(built_settings.data_dir, cors_origins=[allowed])
    with contextlib.ExitStack() as stack:
        navigator = stack.enter_context(running_app(create_app(settings)))
        stack.enter_context(running_app(host_site(navigator), allowed_port))
        stack.enter_context(running_app(host_site(navigator), other_port))
        yield {"navigator": navigator, "allowed": allowed, "other": f"http://127.0.0.1:{other_port}"}


def open_page(chromium, url):
    page = chromium.new_page()
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text))
    page.goto(url, wait_until="load")
    page.wait_for_timeout(300)  # let late console reports (CSP violations) arrive
    return page, messages


def widget_frame(page, navigator_url):
    return next(f for f in page.frames if f.url.startswith(f"{navigator_url}/widget"))


def test_widget_loads_in_an_iframe_on_an_allowed_site(chromium, sites):
    page, messages = open_page(chromium, sites["allowed"])
    frame = widget_frame(page, sites["navigator"])
    assert frame.locator("form").count() >= 1  # the widget's chat form rendered inside the frame
    assert not [m for m in messages if "Content Security Policy" in m or "Refused" in m]
    page.close()


def test_widget_is_refused_on_a_site_that_is_not_allowed(chromium, sites):
    page, messages = open_page(chromium, sites["other"])
    assert any("frame-ancestors" in m for m in messages), messages
    frames = [f for f in page.frames if f != page.main_frame]
    assert frames and all(f.locator("form").count() == 0 for f in frames)
    page.close()


@pytest.mark.parametrize("path", ["/", "/widget", "/angebote", "/datenschutz"])
def test_pages_run_without_csp_violations(chromium, sites, path):
    page, messages = open_page(chromium, sites["navigator"] + path)
    violations = [m for m in messages if "Content Security Policy" in m]
    assert violations == []
    # The page's own script ran (it is a static file, allowed by script-src 'self').
    assert page.evaluate("document.readyState") == "complete"
    page.close()


def test_inline_script_injected_into_a_page_is_blocked(chromium, sites):
    page, messages = open_page(chromium, sites["navigator"] + "/")
    page.evaluate(
        """() => { const s = document.createElement('script');
                   s.textContent = 'window.__injected = true'; document.body.appendChild(s); }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.__injected === undefined")
    assert any("Content Security Policy" in m for m in messages)
    page.close()
