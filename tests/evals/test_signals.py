"""What the eval reads from texts: offer status, contradictions, the asker's situation, settled fields."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from navigator import vocab
from navigator.evals import signals
from navigator.knowledge import load_entries
from tests.conftest import FIXTURE_KB, TODAY


@pytest.fixture(scope="module")
def entries():
    return {item.entry.id: item.entry for item in load_entries(FIXTURE_KB)}


def test_the_tables_cover_every_answer_language():
    data = yaml.safe_load(signals.SIGNALS.read_text(encoding="utf-8"))
    for kind in signals.STATUS_KINDS:
        assert set(data["status"][kind]) >= set(vocab.ANSWER_LANGUAGES), kind
    assert set(data["contradiction"]) >= set(vocab.ANSWER_LANGUAGES)
    # A phrase is several words: a lone "ja" (a YAML list split at a comma) would flag every answer.
    assert all(len(p.split()) >= 2 for phrases in data["contradiction"].values() for p in phrases)
    for name, words in data["situation"].items():
        assert set(words) >= set(vocab.ANSWER_LANGUAGES), name
    assert set(data["places"]) == set(vocab.REGIONS)
    assert set(data["settled"]["patterns"]) <= set(vocab.ELIGIBILITY_FIELDS)


def test_an_offer_is_ended_ending_within_sixty_days_or_upcoming(entries):
    assert signals.offer_status(entries["potentialberatung"], TODAY) == "ended"
    assert signals.offer_status(entries["bildungsscheck-2-0"], dt.date(2026, 1, 15)) == "upcoming"
    assert signals.offer_status(entries["bildungsgutschein"], TODAY) is None
    scheck = entries["bildungsscheck-2-0"].model_copy(update={"valid_until": dt.date(2027, 1, 20)})
    assert signals.offer_status(scheck, TODAY) == "ending"  # 55 days left
    assert signals.offer_status(scheck, dt.date(2026, 11, 1)) is None  # 80 days left
    assert (
        signals.offer_status(entries["ki-sprechstunde-2027"], TODAY) is None
    )  # a future event is just current


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Hinweis: Die Potentialberatung ist seit 31.12.2023 beendet.", "ended"),
        ("Note: go-digital ended on 31 December 2024.", "ended"),
        ("Not: Program 31.12.2024 tarihinde sona erdi.", "ended"),
        ("ملاحظة: انتهى البرنامج بتاريخ 31.12.2024.", "ended"),
        ("Примітка: програму завершено 31.12.2024.", "ended"),
        ("Примечание: программа завершена 31.12.2024.", "ended"),
        ("Das Programm läuft noch bis zum 20. Januar 2027.", "ending"),
        ("The programme ends on 20 January 2027.", "ending"),
        ("Der Bildungsscheck startet am 1. Februar 2026.", "upcoming"),
        ("Программа начнётся 1 февраля 2026 года.", "upcoming"),
    ],
)
def test_a_stated_status_is_found_in_every_answer_language(text, kind):
    assert signals.states_status(text, kind)


def test_an_answer_without_a_status_phrase_does_not_state_one():
    assert not signals.states_status(
        "Die Potentialberatung [1] hilft Betrieben bei der Digitalisierung.", "ended"
    )
    assert not signals.states_status("Der Bildungsscheck [1] zahlt die Hälfte.", "upcoming")


@pytest.mark.parametrize(
    "text",
    [
        "Ja, Digital Jetzt kann noch beantragt werden [1].",
        "Ja, wir können noch go-digital beantragen [1]",
        "Yes, you can still apply for go-digital [1].",
        "Evet, hâlâ başvurabilirsiniz [1].",
        "نعم، لا يزال بإمكانك التقديم [1].",
        "Так, все ще можна подати заявку [1].",
        "Да, всё ещё можно подать заявку [1].",
    ],
)
def test_affirming_an_ended_offer_is_a_contradiction(text):
    assert signals.affirms_ended(text)


def test_saying_it_ended_is_no_contradiction():
    assert not signals.affirms_ended("Digital Jetzt kann nicht mehr beantragt werden; es endete 2023 [1].")
    assert not signals.affirms_ended("No, go-digital ended on 31 December 2024. Instead: INQA-Coaching [2].")


def test_the_situation_is_who_asks_and_where_in_any_script():
    assert signals.situation("Ich bin arbeitslos und wohne in Iserlohn.") == {"jobseeker", "place:Iserlohn"}
    assert "place:Hagen" in signals.situation("أنا أعيش في هاغن وأبحث عن عمل")
    assert "place:Lüdenscheid" in signals.situation("Наша компания в Люденшайде")
    assert "company" in signals.situation("Our company has 12 employees.")
    assert signals.situation("Wie wird das Wetter morgen?") == set()  # the weather is no town


def test_a_message_settles_region_residence_age_and_head_count():
    assert signals.settled_fields("Ich wohne in Hemer und suche einen Kurs.") == {"region", "residence_nrw"}
    assert signals.settled_fields("أعيش في هاغن") >= {"region", "residence_nrw"}
    assert "age" in signals.settled_fields("Ich bin 52 Jahre alt.")
    assert "company_size" in signals.settled_fields("Wir haben 30 Mitarbeiter in der Produktion.")
    assert "employment_status" in signals.settled_fields("I am unemployed since May.")
    assert signals.settled_fields("Gibt es einen Zuschuss für meinen Kurs?") == set()
    assert signals.settled_fields("Ich wohne in NRW.") == {"residence_nrw"}
    # A programme's name is not where the asker lives.
    assert signals.settled_fields("Wie viel zahlt der Bildungsscheck NRW für meinen Kurs?") == set()
