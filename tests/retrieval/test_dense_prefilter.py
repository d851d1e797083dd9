"""The dense leg filters an unfiltered Chroma query itself and asks Chroma with `where` only when needed."""

from __future__ import annotations

import pytest

from navigator.knowledge import date_ord
from navigator.retrieval import hybrid
from navigator.retrieval.filters import Filters
from navigator.services import build_retriever
from tests.conftest import TODAY

FILTERS = [
    Filters(),
    Filters(audiences=("kmu",)),
    Filters(regions=("maerkischer-kreis",), kinds=("office",)),
    Filters(topics=("sprache",)),
    Filters(audiences=("kmu",), regions=("hagen",), topics=("weiterbildung",)),
]
QUERIES = ["Beratung für Unternehmen", "Deutschkurs Beruf", "Anerkennung ausländischer Abschluss", "Arbeit"]


@pytest.fixture(scope="module")
def retriever(built_settings):
    return build_retriever(built_settings)


def _with_where(retriever, vector, filters, min_end, depth):
    cat = retriever.catalogue()
    rows = retriever.store.query(cat.name, vector, n=depth, where=filters.where(min_end_ord=min_end))
    return [(r.id, r.distance) for r in rows]


def _assert_same_ranking(got, expected):
    """Same distances in the same order, and the same chunks, up to the order of exact ties."""
    assert [round(d, 5) for _, d in got] == [round(d, 5) for _, d in expected]
    last = round(expected[-1][1], 5) if expected else None  # ties at the cut may swap members

    def groups(rows):
        return {(round(d, 5), cid) for cid, d in rows if round(d, 5) != last}

    assert groups(got) == groups(expected)


@pytest.mark.parametrize("overfetch", [8, 1])  # 1: too few pass the narrow filters, so Chroma filters
@pytest.mark.parametrize("filters", FILTERS, ids=str)
def test_dense_chunks_are_those_of_a_chroma_where_query(retriever, monkeypatch, overfetch, filters):
    monkeypatch.setattr(hybrid, "OVERFETCH", overfetch)
    cat = retriever.catalogue()
    for depth in (4, 24):
        for min_end in (date_ord(TODAY), None):
            for query in QUERIES:
                vector = retriever.embedder.embed_query(query)
                got = retriever._dense(cat, vector, depth, filters, min_end)
                _assert_same_ranking(got, _with_where(retriever, vector, filters, min_end, depth))


def test_a_narrow_filter_asks_chroma_with_where_and_a_broad_one_does_not(retriever, monkeypatch):
    monkeypatch.setattr(hybrid, "OVERFETCH", 1)
    cat = retriever.catalogue()
    assert len(cat.chunk_ids) > 4  # so an overfetch of 1 does not cover the whole index
    calls = []
    original = retriever.store.query
    monkeypatch.setattr(retriever.store, "query", lambda *a, **kw: calls.append(kw) or original(*a, **kw))
    vector = retriever.embedder.embed_query("Beratung")
    retriever._dense(cat, vector, 4, Filters(), None)
    assert calls == []
    retriever._dense(cat, vector, 4, Filters(topics=("sprache",)), date_ord(TODAY))
    assert len(calls) == 1 and calls[0]["where"] is not None


def test_filter_masks_are_built_once_per_combination_and_agree_with_matches(retriever):
    cat = retriever.catalogue()
    filters, min_end = Filters(audiences=("kmu",)), date_ord(TODAY)
    mask = cat.mask(filters, min_end)
    assert cat.mask(Filters(audiences=("kmu",)), min_end) is mask
    assert mask.tolist() == [filters.matches(m, min_end_ord=min_end) for m in cat.metas]
    assert 0 < mask.sum() < len(cat.metas)


def test_nearest_lists_ids_by_distance_like_an_unfiltered_query(retriever):
    cat = retriever.catalogue()
    vector = retriever.embedder.embed_query("Deutschkurs Beruf")
    nearest = retriever.store.nearest(cat.name, vector, n=10)
    rows = retriever.store.query(cat.name, vector, n=10)
    assert [i for i, _ in nearest] == [r.id for r in rows]
    assert [d for _, d in nearest] == pytest.approx([r.distance for r in rows])
