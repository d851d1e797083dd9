"""The German keyword index: stemmed matches, masks, and no thread pool per query."""

from __future__ import annotations

import concurrent.futures

import numpy as np
import pytest

from navigator.retrieval.bm25 import Bm25Index

TEXTS = [
    "Beratung zur Anerkennung ausländischer Berufsabschlüsse",
    "Zuschuss für die Weiterbildung von Beschäftigten",
    "Deutschkurse für den Beruf",
    "Beratung für die Gründung eines Cafés",
]


def test_search_finds_stemmed_terms_and_respects_the_mask():
    index = Bm25Index(TEXTS)
    assert index.search("Anerkennung Abschluss Beratungen", 3)[0][0] == 0
    only_last = np.array([False, False, False, True])
    assert [pos for pos, _ in index.search("Beratung", 3, only_last)] == [3]


def test_search_runs_in_the_calling_thread(monkeypatch):
    index = Bm25Index(TEXTS)

    def no_pool(*args, **kwargs):
        raise AssertionError("a thread pool was started for one query")

    monkeypatch.setattr(concurrent.futures, "ThreadPoolExecutor", no_pool)
    import bm25s

    monkeypatch.setattr(bm25s, "ThreadPoolExecutor", no_pool, raising=False)
    assert index.search("Weiterbildung Zuschuss", 2)[0][0] == 1


@pytest.mark.parametrize("query", ["", "und oder"])
def test_a_query_without_corpus_terms_finds_nothing(query):
    assert Bm25Index(TEXTS).search(query, 3) == []
