"""Issue 22 in the real browser (Debian's Chromium) at phone width: a company in Iserlohn and a jobseeker
in Hagen walk through the Förder-Check on its page and in the chat, in German and Arabic, with and
without JavaScript. Set SCREENSHOT_DIR to keep the screenshots (docs/screenshots in the README).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.web.check_walk import no_but_nrw, reply_in_chat, reply_without_js, scrolls_sideways
from tests.web.test_foerdercheck_browser import P82, answer_until_results, check_site  # noqa: F401

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
COMPANY_TRUTH = {
    "applicant": "company",
    "company_size": "30",
    "employment_status": "employed",
    "region": "maerkischer-kreis",
    "structural_change": "false",
    "funded_82_last_two_years": "false",
}
JOBSEEKER_TRUTH = {
    "applicant": "person",
    "employment_status": "unemployed",
    "region": "hagen",
    "has_vocational_qualification": "false",
    "course_started": "false",
    "receives_buergergeld": "false",
    "receives_alg1": "true",
}
COMPANY_CHAT = (
    "Wir sind ein Betrieb mit 30 Beschäftigten in Iserlohn. "
    "Gibt es Zuschüsse, wenn wir unsere Beschäftigten weiterbilden?"
)
JOBSEEKER_CHAT = "Welche Förderung gibt es für eine Umschulung, wenn ich arbeitslos bin?"
RAW_LIST = re.compile(r"Ergebnis des Förder-Checks|Passt nicht|Angabe fehlt")


def shot(page: Page, name: str, *, full: bool = True) -> None:
    """A full page, or (full=False) one screen from the last answer's heading."""
    folder = os.environ.get("SCREENSHOT_DIR")
    if not folder:
        return
    path = str(Path(folder) / f"{name}.png")
    if full:
        page.screenshot(path=path, full_page=True)
        return
    box = page.locator(".answer-title").last.bounding_box()
    top = max(0.0, (box["y"] if box else 0.0) + page.evaluate("window.scrollY") - 70)
    page.screenshot(path=path, full_page=True, clip={"x": 0, "y": top, **PHONE})


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def phone(request, browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, java_script_enabled=request.param, locale="de-DE")
    yield context.new_page()
    context.close()


def start(page: Page, url: str, lang: str) -> None:
    page.goto(f"{url}/foerder-check?lang={lang}")
    page.locator('label[for="topic-weiterbildung"]').click()
    page.locator('button[value="start"]').click()


def test_a_company_in_iserlohn_gets_82_first_with_the_iserlohn_office(phone: Page, check_site):  # noqa: F811
    url, _ = check_site
    start(phone, url, "de")
    help_line = phone.locator(".check-help")
    expect(help_line).to_be_visible()  # every question has its plain line
    asked = answer_until_results(phone, COMPANY_TRUTH)
    assert "region" in asked and len(asked) <= 8, asked
    expect(phone.locator("h1")).to_have_text("Ihr Ergebnis")
    first = phone.locator("article.check-result").first
    assert first.get_attribute("id") == f"p-{P82}"
    expect(first.locator(".check-office").first).to_contain_text("Iserlohn")
    expect(first.locator(".check-office").first).to_be_visible()
    expect(first.locator(".check-stand")).to_contain_text("Stand")
    expect(phone.locator(".check-date")).to_contain_text("Geprüft am")
    expect(phone.locator(".check-folded").first).not_to_have_attribute("open", "")
    assert not scrolls_sideways(phone)
    shot(phone, "foerdercheck-company")


def test_the_result_page_prints_on_one_or_two_pages(browser: Browser, check_site):  # noqa: F811
    url, _ = check_site
    context = browser.new_context(viewport=PHONE, locale="de-DE")
    page = context.new_page()
    start(page, url, "de")
    answer_until_results(page, COMPANY_TRUTH)
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    context.close()
    assert 1 <= pages <= 2, pages


def test_a_jobseeker_in_hagen_gets_the_bildungsgutschein_first_in_arabic(phone: Page, check_site):  # noqa: F811
    url, _ = check_site
    start(phone, url, "ar")
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    asked = answer_until_results(phone, JOBSEEKER_TRUTH)
    assert "company_size" not in asked and "structural_change" not in asked, asked
    first = phone.locator("article.check-result").first
    assert first.get_attribute("id") == "p-bildungsgutschein"
    expect(first.locator(".check-office").first).to_contain_text("Hagen")
    assert not scrolls_sideways(phone)
    shot(phone, "foerdercheck-jobseeker-ar")


def test_the_company_talks_it_through_in_the_chat(phone: Page, check_site):  # noqa: F811
    url, _ = check_site
    phone.goto(f"{url}/?lang=de")
    phone.locator("#q-page").fill(COMPANY_CHAT)
    phone.locator("button[data-send]").click()
    phone.locator('.answer[aria-busy="false"], .bubble-a .answer').first.wait_for()
    phone.locator(".check-turn").last.wait_for()
    shot(phone, "chat-check-question", full=False)
    asked = _walk(phone)
    assert all("Sie selbst" not in q for q in asked)
    answer = phone.locator(".answer").last.inner_text()
    assert not RAW_LIST.search(answer), answer
    assert answer.strip().lstrip("- ").startswith("Weiterbildungsförderung Beschäftigter (§ 82 SGB III)")
    assert "Iserlohn" in answer.splitlines()[0]
    assert not scrolls_sideways(phone)
    shot(phone, "chat-check-company", full=False)
    phone.locator(".check-more").last.click()
    expect(phone.locator("h1")).to_have_text("Ihr Ergebnis")
    assert phone.locator("article.check-result").first.get_attribute("id") == f"p-{P82}"


def test_the_jobseeker_talks_it_through_in_the_arabic_chat(phone: Page, check_site):  # noqa: F811
    url, _ = check_site
    phone.goto(f"{url}/?lang=ar")
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    phone.locator("#q-page").fill(JOBSEEKER_CHAT)
    phone.locator("button[data-send]").click()
    phone.locator(".bubble-a .answer").first.wait_for()
    asked = _walk(phone)
    assert asked, "the check asks before it answers"
    assert not any("Betrieb" in q or "شركت" in q for q in asked), asked
    answer = phone.locator(".answer").last.inner_text()
    assert not RAW_LIST.search(answer), answer
    assert "Bildungsgutschein" in answer and "Hagen" in answer
    assert phone.locator(".check-more").count() == 1 or phone.locator(".check-more").last.is_visible()
    assert not scrolls_sideways(phone)
    shot(phone, "chat-check-jobseeker-ar", full=False)


def _walk(page: Page) -> list[str]:
    if page.locator(".turn .answer[aria-busy]").count():
        page.locator('.turn .answer[aria-busy="false"]').last.wait_for()
        return reply_in_chat(page, no_but_nrw)
    return reply_without_js(page, no_but_nrw)
