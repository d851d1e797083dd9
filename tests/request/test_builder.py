"""The prepared request: the person's words, the check's facts, the office's sourced contact, documents."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from navigator.knowledge import Entry, load_entries
from navigator.phrases import load_phrases
from navigator.request.builder import RequestFacts, build_request
from tests.handoff.conftest import KNOWLEDGE

BOOK = load_phrases(Path(__file__).parents[2] / "prompts" / "request.yaml")


@cache
def entries() -> dict[str, Entry]:
    return {item.entry.id: item.entry for item in load_entries(KNOWLEDGE)}


def test_the_request_carries_the_words_the_facts_and_the_office() -> None:
    facts = RequestFacts(
        question="Ich möchte nächstes Jahr einen Kurs zur Buchhaltung machen.",
        audience="beschaeftigte",
        town="Hemer",
        entry_ids=("bildungsurlaub-nrw",),
        settled=("Sie wohnen in NRW.",),
        open=("Ist der Kurs anerkannt?",),
    )
    r = build_request(facts, entries(), BOOK)
    assert r.subject == "Anfrage: " + entries()["bildungsurlaub-nrw"].title
    assert "„\u2068Ich möchte nächstes Jahr einen Kurs zur Buchhaltung machen.\u2069“" in r.text_de
    assert "Ich bin: Beschäftigte" in r.text_de and "Wohnort/Standort: Hemer" in r.text_de
    assert "Schon geklärt (Förder-Check):\n- Sie wohnen in NRW." in r.text_de
    assert "Noch offen:\n- Ist der Kurs anerkannt?" in r.text_de
    for document in entries()["bildungsurlaub-nrw"].documents:
        assert f"- {document}" in r.text_de
    assert r.office is not None and r.office["id"] in entries()["bildungsurlaub-nrw"].offices
    assert r.text == r.text_de and r.body == r.text_de  # German asker: one text


def test_another_language_stands_beside_the_german_text() -> None:
    facts = RequestFacts(
        question="أريد معادلة شهادتي", language="ar", entry_ids=("anerkennung-auslaendischer-abschluesse",)
    )
    r = build_request(facts, entries(), BOOK)
    assert r.language == "ar" and r.text.startswith("مرحباً")
    assert r.body.startswith(r.text_de) and r.body.endswith(r.text)
    assert "„\u2068أريد معادلة شهادتي\u2069“" in r.text  # the words as written, isolated


def test_the_mailto_link_goes_to_the_offices_sourced_address_with_subject_and_body() -> None:
    with_mail = [e for e in entries().values() if e.kind == "office" and e.contact.email]
    office = with_mail[0]
    r = build_request(RequestFacts(question="Bitte um Rückmeldung", entry_ids=(office.id,)), entries(), BOOK)
    link = urlsplit(r.mailto)
    assert link.scheme == "mailto" and link.path == office.contact.email
    query = parse_qs(link.query)
    assert query["subject"] == [r.subject] and query["body"] == [r.body]


def test_hours_and_appointments_from_the_file_are_in_the_request() -> None:
    office = entries()["agentur-fuer-arbeit-iserlohn-werdohl"]
    r = build_request(RequestFacts(entry_ids=(office.id,)), entries(), BOOK)
    assert office.contact.appointment and office.contact.appointment in r.text_de
    hours = entries()["bundesagentur-servicenummern"]
    r = build_request(RequestFacts(entry_ids=(hours.id,)), entries(), BOOK)
    assert f"Zeiten: {hours.contact.opening_hours}" in r.text_de


def test_unknown_ids_are_ignored_and_nothing_is_invented() -> None:
    r = build_request(RequestFacts(question="Hallo", entry_ids=("gibt-es-nicht",)), entries(), BOOK)
    assert r.office is None and r.subject == "Bitte um Beratung"
    assert r.mailto.startswith("mailto:?subject=")
