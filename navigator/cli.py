"""The `navigator` command: a thin layer over the same services the API uses."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from navigator.cli_common import fail as _fail
from navigator.cli_common import settings as _settings
from navigator.cli_knowledge import knowledge_app
from navigator.errors import NavigatorError

app = typer.Typer(help="Digitalnavigator Märkische Region", no_args_is_help=True, add_completion=False)
app.add_typer(knowledge_app, name="knowledge")
feedback_app = typer.Typer(help="Answer feedback from the web page.", no_args_is_help=True)
app.add_typer(feedback_app, name="feedback")


@app.command()
def validate(
    folder: Annotated[Path | None, typer.Argument(help="Knowledge folder (default: settings).")] = None,
) -> None:
    """Validate every knowledge file and list all problems with file, line and field."""
    from navigator.knowledge import load_entries
    from navigator.translation_check import check_translations

    settings = _settings()
    root = folder or settings.knowledge_dir
    try:
        entries = load_entries(root)
    except NavigatorError as exc:
        raise _fail(exc) from exc
    typer.echo(f"{len(entries)} entries valid.")
    report = check_translations(root, [item.entry for item in entries], settings.current_date())
    for problem in report.warnings:
        typer.echo(f"warning: {problem}")
    for problem in report.errors:
        typer.echo(f"error: {problem}", err=True)
    if report.errors:
        raise typer.Exit(1)
    typer.echo(f"translations: {len(report.warnings)} warning(s).")


@feedback_app.command("export")
def feedback_export(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write CSV here.")] = None,
) -> None:
    """Write every stored rating (with question, answer and comment) as CSV."""
    from navigator.feedback import FILE_NAME, FeedbackStore

    store = FeedbackStore(_settings().data_dir / FILE_NAME)
    if output is None:
        store.export_csv(sys.stdout)
        return
    with output.open("w", encoding="utf-8", newline="") as out:
        count = store.export_csv(out)
    typer.echo(f"wrote {count} ratings to {output}")


@app.command()
def ingest(
    rebuild: Annotated[bool, typer.Option(help="Re-embed everything into a fresh collection.")] = False,
) -> None:
    """Validate knowledge/, embed what changed and swap it into the live index."""
    from ingest import run

    settings = _settings()
    try:
        summary = run(settings, rebuild=rebuild, progress=True)
    except NavigatorError as exc:
        raise _fail(exc) from exc
    typer.echo(summary.line())


@app.command()
def search(
    query: str,
    audience: Annotated[str | None, typer.Option()] = None,
    region: Annotated[str | None, typer.Option()] = None,
    topic: Annotated[str | None, typer.Option()] = None,
    kind: Annotated[str | None, typer.Option()] = None,
    k: Annotated[int, typer.Option("-k")] = 5,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Print the ranked entries for a query (no LLM)."""
    from navigator.retrieval.filters import Filters
    from navigator.services import Services

    settings = _settings()
    try:
        filters = Filters.parse(audience=audience, region=region, topic=topic, kind=kind)
        hits = Services(settings).retriever().retrieve(query, k=k, filters=filters)
    except NavigatorError as exc:
        raise _fail(exc) from exc
    if as_json:
        typer.echo(json.dumps([h.as_dict() for h in hits], ensure_ascii=False, indent=2))
        return
    for i, hit in enumerate(hits, 1):
        typer.echo(f"{i}. [{hit.kind}] {hit.title} ({hit.organisation})  score={hit.score:.4f}  id={hit.id}")


@app.command()
def ask(
    question: str,
    llm: Annotated[str | None, typer.Option("--llm", "--provider", help="Chat provider id.")] = None,
    audience: Annotated[str | None, typer.Option()] = None,
    region: Annotated[str | None, typer.Option()] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Answer a question with numbered sources."""
    from navigator.retrieval.filters import Filters
    from navigator.services import Services

    settings = _settings()
    if llm:
        settings = settings.model_copy(update={"llm": llm})
    try:
        service = Services(settings).chat()
        answer = service.answer(question, filters=Filters.parse(audience=audience, region=region))
    except NavigatorError as exc:
        raise _fail(exc) from exc
    if as_json:
        typer.echo(json.dumps(answer.as_dict(), ensure_ascii=False, indent=2))
        return
    typer.echo(answer.text)
    typer.echo("")
    for src in answer.sources:
        typer.echo(f"[{src.n}] {src.title} ({src.organisation}) {src.url}")


@app.command("eval")
def eval_(
    sets: Annotated[
        list[str] | None, typer.Argument(help="Eval sets (evals/*.yaml stems); default all.")
    ] = None,
    provider: Annotated[str | None, typer.Option("--provider", "--llm", help="Chat provider id.")] = None,
    report: Annotated[Path | None, typer.Option(help="Write the HTML report here.")] = None,
    json_path: Annotated[Path | None, typer.Option("--json", help="Write the JSON results here.")] = None,
    check: Annotated[bool, typer.Option(help="Exit 1 if a metric fell below the baseline.")] = False,
    retrieval_only: Annotated[bool, typer.Option(help="Retrieval metrics only (fast, no LLM).")] = False,
    update_baseline: Annotated[bool, typer.Option(help="Store this run in evals/baseline.json.")] = False,
    ablation: Annotated[bool, typer.Option(help="Also run dense/BM25/hybrid per embedder.")] = True,
    judge: Annotated[str | None, typer.Option(help="LLM id of a judge (default: eval_judge).")] = None,
    split: Annotated[
        str, typer.Option(help="dev (evals/*.yaml), test (evals/test/*.yaml) or all, side by side.")
    ] = "all",
) -> None:
    """Evaluate retrieval and answers on the eval sets; compare with or update the baseline."""
    import ingest
    from navigator.evals.suite import SuiteOptions, run_suite

    options = SuiteOptions(
        # Only the command line builds indexes: the ablation's other embedders get theirs from here.
        build_index=lambda settings, embedder: ingest.run(settings, embedder=embedder),
        sets=tuple(sets or ()),
        split=split,
        provider=provider,
        retrieval_only=retrieval_only,
        ablation=ablation,
        judge=judge,
        report=report,
        json_path=json_path,
        check=check,
        update_baseline=update_baseline,
        progress=True,
    )
    try:
        outcome = run_suite(_settings(), options)
    except NavigatorError as exc:
        raise _fail(exc) from exc
    typer.echo(outcome.summary)
    for regression in outcome.regressions:
        typer.echo(f"REGRESSION {regression}", err=True)
    if outcome.regressions:
        raise typer.Exit(1)


@app.command("check")
def check_profile(
    profile: Annotated[Path, typer.Option("--profile", help="YAML file of profile fields.", exists=True)],
    lang: Annotated[str, typer.Option("--lang", help="Language of the texts.")] = "de",
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Run the Förder-Check for a profile: which programmes fit, why, and the next question.

    It reads the live index, as the chat and the web page do (run `navigator ingest` after editing).
    """
    from navigator.foerdercheck.text import read_profile, render_text
    from navigator.services import Services

    settings = _settings()
    try:
        known, options = read_profile(profile)
        checker = Services(settings).checker()
        report = checker.check(known, lang=lang, **options)
    except NavigatorError as exc:
        raise _fail(exc) from exc
    if as_json:
        typer.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        return
    sys.stdout.write(render_text(report))


@app.command()
def serve(
    host: Annotated[str | None, typer.Option()] = None,
    port: Annotated[int | None, typer.Option()] = None,
    workers: Annotated[int, typer.Option(help="Worker processes (stateless; share one Chroma).")] = 1,
) -> None:
    """Serve the web page and API."""
    import uvicorn

    settings = _settings()
    uvicorn.run(
        "navigator.api.app:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers,
        log_config=None,
        proxy_headers=True,
    )
