"""The answer's cards leave out entries whose audiences exclude the asker, when enough are left."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from navigator.answer.retrieve import for_the_asker, responsible_only
from navigator.types import Hit
from navigator.understand.understand import understand

AUDIENCES = {
    "arbeitgeber-service": ["kmu"],
    "beratungsstelle-arbeit": ["beschaeftigte", "migration"],
    "faire-integration": ["beschaeftigte", "migration"],
    "hotline": [],  # for everybody
}


def hit(entry_id: str) -> Hit:
    return Hit(
        id=entry_id, kind="office", title=entry_id, organisation="", url="https://x.de", text="", score=1.0
    )


def snapshot() -> Any:
    return SimpleNamespace(entries={i: SimpleNamespace(audiences=a) for i, a in AUDIENCES.items()})


def ids(hits: list[Hit]) -> list[str]:
    return [h.id for h in hits]


def test_a_worker_does_not_get_the_employer_service() -> None:
    u = understand("Mein Arbeitgeber zahlt die Überstunden nicht", "de")
    assert u.askers == ("employee",)
    hits = [hit(i) for i in ("arbeitgeber-service", "beratungsstelle-arbeit", "faire-integration", "hotline")]
    assert ids(for_the_asker(hits, snapshot(), u)) == [
        "beratungsstelle-arbeit",
        "faire-integration",
        "hotline",
    ]


def test_nothing_is_left_out_when_too_few_hits_are_for_the_asker() -> None:
    u = understand("Mein Arbeitgeber zahlt die Überstunden nicht", "de")
    hits = [hit("arbeitgeber-service"), hit("beratungsstelle-arbeit")]
    assert ids(for_the_asker(hits, snapshot(), u)) == ["arbeitgeber-service", "beratungsstelle-arbeit"]


def test_an_unknown_asker_keeps_every_hit() -> None:
    u = understand("Überstunden nicht bezahlt – wer hilft?", "de")
    hits = [hit(i) for i in AUDIENCES]
    assert ids(for_the_asker(hits, snapshot(), u)) == list(AUDIENCES)


def responsibility() -> Any:
    def office(**r: list[str]) -> Any:
        return SimpleNamespace(
            audiences=[], responsible_for=SimpleNamespace(**{"towns": [], "regions": [], "sectors": [], **r})
        )

    return SimpleNamespace(
        entries={
            "geschaeftsstelle-witten": office(towns=["witten", "wetter", "herdecke"]),
            "geschaeftsstelle-schwelm": office(towns=["schwelm", "gevelsberg", "sprockhoevel"]),
            "agentur-hagen": office(regions=["hagen", "ennepe-ruhr-kreis"]),
            "hwk-dortmund": office(regions=["hagen", "ennepe-ruhr-kreis"], sectors=["handwerk"]),
            "sihk-hagen": office(regions=["hagen", "ennepe-ruhr-kreis"], sectors=["industrie", "handel"]),
            "hotline": SimpleNamespace(audiences=[], responsible_for=None),
        }
    )


def test_the_neighbours_office_is_left_out_for_the_named_town() -> None:
    u = understand("Ich wohne in Sprockhövel und muss mich arbeitssuchend melden", "de")
    hits = [
        hit(i) for i in ("geschaeftsstelle-schwelm", "geschaeftsstelle-witten", "agentur-hagen", "hotline")
    ]
    assert ids(responsible_only(hits, responsibility(), u)) == [
        "geschaeftsstelle-schwelm",
        "agentur-hagen",
        "hotline",
    ]


def test_the_chamber_of_another_sector_is_left_out() -> None:
    u = understand("Ich habe eine Bäckerei in Hagen und suche einen Azubi", "de")
    assert "handwerk" in u.sectors
    hits = [hit(i) for i in ("sihk-hagen", "hwk-dortmund", "hotline")]
    assert ids(responsible_only(hits, responsibility(), u)) == ["hwk-dortmund", "hotline"]


def test_a_neighbour_stays_when_too_few_responsible_offices_are_left() -> None:
    u = understand("Ich wohne in Sprockhövel und muss mich arbeitssuchend melden", "de")
    hits = [hit("geschaeftsstelle-witten"), hit("geschaeftsstelle-schwelm")]
    assert ids(responsible_only(hits, responsibility(), u)) == [
        "geschaeftsstelle-witten",
        "geschaeftsstelle-schwelm",
    ]
