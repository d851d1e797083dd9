"""Town → Kreis for the Förder-Check, and the offices responsible for a region.

`region_of_town` is the one place that maps a town to its region: the query-understanding gazetteer
(issue 16) can replace its table without touching the callers. The towns are the municipalities of
Hagen, the Märkischer Kreis and the Ennepe-Ruhr-Kreis.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final, Protocol, TypeVar

from navigator.text import fold

TOWNS: Final[dict[str, tuple[str, ...]]] = {
    "hagen": ("Hagen", "Hohenlimburg", "Haspe", "Eilpe", "Boele"),
    "maerkischer-kreis": (
        "Iserlohn",
        "Lüdenscheid",
        "Menden",
        "Hemer",
        "Altena",
        "Plettenberg",
        "Werdohl",
        "Meinerzhagen",
        "Halver",
        "Kierspe",
        "Schalksmühle",
        "Neuenrade",
        "Balve",
        "Herscheid",
        "Nachrodt-Wiblingwerde",
        "Letmathe",
    ),
    "ennepe-ruhr-kreis": (
        "Witten",
        "Hattingen",
        "Schwelm",
        "Gevelsberg",
        "Ennepetal",
        "Sprockhövel",
        "Wetter",
        "Herdecke",
        "Breckerfeld",
    ),
}
_BY_NAME: Final = {fold(town).strip(): region for region, towns in TOWNS.items() for town in towns}
T = TypeVar("T", bound="HasRegions")


def region_of_town(name: str) -> str | None:
    """The region of a town named in `name` ("in Iserlohn" -> "maerkischer-kreis"), else None."""
    padded = f" {fold(name).strip()} "
    return next((region for town, region in _BY_NAME.items() if f" {town} " in padded), None)


class HasRegions(Protocol):
    @property
    def regions(self) -> tuple[str, ...]: ...


def responsible(offices: Sequence[T], region: str | None) -> tuple[T, ...]:
    """The offices for `region`: those serving it (and those serving everyone); all if none fit."""
    if region is None or region == "other":
        return tuple(offices)
    chosen = tuple(o for o in offices if not o.regions or region in o.regions)
    return chosen or tuple(offices)


def splits_by_region(offices: Iterable[HasRegions]) -> bool:
    """Whether the region decides whom to contact: some office serves only part of the region."""
    served = {frozenset(o.regions) for o in offices if o.regions}
    return len(served) > 1
