"""Issue 21 in the real browser (Debian's Chromium): prepare a request, print, Merkliste, reload.

The app runs on loopback over the real knowledge files (hash embedder, extractive answers).
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from navigator.api.app import create_app
from tests.handoff.conftest import handoff_settings  # noqa: F401  (fixture)
from tests.helpers import running_app
from tests.web.test_foerdercheck_browser import answer_until_results

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(handoff_settings) -> Iterator[str]:  # noqa: F811
    with running_app(create_app(handoff_settings)) as url:
        yield url


def ask(page: Page, question: str) -> None:
    turns = page.locator(".turn").count()
    page.locator("#q-page").fill(question)
    page.locator("button[data-send]").click()
    page.locator(".turn").nth(turns).locator('.answer[aria-busy="false"]').wait_for()


def mailto_parts(page: Page) -> tuple[str, dict[str, list[str]]]:
    link = urlsplit(page.locator("[data-mailto]").get_attribute("href") or "")
    assert link.scheme == "mailto"
    return link.path, parse_qs(link.query)


def test_a_request_prepared_from_a_german_answer(page: Page, site: str) -> None:
    page.goto(site)
    question = "Wer hilft mir bei der Anerkennung meines Abschlusses aus Syrien?"
    ask(page, question)
    turn = page.locator(".turn").last
    expect(turn.locator("form.prepare")).to_be_visible()
    turn.locator("form.prepare button").click()
    expect(page.locator("#req-ready")).to_have_text("Ihre Anfrage ist fertig.")
    german = page.locator('[data-request-text="de"]')
    expect(german).to_contain_text(question)
    expect(german).to_contain_text("Meine Fragen:")
    _, query = mailto_parts(page)
    assert query["subject"] == [page.locator("[data-request-subject]").inner_text()]
    assert question in query["body"][0]
    page.locator("[data-copy]").wait_for(state="visible")  # copy and print are offered with JavaScript
    expect(page.locator("[data-print]")).to_be_visible()


def test_a_request_prepared_from_an_arabic_answer_stands_beside_the_german(page: Page, site: str) -> None:
    page.goto(f"{site}/?lang=ar")
    question = "من يساعدني في الاعتراف بشهادتي الأجنبية؟"
    ask(page, question)
    page.locator(".turn").last.locator("form.prepare button").click()
    expect(page.locator('[data-request-text="de"]')).to_contain_text("Guten Tag")
    arabic = page.locator('[data-request-text="ar"]')
    expect(arabic).to_contain_text(question)
    expect(page.locator("section.request-lang[lang=ar]")).to_have_attribute("dir", "rtl")
    _, query = mailto_parts(page)
    assert "Guten Tag" in query["body"][0] and question in query["body"][0]


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_a_request_prepared_from_a_foerder_check_result(page: Page, site: str, lang: str) -> None:
    page.goto(f"{site}/foerder-check?lang={lang}")
    page.locator('button[value="start"]').click()
    truth = {
        "applicant": "person",
        "residence_nrw": "true",
        "taxable_income": "30000",
        "course_started": "false",
        "prior_funding_this_year": "false",
        "employment_status": "employed",
    }
    answer_until_results(page, truth, limit=30)
    result = page.locator(".check-result").filter(has=page.locator("form.prepare")).first
    title = result.locator(".card-title").inner_text()
    result.locator("form.prepare button").click()
    german = page.locator('[data-request-text="de"]')
    expect(german).to_contain_text(title)
    expect(german).to_contain_text("Schon geklärt (Förder-Check):")
    if lang == "ar":
        expect(page.locator('[data-request-text="ar"]')).to_contain_text("ما تم توضيحه")
    _, query = mailto_parts(page)
    assert query["subject"][0].startswith("Anfrage: ") and "Förder-Check" in query["body"][0]


def test_the_print_view_shows_every_sources_address_and_the_dates(page: Page, site: str) -> None:
    page.goto(site)
    ask(page, "Ich bin arbeitslos in Hagen und suche eine Weiterbildung. Wer bezahlt das?")
    page.emulate_media(media="print")
    cards = page.locator(".turn").last.locator(".card")
    assert cards.count() >= 2
    for i in range(cards.count()):
        card = cards.nth(i)
        url = card.locator(".card-website").get_attribute("href")
        expect(card.locator('[data-f="url-text"]')).to_be_visible()
        expect(card.locator('[data-f="url-text"]')).to_have_text(url or "")
        expect(card.locator('[data-f="reviewed"]')).to_contain_text("Stand:")
        if card.locator('[data-c="address"]').count():
            expect(card.locator('[data-c="address"]')).to_be_visible()
    expect(page.locator(".print-stand")).to_be_visible()
    expect(page.locator(".ask")).to_be_hidden()
    page.screenshot(path="/tmp/h21-print.png", full_page=True)


def test_the_watchlist_and_its_share_link_restore_the_entries(
    browser: Browser, page: Page, site: str
) -> None:
    page.goto(f"{site}/angebote")
    buttons = page.locator(".offer [data-keep]")
    buttons.nth(0).click()
    buttons.nth(1).click()
    kept = [buttons.nth(i).get_attribute("data-id") for i in (0, 1)]
    expect(buttons.nth(0)).to_have_attribute("aria-pressed", "true")
    page.goto(f"{site}/merkliste")
    page.wait_for_url("**/merkliste?ids=*")
    shown = page.locator("[data-kept] [data-keep]").evaluate_all("bs => bs.map(b => b.dataset.id)")
    assert shown == kept
    share = page.locator("[data-share]").input_value()
    assert set(parse_qs(urlsplit(share).query)) == {"ids"}
    other = browser.new_context(locale="de-DE")  # someone else opens the shared link
    try:
        friend = other.new_page()
        friend.goto(share)
        shared = friend.locator("[data-kept] [data-keep]").evaluate_all("bs => bs.map(b => b.dataset.id)")
        assert shared == kept
        friend.locator("[data-save-shared]").click()
        stored = friend.evaluate(
            "() => JSON.parse(localStorage.getItem('navigator.merkliste')).map(e => e.id)"
        )
        assert stored == kept
    finally:
        other.close()


def test_a_reload_keeps_the_chat(page: Page, site: str) -> None:
    page.goto(site)
    question = "Wo bekomme ich eine kostenlose Beratung zu meiner beruflichen Zukunft?"
    ask(page, question)
    before = page.locator(".turn").last.locator(".card").evaluate_all("cs => cs.map(c => c.dataset.id)")
    page.reload()
    expect(page.locator(".turn")).to_have_count(1)
    expect(page.locator(".turn [data-f=question]")).to_have_text(question)
    after = page.locator(".turn .card").evaluate_all("cs => cs.map(c => c.dataset.id)")
    assert after == before and before
    page.locator("[data-new] button").click()
    page.reload()
    expect(page.locator(".turn")).to_have_count(0)


def test_asking_for_a_person_in_the_browser_names_an_office(page: Page, site: str) -> None:
    page.goto(site)
    ask(page, "Kann ich bitte mit einem Menschen sprechen?")
    answer = page.locator(".turn").last.locator(".answer")
    expect(answer).to_contain_text("0800 4 5555 00")
    expect(page.locator(".turn").last.locator(".card")).not_to_have_count(0)


def test_without_javascript_the_request_form_posts_and_the_page_comes_back(
    browser: Browser, site: str
) -> None:
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    try:
        page = context.new_page()
        page.goto(site)
        page.locator("#q-page").fill("Wer hilft mir bei der Anerkennung meines Abschlusses?")
        page.locator("button[data-send]").click()
        page.locator("form.prepare button").click()
        expect(page.locator("#req-ready")).to_have_text("Ihre Anfrage ist fertig.")
        expect(page.locator("[data-copy]")).to_be_hidden()  # copy needs JavaScript; mail and print do not
        page.locator("#req-town").fill("Iserlohn")
        page.locator(".request-form button[type=submit]").click()
        expect(page.locator('[data-request-text="de"]')).to_contain_text("Wohnort/Standort: Iserlohn")
    finally:
        context.close()
