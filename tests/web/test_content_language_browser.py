"""Translated entries in a real browser (Debian's Chromium): Arabic catalogue cards and answer cards."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.web.test_browser import AXE_OPTIONS, ask, serious

pytestmark = pytest.mark.browser

AR_SUMMARY = "منحة بنسبة 50 بالمئة لتدريب مهني إضافي للأشخاص المقيمين في NRW."


def test_an_arabic_catalogue_card_shows_the_arabic_summary_and_the_german_name(page: Page, live_url):
    page.goto(f"{live_url}/angebote?lang=ar")
    card = page.locator(".offer").filter(has=page.locator('a[href="/angebote/bildungsscheck-2-0"]'))
    summary = card.locator(".card-summary > span")
    expect(summary).to_have_text(AR_SUMMARY)
    expect(summary).to_have_attribute("lang", "ar")
    name = card.locator('.card-title [lang="de"]')
    expect(name).to_have_text("Bildungsscheck NRW 2.0")
    expect(card.locator('.card-title [lang="ar"]')).to_have_text("(شيك التعليم NRW 2.0)")
    # The browser resolves each passage's language as marked: the Arabic summary reads right to left.
    assert summary.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert summary.evaluate("e => e.closest('[lang]').lang") == "ar"
    # A stale translation: German, marked German, with the note in Arabic.
    stale = page.locator(".offer").filter(has=page.locator('a[href="/angebote/bildungsgutschein"]'))
    expect(stale.locator('.card-summary > span[lang="de"]')).to_contain_text("Die Agentur für Arbeit")
    expect(stale.locator(".german-only")).to_have_text("(بالألمانية فقط)")


def test_answer_cards_built_by_script_carry_the_translation_and_the_note(page: Page, live_url):
    page.goto(f"{live_url}/?lang=ar")
    ask(page, "هل يمكنني الحصول على Bildungsscheck أو Bildungsgutschein؟")
    turn = page.locator(".turn").last
    scheck = turn.locator('.card[data-id="bildungsscheck-2-0"]')
    expect(scheck.locator('[data-f="summary"] [lang="ar"]')).to_have_text(AR_SUMMARY)
    expect(scheck.locator('[data-f="title"] [lang="de"]')).to_have_text("Bildungsscheck NRW 2.0")
    gutschein = turn.locator('.card[data-id="bildungsgutschein"]')
    expect(gutschein.locator('[data-f="summary"] [lang="de"]')).to_contain_text("Die Agentur für Arbeit")
    expect(gutschein.locator(".german-only")).to_have_text("(بالألمانية فقط)")


def test_script_built_cards_name_the_languages_of_counselling(page: Page, live_url):
    page.goto(f"{live_url}/?lang=en")
    ask(page, "Who can help me with the recognition of my foreign degree?")
    card = page.locator('.turn .card[data-id="iq-anerkennungsberatung"]')
    expect(card.locator('[data-f="languages"]')).to_have_text(
        "Counselling also in: English, العربية, Українська"
    )
    expect(card.locator('[data-f="languages"] [lang="ar"]')).to_have_text("العربية")


@pytest.mark.parametrize(
    "path", ["/angebote?lang=ar", "/angebote/bildungsscheck-2-0?lang=ar", "/angebote?lang=en"]
)
def test_axe_finds_no_serious_violations_on_translated_pages(page: Page, live_url, path):
    page.goto(f"{live_url}{path}")
    result = Axe().run(page, options=AXE_OPTIONS)
    assert serious(result) == [], result.generate_report()
