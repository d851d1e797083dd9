"""A widget that cannot load never traps anyone: refused origin, stopped server, a phone screen.

The launcher stays visible, the panel's close button sits outside the frame, Escape closes, the panel
links to the navigator's own page, and the console tells the site owner what to configure.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from navigator.api.app import create_app
from tests.helpers import running_app
from tests.web.test_browser import host_page

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def open_failing_widget(page: Page, url: str) -> list[str]:
    """Open the widget on `url`, wait for the fallback, and return the console messages."""
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(url)
    page.locator("button.launcher").click()
    expect(page.locator(".fallback")).to_be_visible(timeout=10_000)
    return messages


def assert_escapable(page: Page, navigator_url: str) -> None:
    launcher = page.locator("button.launcher")
    fallback = page.locator(".fallback")
    expect(fallback).to_contain_text("Der Chat kann hier gerade nicht geladen werden.")
    link = fallback.locator("a")
    expect(link).to_have_attribute("href", f"{navigator_url}/?lang=de")
    expect(link).to_be_focused()  # focus is not left in the browser's error page
    expect(launcher).to_be_visible()
    expect(page.locator(".panel .close")).to_be_visible()

    page.keyboard.press("Escape")
    expect(page.locator(".panel")).to_be_hidden()
    expect(launcher).to_be_focused()
    launcher.click()
    expect(page.locator(".fallback a")).to_be_focused()
    page.locator(".panel .close").click()  # the close button outside the frame
    expect(page.locator(".panel")).to_be_hidden()


def test_refused_origin_shows_where_to_go_and_tells_the_site_owner(page: Page, live_url, host_site):
    page.set_viewport_size(PHONE)
    url = host_page(host_site, live_url, "refused.html").replace("localhost", "127.0.0.1")  # not listed
    messages = open_failing_widget(page, url)
    assert_escapable(page, live_url)
    hint = next(m for m in messages if m.startswith("Digitalnavigator widget:"))
    assert "refused" in hint and "NAVIGATOR_CORS_ORIGINS" in hint and "http://127.0.0.1:" in hint


def test_stopped_server_shows_where_to_go_and_tells_the_site_owner(page: Page, web_settings, host_site):
    # A second navigator that stops after the host page has loaded the widget script and its styles.
    with running_app(create_app(web_settings)) as navigator_url:
        page.goto(host_page(host_site, navigator_url, "stopped.html"))
        expect(page.locator("button.launcher")).to_be_visible()
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    page.locator("button.launcher").click()
    expect(page.locator(".fallback")).to_be_visible(timeout=20_000)
    assert_escapable(page, navigator_url)
    page.wait_for_timeout(500)
    hint = next(m for m in messages if m.startswith("Digitalnavigator widget:"))
    assert "not reachable" in hint and navigator_url in hint


def test_launcher_stays_visible_over_an_open_panel_on_a_phone(page: Page, live_url, host_site):
    page.set_viewport_size(PHONE)
    page.goto(host_page(host_site, live_url, "phone.html"))
    launcher = page.locator("button.launcher")
    launcher.click()
    frame = page.frame_locator("iframe")
    expect(frame.locator("#q-widget")).to_be_focused()
    expect(launcher).to_be_visible()
    expect(launcher).to_have_text("Chat schließen")
    panel, button = page.locator(".panel").bounding_box(), launcher.bounding_box()
    assert panel["y"] + panel["height"] <= button["y"]  # the panel ends above the launcher
    expect(page.locator(".fallback")).to_have_count(0)
    launcher.click()
    expect(page.locator(".panel")).to_be_hidden()
