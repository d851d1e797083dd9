"""The review queue as a terminal table, an HTML page a maintainer can open, or JSON."""

from __future__ import annotations

import datetime as dt
import html
import json
import shutil
import textwrap
from collections.abc import Sequence
from pathlib import Path

from navigator.knowledge.links import load_cache
from navigator.knowledge.loader import load_entries
from navigator.knowledge.provenance import old_values
from navigator.knowledge.review import BrokenLink, ReviewItem, build_queue
from navigator.text import german_date


def queue_from_files(
    knowledge_dir: Path, facts_dir: Path, data_dir: Path, today: dt.date
) -> list[ReviewItem]:
    """Build the queue from the knowledge files, the facts and the last link check in `data_dir`."""
    entries = {item.entry.id: item.entry for item in load_entries(knowledge_dir)}
    old = old_values(entries.values(), facts_dir, knowledge_dir) if facts_dir.is_dir() else []
    broken = [
        BrokenLink(r.url, tuple(r.entries), r.problem) for r in load_cache(data_dir).values() if not r.ok
    ]
    return build_queue(entries, today, old, broken)


def render_text(items: Sequence[ReviewItem], today: dt.date, width: int | None = None) -> str:
    """A plain table: rank, reason, entry, due date, detail (wrapped to the terminal)."""
    width = width or shutil.get_terminal_size((120, 40)).columns
    lines = [f"Prüfliste der Wissensbasis (Stand {german_date(today)}): {len(items)} Punkte", ""]
    head = f"{'#':>3}  {'Grund':<30}  {'Eintrag':<44}  {'fällig':<10}  Detail"
    lines += [head, "-" * min(width, len(head) + 40)]
    indent = 3 + 2 + 30 + 2 + 44 + 2 + 10 + 2
    for n, item in enumerate(items, 1):
        due = german_date(item.due) or ""
        ident = item.entry_id or item.title
        detail = textwrap.wrap(item.detail, max(30, width - indent)) or [""]
        lines.append(f"{n:>3}  {item.label:<30.30}  {ident:<44.44}  {due:<10}  {detail[0]}")
        lines += [" " * indent + rest for rest in detail[1:]]
    return "\n".join(lines) + "\n"


def render_json(items: Sequence[ReviewItem], today: dt.date) -> str:
    return json.dumps(
        {"today": today.isoformat(), "items": [i.as_dict() for i in items]}, ensure_ascii=False, indent=2
    )


def render_html(items: Sequence[ReviewItem], today: dt.date) -> str:
    """A self-contained page (no script, inline-free markup) with one table row per item."""
    rows = []
    for n, item in enumerate(items, 1):
        entry = (
            f'<a href="/angebote/{html.escape(item.entry_id)}">{html.escape(item.title)}</a>'
            f" <code>{html.escape(item.entry_id)}</code>"
            if item.entry_id
            else html.escape(item.title)
        )
        due = german_date(item.due) or ""
        rows.append(
            f'<tr class="rank-{item.rank}"><td>{n}</td><td>{html.escape(item.label)}</td>'
            f"<td>{entry}</td><td>{due}</td><td>{html.escape(item.detail)}</td></tr>"
        )
    return (
        '<!doctype html>\n<html lang="de"><head><meta charset="utf-8">'
        f"<title>Prüfliste {german_date(today)}</title></head><body>"
        f"<h1>Prüfliste der Wissensbasis</h1><p>Stand {german_date(today)}: {len(items)} Punkte, "
        "die dringendsten zuerst.</p>"
        "<table><thead><tr><th>#</th><th>Grund</th><th>Eintrag</th><th>fällig</th><th>Detail</th></tr>"
        f"</thead><tbody>{''.join(rows)}</tbody></table></body></html>\n"
    )
