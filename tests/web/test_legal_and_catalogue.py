"""Legal pages from the operator settings, German passages marked on other-language pages, the catalogue's
order, spelling suggestions and filters that survive "Zurück"."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from navigator.api.app import create_app
from navigator.web import legal
from navigator.web.offers import OfferQuery, find_offers, suggest

AGENCY = "agentur-fuer-arbeit-hagen"
OPERATOR = {
    "operator_name": "Musterstadt Wirtschaftsförderung",
    "operator_address": "Beispielweg 1, 00000 Musterstadt",
    "operator_representative": "Erika Beispiel",
    "operator_email": "navigator@example.org",
    "operator_phone": "+49 000 000000",
    "operator_dpo": "Datenschutzbeauftragte der Musterstadt, datenschutz@example.org",
    "operator_supervisory_authority": "Aufsichtsbehörde des Landes (Beispiel)",
    "operator_accessibility_contact": "barrieren@example.org",
}
LEGAL = ("/impressum", "/barrierefreiheit", "/datenschutz")


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def operated(web_settings) -> TestClient:
    with TestClient(create_app(web_settings.model_copy(update=OPERATOR))) as c:
        yield c


# -- legal pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", LEGAL)
def test_without_operator_settings_the_legal_pages_say_so_plainly(client, path):
    r = client.get(path)
    assert r.status_code == 200
    assert "Der Betreiber dieses Navigators ist noch nicht eingetragen" in text(r.text)
    assert "NAVIGATOR_OPERATOR_" in r.text


def test_imprint_names_the_configured_operator(operated):
    page = text(operated.get("/impressum").text)
    assert "Musterstadt Wirtschaftsförderung" in page and "Beispielweg 1, 00000 Musterstadt" in page
    assert "Vertreten durch: Erika Beispiel" in page and "§ 5 Digitale-Dienste-Gesetz" in page
    assert "noch nicht eingetragen" not in page
    html = operated.get("/impressum").text
    assert '<a dir="ltr" href="mailto:navigator@example.org">' in html
    assert '<a dir="ltr" href="tel:+49000000000">+49 000 000000</a>' in html


def test_accessibility_statement_has_status_gaps_contact_and_the_nrw_procedure(operated):
    page = text(operated.get("/barrierefreiheit").text)
    assert "WCAG 2.1 Stufe AA und der BITV 2.0 teilweise vereinbar" in page
    assert "Nicht barrierefreie Inhalte" in page and "Leichter Sprache" in page
    assert "barrieren@example.org" in page
    assert "Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen" in page
    assert "§ 10d BGG NRW" in page and "§ 11 BITV NRW" in page
    assert "https://www.lbbp.nrw.de/ombudsstelle" in page


def test_privacy_page_names_controller_dpo_bases_storage_rights_and_providers(operated):
    page = text(operated.get("/datenschutz").text)
    for part in (
        "Verantwortlicher Musterstadt Wirtschaftsförderung",
        "Datenschutzbeauftragte der Musterstadt",
        "Art. 6 Abs. 1 lit. e DSGVO",
        "§ 25 Abs. 2 Nr. 2 TDDDG",
        "für ein Jahr",
        "Auskunft (Art. 15 DSGVO)",
        "zuständig ist: Aufsichtsbehörde des Landes (Beispiel)",
        # The fixture app runs extractive: the page must not claim a language model.
        "Es ist kein Sprachmodell eingerichtet",
    ):
        assert part in page, part
    assert 'data-model="none"' in operated.get("/datenschutz").text


def test_privacy_statement_follows_the_running_configuration(web_settings):
    local = web_settings.model_copy(update={"llm": "local", "llm_model": "qwen.gguf"})
    assert legal.model_kind(local) == "local"
    assert "qwen.gguf" in " ".join(legal.question_processing(local))
    hosted = web_settings.model_copy(
        update={
            "llm": "openai",
            "llm_base_url": "https://llm.example.net/v1",
            "chroma_url": "http://chroma.internal:8000",
            "rate_limit_storage": "redis://counter.internal:6379",
        }
    )
    steps = " ".join(legal.question_processing(hosted))
    assert legal.model_kind(hosted) == "hosted"
    assert "Sprachmodell-Dienst unter llm.example.net" in steps
    assert "chroma.internal" in steps and "counter.internal" in steps
    assert "kein Sprachmodell" in " ".join(legal.question_processing(web_settings))
    with TestClient(create_app(hosted)) as c:
        assert 'data-model="hosted"' in c.get("/datenschutz").text


@pytest.mark.parametrize(
    "path", ["/", "/angebote", f"/angebote/{AGENCY}", "/foerder-check", "/widget", *LEGAL]
)
def test_every_page_links_the_legal_pages(client, path):
    html = client.get(path).text
    for target in LEGAL:
        assert f'href="{target}"' in html, target


def test_legal_pages_in_another_language_say_the_german_text_is_binding(client):
    html = client.get("/impressum?lang=ar").text
    assert "هذه الصفحة متوفرة باللغة الألمانية فقط" in html
    assert '<div lang="de" dir="ltr">' in html


# -- German passages and contacts on other-language pages ---------------------------------------


def test_german_passages_are_marked_and_contacts_isolated_on_an_arabic_page(client):
    html = client.get(f"/angebote/{AGENCY}?lang=ar").text
    # The German name (and a German summary without translation) carry their language.
    assert '<h1><span lang="de" dir="auto">Agentur für Arbeit Hagen</span></h1>' in html
    assert '<p class="lead"><span lang="de" dir="auto">' in html
    assert '<a dir="ltr" href="tel:08004555500">0800 4 5555 00 (kostenfrei)</a>' in html
    assert '<a dir="ltr" href="mailto:Hagen@arbeitsagentur.de">' in html
    assert '<span dir="ltr" lang="de">Mo–Fr 8–12:30 Uhr, Do 14–18 Uhr</span>' in html
    catalogue = client.get("/angebote?lang=ar").text
    assert re.search(
        r'<h3 class="card-title"><a href="/angebote/[^"]*"><span lang="de" dir="auto">', catalogue
    )


def test_a_german_page_needs_no_language_marks(client):
    html = client.get(f"/angebote/{AGENCY}?lang=de").text
    assert "<h1>Agentur für Arbeit Hagen</h1>" in html and 'lang="de" dir="auto"' not in html


# -- the catalogue -------------------------------------------------------------------------------


def test_search_lists_current_offers_before_ended_ones(web_app):
    retriever = web_app.state.services.retriever()
    today = retriever.today()
    for q in ("Beratung", "Weiterbildung Unternehmen", "Potentialberatung"):
        ended = [e.status(today) == "ended" for e in find_offers(retriever, OfferQuery(q=q))]
        assert ended == sorted(ended), q  # no current offer after an ended one
    assert any(e.status(today) == "ended" for e in find_offers(retriever, OfferQuery(q="Potentialberatung")))


def test_spelling_suggestion_for_a_search_that_finds_nothing(web_app, client):
    retriever = web_app.state.services.retriever()
    assert find_offers(retriever, OfferQuery(q="Bildungscheck")) == []
    assert suggest(retriever, "Bildungscheck") == "Bildungsscheck"
    assert suggest(retriever, "Bildungsscheck") is None  # spelt right: nothing to suggest
    assert suggest(retriever, "Quantenphysik") is None
    html = client.get("/angebote", params={"q": "Bildungscheck", "kind": "programme", "lang": "de"}).text
    assert "Keine Treffer für „Bildungscheck“." in text(html) and "Meinten Sie" in html
    assert '<a href="/angebote?q=Bildungsscheck&amp;kind=programme" lang="de">Bildungsscheck</a>' in html
    assert 'href="/angebote/bildungsscheck-2-0?q=Bildungscheck&amp;kind=programme"' in html


def test_detail_page_leads_back_to_the_filtered_list(client):
    html = client.get(f"/angebote/{AGENCY}", params={"q": "Arbeit", "region": "hagen", "kind": "nope"}).text
    assert '<p class="back"><a href="/angebote?q=Arbeit&amp;region=hagen">' in html
    assert '<p class="back"><a href="/angebote">' in client.get(f"/angebote/{AGENCY}").text
