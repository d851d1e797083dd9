"""Entries' titles and summaries in the page's language (knowledge/_i18n), over TestClient.

The fixture corpus has English and Arabic translations of `bildungsscheck-2-0` (current) and of
`bildungsgutschein` (stale: its German text changed since), none of the other entries.
"""

from __future__ import annotations

import json
import re

import pytest

from navigator import translations
from navigator.answer import assemble
from navigator.localise import localise_sources
from navigator.prompts import load_prompts
from tests.conftest import FIXTURE_KB


@pytest.fixture(autouse=True)
def _fresh_cookies(client):
    client.cookies.clear()


def card(html: str, entry_id: str) -> str:
    """The catalogue card of one entry."""
    start = html.index(f'<a href="/angebote/{entry_id}">')
    return html[start : html.index("</article>", start)]


@pytest.mark.parametrize(
    ("lang", "summary"),
    [
        ("en", "A grant of 50 percent towards vocational further training for people living in NRW."),
        ("ar", "منحة بنسبة 50 بالمئة لتدريب مهني إضافي للأشخاص المقيمين في NRW."),
    ],
)
def test_a_translated_card_shows_the_summary_in_the_page_language(client, lang, summary):
    html = client.get(f"/angebote?lang={lang}").text
    got = card(html, "bildungsscheck-2-0")
    assert f'<span lang="{lang}" dir="auto">{summary}</span>' in got
    # The official German name first, marked German; its translation after it, marked as such.
    assert '<span lang="de" dir="auto">Bildungsscheck NRW 2.0</span>' in got
    assert re.search(rf'<span lang="{lang}" dir="auto">\(.+2\.0\)</span>', got)
    assert "german-only" not in got
    assert "Zuschuss von 50 Prozent" not in got


@pytest.mark.parametrize(("lang", "note"), [("en", "only in German"), ("ar", "بالألمانية فقط")])
def test_a_stale_translation_shows_german_with_a_note(client, lang, note):
    got = card(client.get(f"/angebote?lang={lang}").text, "bildungsgutschein")
    assert '<span lang="de" dir="auto">Die Agentur für Arbeit oder das Jobcenter bezahlt' in got
    assert f'<span class="german-only">({note})</span>' in got
    assert "The employment agency pays" not in got and "تدفع وكالة العمل" not in got


def test_an_untranslated_entry_is_german_with_a_note(client):
    got = card(client.get("/angebote?lang=en").text, "inqa-coaching")
    assert '<span lang="de" dir="auto">Gefördertes Coaching' in got
    assert "(only in German)" in got


def test_german_pages_have_no_note_and_no_translation(client):
    html = client.get("/angebote?lang=de").text
    assert "german-only" not in html
    assert "A grant of 50 percent" not in html
    assert "Zuschuss von 50 Prozent" in card(html, "bildungsscheck-2-0")


def test_the_detail_page_shows_the_translation_in_title_heading_and_lead(client):
    html = client.get("/angebote/bildungsscheck-2-0?lang=en").text
    assert "<title>Bildungsscheck NRW 2.0 (Education cheque NRW 2.0) –" in html
    heading = html[html.index("<h1>") : html.index("</h1>")]
    assert '<span lang="de" dir="auto">Bildungsscheck NRW 2.0</span>' in heading
    assert '<span lang="en" dir="auto">(Education cheque NRW 2.0)</span>' in heading
    lead = html[html.index('<p class="lead">') :]
    assert lead.startswith('<p class="lead"><span lang="en" dir="auto">A grant of 50 percent')


def test_languages_of_counselling_are_on_the_card_and_filter_the_catalogue(client):
    html = client.get("/angebote?lang=en").text
    got = card(html, "iq-anerkennungsberatung")
    assert "Counselling also in:" in got
    assert '<span lang="ar" dir="auto">العربية</span>' in got
    assert "Counselling also in" not in card(html, "inqa-coaching")
    filtered = client.get("/angebote?lang=en&language=ar").text
    assert set(re.findall(r'<h3 class="card-title"><a href="/angebote/([a-z0-9-]+)"', filtered)) == {
        "iq-anerkennungsberatung"
    }
    assert '<option value="ar" lang="ar" selected>' in filtered


def test_api_source_cards_carry_the_translation_and_the_flag(client):
    body = {"message": "هل يمكنني الحصول على Bildungsscheck أو Bildungsgutschein؟", "language": "ar"}
    answer = client.post("/api/chat", json=body).json()
    assert answer["language"] == "ar"
    cards = {s["id"]: s for s in answer["sources"]}
    scheck = cards["bildungsscheck-2-0"]
    assert scheck["translated"] is True and scheck["lang"] == "ar" and not scheck["german_only"]
    assert scheck["summary"] == "منحة بنسبة 50 بالمئة لتدريب مهني إضافي للأشخاص المقيمين في NRW."
    assert scheck["title"] == "Bildungsscheck NRW 2.0 (شيك التعليم NRW 2.0)"
    assert scheck["title_de"] == "Bildungsscheck NRW 2.0"
    stale = cards["bildungsgutschein"]
    assert stale["translated"] is False and stale["german_only"] is True and stale["lang"] == "de"
    assert stale["summary"].startswith("Die Agentur für Arbeit oder das Jobcenter")


def test_german_api_answers_keep_german_cards(client):
    answer = client.post("/api/chat", json={"message": "Wer zahlt den Bildungsscheck?"}).json()
    assert answer["language"] == "de"
    assert all(s["translated"] is False and s["german_only"] is False for s in answer["sources"])


def test_the_stream_sends_localised_cards_first_and_in_the_final_answer(client):
    body = {"message": "هل يمكنني الحصول على Bildungsscheck أو Bildungsgutschein؟", "language": "ar"}
    with client.stream("POST", "/api/chat/stream", json=body) as r:
        lines = list(r.iter_lines())
    events = dict(
        zip(
            [line[6:].strip() for line in lines if line.startswith("event:")],
            [json.loads(line[5:]) for line in lines if line.startswith("data:")],
            strict=True,
        )
    )
    for cards in (events["sources"], events["done"]["sources"]):
        scheck = next(s for s in cards if s["id"] == "bildungsscheck-2-0")
        assert scheck["translated"] is True and scheck["summary"].startswith("منحة بنسبة 50")


def test_the_extractive_answer_lists_translated_summaries(web_app, web_settings):
    """The localise stage runs before the answer is written: the extractive answer speaks Arabic."""
    service = assemble(
        web_app.state.services.chat().retriever,
        None,
        load_prompts(web_settings.prompts_dir),
        detect_language=lambda text, default: "ar",
        translations=translations.load(FIXTURE_KB),
    )
    answer = service.answer("Bildungsscheck Weiterbildung Zuschuss")
    assert "منحة بنسبة 50 بالمئة" in answer.text
    assert "Zuschuss von 50 Prozent" not in answer.text
    # Untranslated sources stay German: the card says "nur auf Deutsch", the line keeps the German text.
    assert any(s.german_only and s.summary in answer.text for s in answer.sources)


def test_answer_cards_name_the_languages_of_counselling(client):
    question = "Wer hilft bei der Anerkennung meines Abschlusses?"
    cards = {s["id"]: s for s in client.post("/api/chat", json={"message": question}).json()["sources"]}
    assert cards["iq-anerkennungsberatung"]["languages"] == ["en", "ar", "uk"]
    assert all(s["languages"] == [] for i, s in cards.items() if i != "iq-anerkennungsberatung")
    html = client.post("/api/chat/form?lang=en", data={"message": question}).text
    link = html.index('href="/angebote/iq-anerkennungsberatung"')
    card_html = html[html.rindex("<article", 0, link) : html.index("</article>", link)]
    assert "Counselling also in:" in card_html and '<span lang="uk" dir="auto">Українська</span>' in card_html


def test_localising_twice_changes_nothing(web_app):
    """Localising is idempotent: cards that are already in the asker's language stay as they are."""
    service = web_app.state.services.chat()
    entries = service.retriever.catalogue().entries
    tr = translations.load(FIXTURE_KB)
    answer = service.answer("Bildungsscheck Bildungsgutschein Weiterbildung", ui_language="de")
    once = localise_sources(answer.sources, "ar", entries, tr)
    assert localise_sources(once, "ar", entries, tr) == once
