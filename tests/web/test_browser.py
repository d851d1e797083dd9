"""The web front end in a real browser (Debian's Chromium via Playwright) against the app on loopback."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from navigator.answer import Clarify, assemble
from navigator.api.deps import get_chat_service
from navigator.llm.fake import ScriptedProvider
from navigator.prompts import load_prompts

pytestmark = pytest.mark.browser

AGENCY = "agentur-fuer-arbeit-hagen"
PHONE = {"width": 390, "height": 844}
HOSTILE_CSS = "button { background: hotpink !important; font-size: 40px !important; } * { color: lime; }"


def ask(page_or_frame, question: str, mode: str = "page") -> None:
    """Ask and wait until this question's answer is complete (earlier turns are already complete)."""
    turns = page_or_frame.locator(".turn").count()
    page_or_frame.locator(f"#q-{mode}").fill(question)
    page_or_frame.locator("button[data-send]").click()
    page_or_frame.locator(".turn").nth(turns).locator('.answer[aria-busy="false"]').wait_for()


def card_ids(page_or_frame) -> list[str]:
    return (
        page_or_frame.locator(".turn").last.locator(".card").evaluate_all("cs => cs.map(c => c.dataset.id)")
    )


@pytest.fixture
def slow_model(web_app, web_settings) -> Iterator[ScriptedProvider]:
    """Answers come from a scripted model, piece by piece with a delay, so streaming can be watched."""
    reply = (
        "Der Bildungsgutschein kann die Kosten übernehmen [2]. "
        "Beraten lässt man sich bei der Agentur für Arbeit Hagen [1]."
    )
    provider = ScriptedProvider(default_reply=reply, delay_s=0.06)
    retriever = web_app.state.services.retriever()
    service = assemble(
        retriever, provider, load_prompts(web_settings.prompts_dir), clarify=Clarify(), top_k=5
    )
    web_app.dependency_overrides[get_chat_service] = lambda: service
    try:
        yield provider
    finally:
        web_app.dependency_overrides.pop(get_chat_service)


# -- the chat ------------------------------------------------------------------------------------


def test_answer_streams_then_is_replaced_by_the_verified_one_with_final_source_order(
    page: Page, live_url, slow_model
):
    page.goto(live_url)
    page.locator("#q-page").fill("Wer bezahlt meine Weiterbildung in Hagen?")
    page.locator("button[data-send]").click()

    answer = page.locator(".turn .answer")
    # Cards are there at once, and the text grows while the answer is still being written.
    page.wait_for_function(
        """() => { const a = document.querySelector('.turn .answer');
                   return a.getAttribute('aria-busy') === 'true' && a.textContent.includes('Bildungsgutschein')
                          && !a.textContent.includes('Hagen [1]'); }"""
    )
    streamed_order = card_ids(page)
    assert len(streamed_order) >= 2
    expect(answer).to_have_attribute("aria-busy", "false", timeout=15_000)

    # `done` renumbers the citations in order of first use and reorders the cards to match.
    final_order = card_ids(page)
    assert final_order[:2] == [streamed_order[1], streamed_order[0]]
    first_cite = answer.locator("a.cite").first
    expect(first_cite).to_have_text("[1]")
    target = first_cite.get_attribute("href")
    assert page.locator(f"{target}").get_attribute("data-id") == final_order[0]
    # Announced once, complete, by the polite status region (not word by word from the answer).
    expect(page.locator("[data-status]")).to_contain_text(
        "Antwort fertig. Der Bildungsgutschein kann die Kosten übernehmen [1]. Beraten"
    )
    assert answer.get_attribute("aria-live") is None


def test_question_on_landing_page_shows_cards_with_working_links(page: Page, live_url):
    page.goto(live_url)
    expect(page.locator("h1")).to_have_text("Wobei können wir helfen?")
    ask(page, "Ich suche Arbeit und eine Weiterbildung bei der Agentur für Arbeit in Hagen.")

    turn = page.locator(".turn").last
    expect(turn.locator(".answer p").first).to_have_text("Diese Angebote passen zu Ihrer Frage:")
    assert AGENCY in card_ids(page)
    card = turn.locator(f'.card[data-id="{AGENCY}"]')
    expect(card.locator(".card-title")).to_contain_text("Agentur für Arbeit Hagen")
    expect(card.locator(".card-org")).to_have_text("Bundesagentur für Arbeit")
    expect(card.locator('a[data-f="phone"]')).to_have_attribute("href", "tel:08004555500")
    expect(card.locator('a[data-f="email"]')).to_have_attribute("href", "mailto:Hagen@arbeitsagentur.de")
    expect(card.locator('[data-f="address"]')).to_have_text("Körnerstraße 98–100, 58095 Hagen")
    expect(card.locator('[data-f="opening_hours"]')).to_have_text("Mo–Fr 8–12:30 Uhr, Do 14–18 Uhr")
    expect(card.locator('a[data-f="url"]')).to_have_attribute(
        "href", "https://www.arbeitsagentur.de/vor-ort/hagen"
    )
    expect(card.locator(".card-reviewed")).to_have_text("Stand: 26.11.2026")

    # A citation marker jumps to its card.
    n = card.locator('[data-f="n"]').inner_text()
    turn.locator(f'.answer a.cite[href$="-{n}"]').first.click()
    assert page.evaluate("location.hash") == f"#{card.get_attribute('id')}"

    # "Mehr erfahren" opens the catalogue page of the entry.
    card.locator('a[data-f="more"]').click()
    expect(page).to_have_url(f"{live_url}/angebote/{AGENCY}")
    expect(page.locator("h1")).to_have_text("Agentur für Arbeit Hagen")


def test_ended_offers_are_marked_on_their_cards(page: Page, live_url):
    page.goto(live_url)
    ask(page, "Gibt es die Potentialberatung noch?")
    card = page.locator('.card[data-id="potentialberatung"]')
    expect(card.locator(".status-badge")).to_have_text("Beendet seit 31.12.2023")
    assert "inqa-coaching" in card_ids(page)


def test_region_and_audience_chips_become_retrieval_filters(page: Page, live_url):
    question = "Ich suche Arbeit und eine Weiterbildung bei der Agentur für Arbeit in Hagen."
    page.goto(live_url)
    ask(page, question)
    assert AGENCY in card_ids(page)

    page.locator("label.chip", has_text="Märkischer Kreis").click()
    with page.expect_request("**/api/chat/stream") as request:
        ask(page, question)
    assert json.loads(request.value.post_data)["filters"] == {"audience": [], "region": ["maerkischer-kreis"]}
    filtered = card_ids(page)
    assert filtered and AGENCY not in filtered and "jobday-2025" not in filtered
    assert "jobcenter-maerkischer-kreis" in filtered

    page.locator("label.chip", has_text="Märkischer Kreis").click()
    page.locator("label.chip", has_text="Unternehmen").click()
    ask(page, "Wer berät uns zur Digitalisierung?")
    companies = {
        "agentur-fuer-arbeit-hagen",
        "inqa-coaching",
        "kompetenzzentrum-frau-und-beruf",
        "ki-sprechstunde-2027",
    }
    assert set(card_ids(page)) <= companies


def test_starter_question_asks_at_once_and_follow_ups_send_history(page: Page, live_url):
    page.goto(live_url)
    page.locator("button.starter").first.click()
    page.locator('.turn .answer[aria-busy="false"]').first.wait_for()
    starter = page.locator("button.starter").first.inner_text()
    expect(page.locator(".turn .bubble-q").first).to_contain_text(starter)
    with page.expect_request("**/api/chat/stream") as request:
        ask(page, "Und im Märkischen Kreis?")
    history = json.loads(request.value.post_data)["history"]
    assert [t["role"] for t in history] == ["user", "assistant"] and history[0]["content"] == starter
    page.locator("[data-new] button").click()
    expect(page.locator(".turn")).to_have_count(0)


def test_keyboard_only_use_with_visible_focus(page: Page, live_url):
    page.goto(live_url)
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    assert skip.bounding_box()["y"] >= 0  # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    textarea = page.locator("#q-page")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "q-page":
            break
    expect(textarea).to_be_focused()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.type("Wer hilft bei der Anerkennung meines Abschlusses?")
    page.keyboard.press("Enter")
    page.locator('.turn .answer[aria-busy="false"]').wait_for()
    assert "iq-anerkennungsberatung" in card_ids(page)

    # Chips are checkboxes: reachable with Tab, toggled with Space, focus ring on the visible chip.
    page.locator('input[value="migration"]').focus()
    page.keyboard.press("Space")
    expect(page.locator('input[value="migration"]')).to_be_checked()
    ring = page.evaluate(
        "getComputedStyle(document.querySelector('input[value=migration] + span')).outlineStyle"
    )
    assert ring != "none"


def test_feedback_is_stored_only_after_a_click(page: Page, live_url, feedback_store):
    before = len(feedback_store.rows())
    page.goto(live_url)
    question = "Wer hilft bei der Anerkennung meines Abschlusses?"
    ask(page, question)
    turn = page.locator(".turn").last
    expect(turn.locator(".feedback-note")).to_contain_text("Wenn Sie klicken, speichern wir Ihre Frage")
    assert len(feedback_store.rows()) == before  # asking stores nothing

    turn.locator('button.thumb[data-rating="up"]').click()
    expect(turn.locator(".feedback-status")).to_have_text("Danke für Ihre Rückmeldung!")
    expect(turn.locator('button.thumb[data-rating="up"]')).to_have_attribute("aria-pressed", "true")
    rows = feedback_store.rows()
    assert len(rows) == before + 1
    row = rows[-1]
    assert row["rating"] == "up" and row["question"] == question
    assert row["answer"].startswith("Diese Angebote passen zu Ihrer Frage:")
    assert row["sources"].split() == card_ids(page)

    turn.locator(".feedback-comment textarea").fill("Sehr hilfreich, danke.")
    turn.locator(".feedback-comment button").click()
    expect(turn.locator(".feedback-status")).to_have_text("Danke, Ihr Kommentar ist angekommen.")
    assert feedback_store.rows()[-1]["comment"] == "Sehr hilfreich, danke."
    turn.locator('button.thumb[data-rating="down"]').click(force=True)  # a second rating is ignored
    page.wait_for_timeout(300)
    assert len(feedback_store.rows()) == before + 1


# -- languages -----------------------------------------------------------------------------------


def test_arabic_renders_right_to_left_and_asks_in_arabic(page: Page, live_url):
    page.goto(f"{live_url}/?lang=ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    brand = page.locator(".brand").bounding_box()
    assert brand["x"] > page.viewport_size["width"] / 2  # the logo sits on the right
    with page.expect_request("**/api/chat/stream") as request:
        ask(page, "من يساعدني في الاعتراف بشهادتي الأجنبية؟")
    assert json.loads(request.value.post_data)["language"] == "ar"
    expect(page.locator(".turn .answer p").first).to_have_text("هذه العروض تناسب سؤالك:")

    page.goto(f"{live_url}/angebote")  # the cookie keeps the choice
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_have_text("كل العروض")


def test_language_switch_without_javascript(browser: Browser, live_url):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    page.goto(live_url)
    page.locator(".lang-switch summary").click()
    page.locator('.lang-list a[hreflang="uk"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    expect(page.locator("h1")).to_have_text("Чим ми можемо допомогти?")
    context.close()


# -- the catalogue -------------------------------------------------------------------------------


def test_catalogue_filters_and_search_work_without_javascript(browser: Browser, live_url):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    page.goto(f"{live_url}/angebote")
    offers = page.locator(".offers .card-title a")
    expect(offers).to_have_count(11)

    page.select_option("#f-region", "maerkischer-kreis")
    page.locator(".catalogue-filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"region=maerkischer-kreis"))
    expect(offers).to_have_count(9)
    assert "Agentur für Arbeit Hagen" not in offers.all_inner_texts()

    page.select_option("#f-kind", "event")
    page.locator(".catalogue-filters button[type=submit]").click()
    expect(offers).to_have_text(["KI-Sprechstunde für kleine Unternehmen"])

    page.locator(".link-reset").click()
    page.fill("#f-q", "Anerkennung")
    page.check("#f-current")
    page.locator(".catalogue-filters button[type=submit]").click()
    expect(offers.first).to_have_text("IQ Anerkennungsberatung Märkische Region")

    page.goto(f"{live_url}/angebote?kind=event")
    past = page.locator(".offer", has_text="JOBDAY 2025")
    expect(past.locator(".status-badge")).to_have_text("Fand statt am 08.07.2025")
    past.locator(".card-title a").click()
    expect(page.locator("h1")).to_have_text("JOBDAY 2025")
    expect(page.locator(".notice")).to_have_count(1)  # the status and its date, said once
    expect(page.locator(".notice-ended")).to_contain_text("hat am 08.07.2025 stattgefunden")
    expect(page.locator(".fact-list")).to_contain_text("26.11.2026")
    context.close()


def test_chat_form_works_without_javascript(browser: Browser, live_url):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    page.goto(live_url)
    page.fill("#q-page", "Wer hilft bei der Anerkennung meines Abschlusses?")
    page.locator("button[data-send]").click()
    expect(page.locator(".turn .card").first).to_be_visible()
    expect(page.locator('.card[data-kind="office"]', has_text="IQ Anerkennungsberatung")).to_be_visible()
    context.close()


def test_unknown_offer_shows_the_404_page(page: Page, live_url):
    response = page.goto(f"{live_url}/angebote/gibt-es-nicht")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Angebot nicht gefunden")


# -- the widget ----------------------------------------------------------------------------------


def host_page(host_site, live_url, name="partner.html") -> str:
    return host_site.page(
        name,
        f"""<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Partner</title>
<style>{HOSTILE_CSS}</style></head>
<body><h1>Ein Partner der Region</h1><button id="own">Eigener Knopf</button>
<script src="{live_url}/widget.js" data-navigator-url="{live_url}" defer></script></body></html>""",
    )


def test_widget_on_another_origin_opens_and_answers(page: Page, live_url, host_site):
    page.goto(host_page(host_site, live_url))
    launcher = page.locator("button.launcher")
    expect(launcher).to_have_text("Fragen an den Digitalnavigator")
    # The host's CSS (hotpink buttons, lime text) does not reach into the widget.
    style = launcher.evaluate("b => [getComputedStyle(b).backgroundColor, getComputedStyle(b).color]")
    assert style == ["rgb(11, 79, 108)", "rgb(255, 255, 255)"]
    assert page.locator("#own").evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(255, 105, 180)"

    launcher.click()
    expect(launcher).to_have_attribute("aria-expanded", "true")
    iframe = page.locator("iframe")
    assert iframe.get_attribute("src").startswith(f"{live_url}/widget?lang=de")
    frame = page.frame_locator("iframe")
    expect(frame.locator("#q-widget")).to_be_focused()
    ask(frame, "Wer hilft bei der Anerkennung meines Abschlusses?", mode="widget")
    expect(frame.locator(".turn .card").first).to_be_visible()
    assert "iq-anerkennungsberatung" in card_ids(frame)
    # Links in cards leave the iframe for a new tab.
    assert frame.locator('.card a[data-f="more"]').first.get_attribute("target") == "_blank"

    frame.locator("#q-widget").press("Escape")
    expect(page.locator(".panel")).to_be_hidden()
    expect(launcher).to_be_focused()
    launcher.click()
    expect(frame.locator(".turn")).to_have_count(1)  # reopening keeps the conversation


def test_widget_is_refused_on_a_site_that_is_not_allowed(page: Page, live_url, host_site):
    url = host_page(host_site, live_url, "other.html").replace("localhost", "127.0.0.1")  # another origin
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(url)
    page.locator("button.launcher").click()
    page.wait_for_function("() => document.querySelector('[data-digitalnavigator]') !== null")
    page.wait_for_timeout(1000)
    frame = next(f for f in page.frames if f != page.main_frame)
    assert frame.url == "chrome-error://chromewebdata/"  # Chromium refused to show the navigator
    assert any("frame-ancestors" in m for m in messages), messages


# -- responsive and accessible -------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/", "/angebote", f"/angebote/{AGENCY}", "/datenschutz", "/widget", "/?lang=ar"]
)
def test_pages_fit_a_360_px_screen(browser: Browser, live_url, path):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="de-DE")
    page = context.new_page()
    page.goto(f"{live_url}{path}")
    if path in ("/", "/widget"):
        ask(page, "Wer bezahlt meine Weiterbildung?", mode="widget" if path == "/widget" else "page")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def serious(result) -> list[str]:
    """Every violation, whatever its impact: the pages are meant to have none."""
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
        for v in result.response["violations"]
    ]


AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    "resultTypes": ["violations"],
}


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/angebote",
        "/angebote?q=Weiterbildung&region=hagen",
        f"/angebote/{AGENCY}",
        "/datenschutz",
        "/impressum",
        "/barrierefreiheit",
        "/widget",
        "/?lang=ar",
        f"/angebote/{AGENCY}?lang=ar",
    ],
)
def test_axe_finds_no_serious_violations(page: Page, live_url, path):
    page.goto(f"{live_url}{path}")
    result = Axe().run(page, options=AXE_OPTIONS)
    assert serious(result) == [], result.generate_report()


@pytest.mark.parametrize("viewport", [None, PHONE])
def test_axe_finds_no_serious_violations_in_an_answered_chat(browser: Browser, live_url, viewport):
    context = (
        browser.new_context(viewport=viewport, locale="de-DE")
        if viewport
        else browser.new_context(locale="de-DE")
    )
    page = context.new_page()
    page.goto(live_url)
    ask(page, "Gibt es die Potentialberatung noch?")
    page.locator('button.thumb[data-rating="down"]').click()
    page.locator(".feedback-comment textarea").wait_for()
    result = Axe().run(page, options=AXE_OPTIONS)
    assert serious(result) == [], result.generate_report()
    context.close()
