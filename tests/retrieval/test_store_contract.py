"""What the rest of the navigator relies on from `KnowledgeStore`, for both the embedded store and a
real `chroma run` server on loopback: building, the atomic switch, reading back, and searching."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from navigator.retrieval.store import ChunkRecord, KnowledgeStore, open_store
from tests.conftest import make_settings
from tests.helpers import ChromaServer


@pytest.fixture(params=["embedded", pytest.param("server", marks=pytest.mark.slow)])
def store(request, tmp_path) -> Iterator[KnowledgeStore]:
    if request.param == "embedded":
        yield open_store(make_settings(tmp_path / "data"))
        return
    server = ChromaServer(tmp_path / "chroma-server")
    server.start()
    try:
        yield open_store(make_settings(tmp_path / "data", chroma_url=server.url))
    finally:
        server.stop()


def records(n: int, kind: str = "office") -> list[ChunkRecord]:
    """`n` chunks with orthogonal vectors: chunk i is nearest to the unit vector e_i."""
    return [
        ChunkRecord(
            id=f"entry-{i}#0",
            text=f"Text {i}",
            metadata={"entry_id": f"entry-{i}", "kind": kind if i % 2 == 0 else "programme"},
            vector=np.eye(8, dtype=np.float32)[i],
        )
        for i in range(n)
    ]


def test_nothing_is_live_before_the_first_switch(store):
    assert store.live_name() is None
    assert store.count() == 0
    assert store.heartbeat()


def test_a_build_becomes_live_with_one_switch_and_reads_back_whole(store):
    name = store.create_collection()
    store.add(name, records(6))
    assert store.live_name() is None  # built, not yet live
    store.switch(name)
    assert store.live_name() == name
    assert store.count() == 6
    back = {r.id: r for r in store.records(name, with_vectors=True)}
    assert set(back) == {f"entry-{i}#0" for i in range(6)}
    assert back["entry-3#0"].text == "Text 3" and back["entry-3#0"].metadata["kind"] == "programme"
    assert np.allclose(np.asarray(back["entry-3#0"].vector), np.eye(8)[3])
    assert all(len(r.vector) == 0 for r in store.records(name, with_vectors=False))


def test_switching_drops_the_old_build(store):
    first = store.create_collection()
    store.add(first, records(2))
    store.switch(first)
    second = store.create_collection()
    store.add(second, records(4))
    store.switch(second)
    assert store.live_name() == second and store.count() == 4
    assert store.drop_stale(keep=second) == []  # the first build is gone already


def test_nearest_and_filtered_query_rank_by_cosine_distance(store):
    name = store.create_collection()
    store.add(name, records(6))
    store.switch(name)
    query = np.eye(8, dtype=np.float32)[1] + 0.5 * np.eye(8, dtype=np.float32)[2]
    nearest = store.nearest(name, query, n=3)
    assert [i for i, _ in nearest[:2]] == ["entry-1#0", "entry-2#0"]
    assert nearest[0][1] < nearest[1][1] < nearest[2][1]
    rows = store.query(name, query, n=3, where={"kind": "office"})
    assert rows[0].id == "entry-2#0"
    assert {r.id for r in rows} == {"entry-0#0", "entry-2#0", "entry-4#0"}  # entry-1 is no office
    assert rows[0].text == "Text 2" and rows[0].metadata["entry_id"] == "entry-2"
