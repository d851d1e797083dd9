"""The eval reads an answer's language from the navigator's own words, not from the cards' German."""

from __future__ import annotations

from navigator.evals.scoring import own_words
from navigator.language import detect_language
from navigator.types import Answer, Source


def card(n: int, title_de: str, translation: str, **contact: str) -> Source:
    return Source(
        n=n,
        id=f"office-{n}",
        title=f"{title_de} ({translation})",
        title_de=title_de,
        title_translation=translation,
        organisation="Bundesagentur für Arbeit",
        kind="office",
        url=f"https://example.org/{n}",
        summary="",
        contact=dict(contact),
        status="current",
        reviewed="2026-11-26",
    )


CARDS = (
    card(
        1,
        "Agentur für Arbeit Iserlohn",
        "Агентство занятости Изерлона",
        phone="0800 4 5555 00 (kostenfreie Servicenummer, Arbeitgeber 0800 4 5555 20)",
        opening_hours="Telefon Mo–Fr 8–18 Uhr",
    ),
    card(
        2,
        "Beratungsstelle Arbeit Märkischer Kreis",
        "Консультационный центр «Работа»",
        address="Werdohler Straße 30, Lüdenscheid",
        appointment="Termin nach Vereinbarung",
    ),
)
REPLY = (
    "Конечно – здесь вы можете связаться с людьми, которые проконсультируют вас лично:\n"
    "- Agentur für Arbeit Iserlohn (Агентство занятости Изерлона) [1]: Телефон: 0800 4 5555 00 "
    "(kostenfreie Servicenummer, Arbeitgeber 0800 4 5555 20); Часы работы: Telefon Mo–Fr 8–18 Uhr\n"
    "- Beratungsstelle Arbeit Märkischer Kreis (Консультационный центр «Работа») [2]: Адрес: "
    "Werdohler Straße 30, Lüdenscheid; Termin nach Vereinbarung\n"
    "Совет: подготовьте запрос заранее. https://example.org/1"
)


def test_the_cards_german_names_and_contact_lines_are_not_the_answers_words():
    words = own_words(Answer(REPLY, "ru", CARDS, grounded=True, provider="extractive"))
    for german in (
        "Agentur für Arbeit Iserlohn",
        "kostenfreie Servicenummer",
        "Mo–Fr 8–18 Uhr",
        "Werdohler Straße",
        "Termin nach Vereinbarung",
        "https://",
        "[1]",
    ):
        assert german not in words
    assert "Агентство занятости Изерлона" in words  # the translation is the asker's language
    assert detect_language(words, default="unknown") == "ru"


def test_a_german_answer_keeps_its_own_german_words():
    text = "Für Ihre Frage sind diese Stellen zuständig, rufen Sie dort gern an: Agentur für Arbeit Iserlohn [1]."
    words = own_words(Answer(text, "de", CARDS[:1], grounded=True, provider="extractive"))
    assert "Agentur für Arbeit Iserlohn" not in words
    assert detect_language(words, default="unknown") == "de"
