"""Every person can use the pages: right-to-left reading, focus after a question, feedback, small screens.

Real browser (Debian's Chromium via Playwright) against the app on loopback, over the fixture corpus;
"what a person sees" is read from the rendered layout (character boxes), not from the DOM order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from navigator.answer import assemble
from navigator.api.deps import get_chat_service
from navigator.llm.fake import ScriptedProvider
from navigator.prompts import load_prompts
from tests.web.test_browser import AGENCY, AXE_OPTIONS, ask

pytestmark = pytest.mark.browser

# The characters of an element as a reader sees them: line by line, left to right (screen-reader-only
# text left out). On an Arabic page a phone number that is not isolated reads "00 5555 4 0800".
VISUAL_TEXT = """el => {
  const seen = [];
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest('.visually-hidden')) continue;
    for (let i = 0; i < node.length; i++) {
      if (!node.data[i].trim()) continue;
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const box = range.getBoundingClientRect();
      seen.push([node.data[i], box.left + box.width / 2, box.top + box.height / 2]);
    }
  }
  seen.sort((a, b) => (Math.abs(a[2] - b[2]) > 6 ? a[2] - b[2] : a[1] - b[1]));
  return seen.map(s => s[0]).join('');
}"""


def visual(locator) -> str:
    return locator.evaluate(VISUAL_TEXT)


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def violations(page: Page) -> list[str]:
    """Every axe violation, of any impact (the pages are meant to have none)."""
    result = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
        for v in result.response["violations"]
    ]


@pytest.fixture
def arabic_model(web_app, web_settings) -> Iterator[ScriptedProvider]:
    """An Arabic answer that quotes a phone number and cites its card, from a scripted model."""
    reply = "اتصل بوكالة العمل في هاغن على الرقم 0800 4 5555 00 [1]."
    provider = ScriptedProvider(default_reply=reply)
    retriever = web_app.state.services.retriever()
    service = assemble(retriever, provider, load_prompts(web_settings.prompts_dir), top_k=5)
    web_app.dependency_overrides[get_chat_service] = lambda: service
    try:
        yield provider
    finally:
        web_app.dependency_overrides.pop(get_chat_service)


# -- 1. right-to-left ----------------------------------------------------------------------------


def test_arabic_page_shows_contact_lines_with_digits_and_addresses_in_order(page: Page, live_url):
    page.goto(f"{live_url}/?lang=ar")
    ask(page, "Ich suche Arbeit und eine Weiterbildung bei der Agentur für Arbeit in Hagen.")
    card = page.locator(f'.turn .card[data-id="{AGENCY}"]')
    phone = card.locator('[data-c="phone"]')
    expect(phone).to_be_visible()
    assert digits(visual(phone)) == "08004555500"
    assert visual(card.locator('[data-c="email"]')) == "Hagen@arbeitsagentur.de"
    assert visual(card.locator('[data-c="opening_hours"]')) == "Mo–Fr8–12:30Uhr,Do14–18Uhr"
    # The German passages are marked as German and run left to right inside the Arabic page.
    summary = card.locator('[data-f="summary"] [lang]').first  # the passage, marked with its language
    assert summary.get_attribute("lang") == "de"
    assert summary.evaluate("e => getComputedStyle(e).direction") == "ltr"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"

    # The detail page: the same contact lines, read as rendered.
    page.goto(f"{live_url}/angebote/{AGENCY}?lang=ar")
    contact = page.locator(".facts .card-contact li")
    # The number itself (the line may add "(Angabe von 2021 …)" for an old source).
    assert digits(visual(contact.nth(0).locator("a[dir=ltr]"))) == "08004555500"
    assert visual(contact.nth(1).locator("a[dir=ltr]")) == "Hagen@arbeitsagentur.de"
    expect(page.locator("h1 [lang]").first).to_have_attribute("lang", "de")


def test_arabic_answer_keeps_number_and_citation_in_place(page: Page, live_url, arabic_model):
    page.goto(f"{live_url}/?lang=ar")
    ask(page, "من يساعدني في إيجاد عمل في هاغن؟")
    paragraph = page.locator(".turn .answer p").first
    assert paragraph.evaluate("e => getComputedStyle(e).direction") == "rtl"
    number = paragraph.locator('span[dir="ltr"]')
    expect(number).to_have_text("0800 4 5555 00")
    assert digits(visual(number)) == "08004555500"
    # Right to left: the number, then the marker to its left, then the full stop to the marker's left.
    cite = paragraph.locator("a.cite")
    number_box, cite_box = number.bounding_box(), cite.bounding_box()
    assert cite_box["x"] + cite_box["width"] <= number_box["x"] + 1
    stop_x = paragraph.evaluate(
        """p => { const t = p.lastChild; const r = document.createRange();
                  r.setStart(t, t.length - 1); r.setEnd(t, t.length); return r.getBoundingClientRect().left; }"""
    )
    assert stop_x < cite_box["x"]


# -- 3. focus and announcements ------------------------------------------------------------------


def test_focus_moves_to_the_answer_and_the_sources_are_two_tabs_away(page: Page, live_url):
    page.goto(live_url)
    page.evaluate(
        """() => { window.announced = [];
                   new MutationObserver(() => window.announced.push(document.querySelector('[data-status]').textContent))
                     .observe(document.querySelector('[data-status]'), {childList: true, characterData: true, subtree: true}); }"""
    )
    ask(page, "Ich suche Arbeit und eine Weiterbildung bei der Agentur für Arbeit in Hagen.")
    turn = page.locator(".turn").last
    heading = turn.locator(".answer-title")
    expect(heading).to_be_focused()
    expect(heading).to_have_text("Antwort")

    # The streamed answer is announced once, complete, by the polite status region.
    answer_text = turn.locator(".answer").inner_text().split("\n")[0]
    announced = page.evaluate("window.announced")
    with_answer = [a for a in announced if answer_text in a]
    assert len(with_answer) == 1 and with_answer[0].startswith("Antwort fertig."), announced
    assert page.locator("[data-status]").get_attribute("role") == "status"
    assert turn.locator(".answer").get_attribute("aria-live") is None  # no word-by-word reading

    tabs = 0
    page.keyboard.press("Tab")
    tabs += 1
    skip = turn.locator(".to-sources")
    expect(skip).to_be_focused()
    expect(skip).to_have_text("Zu den Quellen")
    assert skip.bounding_box()["width"] > 20  # visible while focused
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    tabs += 1
    first_link = turn.locator(".card").first.locator("a").first
    expect(first_link).to_be_focused()
    assert tabs <= 3


# -- 6. feedback ---------------------------------------------------------------------------------


def test_feedback_comment_appears_after_a_rating_is_sent_once_and_confirmed(
    page: Page, live_url, feedback_store
):
    page.goto(live_url)
    ask(page, "Wer hilft bei der Anerkennung meines Abschlusses?")
    turn = page.locator(".turn").last
    comment_form = turn.locator(".feedback-comment")
    expect(comment_form).to_be_hidden()  # no comment box before a rating

    turn.locator('button.thumb[data-rating="down"]').click()
    expect(comment_form).to_be_visible()
    comments: list[str] = []
    page.on("request", lambda r: comments.append(r.url) if r.url.endswith("/comment") else None)
    turn.locator(".feedback-comment textarea").fill("Die Öffnungszeiten fehlten.")
    send = turn.locator(".feedback-comment button")
    send.dblclick()
    expect(turn.locator(".feedback-status")).to_have_text("Danke, Ihr Kommentar ist angekommen.")
    expect(comment_form).to_be_hidden()
    page.wait_for_timeout(300)
    assert len(comments) == 1
    assert feedback_store.rows()[-1]["comment"] == "Die Öffnungszeiten fehlten."


# -- axe after two answers, in German and Arabic -------------------------------------------------


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_axe_finds_nothing_after_two_answers(page: Page, live_url, lang):
    page.goto(f"{live_url}/?lang={lang}")
    ask(page, "Wer bezahlt meine Weiterbildung?")
    ask(page, "Gibt es die Potentialberatung noch?")
    page.locator('button.thumb[data-rating="up"]').first.click()
    page.locator(".feedback-comment textarea").first.wait_for()
    assert violations(page) == []


@pytest.mark.parametrize(
    "path",
    [
        "/impressum",
        "/barrierefreiheit",
        "/datenschutz?lang=ar",
        "/angebote?q=Bildungscheck",
        "/angebote?lang=ar",
    ],
)
def test_axe_finds_nothing_on_the_legal_and_catalogue_pages(page: Page, live_url, path):
    page.goto(f"{live_url}{path}")
    assert violations(page) == []


# -- 7. catalogue --------------------------------------------------------------------------------


def test_catalogue_suggests_a_spelling_and_back_keeps_the_filters(browser: Browser, live_url):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    page.goto(f"{live_url}/angebote")
    page.fill("#f-q", "Bildungscheck")
    page.select_option("#f-region", "hagen")
    page.locator(".catalogue-filters button[type=submit]").click()
    expect(page.locator(".did-you-mean")).to_contain_text("Meinten Sie")
    expect(page.locator(".did-you-mean a")).to_have_text("Bildungsscheck")
    titles = page.locator(".offers .card-title a")
    expect(titles.first).to_contain_text("Bildungsscheck")

    titles.first.click()
    page.locator(".back a").click()
    expect(page).to_have_url(re.compile(r"/angebote\?q=Bildungscheck&region=hagen$"))
    expect(page.locator("#f-q")).to_have_value("Bildungscheck")
    expect(page.locator("#f-region")).to_have_value("hagen")
    context.close()


def test_phone_navigation_leads_back_to_the_chat(browser: Browser, live_url):
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="de-DE")
    page = context.new_page()
    page.goto(f"{live_url}/angebote")
    chat = page.locator(".site-nav a", has_text="Fragen")
    expect(chat).to_be_visible()
    chat.click()
    expect(page.locator("h1")).to_have_text("Wobei können wir helfen?")
    context.close()
