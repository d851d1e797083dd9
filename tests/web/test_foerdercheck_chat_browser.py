"""The Förder-Check's chat face in the real browser: one question at a time, answered by its buttons."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.web.check_walk import no_but_nrw, reply_in_chat
from tests.web.test_browser import ask

pytestmark = pytest.mark.browser


def test_chat_asks_the_deciding_question_with_buttons_then_answers_with_the_checks_result(
    page: Page, live_url
):
    page.goto(live_url)
    ask(page, "Kann ich den Bildungsscheck NRW bekommen?")
    turn = page.locator(".turn").last
    question = turn.locator(".answer").inner_text().strip()
    assert question.startswith("Eine kurze Frage") and "?" in question
    assert "Bildungsscheck NRW 2.0" in turn.locator(".card-title").first.inner_text()
    reply_in_chat(page, no_but_nrw)
    answer = page.locator(".turn").last.locator(".answer")
    expect(answer).to_contain_text("Bildungsscheck NRW 2.0")
    expect(answer).not_to_contain_text("Ergebnis des Förder-Checks")
    expect(page.locator(".turn").last.locator(".check-more")).to_be_visible()
