"""`make soak`: a steady mixed load against one server for a long time; memory must stay flat, 0 errors.

    .venv/bin/python -m bench.soak                                  # 30 min extractive, then 30 min local
    .venv/bin/python -m bench.soak --llm extractive --minutes 3 --sample-s 20

Starts `navigator serve` on 127.0.0.1 (rate limit off, the built index of data/ unless --data-dir),
and a few clients send the mix a visitor sends (chat, streamed chat, search, Förder-Check, catalogue
and detail pages), each with a short pause between requests, so the load is steady rather than
maximal. The server's RSS is sampled every `--sample-s` seconds; after the warm-up (model loaded,
caches filled) it may grow by at most 5 %, and no request may fail. The figures go into a section of
bench/results.md (one per provider) and bench/results.json. Not part of CI: it runs for an hour.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from bench import report
from bench.machine import describe, load_average
from bench.server import HOST, Server
from bench.stats import summary_ms

log = logging.getLogger("bench.soak")
MAX_GROWTH = 0.05
PROFILES = (
    {"applicant": "company", "company_size": 12, "region": "hagen"},
    {"applicant": "person", "employment_status": "unemployed", "residence_nrw": True},
    {"applicant": "person", "language": "en"},
)


@dataclass(frozen=True, slots=True)
class Mix:
    """What the clients send: questions, offer ids and Förder-Check profiles, cycled."""

    questions: list[str]
    entry_ids: list[str]

    def request(self, i: int) -> tuple[str, Callable[[httpx.AsyncClient], Any]]:
        """The i-th request of the mix as (kind, coroutine function)."""
        q = self.questions[i % len(self.questions)]
        kinds: list[tuple[str, Callable[[httpx.AsyncClient], Any]]] = [
            ("chat", lambda c: c.post("/api/chat", json={"message": q})),
            ("stream", lambda c: _stream(c, q)),
            ("search", lambda c: c.get("/api/search", params={"q": q[:480]})),
            ("check", lambda c: c.post("/api/check", json=PROFILES[i % len(PROFILES)])),
            ("catalogue", lambda c: c.get("/angebote", params={"q": q.split()[0]})),
            ("detail", lambda c: c.get(f"/angebote/{self.entry_ids[i % len(self.entry_ids)]}")),
            ("foerder-check", lambda c: c.get("/foerder-check")),
        ]
        return kinds[i % len(kinds)]


async def _stream(client: httpx.AsyncClient, question: str) -> httpx.Response:
    """Read a whole SSE answer; a 200 with an `error` event counts as a failure (status 599)."""
    async with client.stream("POST", "/api/chat/stream", json={"message": question}) as response:
        text = (await response.aread()).decode()
    if response.status_code == 200 and ("event: error" in text or "event: done" not in text):
        return httpx.Response(599)
    return response


def _entry_ids(base_url: str, questions: list[str]) -> list[str]:
    """Offer ids of the index being served (for the detail pages), from a few searches."""
    ids: dict[str, None] = {}
    with httpx.Client(base_url=base_url, timeout=60) as client:
        for q in questions[:10]:
            ids.update(
                dict.fromkeys(
                    hit["id"] for hit in client.get("/api/search", params={"q": q[:480], "k": 10}).json()
                )
            )
    return list(ids)


def growth(samples: list[dict[str, float]], warmup_s: float) -> dict[str, Any]:
    """RSS growth after the warm-up: the largest sample against the first one after it."""
    steady = [s for s in samples if s["t_s"] >= warmup_s]
    if len(steady) < 2:
        return {"baseline_mib": None, "max_mib": None, "growth_pct": None, "flat": None}
    base = steady[0]["rss_mib"]
    top = max(s["rss_mib"] for s in steady)
    pct = (top - base) / base
    return {
        "baseline_mib": base,
        "max_mib": top,
        "growth_pct": round(100 * pct, 2),
        "flat": pct <= MAX_GROWTH,
    }


async def _soak(
    server: Server, mix: Mix, *, users: int, seconds: float, sample_s: float, pause_s: float
) -> dict[str, Any]:
    durations: dict[str, list[float]] = defaultdict(list)
    statuses: dict[str, Counter[str]] = defaultdict(Counter)
    samples: list[dict[str, float]] = []
    started = time.monotonic()
    deadline = started + seconds
    counter = 0

    async def user(client: httpx.AsyncClient) -> None:
        nonlocal counter
        while time.monotonic() < deadline:
            kind, send = mix.request(counter)
            counter += 1
            t0 = time.perf_counter()
            try:
                response = await send(client)
                statuses[kind][str(response.status_code)] += 1
                if response.status_code == 200:
                    durations[kind].append(time.perf_counter() - t0)
            except httpx.HTTPError as exc:
                statuses[kind][type(exc).__name__] += 1
            await asyncio.sleep(pause_s)

    async def sampler() -> None:
        while True:
            samples.append({"t_s": round(time.monotonic() - started, 1), **server.memory()})
            if time.monotonic() >= deadline:
                return
            await asyncio.sleep(min(sample_s, max(deadline - time.monotonic(), 0.0)))

    limits = httpx.Limits(max_connections=users)
    async with httpx.AsyncClient(base_url=server.url, limits=limits, timeout=180.0) as client:
        await asyncio.gather(sampler(), *(user(client) for _ in range(users)))
    kinds = {
        kind: {
            "requests": sum(statuses[kind].values()),
            "errors": sum(n for s, n in statuses[kind].items() if s != "200"),
            "statuses": dict(statuses[kind]),
            **summary_ms(durations[kind]),
        }
        for kind in sorted(statuses)
    }
    return {"kinds": kinds, "samples": samples, "seconds": round(time.monotonic() - started, 1)}


def run(
    llm: str,
    *,
    minutes: float,
    users: int = 3,
    sample_s: float = 60.0,
    warmup_s: float | None = None,
    pause_s: float = 0.5,
    data_dir: Path | None = None,
) -> dict[str, Any]:
    """One soak against a fresh server with provider `llm` ("extractive" or "local")."""
    from bench.retrieval import eval_queries
    from navigator.evals.config import EvalConfig
    from navigator.settings import Settings

    settings = Settings()
    if data_dir:
        settings = settings.model_copy(update={"data_dir": data_dir})
    today = EvalConfig.load(settings.evals_dir / "config.yaml").today
    questions = [q.text for q in eval_queries(settings)]
    seconds = minutes * 60
    # By default a fifth of the run, at least a minute, is warm-up (model loading, caches filling).
    warmup = warmup_s if warmup_s is not None else max(60.0, seconds / 5)
    env = {
        "NAVIGATOR_DATA_DIR": str(settings.data_dir),
        "NAVIGATOR_LLM": llm,
        "NAVIGATOR_RATE_LIMIT_ENABLED": "false",
        "NAVIGATOR_TODAY": str(today),
        "NAVIGATOR_LOG_LEVEL": "WARNING",
    }
    with Server(env, timeout_s=300) as server:
        mix = Mix(questions, _entry_ids(server.url, questions))
        log.info("soak %s: %d users for %.1f min on %s", llm, users, minutes, server.url)
        load = load_average()
        result = asyncio.run(
            _soak(server, mix, users=users, seconds=seconds, sample_s=sample_s, pause_s=pause_s)
        )
    errors = sum(k["errors"] for k in result["kinds"].values())
    memory = growth(result["samples"], warmup)
    return {
        "llm": llm,
        "host": HOST,
        "users": users,
        "minutes": round(result["seconds"] / 60, 2),
        "warmup_s": warmup,
        "sample_s": sample_s,
        "pause_s": pause_s,
        "load_average_at_start": load,
        "load_average_at_end": load_average(),
        "errors": errors,
        "memory": memory,
        "ok": errors == 0 and memory["flat"] is True,
        **result,
    }


def render(r: dict[str, Any], machine: dict[str, Any], note: str = "") -> str:
    rows = [
        (kind, k["requests"], k["errors"], k["p50_ms"], k["p95_ms"], json.dumps(k["statuses"]))
        for kind, k in r["kinds"].items()
    ]
    m = r["memory"]
    rss = " → ".join(f"{s['rss_mib']:.0f}" for s in r["samples"])
    verdict = "**passed**" if r["ok"] else "**FAILED**"
    return (
        f"## Soak test (`make soak`), {r['llm']} provider: {r['minutes']} minutes {verdict}\n\n"
        f"{machine['date']}, commit {machine['commit']}. {note}`navigator serve` on 127.0.0.1, "
        f"{r['users']} clients sending the mix back to back with {r['pause_s']} s pauses; load average "
        f"{' / '.join(map(str, r['load_average_at_start']))} at the start, "
        f"{' / '.join(map(str, r['load_average_at_end']))} at the end. {r['errors']} errors. "
        f"RSS every {r['sample_s']:.0f} s (MiB): {rss}; after the {r['warmup_s']:.0f} s warm-up "
        f"{m['baseline_mib']} → at most {m['max_mib']} MiB, growth {m['growth_pct']} % "
        f"(limit {100 * MAX_GROWTH:.0f} %).\n\n"
        + report.table(("request", "requests", "errors", "p50 ms", "p95 ms", "statuses"), rows)
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__.splitlines()[0])
    p.add_argument("--llm", choices=("extractive", "local"), action="append", help="default: both, in turn")
    p.add_argument("--minutes", type=float, default=30.0, help="per provider")
    p.add_argument("--users", type=int, default=3)
    p.add_argument("--sample-s", type=float, default=60.0, help="RSS sampling interval")
    p.add_argument("--warmup-s", type=float, default=None, help="default: a fifth of the run, at least 60 s")
    p.add_argument("--pause-s", type=float, default=0.5, help="each client's pause between requests")
    p.add_argument("--note", default="", help="a sentence put before the figures (e.g. why the run is short)")
    p.add_argument("--data-dir", type=Path, default=None)
    p.add_argument("--out", type=Path, default=report.RESULTS_MD)
    p.add_argument("--json", type=Path, default=report.RESULTS_JSON)
    args = p.parse_args(argv)
    if not (0 < args.minutes <= 24 * 60 and 1 <= args.users <= 20):
        p.error("minutes must be in (0, 1440] and users in 1..20")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    ok = True
    stored = report.read_json("soak", args.json)
    for llm in args.llm or ["extractive", "local"]:
        machine = describe()
        result = run(
            llm,
            minutes=args.minutes,
            users=args.users,
            sample_s=args.sample_s,
            warmup_s=args.warmup_s,
            pause_s=args.pause_s,
            data_dir=args.data_dir,
        )
        note = f"{args.note.strip()} " if args.note.strip() else ""
        section = render(result, machine, note)
        print(section)
        report.write_section_md(f"soak-{llm}", section, args.out)
        stored[llm] = {"machine": machine, **result}
        report.write_json("soak", stored, args.json)
        ok = ok and result["ok"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
