"""Retrieval filters (audience, region, topic, kind) and their translation to Chroma `where` clauses."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from navigator import vocab
from navigator.errors import ConfigError

_DIMENSIONS = {
    "audiences": ("aud_", vocab.AUDIENCES),
    "regions": ("reg_", vocab.REGIONS),
    "topics": ("top_", vocab.TOPICS),
}


def _tuple(value: str | Iterable[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    return tuple(value)


@dataclass(frozen=True, slots=True)
class Filters:
    """Values within a dimension are alternatives (OR); dimensions combine with AND."""

    audiences: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()

    @classmethod
    def parse(
        cls,
        *,
        audience: str | Iterable[str] | None = None,
        region: str | Iterable[str] | None = None,
        topic: str | Iterable[str] | None = None,
        kind: str | Iterable[str] | None = None,
    ) -> Filters:
        """Build filters from user input; unknown values raise ConfigError naming the allowed ones."""
        made = cls(_tuple(audience), _tuple(region), _tuple(topic), _tuple(kind))
        for name, allowed in (
            ("audience", vocab.AUDIENCES),
            ("region", vocab.REGIONS),
            ("topic", vocab.TOPICS),
            ("kind", vocab.KINDS),
        ):
            values = getattr(made, "kinds" if name == "kind" else f"{name}s")
            for value in values:
                try:
                    vocab.check(name, value, allowed)
                except ValueError as exc:
                    raise ConfigError(str(exc)) from exc
        return made

    def __bool__(self) -> bool:
        return bool(self.audiences or self.regions or self.topics or self.kinds)

    def where(self, *, min_end_ord: int | None) -> dict[str, Any] | None:
        """The Chroma `where` clause: these filters plus, if given, 'still open on that day'."""
        clauses: list[dict[str, Any]] = []
        for dim, (prefix, _) in _DIMENSIONS.items():
            values = getattr(self, dim)
            options = [{f"{prefix}{v}": True} for v in values]
            if options:
                clauses.append(options[0] if len(options) == 1 else {"$or": options})
        if self.kinds:
            clauses.append({"kind": {"$in": list(self.kinds)}})
        if min_end_ord is not None:
            clauses.append({"end_ord": {"$gte": min_end_ord}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def matches(self, meta: Mapping[str, Any], *, min_end_ord: int | None) -> bool:
        """The same test as `where`, in Python (for the keyword index)."""
        for dim, (prefix, _) in _DIMENSIONS.items():
            values = getattr(self, dim)
            if values and not any(meta.get(f"{prefix}{v}") for v in values):
                return False
        if self.kinds and meta.get("kind") not in self.kinds:
            return False
        return min_end_ord is None or int(meta.get("end_ord", 0)) >= min_end_ord
