"""`make loadtest`: a bounded load test of /api/search and /api/chat (extractive) on loopback.

    .venv/bin/python -m bench.loadtest                     # 50 users, 60 s per endpoint
    .venv/bin/python -m bench.loadtest --users 10 --seconds 15
    .venv/bin/python -m bench.loadtest --llm local --users 10 --seconds 60

With `--llm local`, N askers send questions to /api/chat of a server with the local model: the one
model answers one at a time, and an asker whose answer would come too late gets the extractive one
at once (navigator/llm/admission.py). Reported: the share answered by the model, the share answered
at once extractively, and p50/p95 time to a complete answer of each (its own section and JSON key).

Starts `navigator serve` on 127.0.0.1 (a free port, extractive provider, rate limit off, the built index
of data/ unless --data-dir), sends the eval questions back to back from N concurrent clients for a fixed
time per endpoint, stops the server, and writes p50/p95 latency, requests/s and errors into the load
test section of bench/results.md and bench/results.json. Exits 1 if any request failed.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from bench import report
from bench.load import chat_requests, drive, search_requests
from bench.machine import describe, load_average
from bench.retrieval import eval_queries
from bench.server import Server
from navigator.evals.config import EvalConfig
from navigator.settings import Settings

log = logging.getLogger("bench.loadtest")
MAX_USERS, MAX_SECONDS = 200, 600  # bounded: this is a test of our own server, not a stress tool


def _setup(users: int, seconds: float, data_dir: Path | None, llm: str) -> tuple[list[str], dict[str, str]]:
    """The eval questions and the server environment of one load-test run (bounds checked)."""
    if not (1 <= users <= MAX_USERS and 0 < seconds <= MAX_SECONDS):
        raise ValueError(f"users must be 1..{MAX_USERS} and seconds 0..{MAX_SECONDS}")
    settings = Settings()
    if data_dir:
        settings = settings.model_copy(update={"data_dir": data_dir})
    today = EvalConfig.load(settings.evals_dir / "config.yaml").today
    env = {
        "NAVIGATOR_DATA_DIR": str(settings.data_dir),
        "NAVIGATOR_LLM": llm,
        "NAVIGATOR_RATE_LIMIT_ENABLED": "false",
        "NAVIGATOR_TODAY": str(today),
    }
    return [q.text for q in eval_queries(settings)], env


def run(users: int, seconds: float, data_dir: Path | None = None) -> dict[str, Any]:
    """Both phases against one fresh server; returns the figures per endpoint."""
    questions, env = _setup(users, seconds, data_dir, "extractive")
    out: dict[str, Any] = {"users": users, "seconds": seconds, "phases": {}}
    with Server(env) as server:
        out["ready_s"] = round(server.ready_s, 2)
        for endpoint, make in (
            ("/api/search", search_requests(questions)),
            ("/api/chat", chat_requests(questions)),
        ):
            load = load_average()
            log.info("%s: %d users for %.0f s (load average %s)", endpoint, users, seconds, load)
            result = drive(server.url, make, users=users, seconds=seconds)
            out["phases"][endpoint] = {**result, "load_average": load}
        out["server_memory"] = server.memory()
    return out


def answer_class(response: httpx.Response) -> str:
    """Who wrote a chat answer: the model, the extractive fallback (and why), or a fixed reply."""
    body = response.json()
    fallback = body.get("fallback")
    if fallback == "model_busy":
        return "extractive at once (model busy)"
    if fallback:
        return f"extractive ({fallback})"
    if not body.get("sources"):  # out of scope, nothing found, injection: fixed texts
        return "fixed reply (no model needed)"
    if (body.get("check") or {}).get("question"):  # the Förder-Check asks its deciding question
        return "Förder-Check question (no model needed)"
    return "model"


def run_local(users: int, seconds: float, data_dir: Path | None = None) -> dict[str, Any]:
    """N askers against one server with the local model; who answered, and how fast."""
    questions, env = _setup(users, seconds, data_dir, "local")
    with Server(env, timeout_s=300) as server:
        # One answer first: loads the model and teaches the admission how long an answer takes.
        started = time.perf_counter()
        warm = httpx.post(f"{server.url}/api/chat", json={"message": questions[-1]}, timeout=600)
        warm_up = {"seconds": round(time.perf_counter() - started, 1), "answer": answer_class(warm)}
        load = load_average()
        log.info("/api/chat, local model: %d askers for %.0f s (load average %s)", users, seconds, load)
        result = drive(
            server.url, chat_requests(questions), users=users, seconds=seconds, classify=answer_class
        )
        memory = server.memory()
    return {
        "users": users,
        "seconds": seconds,
        "warm_up": warm_up,
        "load_average": load,
        "server_memory": memory,
        **result,
    }


def render_local(r: dict[str, Any], machine: dict[str, Any]) -> str:
    rows = [
        (label, c["n"], f"{100 * c['share']:.0f} %", c["p50_ms"] / 1000, c["p95_ms"] / 1000)
        for label, c in sorted(r["classes"].items(), key=lambda item: -item[1]["n"])
    ]
    rows.append(("all answers", r["n"], "100 %", r["p50_ms"] / 1000, r["p95_ms"] / 1000))
    return (
        "## Load test, local model (`make loadtest`)\n\n"
        f"{machine['date']}, commit {machine['commit']}. `navigator serve` on 127.0.0.1 with the local "
        f"model (one answer at a time); {r['users']} concurrent askers sending eval questions to "
        f"/api/chat back to back for {r['seconds']:.0f} s, after one warm-up answer "
        f"({r['warm_up']['seconds']} s, {r['warm_up']['answer']}). Load average at the start "
        f"{' / '.join(map(str, r['load_average']))}; {r['requests']} requests, {r['errors']} errors; "
        f"server RSS afterwards {r['server_memory'].get('rss_mib')} MiB.\n\n"
        + report.table(("answered by", "answers", "share", "p50 s", "p95 s (complete answer)"), rows)
    )


def render(result: dict[str, Any], machine: dict[str, Any]) -> str:
    rows = [
        (
            endpoint,
            r["users"],
            r["seconds"],
            r["requests"],
            r["errors"],
            r["rps"],
            r["p50_ms"],
            r["p95_ms"],
            " / ".join(map(str, r["load_average"])),
        )
        for endpoint, r in result["phases"].items()
    ]
    mem = result["server_memory"]
    return (
        "## Load test (`make loadtest`)\n\n"
        f"{machine['date']}, commit {machine['commit']}. `navigator serve` on 127.0.0.1 "
        f"(extractive provider, rate limit off), ready in {result['ready_s']} s; {result['users']} "
        f"concurrent httpx clients per endpoint for {result['seconds']:.0f} s each, eval questions sent "
        f"back to back. Server RSS afterwards {mem.get('rss_mib')} MiB "
        f"(peak {mem.get('peak_rss_mib')} MiB).\n\n"
        + report.table(
            (
                "endpoint",
                "users",
                "seconds",
                "requests",
                "errors",
                "req/s",
                "p50 ms",
                "p95 ms",
                "load avg at start",
            ),
            rows,
        )
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.loadtest", description=__doc__.splitlines()[0])
    p.add_argument("--llm", choices=("extractive", "local"), default="extractive")
    p.add_argument("--users", type=int, default=None, help="default: 50 (extractive), 10 (local)")
    p.add_argument("--seconds", type=float, default=60.0, help="per endpoint")
    p.add_argument(
        "--data-dir", type=Path, default=None, help="index to serve (default: NAVIGATOR_DATA_DIR or data/)"
    )
    p.add_argument("--out", type=Path, default=report.RESULTS_MD)
    p.add_argument("--json", type=Path, default=report.RESULTS_JSON)
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    machine = describe()
    if args.llm == "local":
        local = run_local(args.users or 10, args.seconds, args.data_dir)
        section = render_local(local, machine)
        print(section)
        report.write_section_md("loadtest-local", section, args.out)
        report.write_json("loadtest_local", {"machine": machine, **local}, args.json)
        return 1 if local["errors"] else 0
    result = run(args.users or 50, args.seconds, args.data_dir)
    section = render(result, machine)
    print(section)
    header = "# Benchmarks\n\nWritten by `make bench`; the load test section by `make loadtest`."
    report.write_loadtest_md(section, header, args.out)
    report.write_json("loadtest", {"machine": machine, **result}, args.json)
    errors = sum(r["errors"] for r in result["phases"].values())
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
