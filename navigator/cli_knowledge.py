"""`navigator knowledge …`: coverage report, review queue (and confirming reviews), link check."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from navigator.cli_common import fail as _fail
from navigator.cli_common import settings as _settings
from navigator.errors import NavigatorError

knowledge_app = typer.Typer(help="Knowledge base tools.", no_args_is_help=True)


@knowledge_app.command("report")
def knowledge_report(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write Markdown here.")] = None,
) -> None:
    """Print the coverage report: audience x topic x region, stale reviews, ended programmes, gaps."""
    from navigator.coverage import render_report
    from navigator.knowledge import load_entries
    from navigator.knowledge.provenance import unsourced_values

    settings = _settings()
    try:
        entries = [item.entry for item in load_entries(settings.knowledge_dir)]
    except NavigatorError as exc:
        raise _fail(exc) from exc
    unsourced = unsourced_values(entries, settings.facts_dir, settings.knowledge_dir)
    text = render_report(entries, settings.current_date(), unsourced)
    if output:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {output}")
    else:
        sys.stdout.write(text)


@knowledge_app.command("review")
def knowledge_review(
    fmt: Annotated[str, typer.Option("--format", help="text, html or json.")] = "text",
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here (html default: data/).")
    ] = None,
    confirm: Annotated[
        list[str] | None, typer.Option("--confirm", help="Mark entry ids as reviewed today.")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="review_note for --confirm.")] = None,
) -> None:
    """The review queue, most urgent first; or, with --confirm ID, record that a person reviewed an entry."""
    from navigator.knowledge import load_entries
    from navigator.knowledge import review_render as render
    from navigator.knowledge.reviews import confirm as confirm_entries

    settings = _settings()
    today = settings.current_date()
    try:
        if confirm:
            loaded = {item.entry.id: item for item in load_entries(settings.knowledge_dir)}
            unknown = [i for i in confirm if i not in loaded]
            if unknown:
                raise _fail(ValueError(f"unknown entry id(s): {', '.join(unknown)}"))
            done = confirm_entries([loaded[i] for i in confirm], settings.knowledge_dir, today, note)
            typer.echo(f"confirmed {len(done)} entries as reviewed on {today.isoformat()}: {', '.join(done)}")
            return
        items = render.queue_from_files(settings.knowledge_dir, settings.facts_dir, settings.data_dir, today)
    except NavigatorError as exc:
        raise _fail(exc) from exc
    fmt = "json" if as_json else fmt
    if fmt not in ("text", "html", "json"):
        raise _fail(ValueError(f"unknown format {fmt!r}; use text, html or json"))
    text = {"text": render.render_text, "html": render.render_html, "json": render.render_json}[fmt](
        items, today
    )
    if fmt == "html" and output is None:
        output = settings.data_dir / "review.html"
    if output:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {output} ({len(items)} items)")
    else:
        sys.stdout.write(text)


@knowledge_app.command("check-links")
def knowledge_check_links(
    force: Annotated[bool, typer.Option(help="Check every link, even ones checked within a day.")] = False,
    timeout: Annotated[float | None, typer.Option(help="Seconds per request (default: settings).")] = None,
) -> None:
    """Check every link of the knowledge base (HEAD, then GET), politely per host; cache in data/."""
    from navigator.knowledge import load_entries
    from navigator.knowledge.links import CACHE_FILE, CheckOptions, entry_urls, run_check

    settings = _settings()
    try:
        entries = [item.entry for item in load_entries(settings.knowledge_dir)]
    except NavigatorError as exc:
        raise _fail(exc) from exc
    options = CheckOptions(
        timeout_s=timeout or settings.link_check_timeout_s,
        concurrency=settings.link_check_concurrency,
        host_delay_s=settings.link_check_host_delay_s,
    )
    results = run_check(entry_urls(entries), settings.data_dir, options, force=force)
    failed = [r for r in results if not r.ok]
    moved = [r for r in results if r.ok and r.redirects]
    for r in failed:
        typer.echo(f"BROKEN {r.url}: {r.problem} ({', '.join(r.entries)})")
    for r in moved:
        typer.echo(f"MOVED  {r.url} -> {r.final_url} ({', '.join(r.entries)})")
    typer.echo(
        f"{len(results)} links: {len(failed)} broken, {len(moved)} redirected; "
        f"see {settings.data_dir / CACHE_FILE}"
    )
