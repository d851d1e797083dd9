"""Retrieval latency and hit@3: the hybrid retriever against a plain LangChain `Chroma` retriever.

The baseline is what a typical RAG tutorial builds: `Chroma(..., embedding_function=...)` over the same
chunks and vectors, `as_retriever()` with its defaults (similarity search, k=4), no keyword index, no
fusion, no one-hit-per-entry, no date filter. Both read the same Chroma collection, so the difference
is the retrieval logic, not the data.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from bench.stats import latency
from navigator.retrieval.embeddings import Embedder, LangChainEmbeddings
from navigator.retrieval.filters import Filters
from navigator.retrieval.hybrid import HybridRetriever
from navigator.retrieval.store import KnowledgeStore
from navigator.settings import Settings

NO_FILTERS = Filters()


@dataclass(frozen=True, slots=True)
class Query:
    """One eval question: the text retrieval sees, the expected entry ids and a realistic filter."""

    id: str
    text: str
    relevant: frozenset[str]
    filters: Filters


def eval_queries(settings: Settings) -> list[Query]:
    """Questions with expected sources from the eval sets (evals/*.yaml) over the real knowledge base.

    A follow-up case is asked as the provider-less chat would ask it (previous question + message).
    The filter is the case's audience and region (kmu when the case names no audience), as a user of
    the catalogue page would set them.
    """
    from navigator.answer import Turn
    from navigator.answer.understand import combine_follow_up
    from navigator.evals.cases import load_sets, set_files
    from navigator.evals.config import EvalConfig
    from navigator.knowledge import load_entries

    config = EvalConfig.load(settings.evals_dir / "config.yaml")
    entries = {item.entry.id: item.entry for item in load_entries(settings.knowledge_dir)}
    cases = load_sets(set_files(settings.evals_dir, config.sets), entries, config.today)
    out = []
    for case in cases:
        relevant = frozenset(case.expect.sources_any) | frozenset(case.expect.ended)
        if not relevant:
            continue
        history = [Turn(t.role, t.content) for t in case.history]
        filters = Filters(audiences=(case.audience or "kmu",), regions=(case.region,) if case.region else ())
        out.append(Query(case.id, combine_follow_up(case.question, history), relevant, filters))
    return out


def chat_ranking(
    retriever: HybridRetriever, query: str, vector: np.ndarray[Any, Any], k: int = 5
) -> list[str]:
    """Entry ids in the order the chat shows them, as `navigator eval` ranks them (evals/runner.py)."""
    hits = retriever.retrieve(query, k=k, vector=vector)
    ended = retriever.named_ended(query, vector)
    ids = [e.id for e in ended] + [s for e in ended for s in e.successors] + [h.id for h in hits]
    return list(dict.fromkeys(ids))


class Baseline:
    """The tutorial retriever: LangChain `Chroma` over our collection, `as_retriever()` defaults."""

    def __init__(self, store: KnowledgeStore, collection: str, embedder: Embedder) -> None:
        from langchain_chroma import Chroma

        self.vectorstore = Chroma(
            client=store.client, collection_name=collection, embedding_function=LangChainEmbeddings(embedder)
        )
        self._retrievers: dict[Filters, Any] = {}

    def retriever(self, filters: Filters) -> Any:
        if filters not in self._retrievers:
            where = filters.where(min_end_ord=None)
            kwargs = {"search_kwargs": {"filter": where}} if where else {}
            self._retrievers[filters] = self.vectorstore.as_retriever(**kwargs)
        return self._retrievers[filters]

    def search(self, query: str, filters: Filters = NO_FILTERS) -> list[str]:
        """Entry ids of the retrieved chunks, best first, each once."""
        docs = self.retriever(filters).invoke(query)
        return list(dict.fromkeys(str(d.metadata["entry_id"]) for d in docs))

    def search_by_vector(self, vector: np.ndarray[Any, Any], filters: Filters = NO_FILTERS) -> list[str]:
        where = filters.where(min_end_ord=None)
        docs = self.vectorstore.similarity_search_by_vector(vector.tolist(), filter=where)
        return list(dict.fromkeys(str(d.metadata["entry_id"]) for d in docs))


def hit_at_3(ranked: Callable[[Query], Sequence[str]], queries: Sequence[Query]) -> dict[str, Any]:
    hits = [any(r in q.relevant for r in ranked(q)[:3]) for q in queries]
    return {"hit@3": round(sum(hits) / len(hits), 3) if hits else None, "cases": len(hits)}


def quality(
    retriever: HybridRetriever,
    baseline: Baseline,
    queries: Sequence[Query],
    vectors: Sequence[np.ndarray[Any, Any]],
) -> dict[str, Any]:
    """hit@3 of the chat's ranking and of the baseline (entries of its k=4 chunks, first 3 distinct)."""
    vec = dict(zip((q.id for q in queries), vectors, strict=True))
    return {
        "hybrid": hit_at_3(lambda q: chat_ranking(retriever, q.text, vec[q.id]), queries),
        "langchain_chroma": hit_at_3(lambda q: baseline.search_by_vector(vec[q.id]), queries),
    }


def bench_latency(
    retriever: HybridRetriever,
    baseline: Baseline,
    queries: Sequence[Query],
    vectors: Sequence[np.ndarray[Any, Any]],
    *,
    calls: int = 100,
    rounds: int = 3,
    end_to_end: bool = True,
) -> dict[str, dict[str, Any]]:
    """p50/p95 per retriever, with a precomputed query vector and (optionally) end to end.

    Queries are cycled; "filtered" uses each query's audience/region filter.
    """
    n = len(queries)
    none = Filters()

    def pick(i: int) -> tuple[Query, np.ndarray[Any, Any]]:
        return queries[i % n], vectors[i % n]

    variants: dict[str, Callable[[int], object]] = {
        "hybrid/vector": lambda i: retriever.retrieve(pick(i)[0].text, vector=pick(i)[1]),
        "hybrid/vector/filtered": lambda i: retriever.retrieve(
            pick(i)[0].text, filters=pick(i)[0].filters, vector=pick(i)[1]
        ),
        "langchain_chroma/vector": lambda i: baseline.search_by_vector(pick(i)[1], none),
        "langchain_chroma/vector/filtered": lambda i: baseline.search_by_vector(
            pick(i)[1], pick(i)[0].filters
        ),
    }
    if end_to_end:
        variants |= {
            "hybrid/e2e": lambda i: retriever.retrieve(pick(i)[0].text),
            "hybrid/e2e/filtered": lambda i: retriever.retrieve(pick(i)[0].text, filters=pick(i)[0].filters),
            "langchain_chroma/e2e": lambda i: baseline.search(pick(i)[0].text, none),
            "langchain_chroma/e2e/filtered": lambda i: baseline.search(pick(i)[0].text, pick(i)[0].filters),
        }
    return {name: latency(fn, calls=calls, rounds=rounds) for name, fn in variants.items()}


def mask_first_use_ms(retriever: HybridRetriever, queries: Sequence[Query]) -> float:
    """Median time to build the filter mask of a filter combination the catalogue has not seen yet.

    The hybrid retriever caches one mask per combination and catalogue; a new combination costs
    one pass over all chunks' metadata (bench/hotspots.md).
    """
    from navigator.knowledge import date_ord

    cat = retriever.catalogue()
    min_end = date_ord(retriever.today())
    seconds = []
    for filters in dict.fromkeys(q.filters for q in queries):
        cat.masks.pop((filters, min_end), None)
        started = time.perf_counter()
        cat.mask(filters, min_end)
        seconds.append(time.perf_counter() - started)
    return round(statistics.median(seconds) * 1000, 2) if seconds else float("nan")


def open_retriever(store: KnowledgeStore, embedder: Embedder, today: dt.date) -> HybridRetriever:
    retriever = HybridRetriever(store, embedder, today=lambda: today)
    retriever.catalogue()  # load outside the timings
    return retriever
