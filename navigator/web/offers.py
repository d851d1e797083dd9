"""The offer catalogue (`/angebote`): filter every entry by facet and search text, server-side.

Facets (audience, topic, region, kind) are exact matches on the entry's fields. The search text is
ranked by the retriever's German-stemmed BM25 over the indexed chunks (so "Weiterbildungen" finds
"Weiterbildung"), followed by entries whose title, organisation, keywords or summary contain every
stemmed query word as a substring (so "Sprachkursen" finds "Berufssprachkurse", a compound BM25 does
not split, and an abbreviation such as "IQ" is found).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from navigator import vocab
from navigator.knowledge import Entry
from navigator.retrieval.hybrid import HybridRetriever
from navigator.text import fold, normalise

MAX_QUERY_CHARS = 200


@dataclass(frozen=True, slots=True)
class OfferQuery:
    """What the catalogue form asks for; unknown facet values are dropped, not errors."""

    q: str = ""
    audience: str = ""
    topic: str = ""
    region: str = ""
    kind: str = ""
    current_only: bool = False

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> OfferQuery:
        """Read the query string of the catalogue form (missing or unknown values mean "all")."""

        def pick(name: str, allowed: Mapping[str, str]) -> str:
            value = params.get(name, "")
            return value if value in allowed else ""

        return cls(
            q=" ".join(params.get("q", "").split())[:MAX_QUERY_CHARS],
            audience=pick("audience", vocab.AUDIENCES),
            topic=pick("topic", vocab.TOPICS),
            region=pick("region", vocab.REGIONS),
            kind=pick("kind", vocab.KINDS),
            current_only=params.get("current") in ("1", "on", "true"),
        )

    @property
    def active(self) -> bool:
        return bool(self.q or self.audience or self.topic or self.region or self.kind or self.current_only)


def _matches_facets(e: Entry, query: OfferQuery, today: dt.date) -> bool:
    return (
        (not query.audience or query.audience in e.audiences)
        and (not query.topic or query.topic in e.topics)
        and (not query.region or query.region in e.regions)
        and (not query.kind or e.kind == query.kind)
        and (not query.current_only or e.status(today) != "ended")
    )


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("german")


def _stems(query: str) -> list[str]:
    from bm25s.stopwords import STOPWORDS_GERMAN

    words = [w for w in query.casefold().split() if w not in STOPWORDS_GERMAN]
    return [s for s in (fold(_stemmer().stemWord(w)).strip() for w in words) if s]


def _plain_match(e: Entry, stems: list[str]) -> bool:
    text = " ".join([e.title, e.organisation, e.summary, e.id, *e.keywords])
    haystack = f"{fold(text)} {normalise(text)}"  # "Förderung" as "forderung" and as "foerderung"
    return bool(stems) and all(s in haystack for s in stems)


def find_offers(retriever: HybridRetriever, query: OfferQuery) -> list[Entry]:
    """The catalogue entries for `query`: by relevance if there is search text, else current first, A–Z."""
    snapshot = retriever.snapshot()
    entries, today = snapshot.entries, snapshot.today
    if not query.q:
        chosen = [e for e in entries.values() if _matches_facets(e, query, today)]
        return sorted(chosen, key=lambda e: (e.status(today) == "ended", normalise(e.title)))
    hits = retriever.retrieve(
        query.q, k=len(entries), include_ended=True, methods=("bm25",), snapshot=snapshot
    )
    ranked = [h.id for h in hits]
    found = set(ranked)
    stems = _stems(query.q)
    ranked += sorted(
        (e.id for e in entries.values() if e.id not in found and _plain_match(e, stems)),
        key=lambda i: normalise(entries[i].title),
    )
    return [entries[i] for i in ranked if i in entries and _matches_facets(entries[i], query, today)]
