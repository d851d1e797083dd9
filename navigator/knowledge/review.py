"""The review queue: what a maintainer should check next, most urgent first.

Order (the `rank` of each item):

1. offers ending within 90 days (`ENDING_SOON_DAYS`) or ended in the last 90, with their status
   sentence, then every current entry that points to one of them (successors, recommended, offices,
   eligibility alternatives, or its title in the body);
2. dated `changes` whose day has passed since the entry was last reviewed;
3. contacts backed only by an old or uncertain source, with that source's year;
4. entries past their review interval (`review_every` months; default 6, 3 for programmes with an end
   date);
5. region × audience pairs without any upcoming event;
6. links that failed in the last link check (`navigator knowledge check-links`).

`navigator knowledge review` prints it (`--format html` writes a page, `--json` for tools).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass

from navigator import vocab
from navigator.knowledge.model import ENDING_SOON_DAYS, Entry
from navigator.knowledge.provenance import Found
from navigator.status.facts import status_fact
from navigator.text import german_date, relative_days

DEFAULT_REVIEW_MONTHS = 6
DEADLINE_REVIEW_MONTHS = 3
CONTACT_KINDS = ("phone", "email", "address", "opening_hours")
REASONS = {
    "ending": "endet bald",
    "points_to_ending": "verweist auf endendes Angebot",
    "change_passed": "Änderung in Kraft",
    "old_contact": "Kontakt aus alter Quelle",
    "overdue": "Prüfung fällig",
    "no_event": "keine kommende Veranstaltung",
    "broken_link": "Link defekt",
}
RANKS = {
    "ending": 1,
    "points_to_ending": 1,
    "change_passed": 2,
    "old_contact": 3,
    "overdue": 4,
    "no_event": 5,
    "broken_link": 6,
}


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """One line of the queue; `entry_id` is empty for region × audience gaps."""

    reason: str
    entry_id: str
    title: str
    detail: str
    due: dt.date | None = None

    @property
    def rank(self) -> int:
        return RANKS[self.reason]

    @property
    def label(self) -> str:
        return REASONS[self.reason]

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data.update(rank=self.rank, label=self.label, due=self.due.isoformat() if self.due else None)
        return data


@dataclass(frozen=True, slots=True)
class BrokenLink:
    url: str
    entries: tuple[str, ...]
    problem: str


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day where it is shorter)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def review_interval(entry: Entry) -> int:
    """Months between reviews: the entry's own, else 3 for programmes with an end date, else 6."""
    if entry.review_every:
        return entry.review_every
    has_deadline = entry.kind == "programme" and entry.valid_until is not None
    return DEADLINE_REVIEW_MONTHS if has_deadline else DEFAULT_REVIEW_MONTHS


def references(entry: Entry) -> list[str]:
    """Ids the entry points to in its front matter."""
    ids = [*entry.successors, *entry.recommended, *entry.offices]
    if entry.eligibility:
        ids += [a for c in entry.eligibility.criteria for a in c.alternatives]
    return ids


def names(entry: Entry) -> list[str]:
    """How a text names an entry: its short title and the abbreviation in brackets ("ZuZ KI NRW")."""
    short = re.split(r" – | \(", entry.title)[0].strip()
    return [n for n in (short, *re.findall(r"\(([^()]{3,30})\)", entry.title)) if len(n) >= 4]


def _points_to(entry: Entry, target: Entry) -> bool:
    text = f"{entry.summary}\n{entry.body}"
    return target.id in references(entry) or any(n in text for n in names(target))


def _ending(entries: Mapping[str, Entry], today: dt.date) -> list[ReviewItem]:
    """Offers ending soon or ended recently, then current entries pointing to them."""
    items: list[ReviewItem] = []
    targets: dict[str, Entry] = {}
    titles = {i: e.title for i, e in entries.items()}
    sentences: dict[str, str] = {}
    for e in sorted(entries.values(), key=lambda e: (e.end_date() or dt.date.max, e.id)):
        fact = status_fact(e, "de", today, titles)
        end = e.end_date()
        recently_ended = fact.state == "ended" and end is not None and (today - end).days <= ENDING_SOON_DAYS
        if e.kind == "event" or not (fact.state == "ending" or recently_ended):
            continue
        targets[e.id], sentences[e.id] = e, fact.sentence
        items.append(ReviewItem("ending", e.id, e.title, fact.sentence, end))
    # Ended entries count too: a "recommended" pointer of an ended programme must not go stale.
    for e in sorted(entries.values(), key=lambda e: e.id):
        if e.id in targets:
            continue
        refs = [t for t in targets if _points_to(e, targets[t])]
        for t in refs:
            detail = f"verweist auf {targets[t].title} ({t}): {sentences[t]}"
            items.append(ReviewItem("points_to_ending", e.id, e.title, detail, targets[t].end_date()))
    return items


def _changes(entries: Iterable[Entry], today: dt.date) -> list[ReviewItem]:
    items = []
    for e in entries:
        for change in e.changes:
            if change.date <= today and e.reviewed < change.date:
                when = relative_days((change.date - today).days)
                detail = f"seit {german_date(change.date)} ({when}): {change.text} – Text prüfen"
                items.append(ReviewItem("change_passed", e.id, e.title, detail, change.date))
    return items


def _old_contacts(entries: Mapping[str, Entry], old: Iterable[Found]) -> list[ReviewItem]:
    items = []
    for f in old:
        if f.kind not in CONTACT_KINDS or f.entry_id not in entries or f.evidence is None:
            continue
        year = f.evidence.year or "unbekannt"
        source = f.evidence.source.split()[0] if f.evidence.source else "?"
        detail = f"{f.kind} {f.value} ({f.where}) nur aus alter/unsicherer Quelle von {year}: {source}"
        items.append(ReviewItem("old_contact", f.entry_id, entries[f.entry_id].title, detail))
    return items


def _overdue(entries: Iterable[Entry], today: dt.date) -> list[ReviewItem]:
    items = []
    for e in entries:
        if e.status(today) == "ended":
            continue  # history: reviewed when something points to it again
        due = add_months(e.reviewed, review_interval(e))
        if due <= today:
            detail = f"zuletzt geprüft am {german_date(e.reviewed)}, alle {review_interval(e)} Monate"
            items.append(ReviewItem("overdue", e.id, e.title, detail, due))
    return items


def _no_events(entries: Iterable[Entry], today: dt.date) -> list[ReviewItem]:
    upcoming = [e for e in entries if e.kind == "event" and e.status(today) != "ended"]
    items = []
    for region, region_name in vocab.REGIONS.items():
        for audience, audience_name in vocab.AUDIENCES.items():
            if not any(region in e.regions and audience in e.audiences for e in upcoming):
                detail = f"keine kommende Veranstaltung für {audience_name} in {region_name}"
                items.append(ReviewItem("no_event", "", f"{region_name} × {audience_name}", detail))
    return items


def build_queue(
    entries: Mapping[str, Entry],
    today: dt.date,
    old: Sequence[Found] = (),
    broken: Sequence[BrokenLink] = (),
) -> list[ReviewItem]:
    """The whole queue, most urgent first (rank, then due date, then id)."""
    items = [
        *_ending(entries, today),
        *_changes(entries.values(), today),
        *_old_contacts(entries, old),
        *_overdue(entries.values(), today),
        *_no_events(entries.values(), today),
    ]
    for link in broken:
        for entry_id in link.entries:
            title = entries[entry_id].title if entry_id in entries else entry_id
            items.append(ReviewItem("broken_link", entry_id, title, f"{link.url}: {link.problem}"))
    # Stable within a rank: "ending" before "points_to_ending", each by due date.
    order = list(RANKS)
    return sorted(
        items, key=lambda i: (i.rank, order.index(i.reason), i.due or dt.date.max, i.entry_id, i.detail)
    )
