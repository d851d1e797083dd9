"""Measure the packaged chat models on German/English RAG prompts (speed, memory, citations, language).

Usage:
    .venv/bin/python bench/llm_candidates.py                   # both models, table on stdout
    .venv/bin/python bench/llm_candidates.py --models qwen2.5-1.5b --answers
    .venv/bin/python bench/llm_candidates.py --json data/bench/llm_candidates.json

Each model runs in its own subprocess so RSS figures are not mixed. Per model:
  * cold: KV cache reset before every question, max_tokens=1 -> time to first token with nothing cached;
  * warm: questions in a row after `warm_up(prefix)`; only the fixed system prompt + worked example is
    shared with the previous prompt, as in production -> TTFT, complete answer time, tokens/s;
  * checks on the warm answers: at least one [n] and every [n] points at a given source (or, for the
    out-of-scope question, a "not in the sources" answer without numbers); answer language; numbers in
    the answer that appear in no source ("invented").

The sources are short made-up excerpts in the style of the knowledge base (test inputs, not published).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.llm_candidate_prompts import CASES, PREFIX, Case  # noqa: E402
from navigator.language import detect_language  # noqa: E402
from navigator.llm.base import Message  # noqa: E402
from navigator.llm.local import LlamaCppProvider  # noqa: E402
from navigator.llm.model_files import PACKAGED_MODELS, model_path  # noqa: E402

CITATION = re.compile(r"\[(\d+)\]")
NUMBER = re.compile(r"\d[\d.,]*")
NO_ANSWER = re.compile(
    r"nicht in den Quellen|keine Information|keine Angabe|leider|not in the sources|no information", re.I
)


def user_message(case: Case) -> Message:
    sources = "\n".join(f"[{i}] {text}" for i, text in enumerate(case.sources, start=1))
    return Message("user", f"Quellen:\n{sources}\n\nFrage: {case.question}")


def check(case: Case, answer: str) -> dict[str, object]:
    cited = [int(n) for n in CITATION.findall(answer)]
    valid = all(1 <= n <= len(case.sources) for n in cited)
    source_text = " ".join(case.sources) + " " + case.question
    numbers = [n.rstrip(".,") for n in NUMBER.findall(CITATION.sub("", answer))]
    invented = [n for n in numbers if n and n not in source_text]
    # Out of scope: the right answer says "not in the sources" and gives no numbers.
    cites_ok = (bool(cited) and valid) if case.in_scope else (bool(NO_ANSWER.search(answer)) and not numbers)
    lang = detect_language(answer, default="?")
    return {
        "cited": cited,
        "cites_ok": cites_ok,
        "lang": lang,
        "lang_ok": lang == case.lang,
        "invented": invented,
    }


def rss_mb() -> tuple[float, float]:
    lines = Path("/proc/self/status").read_text().splitlines()
    fields = dict(line.split(":", 1) for line in lines if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def load_average() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def wait_until_idle(limit: float, timeout_s: float = 900) -> float:
    """Wait until the 1-minute load average drops below `limit`: llama.cpp's threads spin, so a
    busy neighbour (an indexing run) slows it down by 5-10x and the figures would be meaningless."""
    deadline = time.monotonic() + timeout_s
    while (load := load_average()) >= limit and time.monotonic() < deadline:
        time.sleep(10)
    return load


def run_model(name: str, max_tokens: int, threads: int, cold_cases: int) -> dict[str, object]:
    path = model_path(name, REPO / "data")
    llm = LlamaCppProvider(path, model=name, n_ctx=4096, n_threads=threads)
    started = time.perf_counter()
    llm.warm_up()
    load_s = time.perf_counter() - started
    rss_loaded, _ = rss_mb()

    cold = []
    for case in CASES[:cold_cases]:
        llm._load().reset()  # nothing cached: the whole prompt is evaluated
        completion = llm.stream([*PREFIX, user_message(case)], temperature=0.1, max_tokens=1)
        "".join(completion)
        ttft = completion.usage.extra["ttft_s"]
        cold.append({"id": case.id, "prompt_tokens": completion.usage.prompt_tokens, "ttft_s": ttft})
        print(f"{name} cold {case.id}: {ttft:.2f} s (load {load_average():.1f})", file=sys.stderr)

    started = time.perf_counter()
    llm.warm_up(PREFIX)
    prefix_s = time.perf_counter() - started
    warm = []
    for case in CASES:
        completion = llm.stream([*PREFIX, user_message(case)], temperature=0.1, max_tokens=max_tokens)
        answer = "".join(completion)
        usage = completion.usage
        extra = usage.extra
        warm.append(
            {
                "id": case.id,
                "lang": case.lang,
                "prompt_tokens": usage.prompt_tokens,
                "cached_tokens": int(extra["cached_prompt_tokens"]),
                "ttft_s": extra["ttft_s"],
                "total_s": extra["total_s"],
                "answer_tokens": usage.completion_tokens,
                "tokens_per_s": extra.get("tokens_per_s", 0.0),
                "answer": answer,
                **check(case, answer),
            }
        )
        print(
            f"{name} warm {case.id}: {extra['ttft_s']:.2f} / {extra['total_s']:.2f} s "
            f"(load {load_average():.1f})",
            file=sys.stderr,
        )
    _, rss_peak = rss_mb()
    return {
        "model": name,
        "file": path.name,
        "size_mib": path.stat().st_size / 2**20,
        "threads": threads,
        "load_s": load_s,
        "prefix_cache_s": prefix_s,
        "rss_loaded_mb": rss_loaded,
        "rss_peak_mb": rss_peak,
        "cold": cold,
        "warm": warm,
        "load_avg_end": load_average(),
    }


def summarize(result: dict) -> dict[str, object]:
    warm, cold = result["warm"], result["cold"]
    p50 = statistics.median
    return {
        "model": result["model"],
        "prompt tok (p50)": p50(r["prompt_tokens"] for r in cold),
        "cached prefix tok": p50(r["cached_tokens"] for r in warm[1:]),
        "load s": round(result["load_s"], 2),
        "TTFT cold p50 s": round(p50(r["ttft_s"] for r in cold), 2),
        "TTFT warm p50 s": round(p50(r["ttft_s"] for r in warm[1:]), 2),
        "TTFT warm max s": round(max(r["ttft_s"] for r in warm[1:]), 2),
        "answer tok (p50)": p50(r["answer_tokens"] for r in warm),
        "total warm p50 s": round(p50(r["total_s"] for r in warm), 2),
        "total warm max s": round(max(r["total_s"] for r in warm), 2),
        "gen tok/s p50": round(p50(r["tokens_per_s"] for r in warm), 1),
        "RSS MB": round(result["rss_peak_mb"]),
        "load avg start/end": f"{result['load_avg_start']:.1f}/{result['load_avg_end']:.1f}",
        "cites ok": f"{sum(bool(r['cites_ok']) for r in warm)}/{len(warm)}",
        "lang ok": f"{sum(bool(r['lang_ok']) for r in warm)}/{len(warm)}",
        "invented numbers": sum(len(r["invented"]) for r in warm),
    }


def markdown_table(rows: list[dict[str, object]]) -> str:
    keys = list(rows[0])
    lines = ["| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)]
    lines += ["| " + " | ".join(str(row[k]) for k in keys) + " |" for row in rows]
    return "\n".join(lines)


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    mem = next(line.split()[1] for line in meminfo if line.startswith("MemTotal"))
    python = platform.python_version()
    return f"{cpu}, {os.cpu_count()} cores, {int(mem) / 2**20:.0f} GiB RAM, Python {python}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", default=sorted(PACKAGED_MODELS, reverse=True))
    parser.add_argument("--max-tokens", type=int, default=320)
    parser.add_argument("--cold-cases", type=int, default=len(CASES), help="questions for the cold pass")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--answers", action="store_true", help="print every answer")
    parser.add_argument("--json", type=Path, help="write all raw figures here")
    parser.add_argument(
        "--idle-below",
        type=float,
        default=0.5,
        help="wait until the 1-min load average is below this before each model",
    )
    parser.add_argument("--idle-timeout", type=float, default=900, help="seconds to wait for idle at most")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:  # one model per process, so RSS is that model's alone
        print(json.dumps(run_model(args.child, args.max_tokens, args.threads, args.cold_cases)))
        return

    results = []
    for name in args.models:
        load = wait_until_idle(args.idle_below, args.idle_timeout)
        cmd = [
            sys.executable,
            __file__,
            "--child",
            name,
            "--max-tokens",
            str(args.max_tokens),
            "--threads",
            str(args.threads),
            "--cold-cases",
            str(args.cold_cases),
        ]
        out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout
        results.append({**json.loads(out.strip().splitlines()[-1]), "load_avg_start": load})
    print(f"Machine: {machine()}\n")
    print(markdown_table([summarize(r) for r in results]))
    for result in results:
        print(f"\n### {result['model']} per question (warm)\n")
        rows = [
            {k: (round(v, 2) if isinstance(v, float) else v) for k, v in r.items() if k != "answer"}
            for r in result["warm"]
        ]
        print(markdown_table(rows))
        if args.answers:
            for r in result["warm"]:
                print(f"\n**{r['id']}** ({r['lang']}): {r['answer']}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        raw = {"machine": machine(), "results": results}
        args.json.write_text(json.dumps(raw, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
