"""Names found as people write them: spelling-tolerant, in every script, never from a generic word."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from navigator.knowledge import Entry
from navigator.retrieval.catalogue import ended_names, title_names
from navigator.retrieval.names import Name, Phrases, within, words

TODAY = dt.date(2026, 11, 26)


def found(name: str, question: str) -> bool:
    return Name.of(name).found_in(words(question))


@pytest.mark.parametrize(
    ("name", "question"),
    [
        # German: word breaks, umlauts, "z" for "t", typos in long words, function words.
        ("go-digital", "Unser Steuerberater meinte, wir sollen godigital beantragen."),
        ("go-digital", "Geht Go Digital noch?"),
        ("Digital Jetzt", "digitaljetzt förderung noch möglich?"),
        ("JOBDAY", "Gibt es den Job Day an der FernUni wieder?"),
        ("Potentialberatung", "Können wir die Potenzialberatung noch machen?"),
        ("Bildungsprämie", "gibt es noch die bildungspremie mit gutschein?"),
        ("Bildungsprämie", "Bildungspraemie beantragen"),
        ("Gründerstipendium NRW", "gründerstipendum nrw bewerbung"),
        ("Bildungsscheck Betrieb", "Geht das mit dem Bildungsscheck für Betriebe?"),
        ("alter Bildungsscheck", "Gibt es den alten Bildungsscheck noch?"),  # inflected
        ("Betrieblicher Bildungsscheck", "Anträge des betrieblichen Bildungsschecks"),
        ("unternehmensWert:Mensch", "Unser Berater hat Unternehmens Wert Mensch erwähnt."),
        # English and Turkish: the German name inside, suffixes split off by the apostrophe.
        ("go-digital", "Can we still apply for the Go-Digital grant?"),
        ("Ausbildungsprogramm NRW", "Is the Ausbildungsprogramm NRW subsidy still available?"),
        ("Potentialberatung NRW", "Potentialberatung NRW'ye hâlâ başvurabilir miyiz?"),
        # Russian, Ukrainian, Arabic: a German name in Latin letters, or a translated name misspelt.
        ("Digital Jetzt", "Можно ли ещё подать заявку на программу Digital Jetzt?"),
        ("Премия на образование", "Есть ли ещё премия на образования?"),
        ("Програма Цифровізація", "Чи діє ще програми цифровізації?"),
        ("go-digital", "هل ما زال برنامج go-digital متاحاً؟"),
        ("الاستشارة الرقمية", "هل ما زالت الاستشاره الرقمية متاحة؟"),
    ],
)
def test_a_name_is_found_however_it_is_written(name, question):
    assert found(name, question)


@pytest.mark.parametrize(
    ("name", "question"),
    [
        ("HALZ", "ich bin halt arbeitslos"),  # short words only exactly ("z" is not "t" here)
        ("Arbeitsamt Wetter", "Hat das Arbeitsamt Witten noch offen?"),
        ("Bildungsprämie", "Wie bekomme ich die Weiterbildungsprämie?"),  # another word
        ("Gründerstipendium NRW", "Gründungsstipendium NRW bewerben"),
        ("Digital Jetzt", "Wir wollen jetzt digital werden"),  # the words, not the name
        ("1000 Euro", "10 Euro Gebühr"),  # digits are not folded
        ("uWM", "UWE aus Hagen"),
        ("Arbeitsamt Altena", "das alte Arbeitsamt"),  # "Altena" has no ending to drop
        ("Премия на образование", "Где получить образование?"),
        ("الاستشارة الرقمية", "أبحث عن الاستشارة القانونية"),
    ],
)
def test_other_words_are_not_the_name(name, question):
    assert not found(name, question)


def test_edit_distance_is_bounded():
    assert within("potentialberatung", "potentialberatunk", 1)
    assert not within("potentialberatung", "potentialberatxnk", 1)
    assert within("bildungspremie", "bildungsprmie", 1) and not within("abcdefg", "gfedcba", 2)


def test_many_phrases_are_searched_at_once_but_never_across_two():
    phrases = Phrases([words("Beratung zur Potenzialberatung"), words("Go"), words("Digital Hub")])
    assert phrases.contains(Name.of("Potentialberatung"))  # misspelt, not at the phrase's start
    assert phrases.contains(Name.of("Digital Hub"))
    assert not phrases.contains(Name.of("go-digital"))  # "Go" and "Digital" are two phrases
    assert not phrases.contains(Name.of("Bildungsprämie"))


def test_a_title_is_a_name_without_brackets_and_by_its_head():
    assert title_names("Digital Jetzt – Investitionsförderung für KMU (beendet seit 31.12.2023)") == [
        "Digital Jetzt – Investitionsförderung für KMU",
        "Digital Jetzt",
    ]
    assert title_names("go-digital (beendet)") == ["go-digital"]


def entry(entry_id: str, title: str, **fields: Any) -> Entry:
    base: dict[str, Any] = {
        "id": entry_id,
        "kind": "programme",
        "title": title,
        "organisation": "Land NRW",
        "summary": "Ein Zuschuss für Unternehmen in der Region.",
        "audiences": ["kmu"],
        "topics": ["foerderung"],
        "regions": ["alle"],
        "url": f"https://example.org/{entry_id}",
        "sources": [f"https://example.org/{entry_id}"],
        "reviewed": "2026-11-26",
    }
    return Entry.model_validate({**base, **fields})


ENDED = "2024-12-31"


def names_of(
    entries: list[Entry], translated: dict[str, tuple[str, ...]] | None = None
) -> dict[str, set[str]]:
    return {i: {" ".join(n.parts) for n in ns} for i, ns in ended_names(entries, TODAY, translated).items()}


def test_a_generic_or_open_word_never_becomes_an_ended_name():
    entries = [
        entry(
            "alt", "Bildungsscheck NRW (alt)", valid_until=ENDED, keywords=["Bildungsscheck", "Weiterbildung"]
        ),
        entry("neu", "Bildungsscheck NRW 2.0", keywords=["Bildungsscheck"]),
        entry("kurs", "Weiterbildung in Hagen", keywords=["Weiterbildung"]),
    ]
    # Found spelled otherwise in an open title: "Bildungs-Scheck NRW 2.0" holds the old title too.
    assert names_of(entries) == {"alt": set()}


def test_old_names_a_successor_keeps_are_still_the_ended_entrys_names():
    entries = [
        entry(
            "uwm",
            "unternehmensWert:Mensch (uWM)",
            valid_until=ENDED,
            successors=["inqa"],
            keywords=["uWM", "Personalberatung"],
        ),
        entry("inqa", "INQA-Coaching", keywords=["uWM", "unternehmensWert:Mensch", "Personalberatung"]),
    ]
    # The old name and its acronym; a topic word the successor uses stays the successor's.
    assert names_of(entries) == {"uwm": {"unternehmenswert mensch", "uwm"}}


def test_translated_titles_are_names_and_guard_open_entries():
    entries = [
        entry("praemie", "Bildungsprämie des Bundes", valid_until=ENDED),
        entry("scheck", "Bildungsscheck NRW 2.0"),
    ]
    translated = {
        "praemie": ("Премия на образование", "Eğitim primi"),
        "scheck": ("Образовательный чек NRW 2.0", "Eğitim primi NRW"),  # an open entry's title
    }
    names = names_of(entries, translated)["praemie"]
    assert names == {"bildungspremie bundes", "премия на образование"}  # not the open entry's name
