"""Validate → chunk → embed what changed → build a new collection → switch it live."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from ingest.chunk import chunk_entry
from navigator.knowledge import load_entries
from navigator.retrieval.embeddings import Embedder, create_embedder
from navigator.retrieval.store import ChunkRecord, KnowledgeStore, Metadata, open_store
from navigator.settings import Settings

log = logging.getLogger(__name__)
EMBED_BATCH = 32


@dataclass(frozen=True, slots=True)
class Summary:
    added: int
    updated: int
    removed: int
    unchanged: int
    chunks_embedded: int
    chunks_total: int
    seconds: float
    collection: str | None

    def line(self) -> str:
        return (
            f"ingest: {self.added} added, {self.updated} updated, {self.removed} removed, "
            f"{self.unchanged} unchanged; {self.chunks_embedded} of {self.chunks_total} chunks embedded "
            f"in {self.seconds:.1f} s"
        )


def run(
    settings: Settings,
    *,
    rebuild: bool = False,
    progress: bool = False,
    embedder: Embedder | None = None,
    store: KnowledgeStore | None = None,
) -> Summary:
    """Ingest `settings.knowledge_dir`; raises KnowledgeError (index untouched) if any file is invalid."""
    started = time.perf_counter()
    loaded = load_entries(settings.knowledge_dir)  # validation first: a broken file touches nothing
    store = store or open_store(settings)
    embedder = embedder or create_embedder(settings.embedder)

    live = store.live_name()
    old_hash: dict[str, str] = {}
    old_records: dict[str, list[ChunkRecord]] = {}
    if live and not rebuild:
        for rec in store.records(live, with_vectors=True):
            entry_id = str(rec.metadata["entry_id"])
            old_hash[entry_id] = str(rec.metadata["file_hash"])
            old_records.setdefault(entry_id, []).append(rec)

    new_ids = {item.entry.id for item in loaded}
    unchanged = [i for i in loaded if old_hash.get(i.entry.id) == i.content_hash]
    changed = [i for i in loaded if old_hash.get(i.entry.id) != i.content_hash]
    added = sum(1 for i in changed if i.entry.id not in old_hash)
    removed = len(set(old_hash) - new_ids)
    keep = [rec for i in unchanged for rec in old_records[i.entry.id]]

    if live and not rebuild and not changed and not removed:
        summary = Summary(0, 0, 0, len(unchanged), 0, len(keep), time.perf_counter() - started, live)
        log.info("%s", summary.line())
        return summary

    todo = [chunk for item in changed for chunk in chunk_entry(item)]
    fresh = _embed(todo, embedder, progress)
    name = store.create_collection()
    store.add(name, keep + fresh)
    store.switch(name)
    summary = Summary(
        added=added,
        updated=len(changed) - added,
        removed=removed,
        unchanged=len(unchanged),
        chunks_embedded=len(fresh),
        chunks_total=len(keep) + len(fresh),
        seconds=time.perf_counter() - started,
        collection=name,
    )
    log.info("%s", summary.line())
    return summary


def _embed(chunks: list[tuple[str, str, Metadata]], embedder: Embedder, progress: bool) -> list[ChunkRecord]:
    records: list[ChunkRecord] = []
    bar = None
    if progress and chunks:
        from tqdm import tqdm

        bar = tqdm(total=len(chunks), unit="chunk", desc="embedding")
    for start in range(0, len(chunks), EMBED_BATCH):
        batch = chunks[start : start + EMBED_BATCH]
        vectors = embedder.embed_passages([text for _, text, _ in batch])
        records += [
            ChunkRecord(cid, text, meta, vec) for (cid, text, meta), vec in zip(batch, vectors, strict=True)
        ]
        if bar:
            bar.update(len(batch))
    if bar:
        bar.close()
    return records
