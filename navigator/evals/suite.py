"""`navigator eval`: load config and sets, build the services and ablation variants, run, write, check.

The CLI command is a thin wrapper around `run_suite()`.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from navigator.errors import ConfigError, NavigatorError
from navigator.evals import baseline, report
from navigator.evals.cases import SPLITS, Case, load_split_sets, split_files
from navigator.evals.config import AblationConfig, EvalConfig
from navigator.evals.judge import Judge
from navigator.evals.plain import PlainChroma
from navigator.evals.results import Variant
from navigator.evals.runner import Runner
from navigator.knowledge import Entry, load_entries
from navigator.retrieval.embeddings import Embedder
from navigator.retrieval.hybrid import HybridRetriever
from navigator.settings import REPO_ROOT, Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SuiteOptions:
    sets: Sequence[str] = ()
    split: str = "all"  # dev, test or all
    provider: str | None = None  # chat provider id; default: settings.llm
    retrieval_only: bool = False
    ablation: bool = True
    judge: str | None = None  # judge provider id; default: settings.eval_judge
    report: Path | None = None
    json_path: Path | None = None
    check: bool = False
    update_baseline: bool = False
    progress: bool = False
    # Builds an index for the ablation's other embedders (the CLI passes `ingest.run`); without it
    # only the configured embedder's index is evaluated.
    build_index: Callable[[Settings, Embedder], object] | None = None


@dataclass(slots=True)
class SuiteOutcome:
    doc: dict[str, Any]
    regressions: list[baseline.Regression] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return report.summary(self.doc)


def run_suite(settings: Settings, options: SuiteOptions) -> SuiteOutcome:
    """Run the eval sets and write what `options` asks for; see `navigator eval --help`."""
    from navigator.services import Services

    if options.update_baseline and options.sets:
        raise ConfigError("update the baseline from a run over all sets (no SET arguments)")
    started = time.perf_counter()
    folder = settings.evals_dir
    config = EvalConfig.load(folder / "config.yaml")
    settings = eval_settings(settings, config, options)
    entries = {item.entry.id: item.entry for item in load_entries(settings.knowledge_dir)}
    files = split_files(folder, config.sets, options.sets, splits_of(options.split))
    cases = load_split_sets(files, entries, config.today, root=REPO_ROOT)
    service = Services(settings).chat()
    _warn_if_stale(service.retriever, entries)
    if not options.retrieval_only:
        service.warm_up()  # as the server does at start-up: the model loaded, its fixed prefix cached
    with ExitStack() as stack:
        variants: list[Variant | PlainChroma] = []
        if options.ablation:
            variants += variants_for(settings, service.retriever, config.ablation, stack, options.build_index)
            variants.append(PlainChroma(service.retriever))
        runner = Runner(
            service,
            variants=variants,
            retrieval_only=options.retrieval_only,
            judge=_judge(settings, options, service.prompts),
            system_prompt=service.prompts.render("system"),
            known_urls=known_urls(entries.values()),
            progress=options.progress,
            main_variant=f"{settings.embedder}/hybrid",
            clarify_reply=config.clarify_reply,
        )
        result = runner.run(cases)
    meta = _meta(settings, cases, len(entries), result.provider, time.perf_counter() - started)
    stored = baseline.load(folder / "baseline.json")
    notes = {split: None if paths else _empty_note(split, folder) for split, paths in files.items()}
    doc = report.document(result, meta, notes, baseline.provider_tables(stored))
    if options.json_path:
        report.write_json(doc, options.json_path)
    if options.report:
        report.write_html(doc, options.report, folder / "templates")
    outcome = SuiteOutcome(doc)
    if options.check:
        outcome.regressions = baseline.compare(doc, stored, config.check)
    if options.update_baseline:
        baseline.update(folder / "baseline.json", doc)
    return outcome


def splits_of(split: str) -> tuple[str, ...]:
    """The splits an option value names: "dev", "test" or "all"."""
    if split == "all":
        return SPLITS
    if split not in SPLITS:
        raise ConfigError(f"unknown split {split!r}; use dev, test or all")
    return (split,)


def _empty_note(split: str, folder: Path) -> str:
    if split == "test":
        return f"no case files in {folder / 'test'} yet: the test split is skipped"
    return "no case files selected: the dev split is skipped"


def eval_settings(settings: Settings, config: EvalConfig, options: SuiteOptions) -> Settings:
    """The settings of the run: the pinned date and timeout, the chosen provider."""
    update: dict[str, Any] = {"today": config.today}
    if config.llm_timeout_s:
        update["llm_timeout_s"] = config.llm_timeout_s
    if options.retrieval_only:
        update["llm"] = "extractive"  # never load a model for retrieval metrics
    elif options.provider:
        update["llm"] = options.provider
    return settings.model_copy(update=update)


def variants_for(
    settings: Settings,
    main: HybridRetriever,
    ablation: AblationConfig,
    stack: ExitStack,
    build_index: Callable[[Settings, Embedder], object] | None = None,
) -> list[Variant]:
    """One variant per embedder x method set; other embedders get a fresh index in a temp dir."""
    from navigator.retrieval.embeddings import create_embedder
    from navigator.services import build_retriever

    variants = []
    for name in ablation.embedders:
        if name == settings.embedder:
            retriever = main
        elif build_index is None:
            log.warning("ablation: embedder %s skipped: no index builder given", name)
            continue
        else:
            try:
                embedder = create_embedder(name)
                data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix=f"eval-{name}-")))
                other = settings.model_copy(
                    update={"embedder": name, "data_dir": data_dir, "chroma_url": None}
                )
                log.info("ablation: building a %s index in %s", name, data_dir)
                build_index(other, embedder)
                retriever = build_retriever(other, embedder)
            except (NavigatorError, ImportError, OSError) as exc:
                log.warning("ablation: embedder %s skipped: %s", name, exc)
                continue
        variants += [Variant(f"{name}/{m}", retriever, methods) for m, methods in ablation.methods.items()]
    return variants


def known_urls(entries: Sequence[Entry] | Any) -> set[str]:
    """Every address the knowledge base vouches for: entry URLs and source URLs."""
    return {str(e.url) for e in entries} | {str(u) for e in entries for u in e.sources}


def _judge(settings: Settings, options: SuiteOptions, prompts: Any) -> Judge | None:
    judge_id = options.judge or settings.eval_judge
    if not judge_id or options.retrieval_only:
        return None
    from navigator.llm.registry import get_provider

    provider = get_provider(settings.model_copy(update={"llm": judge_id}))
    if provider is None:
        raise ConfigError(f"judge {judge_id!r} is not a model: give an LLM id such as 'openai' or 'local'")
    return Judge(provider, prompts)


def _warn_if_stale(retriever: HybridRetriever, entries: dict[str, Entry]) -> None:
    indexed = set(retriever.catalogue().entries)
    missing, extra = set(entries) - indexed, indexed - set(entries)
    if missing or extra:
        log.warning(
            "the index differs from knowledge/ (%d entries not indexed, %d removed): run `navigator ingest`",
            len(missing),
            len(extra),
        )


def _meta(
    settings: Settings, cases: Sequence[Case], entries: int, provider: str | None, duration: float
) -> dict[str, Any]:
    return {
        "started": dt.datetime.now().isoformat(timespec="seconds"),
        "duration_s": round(duration, 1),
        "today": settings.current_date().isoformat(),
        "sets": sorted({c.set for c in cases}),
        "splits": sorted({c.split for c in cases}),
        "cases": len(cases),
        "knowledge_entries": entries,
        "embedder": settings.embedder,
        "provider": provider,
        "llm": settings.llm if provider else None,
    }
