"""Asking for a person is recognised in every language the navigator understands, however phrased."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from navigator.errors import ConfigError
from navigator.handoff.intent import load_lexicon, topic_left, wants_person, without_request

ASKING = {
    "de": [
        "Kann ich bitte mit einem Menschen sprechen?",
        "ich will nicht mit einem bot schreiben",
        "Gibt es eine echte Person, die ich anrufen kann?",
        "Ich hätte gern einen persönlichen Ansprechpartner.",
        "Wo kann ich persönlich hingehen?",
        "Bitte Rückruf!",
        "Kann ich mit jemandem reden?",
        # Typed fast: one letter missing or wrong in the words that ask.
        "möchte mit ein mensch redn nich mit computer, wohne in iserlon",
        "kann ich mit einem mitarbeiter telefoniern?",
        # Follow-ups that only ask whom to call: the matter is in the history.
        "ok und wen ruf ich da konkret an?",
    ],
    "en": [
        "Can I talk to a human?",
        "I want to speak with a real person",
        "call me please",
        "Who can I call about this?",
        "not a bot please",
        "Is there someone I can call about funding for our staff?",
        "Is there anybody to talk to about my visa?",
        "can we get a meeting with someone local instead of reading websites?",
    ],
    "tr": [
        "Bir insanla konuşmak istiyorum",
        "Gerçek bir danışmanla görüşebilir miyim?",
        "Beni arayın lütfen",
        "tamam peki kimi arayayım?",
    ],
    "ar": [
        "أريد التحدث مع شخص",
        "هل يمكنني التحدث مع موظف حقيقي؟",
        "اتصلوا بي من فضلكم",
        "هل يمكنني الاتصال بأحد هناك؟",
    ],
    "uk": [
        "Хочу поговорити з людиною",
        "Можна з живою людиною?",
        "Передзвоніть мені, будь ласка",
        "Кому мені подзвонити?",
    ],
    "ru": [
        "Можно поговорить с живым человеком?",
        "Хочу связаться с консультантом",
        "Перезвоните мне",
        "Я не хочу общаться с ботом. Можно живого человека?",
        "С кем там конкретно связаться?",
    ],
    "fa": ["می‌خواهم با یک انسان صحبت کنم", "لطفا به من زنگ بزنید", "شماره تلفنی هست که بتوانم زنگ بزنم؟"],
    "pl": ["Chcę porozmawiać z człowiekiem", "Proszę, zadzwońcie do mnie", "Z kim mogę porozmawiać?"],
    "ro": ["Vreau să vorbesc cu un om", "Sunați-mă, vă rog", "Pe cine pot suna la Cameră?"],
}


@pytest.mark.parametrize(("lang", "text"), [(lang, t) for lang, ts in ASKING.items() for t in ts])
def test_asking_for_a_person_is_recognised(lang: str, text: str) -> None:
    assert wants_person(text), f"{lang}: {text}"


def test_every_language_has_its_own_phrasings() -> None:
    lexicon = load_lexicon()
    assert set(ASKING) <= set(lexicon)
    assert all(len(lexicon[lang]) >= 4 for lang in ASKING)


def test_no_other_dev_question_asks_for_a_person() -> None:
    """The lexicon must not turn ordinary questions into hand-offs (checked on every dev eval set)."""
    evals = Path(__file__).parents[2] / "evals"
    sets = yaml.safe_load((evals / "config.yaml").read_text(encoding="utf-8"))["sets"]
    wrong = []
    for name in sets:
        if name.startswith("handoff"):
            continue
        for case in yaml.safe_load((evals / f"{name}.yaml").read_text(encoding="utf-8"))["cases"]:
            if wants_person(case["question"]):
                wrong.append((name, case["id"]))
    assert wrong == []


@pytest.mark.parametrize(
    "text",
    [
        "Wir arbeiten noch nicht mit KI und wollen anfangen.",
        "Welche Menschen bekommen Wohngeld?",
        "Meine Rede vor dem Prüfungsausschuss: gibt es Hilfe?",
    ],
)
def test_reading_typos_does_not_make_ordinary_questions_requests(text: str) -> None:
    assert not wants_person(text)


def test_a_request_without_a_matter_has_no_topic() -> None:
    assert not topic_left("call me")
    assert not topic_left("Kann ich bitte mit einem Menschen sprechen?")
    assert not topic_left("Is there a human I can talk to?")
    assert topic_left("Ich bin arbeitslos in Lüdenscheid, kann ich mit einem Menschen sprechen?")


def test_the_request_words_are_taken_out_for_retrieval() -> None:
    rest = without_request("Ich bin arbeitslos in Lüdenscheid, kann ich mit einem Menschen sprechen?")
    assert "arbeitslos in lüdenscheid" in rest and "sprechen" not in rest
    assert without_request("call me") == "call me"  # nothing else to search for


def test_a_broken_pattern_names_language_and_number(tmp_path: Path) -> None:
    bad = tmp_path / "lexicon.yaml"
    bad.write_text("de:\n  - mensch\n  - '(unclosed'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"de pattern 2"):
        load_lexicon(bad)
