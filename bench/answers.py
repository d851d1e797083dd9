"""Answer figures with the embedded local model: time to first token, total time, prompt tokens."""

from __future__ import annotations

import logging
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


def bench_answers(settings: Settings, cases: Sequence[Case], n: int) -> dict[str, Any]:
    """Ask cases through `ChatService.stream` with `settings.llm` (e.g. "local") until `n` reached the model.

    A case the chat answers without the model (a Förder-Check follow-up question, a fixed reply) is
    listed under "no_model" and not timed. Before the first question the model is loaded and the fixed
    prompt prefix cached, as the server does at start-up ("warm_up_s").
    """
    from navigator.services import Services

    service = Services(settings).chat()
    warm_started = time.perf_counter()
    service.warm_up()  # as the server does at start-up
    warm_up_s = time.perf_counter() - warm_started
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
            }
        )
        log.info("answered %s in %.1f s", case.id, answer.timings["total_s"])
    timed = rows
    ttft = [r["first_token_s"] for r in timed if r["first_token_s"] == r["first_token_s"]]
    total = [r["total_s"] for r in timed]

    def p50(key: str) -> float | None:
        values = [r[key] for r in timed if r[key] is not None]
        return round(statistics.median(values), 1) if values else None

    return {
        "provider": service.provider_name,
        "model": getattr(service.provider, "model", None),
        "questions": len(timed),
        "warm_up_s": round(warm_up_s, 2),
        "no_model": no_model,
        "ttft_p50_s": round(percentile(ttft, 50), 2),
        "ttft_p95_s": round(percentile(ttft, 95), 2),
        "total_p50_s": round(percentile(total, 50), 2),
        "total_p95_s": round(percentile(total, 95), 2),
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
        "target_total_s": 10.0,
        "rows": rows,
    }
