"""Percentiles and repeated rounds: the arithmetic every benchmark shares."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any


def percentile(samples: Sequence[float], q: float) -> float:
    """The `q`-th percentile (0-100) by linear interpolation between closest ranks."""
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def summary_ms(seconds: Sequence[float]) -> dict[str, float]:
    """p50, p95 and mean of durations given in seconds, in milliseconds."""
    ms = [s * 1000 for s in seconds]
    return {
        "p50_ms": round(percentile(ms, 50), 2),
        "p95_ms": round(percentile(ms, 95), 2),
        "mean_ms": round(statistics.fmean(ms), 2) if ms else float("nan"),
        "n": len(ms),
    }


def median_of(rounds: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Per key, the median over rounds of the numeric values (other values from the first round)."""
    out: dict[str, Any] = {}
    for key, first in rounds[0].items():
        values = [r[key] for r in rounds if isinstance(r.get(key), int | float)]
        if isinstance(first, bool) or not isinstance(first, int | float) or len(values) != len(rounds):
            out[key] = first
        else:
            out[key] = round(statistics.median(values), 3)
    out["rounds"] = len(rounds)
    return out


def time_calls(fn: Callable[[int], object], calls: int) -> list[float]:
    """Call `fn(i)` for i in 0..calls-1 and return each call's duration in seconds."""
    durations = []
    for i in range(calls):
        started = time.perf_counter()
        fn(i)
        durations.append(time.perf_counter() - started)
    return durations


def latency(fn: Callable[[int], object], *, calls: int, rounds: int, warmup: int = 3) -> dict[str, Any]:
    """p50/p95 of `fn` per round (after `warmup` untimed calls), then the median over rounds."""
    time_calls(fn, warmup)
    return median_of([summary_ms(time_calls(fn, calls)) for _ in range(rounds)])
