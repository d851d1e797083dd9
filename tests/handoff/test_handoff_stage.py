"""The hand-off stage over a real index of the real knowledge files: people, never a refusal."""

from __future__ import annotations

import re

import pytest

from navigator import citations
from navigator.answer import Turn, assemble
from navigator.prompts import load_prompts
from navigator.retrieval.filters import Filters
from navigator.services import build_retriever
from tests.helpers import recorded_stages


class RefuseEverything:
    """A scope guard that declines every question: only a hand-off gets past it."""

    def out_of_scope(self, query_vector: object, best_knowledge_similarity: float) -> bool:
        return True


@pytest.fixture(scope="module")
def service(handoff_settings):
    return assemble(build_retriever(handoff_settings), None, load_prompts(handoff_settings.prompts_dir))


def test_a_bare_request_names_the_regions_first_contact_and_the_free_hotline(service) -> None:
    answer = service.answer("Kann ich bitte mit einem Menschen sprechen?")
    ids = [s.id for s in answer.sources]
    assert ids == ["regionalagentur-maerkische-region", "bundesagentur-servicenummern"]
    assert "0800 4 5555 00" in answer.text and "Mo–Fr 8–18 Uhr" in answer.text
    assert answer.grounded and citations.cited_numbers(answer.text) == [1, 2]


def test_the_office_of_the_askers_town_is_named_not_another_regions(service) -> None:
    answer = service.answer("Ich bin arbeitslos in Lüdenscheid. Kann ich mit einem Menschen sprechen?")
    people = [s for s in answer.sources if s.id != "bundesagentur-servicenummern"]
    assert people, answer.text
    entries = service.retriever.snapshot().entries
    assert all("maerkischer-kreis" in entries[s.id].regions for s in people)
    assert "agentur-fuer-arbeit-hagen" not in [s.id for s in answer.sources]


def test_the_towns_responsible_office_is_named_even_when_the_retrieval_misses_it(service) -> None:
    # Altena: since 2023 the Geschäftsstelle Werdohl (../shared/facts/employment.md); the catalogue
    # adds it by its `responsible_for`, whatever the hash embedder ranks.
    answer = service.answer(
        "Ich bin arbeitslos und wohne in Altena. Kann ich mit einem Berater persönlich sprechen?"
    )
    ids = [s.id for s in answer.sources]
    assert "agentur-fuer-arbeit-iserlohn-werdohl" in ids, ids
    assert not {"agentur-fuer-arbeit-hagen", "agentur-fuer-arbeit-iserlohn-luedenscheid"} & set(ids)
    assert not {"arbeitgeber-service-iserlohn", "arbeitgeber-service-hagen"} & set(ids)  # not for a jobseeker


def test_the_pages_region_filter_decides_the_region(service) -> None:
    answer = service.answer(
        "Ich suche Arbeit und möchte persönlich beraten werden.", filters=Filters(regions=("hagen",))
    )
    entries = service.retriever.snapshot().entries
    assert all("hagen" in entries[s.id].regions for s in answer.sources)


def test_every_contact_in_the_reply_is_the_entrys_own(service) -> None:
    answer = service.answer(
        "Ich will nicht mit einem Bot schreiben, ich brauche eine Weiterbildung in Hagen."
    )
    shown = " ".join(" ".join(s.contact.values()) + " " + s.url for s in answer.sources)
    for phone in citations.PHONE.findall(answer.text):
        assert phone in shown
    for url in re.findall(r"https?://\S+", answer.text):
        assert url in shown


def test_the_scope_guard_never_declines_a_request_for_a_person(handoff_settings) -> None:
    strict = assemble(
        build_retriever(handoff_settings),
        None,
        load_prompts(handoff_settings.prompts_dir),
        scope=RefuseEverything(),
    )
    declined = strict.answer("Wie wird das Wetter morgen?")
    assert declined.sources == ()
    for question in (
        "call me",
        "أريد التحدث مع شخص",
        "Хочу поговорити з людиною",
        "Bir insanla konuşmak istiyorum",
    ):
        answer = strict.answer(question)
        assert answer.sources and answer.grounded, question


def test_the_reply_is_in_the_askers_language(service) -> None:
    answer = service.answer("أريد التحدث مع شخص حقيقي")
    assert answer.language == "ar" and answer.text.startswith("بكل سرور")
    assert "0800 4 5555 00" in answer.text  # numbers stay as the files write them


def test_a_follow_up_keeps_the_earlier_matter(service) -> None:
    history = (Turn("user", "Wir sind ein Betrieb in Hagen und wollen Qualifizierungsgeld beantragen."),)
    answer = service.answer("Kann ich da auch jemanden direkt anrufen?", history=history)
    assert not answer.text.startswith("Gern – hier erreichen Sie Menschen, die Sie persönlich beraten. Sagen")
    entries = service.retriever.snapshot().entries
    assert all("hagen" in entries[s.id].regions for s in answer.sources)


def test_a_hand_off_stops_before_the_gate(service) -> None:
    with recorded_stages(service) as seen:
        service.answer("call me")
    assert seen == ["understand", "retrieve", "handoff", "advise", "status", "handoff_reply"]


def test_every_programme_card_leads_to_an_office_with_its_contact(service) -> None:
    answer = service.answer(
        "Wer bezahlt meine Weiterbildung, wenn ich arbeitslos in Hagen bin? Bildungsgutschein"
    )
    entries = service.retriever.snapshot().entries
    programmes = [s for s in answer.sources if s.kind == "programme"]
    assert programmes
    for card in programmes:
        assert card.advice, card.id
        assert {a["id"] for a in card.advice} <= set(entries[card.id].offices)
        for office in card.advice:
            e = entries[office["id"]]
            assert office.get("phone") == e.contact.phone and office["url"] == str(e.url)
    gutschein = next(s for s in programmes if s.id == "bildungsgutschein")
    assert "hagen" in entries[gutschein.advice[0]["id"]].regions  # the asker's region first
    assert gutschein.as_dict()["advice"][0]["id"] == gutschein.advice[0]["id"]


def test_a_persian_request_is_answered_in_german(service) -> None:
    answer = service.answer("می‌خواهم با یک مشاور صحبت کنم")
    notice, reply = answer.text.split("\n\n", 1)
    assert answer.language == "de" and "فارسی" in notice and reply.startswith("Gern")
    assert "bundesagentur-servicenummern" in [s.id for s in answer.sources]
