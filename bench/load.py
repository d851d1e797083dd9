"""Concurrent HTTP clients (httpx AsyncClient) against a running server, bounded in time and count."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

import httpx

from bench.stats import summary_ms


@dataclass(frozen=True, slots=True)
class Request:
    method: str
    path: str
    params: dict[str, Any] | None = None
    json: dict[str, Any] | None = None


def search_requests(questions: Sequence[str], *, unique: bool = False) -> Callable[[int], Request]:
    """Searches cycling over `questions`; `unique` numbers each one, so no query vector is ever cached."""

    def make(i: int) -> Request:
        question = questions[i % len(questions)][:480]
        return Request("GET", "/api/search", params={"q": f"{question} ({i})" if unique else question})

    return make


def chat_requests(questions: Sequence[str]) -> Callable[[int], Request]:
    return lambda i: Request("POST", "/api/chat", json={"message": questions[i % len(questions)]})


async def _drive(
    base_url: str,
    make: Callable[[int], Request],
    users: int,
    seconds: float,
    max_requests: int,
    classify: Callable[[httpx.Response], str] | None = None,
) -> dict[str, Any]:
    host = urlparse(base_url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError(f"load is only ever sent to loopback, not to {host!r}")
    durations: list[float] = []
    statuses: Counter[str] = Counter()
    by_class: dict[str, list[float]] = {}
    counter = 0
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=users, max_keepalive_connections=users)

    async def user(client: httpx.AsyncClient) -> None:
        nonlocal counter
        while time.monotonic() < deadline and counter < max_requests:
            req = make(counter)
            counter += 1
            started = time.perf_counter()
            try:
                resp = await client.request(req.method, req.path, params=req.params, json=req.json)
                statuses[str(resp.status_code)] += 1
                ok = resp.status_code == 200
            except httpx.HTTPError as exc:
                statuses[type(exc).__name__] += 1
                ok = False
            if ok:
                durations.append(time.perf_counter() - started)
                if classify:
                    by_class.setdefault(classify(resp), []).append(durations[-1])

    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=120.0) as client:
        started = time.perf_counter()
        await asyncio.gather(*(user(client) for _ in range(users)))
        elapsed = time.perf_counter() - started
    errors = sum(n for status, n in statuses.items() if status != "200")
    classes = {
        label: {"share": round(len(d) / max(len(durations), 1), 3), **summary_ms(d)}
        for label, d in by_class.items()
    }
    return {
        **({"classes": classes} if classify else {}),
        "users": users,
        "requests": sum(statuses.values()),
        "errors": errors,
        "statuses": dict(statuses),
        "seconds": round(elapsed, 2),
        "rps": round(len(durations) / elapsed, 1),
        **summary_ms(durations),
    }


def drive(
    base_url: str,
    make: Callable[[int], Request],
    *,
    users: int,
    seconds: float,
    max_requests: int = 1_000_000,
    classify: Callable[[httpx.Response], str] | None = None,
) -> dict[str, Any]:
    """`users` clients send requests back to back for `seconds` (or until `max_requests` were sent).

    Returns successful requests per second, p50/p95 latency of successful requests, and the error
    count (any status other than 200, or a transport error); with `classify`, also the share and
    p50/p95 of each class of successful answer (e.g. answered by the model or extractively).
    """
    return asyncio.run(_drive(base_url, make, users, seconds, max_requests, classify))
