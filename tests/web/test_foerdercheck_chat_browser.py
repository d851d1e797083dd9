"""The Förder-Check's chat face in the real browser: one deciding question, then the verdict."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.web.test_browser import ask

pytestmark = pytest.mark.browser


def test_chat_asks_the_deciding_question_then_answers_with_the_checks_verdict(page: Page, live_url):
    page.goto(live_url)
    ask(page, "Kann ich den Bildungsscheck NRW bekommen?")
    question = page.locator(".turn").last.locator(".answer").inner_text().strip()
    assert question.startswith("Eine kurze Frage") and question.endswith("?")
    assert "Bildungsscheck NRW 2.0" in page.locator(".turn").last.locator(".card-title").first.inner_text()

    ask(page, "Ja" if "Nordrhein-Westfalen" in question else "Für mich selbst")
    answer = page.locator(".turn").last.locator(".answer")
    expect(answer).to_contain_text("Ergebnis des Förder-Checks")
    expect(answer).to_contain_text("Bildungsscheck NRW 2.0")
