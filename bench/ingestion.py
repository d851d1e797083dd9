"""Ingestion figures: embedding throughput, a full ingest into a fresh data dir, an unchanged re-ingest."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from bench.stats import median_of
from ingest.chunk import chunk_entry
from navigator.knowledge import load_entries
from navigator.retrieval.embeddings import Embedder
from navigator.settings import Settings

log = logging.getLogger(__name__)


def chunk_texts(knowledge_dir: Path) -> list[str]:
    """The texts ingest would embed for `knowledge_dir` (every chunk of every entry)."""
    return [text for item in load_entries(knowledge_dir) for _, text, _ in chunk_entry(item)]


def bench_embedding(
    embedder: Embedder, texts: list[str], *, rounds: int = 3, batch: int = 32
) -> dict[str, Any]:
    """Chunks per second for `embed_passages` in ingest's batch size; median over `rounds`."""
    embedder.embed_passages(texts[:2])  # load the model outside the timing
    results = []
    for _ in range(rounds):
        started = time.perf_counter()
        for start in range(0, len(texts), batch):
            embedder.embed_passages(texts[start : start + batch])
        seconds = time.perf_counter() - started
        results.append(
            {"chunks": len(texts), "seconds": round(seconds, 3), "chunks_per_s": len(texts) / seconds}
        )
    out = median_of(results)
    out["chars_per_chunk"] = round(sum(map(len, texts)) / max(len(texts), 1))
    out["embedder"] = embedder.name
    return out


def bench_ingest(settings: Settings, embedder: Embedder, *, reingest_rounds: int = 5) -> dict[str, Any]:
    """A full ingest into `settings.data_dir` (expected empty), then unchanged re-ingests.

    The re-ingest must embed nothing; the figure reports how many chunks it did embed, so a
    regression shows up as a number instead of only as time.
    """
    import ingest

    full = ingest.run(settings, embedder=embedder)
    again = [ingest.run(settings, embedder=embedder) for _ in range(reingest_rounds)]
    seconds = sorted(s.seconds for s in again)
    return {
        "full": {
            "entries": full.added,
            "chunks": full.chunks_total,
            "chunks_embedded": full.chunks_embedded,
            "seconds": round(full.seconds, 2),
            "chunks_per_s": round(full.chunks_embedded / full.seconds, 2) if full.seconds else None,
        },
        "reingest": {
            "seconds_median": round(seconds[len(seconds) // 2], 3),
            "seconds_max": round(seconds[-1], 3),
            "chunks_embedded": max(s.chunks_embedded for s in again),
            "rounds": len(again),
            "target_s": 2.0,
        },
    }
