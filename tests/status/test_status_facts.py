"""Status sentences: the system, not the model, says whether an offer is open, ending, upcoming or ended."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from navigator.knowledge import Entry
from navigator.status import status_fact
from navigator.status.lexicon import SENTENCE_KEYS, languages, sentences

TODAY = dt.date(2026, 12, 7)


def entry(**fields: Any) -> Entry:
    base: dict[str, Any] = {
        "id": "go-digital",
        "kind": "programme",
        "title": "go-digital (Förderprogramm des BMWK)",
        "organisation": "Bundesministerium für Wirtschaft",
        "summary": "Zuschuss für Beratung zur Digitalisierung in kleinen Unternehmen.",
        "audiences": ["kmu"],
        "topics": ["digitalisierung"],
        "regions": ["alle"],
        "url": "https://example.org/go-digital",
        "sources": ["https://example.org/go-digital"],
        "reviewed": "2026-11-26",
    }
    return Entry.model_validate({**base, **fields})


TITLES = {"mid-digitalisierung": "MID-Digitalisierung", "sihk-hagen": "SIHK zu Hagen"}


def test_an_ended_programme_says_since_when_and_what_instead():
    fact = status_fact(
        entry(valid_until="2024-12-31", successors=["mid-digitalisierung"]), "de", TODAY, TITLES
    )
    assert fact.state == "ended"
    assert fact.sentence == "go-digital ist seit 31.12.2024 beendet. Stattdessen: MID-Digitalisierung."
    assert fact.notable


def test_an_ended_programme_without_successor_names_the_office_to_ask():
    fact = status_fact(entry(valid_until="2024-12-31", offices=["sihk-hagen"]), "de", TODAY, TITLES)
    assert "Nachfolge ist noch nicht bekannt" in fact.sentence
    assert "SIHK zu Hagen" in fact.sentence


def test_an_offer_ending_soon_counts_the_days():
    fact = status_fact(entry(valid_until="2026-12-31"), "de", TODAY, TITLES)
    assert (fact.state, fact.days) == ("ending", 24)
    assert "bis 31.12.2026 (noch 24 Tage)" in fact.sentence


def test_an_offer_ending_without_a_known_successor_names_the_office_to_ask():
    fact = status_fact(entry(valid_until="2026-12-31", offices=["sihk-hagen"]), "de", TODAY, TITLES)
    assert fact.sentence == (
        "go-digital läuft nur noch bis 31.12.2026 (noch 24 Tage). "
        "Eine Nachfolge ist noch nicht bekannt – fragen Sie bei SIHK zu Hagen nach."
    )
    known = entry(valid_until="2026-12-31", successors=["mid-digitalisierung"])
    assert status_fact(known, "de", TODAY, TITLES).next_step == ""  # still open: no "instead" yet


def test_the_last_day_and_the_day_before_read_naturally():
    assert "nur noch heute" in status_fact(entry(valid_until="2026-12-07"), "de", TODAY).sentence
    assert "(noch 1 Tag)" in status_fact(entry(valid_until="2026-12-08"), "de", TODAY).sentence


def test_the_day_after_the_end_the_entry_is_ended_by_itself():
    assert status_fact(entry(valid_until="2026-12-06"), "de", TODAY).state == "ended"


def test_an_upcoming_offer_says_when_it_starts():
    fact = status_fact(entry(valid_from="2027-01-01"), "en", TODAY)
    assert fact.state == "upcoming"
    assert fact.sentence == "go-digital starts on 01.01.2027 (in 25 days)."


def test_an_open_ended_offer_is_open_with_its_review_date():
    fact = status_fact(entry(), "tr", TODAY)
    assert fact.state == "open" and not fact.notable
    assert "26.11.2026" in fact.sentence and "açık" in fact.sentence


def test_a_past_event_took_place():
    ev = entry(kind="event", id="jobday", title="JOBDAY 2025", starts="2025-07-03")
    fact = status_fact(ev, "ru", TODAY)
    assert fact.state == "ended"
    assert "состоялось 03.07.2025" in fact.sentence


@pytest.mark.parametrize("lang", ["de", "en", "tr", "ar", "uk", "ru"])
def test_every_answer_language_has_every_sentence(lang):
    assert lang in languages()
    table = sentences(lang)
    assert set(SENTENCE_KEYS) <= set(table)
    fact = status_fact(entry(valid_until="2026-12-31"), lang, TODAY)
    assert "31.12.2026" in fact.sentence and "24" in fact.sentence


def test_an_unsupported_language_gets_the_german_sentence():
    assert status_fact(entry(), "fa", TODAY).sentence == status_fact(entry(), "de", TODAY).sentence


def test_only_what_changes_what_the_asker_can_do_is_notable():
    assert status_fact(entry(valid_until="2024-12-31"), "de", TODAY).notable
    assert status_fact(entry(valid_until="2026-12-31"), "de", TODAY).notable
    assert status_fact(entry(valid_from="2027-01-01"), "de", TODAY).notable
    event = entry(kind="event", id="ki-sprechstunde", title="KI-Sprechstunde", starts="2027-03-10")
    assert not status_fact(event, "de", TODAY).notable
    assert not status_fact(entry(), "de", TODAY).notable


def test_a_recommendation_is_not_called_a_successor():
    fact = status_fact(
        entry(valid_until="2023-12-31", recommended=["mid-digitalisierung"]), "de", TODAY, TITLES
    )
    assert "Stattdessen" not in fact.sentence
    assert (
        "Ein direktes Nachfolgeprogramm gibt es nicht; empfohlen wird: MID-Digitalisierung." in fact.sentence
    )
