"""The contradiction check: a model answer that affirms what the data denies is caught, in every language.

The answers below are the mistakes a small model makes (seen with Qwen2.5-1.5B): "yes, you can still
apply" for an ended programme, a year past the end of the funding, an amount that no source states.
"""

from __future__ import annotations

import datetime as dt

import pytest

from navigator.retrieval.names import Name
from navigator.status import find_contradiction, status_fact
from navigator.status.contradiction import Cited
from tests.status.test_status_facts import entry

TODAY = dt.date(2026, 12, 7)

GO_DIGITAL = entry(valid_until="2024-12-31", successors=["mid-digitalisierung"])
MID = entry(
    id="mid-digitalisierung",
    title="MID-Digitalisierung",
    summary="Zuschuss von bis zu 50 % für Digitalisierungsprojekte, höchstens 15.000 Euro.",
)
ZKI = entry(
    id="zki", title="Zukunftszentrum KI NRW", summary="Kostenlose KI-Workshops.", valid_until="2026-12-31"
)


def sources(lang: str = "de") -> list[Cited]:
    titles = {"mid-digitalisierung": "MID-Digitalisierung"}
    return [
        Cited(n, e.id, e.title, f"{e.title} {e.summary}", status_fact(e, lang, TODAY, titles))
        for n, e in ((1, GO_DIGITAL), (2, MID), (3, ZKI))
    ]


@pytest.mark.parametrize(
    ("lang", "answer"),
    [
        ("de", "Ja, wir können noch go-digital beantragen [1]."),
        ("de", "Mit go-digital können Unternehmen einen Zuschuss für Beratung bekommen."),
        ("en", "Yes, you can still apply for go-digital [1]."),
        ("tr", "Evet, go-digital için hâlâ başvurabilirsiniz [1]."),
        ("ar", "نعم، لا يزال بإمكانك التقدم لبرنامج go-digital [1]."),
        ("uk", "Так, ви ще можете подати заявку на go-digital [1]."),
        ("ru", "Да, вы всё ещё можете подать заявку на go-digital [1]."),
    ],
)
def test_affirming_an_ended_programme_is_caught(lang, answer):
    found = find_contradiction(answer, sources(lang), lang)
    assert found is not None
    assert (found.reason, found.entry_id) == ("affirms_ended", "go-digital")


@pytest.mark.parametrize(
    ("lang", "answer"),
    [
        (
            "de",
            "go-digital ist seit Ende 2024 beendet [1]. Stattdessen können Sie MID-Digitalisierung beantragen [2].",
        ),
        ("de", "Go-digital gibt es nicht mehr [1]; MID-Digitalisierung fördert bis zu 50 % [2]."),
        ("en", "go-digital ended in 2024 [1]; instead you can apply for MID-Digitalisierung [2]."),
        ("tr", "go-digital sona erdi [1]. Bunun yerine MID-Digitalisierung için başvurabilirsiniz [2]."),
        ("ar", "انتهى برنامج go-digital [1]. يمكنك بدلاً من ذلك التقدم إلى MID-Digitalisierung [2]."),
        (
            "uk",
            "Програму go-digital завершено [1]. Натомість можна подати заявку на MID-Digitalisierung [2].",
        ),
        (
            "ru",
            "Программа go-digital завершена [1]. Вместо этого можно подать заявку на MID-Digitalisierung [2].",
        ),
    ],
)
def test_a_faithful_answer_passes(lang, answer):
    assert find_contradiction(answer, sources(lang), lang) is None


def test_a_year_after_the_end_of_funding_is_caught():
    found = find_contradiction(
        "Ja, das Zukunftszentrum KI NRW bietet 2027 kostenlose Workshops [3].", sources(), "de"
    )
    assert found is not None and found.reason == "year_after_end"


def test_saying_the_funding_ends_before_that_year_is_fine():
    text = "Das Zukunftszentrum KI NRW ist bis Ende 2026 gefördert [3]; ob es 2027 weitergeht, ist nicht bekannt."
    assert find_contradiction(text, sources(), "de") is None


def test_an_amount_the_entry_does_not_state_is_caught():
    found = find_contradiction("MID-Digitalisierung zahlt bis zu 30.000 Euro [2].", sources(), "de")
    assert found is not None and found.reason == "unsourced_amount"


@pytest.mark.parametrize("amount", ["15.000 Euro", "15 000 €", "50 %", "50 Prozent"])
def test_an_amount_the_entry_states_passes_in_any_spelling(amount):
    assert find_contradiction(f"MID-Digitalisierung zahlt bis zu {amount} [2].", sources(), "de") is None


def test_a_deadline_the_entry_does_not_state_is_caught():
    found = find_contradiction("Anträge für MID-Digitalisierung bis 30.06.2027 stellen [2].", sources(), "de")
    assert found is not None and found.reason == "unsourced_date"


def test_the_end_date_from_the_status_sentence_may_be_repeated():
    text = "Das Zukunftszentrum KI NRW berät noch bis 31.12.2026 kostenlos [3]."
    assert find_contradiction(text, sources(), "de") is None


def test_sentences_about_other_entries_are_not_held_against_an_ended_one():
    assert find_contradiction("Ja, MID-Digitalisierung kann beantragt werden [2].", sources(), "de") is None


# An ended office and an ended programme with the names people use for them (as `ended_names` gives them).
PLETTENBERG = entry(
    id="aa-plettenberg",
    title="Agentur für Arbeit Iserlohn – frühere Geschäftsstelle Plettenberg",
    valid_until="2023-09-06",
    successors=["mid-digitalisierung"],
)
MID_INNOVATION = entry(
    id="mid-innovation",
    title="MID-Analyse und MID-Innovation",
    valid_until="2025-06-30",
    successors=["mid-digitalisierung"],
)


def named_sources(lang: str) -> list[Cited]:
    titles = {"mid-digitalisierung": "MID-Digitalisierung"}
    names = {
        "aa-plettenberg": (Name.of("Arbeitsamt Plettenberg"), Name.of("Rathaus Plettenberg")),
        "mid-innovation": (Name.of("MID-Innovation"), Name.of("Innovationsgutschein NRW")),
    }
    return [
        Cited(
            n,
            e.id,
            e.title,
            f"{e.title} {e.summary}",
            status_fact(e, lang, TODAY, titles),
            names.get(e.id, ()),
        )
        for n, e in ((1, MID), (2, PLETTENBERG), (3, MID_INNOVATION))
    ]


@pytest.mark.parametrize(
    ("lang", "answer", "ended"),
    [
        # Written by the local model on the dev ended set: the ended offer is named, not cited.
        (
            "en",
            "Yes, you can still apply for a MID Innovation voucher for your prototype [1].",
            "mid-innovation",
        ),
        ("de", "Ja, das Arbeitsamt im Rathaus Plettenberg ist noch offen.", "aa-plettenberg"),
        ("de", "Den Innovationsgutschein NRW können Sie weiterhin beantragen [1].", "mid-innovation"),
    ],
)
def test_affirming_an_ended_offer_by_a_name_people_use_is_caught(lang, answer, ended):
    found = find_contradiction(answer, named_sources(lang), lang)
    assert found is not None and (found.reason, found.entry_id) == ("affirms_ended", ended)


@pytest.mark.parametrize(
    "answer",
    [
        "Die MID-Innovation ist seit 30.06.2025 beendet; stattdessen können Sie MID-Digitalisierung beantragen [1].",
        "Das Arbeitsamt in Plettenberg gibt es nicht mehr; gehen Sie nach Werdohl.",
        "Ja, MID-Digitalisierung kann beantragt werden [1].",
    ],
)
def test_naming_an_ended_offer_while_saying_it_ended_passes(answer):
    assert find_contradiction(answer, named_sources("de"), "de") is None
