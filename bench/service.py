"""Service figures: readiness time, throughput and latency at 1/10/50 clients, resident memory."""

from __future__ import annotations

import logging
import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import httpx

from bench.load import Request, chat_requests, drive, search_requests
from bench.machine import load_average
from bench.server import Server
from bench.stats import median_of

log = logging.getLogger(__name__)


def bench_ready(env: Mapping[str, str], *, runs: int = 3, log_path: Path | None = None) -> dict[str, Any]:
    """Seconds from spawning `navigator serve` to the first 200 from /healthz (index already built)."""
    times = []
    for _ in range(runs):
        with Server(env, log_path=log_path) as server:
            times.append(server.ready_s)
    return {
        "ready_s_median": round(statistics.median(times), 2),
        "ready_s_max": round(max(times), 2),
        "runs": runs,
        "target_s": 5.0,
    }


def bench_throughput(
    server: Server,
    questions: Sequence[str],
    *,
    levels: Sequence[int] = (1, 10, 50),
    seconds: float = 5.0,
    rounds: int = 3,
) -> dict[str, dict[str, Any]]:
    """Requests/s and p50/p95 for /api/search and /api/chat at each concurrency level (median of rounds).

    `/api/search` runs twice: cycling over the eval questions (after the warm-up each query vector comes
    from the server's cache, as for repeated questions and the catalogue's filter changes) and with
    every question new (each request embeds its query: the worst case).
    """
    out: dict[str, dict[str, Any]] = {}
    for endpoint, make in (
        ("/api/search", search_requests(questions)),
        ("/api/search (new questions)", search_requests(questions, unique=True)),
        ("/api/chat", chat_requests(questions)),
    ):
        drive(server.url, make, users=4, seconds=1.0)  # warm caches and connections
        for users in levels:
            load = load_average()
            result = median_of([_measured(server, make, users, seconds) for _ in range(rounds)])
            result["errors"] = int(result["errors"])
            result["load_average_1m"] = load[0]
            out[f"{endpoint} x{users}"] = result
            log.info("%s x%d: %.1f rps, p95 %.1f ms", endpoint, users, result["rps"], result["p95_ms"])
    return out


def _measured(server: Server, make: Callable[[int], Request], users: int, seconds: float) -> dict[str, Any]:
    """One round, with the server's CPU time per successful request (robust to a busy machine)."""
    cpu = server.cpu_seconds()
    result = drive(server.url, make, users=users, seconds=seconds)
    served = result["rps"] * result["seconds"]
    result["server_cpu_ms_per_request"] = round((server.cpu_seconds() - cpu) * 1000 / max(served, 1), 2)
    return result


def bench_memory_with_model(
    env: Mapping[str, str], question: str, *, log_path: Path | None = None
) -> dict[str, Any]:
    """Peak RSS of a server with the local chat model, after it answered one question with it."""
    with Server(
        {**env, "NAVIGATOR_LLM": "local", "NAVIGATOR_ALLOW_REAL_LLM": "true"}, log_path=log_path
    ) as server:
        idle = server.memory()
        started = time.perf_counter()
        resp = httpx.post(f"{server.url}/api/chat", json={"message": question}, timeout=300)
        seconds = time.perf_counter() - started
        body = resp.json() if resp.status_code == 200 else {}
        return {
            "ready_s": round(server.ready_s, 2),
            "rss_before_question_mib": idle["rss_mib"],
            **server.memory(),
            "first_answer_s": round(seconds, 2),
            "status": resp.status_code,
            "provider": body.get("provider"),
            "fallback": body.get("fallback"),
            # A Förder-Check question is answered without the model: then the peak misses a generation.
            "model_answered": body.get("provider") == "local"
            and not body.get("fallback")
            and not body.get("check"),
            "target_mib": 1536,
        }
