"""The HTML pages over TestClient: languages, catalogue filters, detail and 404 pages, the no-JS chat."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from navigator.web.i18n import UI_LANGUAGES

PAGES = [
    "/",
    "/angebote",
    "/angebote/agentur-fuer-arbeit-hagen",
    "/angebote/potentialberatung",
    "/datenschutz",
    "/widget",
]
ALL_IDS = {
    "agentur-fuer-arbeit-hagen",
    "berufssprachkurse",
    "bildungsgutschein",
    "bildungsscheck-2-0",
    "inqa-coaching",
    "iq-anerkennungsberatung",
    "jobcenter-maerkischer-kreis",
    "jobday-2025",
    "ki-sprechstunde-2027",
    "kompetenzzentrum-frau-und-beruf",
    "potentialberatung",
}


class _Tags(HTMLParser):
    """Collects every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


@pytest.fixture(autouse=True)
def _fresh_cookies(client):
    client.cookies.clear()  # a `lang` cookie from one test must not choose the language of the next


def offer_ids(html: str) -> set[str]:
    return set(re.findall(r'<h3 class="card-title"[^>]*><a href="/angebote/([a-z0-9-]+)', html))


# -- every page ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", UI_LANGUAGES)
@pytest.mark.parametrize("path", PAGES)
def test_pages_need_no_inline_script_style_or_handler(client, path, lang):
    r = client.get(path, params={"lang": lang})
    assert r.status_code == 200
    for tag, attrs in tags(r.text):
        assert "style" not in attrs, f"inline style on <{tag}>"
        assert not [a for a in attrs if a.startswith("on")], f"inline event handler on <{tag}>"
        if tag == "script":
            # Only external scripts; JSON data blocks are not executed and need no CSP exception.
            assert attrs.get("src") or attrs.get("type") == "application/json"
    assert re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", r.text) is None


@pytest.mark.parametrize("path", PAGES)
def test_pages_load_their_scripts_and_styles_from_static(client, path):
    html = client.get(path).text
    for tag, attrs in tags(html):
        url = attrs.get("src") if tag == "script" else attrs.get("href") if tag == "link" else None
        if url:
            assert url.startswith("/static/")
            assert client.get(url).status_code == 200


def test_strict_csp_is_sent_and_pages_fit_it(client):
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp


# -- languages -----------------------------------------------------------------------------------


def test_landing_page_is_german_by_default_with_chips_and_starters(client):
    html = client.get("/", headers={"accept-language": ""}).text
    assert '<html lang="de" dir="ltr">' in html
    assert "Wobei können wir helfen?" in html
    for chip in [
        "Unternehmen",
        "arbeitsuchend",
        "beschäftigt",
        "Wiedereinstieg",
        "neu in Deutschland",
        "jung",
    ]:
        assert f"<span>{chip}" in html or chip in html
    for value in ["kmu", "arbeitsuchende", "beschaeftigte", "wiedereinstieg", "migration", "jugendliche"]:
        assert f'name="audience" value="{value}"' in html
    for region in ["hagen", "maerkischer-kreis", "ennepe-ruhr-kreis"]:
        assert f'name="region" value="{region}"' in html
    assert "Für Unternehmen" in html and "Für Sie persönlich" in html
    assert html.count('name="starter"') == 6


def test_lang_query_switches_language_and_is_remembered_in_a_cookie(client):
    r = client.get("/", params={"lang": "en"})
    assert '<html lang="en" dir="ltr">' in r.text and "How can we help?" in r.text
    assert r.cookies.get("lang") == "en"
    assert "httponly" in r.headers["set-cookie"].lower()
    client.cookies.clear()
    client.cookies.set("lang", "en")
    again = client.get("/angebote")
    assert '<html lang="en"' in again.text and "All offers" in again.text


def test_accept_language_picks_the_first_supported_language(client):
    html = client.get("/", headers={"accept-language": "fr-FR,fr;q=0.9,tr;q=0.8,de;q=0.5"}).text
    assert '<html lang="tr"' in html and "Size nasıl yardımcı olabiliriz?" in html


def test_query_beats_cookie_beats_accept_language(client):
    client.cookies.set("lang", "en")
    html = client.get("/", params={"lang": "uk"}, headers={"accept-language": "ar"}).text
    assert '<html lang="uk"' in html
    client.cookies.clear()
    client.cookies.set("lang", "en")
    html = client.get("/", headers={"accept-language": "ar"}).text
    assert '<html lang="en"' in html


def test_unknown_language_falls_back_to_german_without_a_cookie(client):
    r = client.get("/", params={"lang": "xx"}, headers={"accept-language": ""})
    assert '<html lang="de"' in r.text and "lang" not in r.cookies


def test_arabic_is_right_to_left(client):
    html = client.get("/", params={"lang": "ar"}).text
    assert '<html lang="ar" dir="rtl">' in html and "كيف يمكننا مساعدتك؟" in html


def test_language_switch_links_keep_the_other_parameters(client):
    html = client.get("/angebote", params={"region": "hagen", "lang": "de"}).text
    for code in UI_LANGUAGES:
        assert f'href="/angebote?region=hagen&amp;lang={code}"' in html
    assert 'lang="ar" hreflang="ar">العربية</a>' in html


def test_chat_sends_the_ui_language(client):
    html = client.get("/", params={"lang": "tr"}).text
    assert 'data-lang="tr"' in html and 'data-endpoint="/api/chat/stream"' in html


# -- catalogue -----------------------------------------------------------------------------------


def test_catalogue_lists_every_entry_server_rendered(client):
    html = client.get("/angebote").text
    assert offer_ids(html) == ALL_IDS
    assert "11 Angebote" in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"region": "maerkischer-kreis"}, ALL_IDS - {"agentur-fuer-arbeit-hagen", "jobday-2025"}),
        (
            {"audience": "kmu", "kind": "office"},
            {"agentur-fuer-arbeit-hagen", "kompetenzzentrum-frau-und-beruf"},
        ),
        ({"topic": "anerkennung"}, {"iq-anerkennungsberatung"}),
        ({"kind": "event"}, {"jobday-2025", "ki-sprechstunde-2027"}),
        ({"kind": "event", "current": "1"}, {"ki-sprechstunde-2027"}),
        (
            {"audience": "kmu", "topic": "foerderung", "current": "1"},
            {"inqa-coaching", "agentur-fuer-arbeit-hagen"},
        ),
    ],
)
def test_catalogue_facets_filter_the_entries(client, params, expected):
    assert offer_ids(client.get("/angebote", params=params).text) == expected


def test_catalogue_search_uses_stemmed_keywords_and_titles(client):
    plural = offer_ids(client.get("/angebote", params={"q": "Sprachkursen"}).text)
    assert "berufssprachkurse" in plural
    assert offer_ids(client.get("/angebote", params={"q": "INQA"}).text) >= {"inqa-coaching"}
    combined = offer_ids(client.get("/angebote", params={"q": "Anerkennung", "region": "hagen"}).text)
    assert "iq-anerkennungsberatung" in combined and "jobcenter-maerkischer-kreis" not in combined


def test_catalogue_search_ranks_the_best_match_first(client):
    html = client.get("/angebote", params={"q": "Bildungsgutschein"}).text
    first = re.search(r'<h3 class="card-title"[^>]*><a href="/angebote/([a-z0-9-]+)', html)
    assert first and first.group(1) == "bildungsgutschein"
    assert "Sortiert nach Relevanz" in html


def test_catalogue_keeps_the_chosen_filters_in_the_form(client):
    html = client.get("/angebote", params={"q": "Kurs", "region": "hagen", "current": "1"}).text
    assert 'value="Kurs"' in html
    assert '<option value="hagen" selected>' in html
    assert 'name="current" value="1" checked' in html
    assert 'href="/angebote">Alle Filter zurücksetzen' in html


def test_catalogue_ignores_unknown_filter_values(client):
    r = client.get("/angebote", params={"region": "dortmund", "kind": "<script>"})
    assert r.status_code == 200 and offer_ids(r.text) == ALL_IDS


def test_catalogue_says_when_nothing_matches(client):
    html = client.get("/angebote", params={"topic": "anerkennung", "audience": "kmu"}).text
    assert offer_ids(html) == set() and "Keine Angebote passen" in html


def test_catalogue_marks_ended_and_past_offers(client):
    html = client.get("/angebote", params={"kind": "event"}).text
    assert "Fand statt am 08.07.2025" in html
    html = client.get("/angebote", params={"q": "Potentialberatung"}).text
    assert "Beendet seit 31.12.2023" in html


# -- detail pages --------------------------------------------------------------------------------


def test_detail_page_shows_all_fields_contacts_sources_and_review_date(client):
    r = client.get("/angebote/agentur-fuer-arbeit-hagen")
    html = r.text
    assert r.status_code == 200
    assert "<h1>Agentur für Arbeit Hagen</h1>" in html and "Bundesagentur für Arbeit" in html
    assert 'href="tel:08004555500"' in html and 'href="mailto:Hagen@arbeitsagentur.de"' in html
    assert "Körnerstraße 98–100, 58095 Hagen" in html and "Mo–Fr 8–12:30 Uhr" in html
    assert 'href="https://www.arbeitsagentur.de/vor-ort/hagen"' in html
    assert "Zuletzt geprüft" in html and "26.11.2026" in html
    assert "<h2>Was bietet die Agentur?</h2>" in html  # the Markdown body
    for label in ["Arbeitsuchende", "Weiterbildung", "Hagen", "Ennepe-Ruhr-Kreis", "regional", "Quellen"]:
        assert label in html


def test_detail_page_of_a_programme_shows_requirements_timing_and_keywords(client):
    html = client.get("/angebote/bildungsscheck-2-0").text
    assert "Voraussetzungen (vereinfacht)" in html and re.search(
        r"<li[^>]*>Sie fragen als Einzelperson.</li>", html
    )
    assert "Vor Beginn der Maßnahme beantragen." in html
    assert "<dt>Stichwörter</dt><dd>Bildungsscheck</dd>" in html
    assert "<dt>Gültig ab</dt><dd>01.02.2026</dd>" in html


def test_detail_page_of_an_ended_programme_is_marked_and_names_its_successor(client):
    html = client.get("/angebote/potentialberatung").text
    assert "Beendet seit 31.12.2023" in html
    assert '<a href="/angebote/inqa-coaching">INQA-Coaching</a>' in html


def test_detail_page_in_english_keeps_the_german_entry_text(client):
    html = client.get("/angebote/bildungsgutschein", params={"lang": "en"}).text
    assert "Back to all offers" in html and "Funding programme" in html and "Bildungsgutschein" in html


def test_markdown_in_knowledge_bodies_cannot_inject_html(client, web_app):
    entries = web_app.state.services.retriever().catalogue().entries
    entry = entries["jobday-2025"]
    entries["jobday-2025"] = entry.model_copy(update={"body": "## Hallo\n<script>alert(1)</script> <b>x</b>"})
    try:
        html = client.get("/angebote/jobday-2025").text
    finally:
        entries["jobday-2025"] = entry
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_unknown_offer_gets_a_404_page(client):
    r = client.get("/angebote/gibt-es-nicht")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html")
    assert "Angebot nicht gefunden" in r.text and 'href="/angebote"' in r.text


# -- privacy, widget -----------------------------------------------------------------------------


def test_privacy_page_says_what_is_stored_and_what_not(client):
    html = client.get("/datenschutz").text
    assert "werden nicht gespeichert und nicht protokolliert" in html
    assert "Nur wenn Sie eine Antwort bewerten" in html
    assert "geht an keinen fremden Dienst" in html  # the extractive/local provider keeps questions here


def test_widget_page_is_compact_and_frameable_by_allowed_origins(client, web_settings):
    r = client.get("/widget", params={"lang": "en"})
    assert r.status_code == 200 and "data-close" in r.text and 'data-mode="widget"' in r.text
    csp = r.headers["content-security-policy"]
    assert f"frame-ancestors 'self' {web_settings.cors_origins[0]}" in csp
    assert "x-frame-options" not in r.headers
    assert "frame-ancestors 'self'" in client.get("/").headers["content-security-policy"]


def test_widget_script_is_served_as_javascript(client):
    r = client.get("/widget.js")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/javascript")
    assert "data-navigator-url" in r.text and "attachShadow" in r.text


# -- the chat without JavaScript -----------------------------------------------------------------


def test_form_post_answers_as_a_page_with_cards_and_citation_links(client):
    r = client.post(
        "/api/chat/form",
        content="message=Wer+hilft+bei+der+Anerkennung+meines+Abschlusses%3F&region=hagen",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert r.status_code == 200
    html = r.text
    assert "Wer hilft bei der Anerkennung meines Abschlusses?" in html
    assert 'id="t0-1"' in html and 'href="#t0-1"' in html  # the [1] marker links to its card
    assert "IQ Anerkennungsberatung" in html
    assert 'value="hagen" data-filter="region" checked' in html
    assert 'href="/?lang=en"' in html  # the language switch leads back to the chat page


def test_form_post_of_a_starter_question_uses_the_button_value(client):
    html = client.post(
        "/api/chat/form",
        content="message=&starter=Wer+bezahlt+meine+Weiterbildung%3F",
        headers={"content-type": "application/x-www-form-urlencoded"},
    ).text
    assert (
        '<div class="bubble bubble-q"><span class="visually-hidden">Sie: </span><span dir="auto">Wer bezahlt meine Weiterbildung?'
        in html
    )


def test_form_posts_are_rate_limited_like_the_api(tmp_path, built_settings):
    from fastapi.testclient import TestClient

    from navigator.api.app import create_app

    settings = built_settings.model_copy(update={"rate_limit_enabled": True, "rate_limit": "2/minute"})
    form = {"content-type": "application/x-www-form-urlencoded"}
    with TestClient(create_app(settings)) as limited:
        codes = [
            limited.post("/api/chat/form", content="message=Hallo", headers=form).status_code
            for _ in range(3)
        ]
    assert codes == [200, 200, 429]


def test_form_post_without_a_question_asks_for_one(client):
    r = client.post(
        "/api/chat/form", content="message=+", headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert r.status_code == 422 and "Bitte geben Sie eine Frage ein." in r.text
