"""What is new ("Was ist neu", `/neu`): offers that started, changed or ended recently, and what ends soon.

Built only from the entries' own dates (`valid_from`, `valid_until`) and dated `changes`, so the page
needs no separate editing: a maintainer who records a change in an entry publishes it here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from navigator.knowledge.model import ENDING_SOON_DAYS, Entry
from navigator.text import german_date, relative_days

WINDOW_DAYS = 90
# Order within one day: what ended first (it matters most), then what changed, then what started.
_ORDER = {"ending": 0, "ended": 1, "changed": 2, "started": 3}


@dataclass(frozen=True, slots=True)
class NewsItem:
    kind: str  # ending | ended | changed | started
    day: dt.date
    entry: Entry
    text: str  # German, e.g. "endete am 31.12.2026 (vor 3 Tagen)"


def whats_new(entries: Iterable[Entry], today: dt.date, days: int = WINDOW_DAYS) -> list[NewsItem]:
    """Items of the last `days` days, newest first, after the offers ending soon, soonest first."""
    since = today - dt.timedelta(days=days)
    items: list[NewsItem] = []
    for e in entries:
        for change in e.changes:
            if since <= change.date <= today:
                rel = relative_days((change.date - today).days)
                items.append(
                    NewsItem("changed", change.date, e, f"{german_date(change.date)} ({rel}): {change.text}")
                )
        if e.kind == "event":
            continue  # events have their own dates on the cards; this page is about offers
        if e.valid_from is not None and since <= e.valid_from <= today:
            rel = relative_days((e.valid_from - today).days)
            items.append(
                NewsItem("started", e.valid_from, e, f"gestartet am {german_date(e.valid_from)} ({rel})")
            )
        end = e.valid_until
        if end is not None and since <= end < today:
            rel = relative_days((end - today).days)
            items.append(NewsItem("ended", end, e, f"endete am {german_date(end)} ({rel})"))
        elif end is not None and today <= end <= today + dt.timedelta(days=ENDING_SOON_DAYS):
            rel = relative_days((end - today).days)
            items.append(NewsItem("ending", end, e, f"endet am {german_date(end)} ({rel})"))
    ending = sorted((i for i in items if i.kind == "ending"), key=lambda i: (i.day, i.entry.id))
    recent = sorted(
        (i for i in items if i.kind != "ending"),
        key=lambda i: (-i.day.toordinal(), _ORDER[i.kind], i.entry.id),
    )
    return ending + recent
