"""Status sentences: one deterministic sentence per entry, in the asker's language, from the data.

The sentence is what a card and an answer say about an offer's availability ("ended since …, instead
…", "runs until … (in N days)", "starts on …", "open"). It is built from the entry's dates, never from
model text, so an answer can be checked against it (`navigator.status.contradiction`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from navigator.knowledge import Entry
from navigator.status.lexicon import sentences

State = Literal["ended", "ending", "upcoming", "open"]
# An end date this close counts as "ending": the sentence then says how many days are left.
ENDING_WINDOW_DAYS = 90


@dataclass(frozen=True, slots=True)
class StatusFact:
    """The status of one entry on one day, with its sentence in one language."""

    entry_id: str
    state: State
    date: dt.date | None  # the end date (ended, ending, open with an end), or the start (upcoming)
    days: int | None  # days until `date` (ending, upcoming), else None
    successors: tuple[str, ...]
    sentence: str

    @property
    def notable(self) -> bool:
        """Whether the answer text must state it (not just the card): anything but plainly open."""
        return self.state != "open"

    def as_dict(self) -> dict[str, object]:
        return {
            "state": self.state,
            "date": self.date.isoformat() if self.date else None,
            "days": self.days,
            "sentence": self.sentence,
        }


def short_title(title: str) -> str:
    """The title without a trailing bracket ("Digital Jetzt (beendet)" → "Digital Jetzt")."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", title).strip() or title


def _fmt(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def _start(entry: Entry) -> dt.date | None:
    if entry.kind == "event" and entry.starts is not None:
        s = entry.starts
        return s.date() if isinstance(s, dt.datetime) else s
    return entry.valid_from


def _state(entry: Entry, today: dt.date) -> tuple[State, dt.date | None, int | None]:
    status = entry.status(today)
    end = entry.end_date()
    if status == "ended":
        return "ended", end, None
    start = _start(entry)
    if status == "upcoming" or (entry.kind == "event" and start is not None and start > today):
        assert start is not None
        return "upcoming", start, (start - today).days
    if end is not None and (end - today).days <= ENDING_WINDOW_DAYS:
        return "ending", end, (end - today).days
    return "open", end, None


def status_fact(
    entry: Entry,
    lang: str,
    today: dt.date,
    titles: Mapping[str, str] | None = None,
) -> StatusFact:
    """The status of `entry` on `today` as a sentence in `lang` (German where `lang` has no table).

    Args:
        entry: The knowledge entry.
        lang: The answer language.
        today: The day the answer is given.
        titles: Titles of other entries by id, to name successors and the office to ask.
    """
    titles = titles or {}
    s = sentences(lang)
    state, day, days = _state(entry, today)
    title = short_title(entry.title)
    successors = tuple(i for i in entry.successors if i in titles)
    if state == "ended":
        key = "ended_event" if entry.kind == "event" else "ended"
        text = s[key].format(title=title, date=_fmt(day) if day else "?")
        if successors:
            text += " " + s["instead"].format(titles=", ".join(short_title(titles[i]) for i in successors))
        elif entry.kind != "event":
            office = next((titles[o] for o in entry.offices if o in titles), entry.organisation)
            text += " " + s["no_successor"].format(office=short_title(office))
    elif state == "upcoming":
        assert day is not None
        key = "upcoming_event" if entry.kind == "event" else "upcoming"
        text = s[key].format(title=title, date=_fmt(day), days=days)
    elif state == "ending":
        assert day is not None and days is not None
        key = "ending_today" if days == 0 else "ending_one" if days == 1 else "ending"
        text = s[key].format(title=title, date=_fmt(day), days=days)
    else:
        key = "open_until" if day else "open"
        text = s[key].format(title=title, date=_fmt(day) if day else "", reviewed=_fmt(entry.reviewed))
    return StatusFact(entry.id, state, day, days, successors, text)


def status_facts(
    entries: Iterable[Entry],
    lang: str,
    today: dt.date,
    titles: Mapping[str, str] | None = None,
) -> dict[str, StatusFact]:
    """`status_fact` for each entry, by entry id."""
    return {e.id: status_fact(e, lang, today, titles) for e in entries}
