"""Ingestion: incremental, idempotent, atomic; a broken file leaves the live index untouched."""

from __future__ import annotations

import pytest

import ingest
from ingest.chunk import chunk_entry
from navigator.errors import KnowledgeError
from navigator.knowledge import load_entries
from navigator.retrieval.embeddings import HashEmbedder
from navigator.retrieval.store import open_store
from tests.conftest import FIXTURE_KB


class CountingEmbedder(HashEmbedder):
    """The hash embedder, counting how many passages it was asked to embed."""

    def __init__(self) -> None:
        super().__init__()
        self.embedded = 0

    def embed_passages(self, texts):
        self.embedded += len(texts)
        return super().embed_passages(texts)


def live_ids(settings) -> set[str]:
    store = open_store(settings)
    return {str(r.metadata["entry_id"]) for r in store.records(store.live_name(), with_vectors=False)}


def test_first_ingest_adds_every_entry(settings):
    summary = ingest.run(settings)
    assert (summary.added, summary.updated, summary.removed, summary.unchanged) == (11, 0, 0, 0)
    assert summary.chunks_embedded == summary.chunks_total > 11
    assert "11 added" in summary.line()
    assert len(live_ids(settings)) == 11


def test_reingest_of_unchanged_corpus_embeds_nothing(settings):
    ingest.run(settings)
    counter = CountingEmbedder()
    summary = ingest.run(settings, embedder=counter)
    assert counter.embedded == 0
    assert (summary.added, summary.updated, summary.removed, summary.unchanged) == (0, 0, 0, 11)


def test_changed_file_is_replaced_and_only_it_is_embedded(settings, kb):
    ingest.run(settings)
    path = kb / "inqa-coaching.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Ein Coach berät", "Eine Beraterin berät"), encoding="utf-8"
    )
    counter = CountingEmbedder()
    summary = ingest.run(settings, embedder=counter)
    assert (summary.updated, summary.unchanged) == (1, 10)
    item = next(i for i in load_entries(kb) if i.entry.id == "inqa-coaching")
    assert counter.embedded == len(chunk_entry(item))
    store = open_store(settings)
    texts = [r.text for r in store.records(store.live_name(), with_vectors=False)]
    assert any("Eine Beraterin berät" in t for t in texts)
    assert not any("Ein Coach berät" in t for t in texts)


def test_deleted_file_disappears_from_the_index(settings, kb):
    ingest.run(settings)
    (kb / "jobday-2025.md").unlink()
    summary = ingest.run(settings)
    assert summary.removed == 1
    assert "jobday-2025" not in live_ids(settings)
    assert len(live_ids(settings)) == 10


def test_broken_file_fails_and_leaves_the_live_index_exactly_as_it_was(settings, kb):
    ingest.run(settings)
    store = open_store(settings)
    before_name, before_count = store.live_name(), store.count()
    (kb / "inqa-coaching.md").write_text(
        (FIXTURE_KB / "inqa-coaching.md").read_text(encoding="utf-8").replace("kind: programme", "kind: foo"),
        encoding="utf-8",
    )
    (kb / "neu.md").write_text(
        (FIXTURE_KB / "jobday-2025.md").read_text(encoding="utf-8").replace("id: jobday-2025", "id: neu"),
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeError) as err:
        ingest.run(settings)
    assert "inqa-coaching.md:3: kind" in str(err.value)
    assert (store.live_name(), store.count()) == (before_name, before_count)
    assert "neu" not in live_ids(settings)


def test_rebuild_swaps_in_a_new_collection_and_drops_the_old(settings):
    first = ingest.run(settings).collection
    second = ingest.run(settings, rebuild=True).collection
    store = open_store(settings)
    assert first != second
    assert store.live_name() == second
    names = [c.name for c in store.client.list_collections()]
    assert first not in names and second in names


def test_orphan_of_a_crashed_build_is_dropped_by_the_next_ingest(settings, kb):
    ingest.run(settings)
    store = open_store(settings)
    orphan = store.create_collection()  # as if a previous ingest died before switching
    live = store.live_name()
    (kb / "jobday-2025.md").unlink()
    ingest.run(settings)
    names = [c.name for c in store.client.list_collections()]
    assert orphan not in names and live not in names
