"""Answer figures with the embedded local model: time to first token, total time, prompt tokens."""

from __future__ import annotations

import logging
import os
import statistics
import time
from collections.abc import Sequence
from typing import Any

from bench.stats import percentile
from navigator.evals.cases import Case
from navigator.settings import Settings

log = logging.getLogger(__name__)


def pick_cases(cases: Sequence[Case], n: int) -> list[Case]:
    """`n` in-scope single-turn cases spread evenly over the eval sets (so several languages appear)."""
    usable = [c for c in cases if c.expect.sources_any and not c.history and not c.expect.injection]
    if len(usable) <= n:
        return list(usable)
    step = len(usable) / n
    return [usable[int(i * step)] for i in range(n)]


def eval_cases(settings: Settings) -> list[Case]:
    from navigator.evals.cases import load_sets, set_files
    from navigator.evals.config import EvalConfig
    from navigator.knowledge import load_entries

    config = EvalConfig.load(settings.evals_dir / "config.yaml")
    entries = {item.entry.id: item.entry for item in load_entries(settings.knowledge_dir)}
    return load_sets(set_files(settings.evals_dir, config.sets), entries, config.today)


def _generate_stage(service: Any) -> Any:
    return next(s for s in service.stages if s.name == "generate")


def _rss_mib() -> float:
    from bench.machine import rss_mib

    return rss_mib(os.getpid())["rss_mib"]


def prepare_catalogue(settings: Settings) -> dict[str, Any]:
    """Build (or load) the catalogue prefix state, then time a fresh start that loads the saved state.

    Two services one after the other, never two models at once: the first prepares the state under
    `data_dir/kv` (minutes on 2 cores if it is new), the second measures "ready": service, model,
    saved state, as a restarted server does before its first catalogue answer.
    """
    import gc

    from navigator.services import Services

    started = time.perf_counter()
    service = Services(settings).chat()
    cache = getattr(_generate_stage(service), "prefix_cache", None)
    if cache is None:
        return {"skipped": "no catalogue prefix cache (llm_catalogue off, or not the local model)"}
    ready = cache.warm_up(wait=True)
    prepare_s = time.perf_counter() - started
    build_s = cache.last_build_s
    del service, cache
    gc.collect()
    started = time.perf_counter()
    service = Services(settings).chat()
    cache = _generate_stage(service).prefix_cache
    again = cache.warm_up(wait=True)
    ready_s = time.perf_counter() - started
    path = cache.path(cache.current) if cache.current else None
    prefix = cache.ready(service.retriever.snapshot())
    provider: Any = service.provider
    tokens = len(provider.prefix_tokens(list(prefix.messages))) if prefix else None
    return {
        "ready": ready and again,
        "prefix_tokens": tokens,
        "build_s": round(build_s, 1) if build_s is not None else None,
        "prepare_s": round(prepare_s, 1),
        "ready_s": round(ready_s, 2),
        "state_mib": round(path.stat().st_size / 2**20, 1) if path else None,
        "kv_cache": settings.llm_kv_cache,
        "n_ctx": settings.llm_context,
        "service": service,
    }


def bench_answers(settings: Settings, cases: Sequence[Case], n: int) -> dict[str, Any]:
    """The same questions with the cached catalogue and with the per-question prompt, in one run.

    One loaded model answers both blocks (the per-question block first); each block notes its load
    average, and the RSS after the last answer is the process's.
    """
    prep = prepare_catalogue(settings)
    service = prep.pop("service", None)
    if service is None:
        from navigator.services import Services

        service = Services(settings).chat()
    stage = _generate_stage(service)
    cache = getattr(stage, "prefix_cache", None)
    if cache is not None:
        stage.prefix_cache = None
    per_question = ask_cases(service, cases, n)
    if cache is not None:
        stage.prefix_cache = cache
    catalogue = ask_cases(service, cases, n) if cache is not None else None
    out: dict[str, Any] = {
        "provider": service.provider_name,
        "model": getattr(service.provider, "model", None),
        "prefix": prep,
        "per_question": per_question,
        "catalogue": catalogue,
        "rss_after_answers_mib": _rss_mib(),
    }
    if catalogue and catalogue["ttft_p50_s"]:
        out["ttft_speedup"] = round(per_question["ttft_p50_s"] / catalogue["ttft_p50_s"], 1)
    return out


def ask_cases(service: Any, cases: Sequence[Case], n: int) -> dict[str, Any]:
    """Ask cases through `ChatService.stream` until `n` reached the model; timings and token counts.

    A case the chat answers without the model (a Förder-Check follow-up question, a fixed reply) is
    listed under "no_model" and not timed. The service is warmed up first, as the server does.
    """
    warm_started = time.perf_counter()
    service.warm_up()  # as the server does at start-up
    warm_up_s = time.perf_counter() - warm_started
    load = [round(x, 2) for x in os.getloadavg()]
    rows: list[dict[str, Any]] = []
    no_model: list[str] = []
    for case in cases:
        if len(rows) >= n:
            break
        answer = None
        for kind, payload in service.stream(case.question, ui_language=case.language):
            if kind == "done":
                answer = payload
        assert answer is not None
        if "first_token_s" not in answer.timings and answer.fallback is None:
            no_model.append(case.id)
            continue
        prompt = int(answer.usage.get("prompt_tokens", 0))
        cached = int(answer.usage.get("cached_prompt_tokens", 0))
        model_ttft = answer.timings.get("model_ttft_s")
        rows.append(
            {
                "id": case.id,
                "language": case.language,
                "catalogue": bool(answer.usage.get("catalogue_prefix")),
                "first_token_s": round(answer.timings.get("first_token_s", float("nan")), 3),
                "total_s": round(answer.timings["total_s"], 3),
                "prompt_tokens": prompt,
                "cached_prompt_tokens": cached,
                "prompt_eval_tok_s": round((prompt - cached) / model_ttft, 1) if model_ttft else None,
                "completion_tokens": answer.usage.get("completion_tokens", 0),
                "generate_tok_s": round(answer.timings["tokens_per_s"], 1)
                if "tokens_per_s" in answer.timings
                else None,
                "fallback": answer.fallback,
                "text": answer.text[:300],
            }
        )
        log.info("answered %s in %.1f s", case.id, answer.timings["total_s"])
    return summarise(rows, no_model, warm_up_s, load)


def summarise(
    rows: list[dict[str, Any]], no_model: list[str], warm_up_s: float, load: list[float]
) -> dict[str, Any]:
    timed = rows
    ttft = [r["first_token_s"] for r in timed if r["first_token_s"] == r["first_token_s"]]
    total = [r["total_s"] for r in timed]

    def p50(key: str) -> float | None:
        values = [r[key] for r in timed if r[key] is not None]
        return round(statistics.median(values), 1) if values else None

    return {
        "questions": len(timed),
        "load_average": load,
        "warm_up_s": round(warm_up_s, 2),
        "no_model": no_model,
        "ttft_p50_s": round(percentile(ttft, 50), 2) if ttft else None,
        "ttft_p95_s": round(percentile(ttft, 95), 2) if ttft else None,
        "total_p50_s": round(percentile(total, 50), 2) if total else None,
        "total_p95_s": round(percentile(total, 95), 2) if total else None,
        "total_max_s": round(max(total), 2) if total else None,
        "prompt_tokens_p50": p50("prompt_tokens"),
        "prompt_tokens_max": max((r["prompt_tokens"] for r in timed), default=None),
        "uncached_prompt_tokens_p50": round(
            statistics.median(r["prompt_tokens"] - r["cached_prompt_tokens"] for r in timed), 1
        )
        if timed
        else None,
        "prompt_eval_tok_s_p50": p50("prompt_eval_tok_s"),
        "generate_tok_s_p50": p50("generate_tok_s"),
        "completion_tokens_p50": p50("completion_tokens"),
        "fallbacks": sum(1 for r in timed if r["fallback"]),
        "target_ttft_p50_s": 1.5,
        "target_total_p50_s": 5.0,
        "rows": rows,
    }
