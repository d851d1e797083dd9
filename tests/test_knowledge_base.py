"""The real knowledge base in knowledge/ obeys the quality rules of the project."""

from __future__ import annotations

import datetime as dt

import pytest

from navigator import vocab
from navigator.knowledge import load_entries
from navigator.knowledge.provenance import unsourced_values
from navigator.settings import Settings

TODAY = dt.date(2026, 11, 26)
SETTINGS = Settings()
PEOPLE_AND_COMPANIES = [
    "kmu",
    "beschaeftigte",
    "arbeitsuchende",
    "wiedereinstieg",
    "migration",
    "jugendliche",
    "gruendung",
]


@pytest.fixture(scope="module")
def entries():
    return {item.entry.id: item.entry for item in load_entries(SETTINGS.knowledge_dir)}


def test_at_least_90_valid_entries_of_every_kind(entries):
    assert len(entries) >= 90
    kinds = [e.kind for e in entries.values()]
    assert kinds.count("office") >= 40 and kinds.count("programme") >= 30
    assert kinds.count("event") >= 4 and kinds.count("training") >= 1


@pytest.mark.parametrize("audience", PEOPLE_AND_COMPANIES)
@pytest.mark.parametrize("region", list(vocab.REGIONS))
def test_every_audience_has_an_open_office_in_every_subregion(entries, audience, region):
    assert any(
        e.kind == "office" and audience in e.audiences and region in e.regions and e.status(TODAY) != "ended"
        for e in entries.values()
    )


def test_every_phone_email_address_hours_amount_and_date_is_stated_by_a_source(entries):
    assert SETTINGS.facts_dir.is_dir(), (
        f"the sourced facts are not at {SETTINGS.facts_dir}: set NAVIGATOR_FACTS_DIR (they live beside the "
        "project, in ../shared/facts)"
    )
    unsourced = unsourced_values(entries.values(), SETTINGS.facts_dir, SETTINGS.knowledge_dir)
    assert [str(u) for u in unsourced] == []


def test_ended_offers_point_somewhere(entries):
    for e in entries.values():
        if e.status(TODAY) == "ended":
            assert e.successors or e.offices, f"{e.id} ended without successor or office to ask"


def test_the_programmes_named_by_the_facts_are_there_with_the_right_status(entries):
    current = [
        "bildungsscheck-2-0",
        "bildungsgutschein",
        "weiterbildung-beschaeftigte-82-sgb-iii",
        "qualifizierungsgeld",
        "aufstiegs-bafoeg",
        "weiterbildungsstipendium",
        "berufssprachkurse",
        "anerkennungszuschuss",
        "inqa-coaching",
        "kompass-solo-selbststaendige",
        "gruendungsstipendium-nrw",
        "gruendungszuschuss",
        "einstiegsqualifizierung",
        "assistierte-ausbildung",
        "teilzeitausbildung",
        "perspektive-wiedereinstieg",
        "mid-digitalisierung",
        "bpw-nrw",
    ]
    ended = {
        "potentialberatung": "2023-12-31",
        "bildungsscheck-betrieblich": "2023-12-31",
        "bildungsscheck-alt": "2024-06-30",
        "go-digital": "2024-12-31",
        "digital-jetzt": "2023-12-31",
    }
    for entry_id in current:
        assert entries[entry_id].status(TODAY) == "current", entry_id
    for entry_id, end in ended.items():
        assert entries[entry_id].status(TODAY) == "ended" and str(entries[entry_id].end_date()) == end
    assert "bildungsscheck-2-0" in entries["bildungsscheck-alt"].successors


def test_the_network_behind_the_navigator_is_explained(entries):
    network = entries["vernetzter-bildungsraum-maerkische-region"]
    assert "Beirat" in network.body and "Taskforce" in network.body


def test_eligibility_rules_cite_their_sources(entries):
    with_rules = [e for e in entries.values() if e.eligibility and e.eligibility.criteria]
    assert len(with_rules) >= 12
    for e in with_rules:
        for c in e.eligibility.criteria:
            assert str(c.source.url).startswith("http")
