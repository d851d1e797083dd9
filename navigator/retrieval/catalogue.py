"""The catalogue: everything read from one live collection, and the snapshot a request works on.

`Catalogue.load()` reads a live collection once (entries, chunk texts, metadata, a BM25 index). The
indexes derived from its entries (contacts the answers may repeat, names of ended entries, rare title
words, and whatever another layer registers through `Snapshot.derived`, such as the Förder-Check's
checker) are built on first use and kept with it, so they are built once per live collection (and day,
where the day matters), not per request.

A `Snapshot` is a catalogue and the day it is read for, taken once per request
(`HybridRetriever.snapshot()`) and passed down: every stage of an answer sees the same index even if
ingest switches to a new one halfway through.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np

from navigator.errors import RetrievalError
from navigator.knowledge import Entry
from navigator.retrieval.bm25 import Bm25Index
from navigator.retrieval.filters import Filters
from navigator.retrieval.names import Name, Phrases, words
from navigator.retrieval.store import KnowledgeStore, Metadata
from navigator.text import normalise, without_brackets

log = logging.getLogger(__name__)
T = TypeVar("T")
_MASK_CACHE = 256  # filter combinations remembered per catalogue


@dataclass(frozen=True, slots=True)
class KnownContacts:
    """The links, e-mail addresses and phone numbers of the knowledge base: the only ones allowed."""

    urls: frozenset[str]
    emails: frozenset[str]
    phones: frozenset[str]

    def as_kwargs(self) -> dict[str, set[str]]:
        return {"urls": set(self.urls), "emails": set(self.emails), "phones": set(self.phones)}


@dataclass(frozen=True, slots=True, eq=False)
class Catalogue:
    """Everything read from one live collection: the entries and a keyword index over its chunks."""

    name: str
    entries: dict[str, Entry]
    chunk_ids: list[str]
    texts: list[str]
    metas: list[Metadata]
    bm25: Bm25Index
    # Per chunk, the cosine similarity of its vector to the mean chunk vector (see hybrid.py).
    centrality: np.ndarray[Any, Any]
    # Chunk id -> position in the lists above.
    position: dict[str, int] = field(default_factory=dict)
    # (filters, min_end_ord) -> which chunks pass; built once per combination, not per query.
    masks: dict[tuple[Filters, int | None], np.ndarray[Any, Any]] = field(default_factory=dict)
    # Derived indexes by key, built on first use (see `derived`).
    _derived: dict[Any, Any] = field(default_factory=dict, repr=False)
    # Re-entrant: one derived index may be built from another.
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False, compare=False)

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

    def derived(self, key: Any, build: Callable[[], T]) -> T:
        """The index stored under `key`, built by `build()` the first time it is asked for."""
        with self._lock:
            if key not in self._derived:
                self._derived[key] = build()
            value: T = self._derived[key]
            return value

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


class LiveCatalogue:
    """The catalogue of a store's live collection, reloaded when ingest switches to a new one.

    The one source of snapshots: the chat (through the retriever), the Förder-Check page and the
    command line all read the knowledge base through it, so they agree on what it says.
    """

    def __init__(
        self,
        store: KnowledgeStore,
        today: Callable[[], dt.date],
        translated: Callable[[], Mapping[str, Sequence[str]]] | None = None,
    ) -> None:
        self.store = store
        self.today = today
        # Entry id -> its titles in other languages (names a question may use; see `ended_names`).
        self.translated = translated
        self._catalogue: Catalogue | None = None
        self._lock = threading.Lock()

    def catalogue(self) -> Catalogue:
        live = self.store.live_name()
        if live is None:
            raise RetrievalError("the index is empty: run `navigator ingest` first")
        with self._lock:
            if self._catalogue is None or self._catalogue.name != live:
                self._catalogue = Catalogue.load(self.store, live)
            return self._catalogue

    def snapshot(self) -> Snapshot:
        """The live catalogue and today's date, taken once per request and passed down."""
        translated = self.translated() if self.translated else {}
        return Snapshot(self.catalogue(), self.today(), translated)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One request's view of the knowledge base: the live catalogue and the day it is read for."""

    catalogue: Catalogue
    today: dt.date
    # Entry id -> its titles in other languages (from the translation files, read once per change).
    translated: Mapping[str, Sequence[str]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.catalogue.name

    @property
    def entries(self) -> Mapping[str, Entry]:
        return self.catalogue.entries

    def derived(self, key: str, build: Callable[[Snapshot], T]) -> T:
        """An index over this catalogue for this day, built once by `build(snapshot)`.

        How other layers attach their own indexes without this module knowing them, e.g. the
        Förder-Check's checker: `snapshot.derived("foerdercheck", lambda s: Checker(...))`.
        """
        return self.catalogue.derived((key, self.today), lambda: build(self))

    @property
    def contacts(self) -> KnownContacts:
        """Every link, e-mail address and phone number of the entries (what an answer may repeat)."""
        return self.catalogue.derived("contacts", lambda: known_contacts(self.entries.values()))

    @property
    def rare_title_words(self) -> dict[str, set[str]]:
        """Per entry, the title words of five letters or more that at most three titles use."""
        return self.catalogue.derived("rare_title_words", lambda: rare_title_words(self.entries.values()))

    @property
    def ended_names(self) -> dict[str, list[Name]]:
        """Per ended entry, the names that identify it (see `ended_names`)."""
        return self.derived("ended_names", lambda s: ended_names(s.entries.values(), s.today, s.translated))


def known_contacts(entries: Any) -> KnownContacts:
    entries = list(entries)
    return KnownContacts(
        urls=frozenset({str(e.url) for e in entries} | {str(u) for e in entries for u in e.sources}),
        emails=frozenset(e.contact.email for e in entries if e.contact.email),
        phones=frozenset(e.contact.phone for e in entries if e.contact.phone),
    )


def rare_title_words(entries: Any) -> dict[str, set[str]]:
    words = {e.id: {w for w in normalise(without_brackets(e.title)).split() if len(w) >= 5} for e in entries}
    counts: dict[str, int] = {}
    for ws in words.values():
        for w in ws:
            counts[w] = counts.get(w, 0) + 1
    return {i: {w for w in ws if counts[w] <= 3} for i, ws in words.items()}


def ended_names(
    entries: Any, today: dt.date, translated: Mapping[str, Sequence[str]] | None = None
) -> dict[str, list[Name]]:
    """The names that identify each ended entry, as `Name`s a question is searched for.

    A name is the title (without brackets, and its head before a dash: "Digital Jetzt"), a title
    translation (`translated`, by entry id), or a keyword of at least four letters (three for an
    acronym such as "uWM") that at most three entries mention at all. No name may be found in an
    open entry's title, keywords or translated titles: "Weiterbildung" or "geschlossen" must not
    summon a past JOBDAY or a closed office, and "Bildungsscheck" should find the current
    Bildungsscheck 2.0 rather than the ended one. (Titles are exempt from the mention count: a
    successor naming the body it replaced must not hide that body's own name.)
    """
    entries = list(entries)
    translated = translated or {}
    ended = [e for e in entries if e.status(today) == "ended"]
    current = [e for e in entries if e.status(today) != "ended"]
    open_titles = Phrases(words(n) for e in current for n in (e.title, *translated.get(e.id, ())))
    keywords = {e.id: [words(n) for n in e.keywords] for e in current}
    open_keywords: dict[frozenset[str], Phrases] = {}  # by the successors left out

    def keywords_but(left_out: frozenset[str]) -> Phrases:
        if left_out not in open_keywords:
            open_keywords[left_out] = Phrases(
                k for i, ks in keywords.items() if i not in left_out for k in ks
            )
        return open_keywords[left_out]

    texts = [f" {normalise(' '.join((e.title, e.summary, *e.keywords, e.body)))} " for e in entries]

    def rare(keyword: str) -> bool:
        n = normalise(keyword)
        long_enough = len(n) >= 4 or (len(n) >= 3 and sum(c.isupper() for c in keyword) >= 2)
        return long_enough and sum(f" {n} " in t for t in texts) <= 3

    def distinctive(name: Name, e: Entry) -> bool:
        # A successor may list the old name among its keywords ("uWM" for INQA-Coaching): asked for
        # by that name (one in the ended entry's own title), the answer shows both. In the
        # successor's title the name is the successor's own; a topic word stays the successor's.
        if len(name.joined) < 3 or name.joined.isdigit() or open_titles.contains(name):
            return False
        nexts = frozenset(e.next_offers()) if name.found_in(words(e.title)) else frozenset()
        return not keywords_but(nexts).contains(name)

    found: dict[str, list[Name]] = {}
    for e in ended:
        own = [*title_names(e.title), *translated.get(e.id, ())]
        candidates = [*own, *(k for k in e.keywords if rare(k))]
        names = dict.fromkeys(Name.of(n) for n in candidates)
        found[e.id] = [n for n in names if distinctive(n, e)]
    return found


def title_names(title: str) -> list[str]:
    """A title as a name: without brackets, and its head before a dash or colon if it has one."""
    plain = without_brackets(title)
    head = re.split(r"\s[–—-]\s|:\s", plain, maxsplit=1)[0].strip()
    return [plain, head] if head != plain else [plain]
