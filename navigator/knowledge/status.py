"""Date-aware text for cards and answers: "endet am 31.12.2026 (in 24 Tagen)".

The status itself comes from the entry's dates (`Entry.status`), so an offer whose end date has passed
is ended the next day without anyone editing the file. This module only words it, relative to `today`,
and says whom to ask when an offer ends without a known successor. The answer pipeline calls
`date_note(entry, today, entries, lang)` for each source; the web cards call it too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from navigator.knowledge.model import Entry

# An offer ending within this many days counts as "ending soon" (cards, answers and the review queue).
ENDING_SOON_DAYS = 60

_TEXTS: dict[str, dict[str, str]] = {
    "de": {
        "ends": "endet am {date} ({rel})",
        "ended": "endete am {date} ({rel})",
        "past": "fand am {date} statt ({rel})",
        "starts": "beginnt am {date} ({rel})",
        "today": "heute",
        "tomorrow": "morgen",
        "yesterday": "gestern",
        "in_days": "in {n} Tagen",
        "days_ago": "vor {n} Tagen",
        "no_successor": "Nachfolge noch nicht bekannt – fragen Sie {office}.",
    },
    "en": {
        "ends": "ends on {date} ({rel})",
        "ended": "ended on {date} ({rel})",
        "past": "took place on {date} ({rel})",
        "starts": "starts on {date} ({rel})",
        "today": "today",
        "tomorrow": "tomorrow",
        "yesterday": "yesterday",
        "in_days": "in {n} days",
        "days_ago": "{n} days ago",
        "no_successor": "No successor is known yet – ask {office}.",
    },
}


@dataclass(frozen=True, slots=True)
class DateNote:
    """What a card or an answer says about an entry's dates; empty strings where there is nothing to say."""

    status: str  # current | ended | upcoming
    days: int | None  # days from today to the end (negative: ended) or to the start (upcoming)
    date_text: str = ""  # "endet am 31.12.2026 (in 24 Tagen)"
    successor_text: str = ""  # "Nachfolge noch nicht bekannt – fragen Sie …"

    @property
    def ending_soon(self) -> bool:
        return self.status == "current" and self.days is not None and 0 <= self.days <= ENDING_SOON_DAYS


def _words(lang: str) -> dict[str, str]:
    return _TEXTS.get(lang, _TEXTS["de"])


def relative_days(days: int, lang: str = "de") -> str:
    """Word a signed number of days from today: "in 24 Tagen", "heute", "vor 3 Tagen"."""
    words = _words(lang)
    special = {0: "today", 1: "tomorrow", -1: "yesterday"}
    if days in special:
        return words[special[days]]
    return words["in_days" if days > 0 else "days_ago"].format(n=abs(days))


def format_day(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def ask_office(entry: Entry, entries: Mapping[str, Entry] | None) -> str:
    """The office that will know about a successor: the first listed office, else the organisation."""
    for office in entry.offices:
        if entries is not None and office in entries:
            return entries[office].title
    return entry.organisation


def date_note(
    entry: Entry, today: dt.date, entries: Mapping[str, Entry] | None = None, lang: str = "de"
) -> DateNote:
    """Word the entry's end (or start) relative to `today`, and whom to ask if no successor is known."""
    words = _words(lang)
    status = entry.status(today)
    end = entry.end_date()
    if status == "upcoming" and entry.valid_from is not None:
        days = (entry.valid_from - today).days
        text = words["starts"].format(date=format_day(entry.valid_from), rel=relative_days(days, lang))
        return DateNote(status, days, text)
    if end is None:
        return DateNote(status, None)
    days = (end - today).days
    if status == "ended":
        key = "past" if entry.kind == "event" else "ended"
    elif entry.kind == "event":
        return DateNote(status, days)  # an upcoming event shows its own date; "ends" means nothing there
    else:
        key = "ends"
    text = words[key].format(date=format_day(end), rel=relative_days(days, lang))
    note = DateNote(status, days, text)
    if entry.kind != "event" and not entry.successors and (status == "ended" or note.ending_soon):
        office = ask_office(entry, entries)
        note = DateNote(status, days, text, words["no_successor"].format(office=office))
    return note
