"""Cached catalogue vs per-question prompt: answer quality, speed and language, on dev eval cases.

    nice .venv/bin/python -m bench.catalogue_prompt --questions 12 --languages 3

Builds (or loads) the catalogue prefix state under `data/kv`, then asks the same single-turn dev
cases (`evals/*.yaml`, never `evals/test/`) once with the per-question prompt and once with the
cached catalogue, scored by the eval runner's metrics, and the multilingual cases (up to
`--languages` per language) with the cached catalogue to measure how often the local model keeps
the asker's language. Writes `bench/catalogue_prompt.json`; the discussion is in
`bench/catalogue_prompt.md`.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench.answers import eval_cases, pick_cases
from bench.machine import cpu_label, describe
from navigator.evals.cases import Case
from navigator.evals.config import EvalConfig
from navigator.settings import Settings

log = logging.getLogger("bench.catalogue_prompt")
HERE = Path(__file__).resolve().parent
METRICS = ("expected_source_cited", "citation_validity", "ended_marked", "language_match", "fallback_rate")


def settings_for_bench() -> Settings:
    base = Settings()
    config = EvalConfig.load(base.evals_dir / "config.yaml")
    return base.model_copy(
        update={
            "llm": "local",
            "allow_real_llm": True,
            "llm_timeout_s": 300.0,
            "today": config.today,
            # The cached catalogue is opt-in; this comparison is about it.
            "llm_catalogue": True,
            "llm_context": max(base.llm_context, 6144),
        }
    )


def run_block(runner: Any, cases: list[Case], label: str) -> dict[str, Any]:
    """Score `cases` with the eval runner; per case the metrics, the answer and its timings."""
    load = [round(x, 2) for x in os.getloadavg()]
    started = time.perf_counter()
    rows = []
    for case in cases:
        result = runner.run_case(case)
        answer = result.answer or {}
        rows.append(
            {
                "id": case.id,
                "language": case.language,
                "metrics": {k: result.metrics.get(k) for k in METRICS},
                "fallback": answer.get("fallback"),
                "first_token_s": answer.get("first_token_s"),
                "latency_s": answer.get("latency_s"),
                "completion_tokens": answer.get("completion_tokens"),
                "text": (answer.get("text") or "")[:400],
            }
        )
        log.info(
            "%s %s: %.1f s, fallback %s", label, case.id, answer.get("latency_s", 0), answer.get("fallback")
        )
    return {"load_average": load, "seconds": round(time.perf_counter() - started, 1), "rows": rows}


def summary(block: dict[str, Any]) -> dict[str, Any]:
    rows = block["rows"]
    out: dict[str, Any] = {"cases": len(rows), "load_average": block["load_average"]}
    for key in METRICS:
        values = [r["metrics"][key] for r in rows if r["metrics"][key] is not None]
        out[key] = round(statistics.mean(values), 3) if values else None
    for key in ("first_token_s", "latency_s", "completion_tokens"):
        values = [r[key] for r in rows if r[key] is not None]
        out[f"{key}_p50"] = round(statistics.median(values), 2) if values else None
    return out


def language_rates(block: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Per language: of the answers the model wrote, how many verification kept for their language."""
    by_lang: dict[str, list[str | None]] = defaultdict(list)
    for r in block["rows"]:
        by_lang[r["language"]].append(r["fallback"])
    out = {}
    for lang, fallbacks in sorted(by_lang.items()):
        wrote = [f for f in fallbacks if f not in ("provider_error", "provider_unavailable")]
        kept = [f for f in wrote if f != "wrong_language"]
        out[lang] = {
            "asked": len(fallbacks),
            "model_answers": len(wrote),
            "in_language": len(kept),
            "rate": round(len(kept) / len(wrote), 2) if wrote else None,
            "other_fallbacks": [f for f in kept if f],
        }
    return out


def build_state_from_files(settings: Settings) -> None:
    """Build the catalogue prefix state straight from the knowledge files (no index needed)."""
    from types import SimpleNamespace
    from typing import cast

    from navigator.answer.catalogue import build_prefix
    from navigator.answer.prefix_cache import CataloguePrefixCache
    from navigator.knowledge import load_entries
    from navigator.llm.local import LlamaCppProvider
    from navigator.prompts import load_prompts
    from navigator.retrieval.catalogue import Snapshot

    entries = {item.entry.id: item.entry for item in load_entries(settings.knowledge_dir)}
    snapshot = cast(Snapshot, SimpleNamespace(entries=entries, today=settings.current_date()))
    prompts = load_prompts(settings.prompts_dir)
    prefix = build_prefix(snapshot, prompts)
    cache = CataloguePrefixCache(LlamaCppProvider.from_settings(settings), prompts, settings.data_dir / "kv")
    key = cache.key(prefix)
    if not cache.path(key).exists():
        cache._prepare(prefix, key)
    log.info("prefix state %s: built in %s s", key, cache.last_build_s)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    p = argparse.ArgumentParser(prog="python -m bench.catalogue_prompt", description=__doc__.splitlines()[0])
    p.add_argument("--questions", type=int, default=12, help="dev cases for quality")
    p.add_argument("--languages", type=int, default=3, help="multilingual cases per language")
    p.add_argument("--prepare-only", action="store_true", help="only build or load the catalogue state")
    p.add_argument("--json", type=Path, default=HERE / "catalogue_prompt.json")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    from bench.answers import prepare_catalogue

    settings = settings_for_bench()
    import ingest

    # The state needs only the knowledge files, the index only the embedder: both at once.
    builder = threading.Thread(target=build_state_from_files, args=(settings,), name="prefix-state")
    builder.start()
    ingest.run(settings)  # incremental: nothing to do when the index is current
    builder.join()
    prep = prepare_catalogue(settings)
    service = prep.pop("service")
    log.info("catalogue state: %s", prep)
    doc: dict[str, Any] = {"machine": describe(), "prefix": prep}
    doc["cpu"] = cpu_label(doc["machine"])
    if not args.prepare_only:
        doc.update(compare(service, settings, args, doc))
    save(args.json, doc)
    return doc


def save(path: Path, doc: dict[str, Any]) -> None:
    path.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def compare(
    service: Any, settings: Settings, args: argparse.Namespace, doc: dict[str, Any]
) -> dict[str, Any]:
    from navigator.evals.runner import Runner

    stage = next(s for s in service.stages if s.name == "generate")
    cache = stage.prefix_cache
    runner = Runner(service, system_prompt=service.prompts.render("system"))
    cases = [c for c in eval_cases(settings) if not c.expect.injection]
    quality = pick_cases([c for c in cases if c.language == "de"], args.questions)
    multilingual: defaultdict[str, list[Case]] = defaultdict(list)
    for c in cases:
        if c.language != "de" and not c.history and len(multilingual[c.language]) < args.languages:
            multilingual[c.language].append(c)
    service.warm_up()
    out: dict[str, Any] = {}
    # Slowest block last, and the file written after each block: a shared machine may cut the run short.
    out["catalogue"] = run_block(runner, quality, "catalogue")
    save(args.json, {**doc, **out})
    out["languages"] = run_block(runner, [c for v in multilingual.values() for c in v], "languages")
    out["language_rates"] = language_rates(out["languages"])
    save(args.json, {**doc, **out})
    stage.prefix_cache = None
    out["per_question"] = run_block(runner, quality, "per-question")
    stage.prefix_cache = cache
    out["summary"] = {k: summary(out[k]) for k in ("per_question", "catalogue")}
    return out


if __name__ == "__main__":
    main()
