"""The answer's cards leave out entries whose audiences exclude the asker, when enough are left."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from navigator.answer.retrieve import for_the_asker
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
