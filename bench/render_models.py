"""Markdown for the model sections of `bench/results.md`: answers (local model) and the service."""

from __future__ import annotations

from typing import Any

from bench.report import table


def load_line(section: dict[str, Any], key: str = "load_average") -> str:
    """The load average a section recorded at its start, as a sentence (empty when not recorded)."""
    load = section.get(key)
    return f"load average (1/5/15 min) at start: {' / '.join(map(str, load))}" if load else ""


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


def _prefix_table(s: dict[str, Any], prefix: dict[str, Any]) -> str:
    return table(
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


def render_answers(s: dict[str, Any]) -> str:
    per, cat, prefix = s.get("per_question"), s.get("catalogue"), s.get("prefix") or {}
    modes = table(
        ("figure", "cached catalogue (lead paragraph)", "per-question prompt"),
        [(name, a, b) for name, a, b in zip(_MODE_FIGURES, _mode_rows(cat), _mode_rows(per), strict=True)],
    )
    state = _prefix_table(s, prefix)
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
        f"CPU: {s.get('cpu', 'not recorded')}. " + load_line(s) + "\n\n"
        "The same eval questions with the cached catalogue (a short lead paragraph after the catalogue "
        "prefix whose KV state is saved) and with the per-question prompt (rules, worked example and "
        "three sources), one loaded model, in one run; times from the start of `stream()` as "
        "`Answer.timings` reports them.\n\n" + modes + "\n\n" + state + "\n\n" + table(header, rows)
    )


def _service_facts(s: dict[str, Any]) -> list[tuple[str, str]]:
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
    return facts


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
    facts = _service_facts(s)
    return (
        "## Service (`navigator serve` on 127.0.0.1, extractive provider, rate limit off)\n\n"
        + load_line(s)
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
