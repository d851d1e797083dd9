"""Status sentences: one deterministic sentence per entry, in the asker's language, from the data.

The only place that words an entry's status. An answer states it ("ended since …, instead …", "runs
until … (N days left)", "starts on …", "open"), the cards show it (`date_note`), the review queue lists
it. It is built from the entry's dates, never from model text, so an answer can be checked against it
(`navigator.status.contradiction`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from navigator.knowledge import Entry
from navigator.knowledge.model import ENDING_SOON_DAYS
from navigator.status.lexicon import sentences
from navigator.text import german_date

State = Literal["ended", "ending", "upcoming", "open"]


@dataclass(frozen=True, slots=True)
class StatusFact:
    """The status of one entry on one day, with its sentence in one language."""

    entry_id: str
    kind: str
    state: State
    date: dt.date | None  # the end date (ended, ending, open with an end), or the start (upcoming)
    days: int | None  # days until `date` (ending, upcoming), else None
    successors: tuple[str, ...]
    headline: str  # what the status is: "go-digital ist seit 31.12.2024 beendet."
    next_step: str  # what to use instead, or whom to ask; "" when there is nothing to add

    @property
    def sentence(self) -> str:
        return f"{self.headline} {self.next_step}" if self.next_step else self.headline

    @property
    def notable(self) -> bool:
        """Whether the answer text must state it, not just the card.

        An ended or ending offer, and a programme that has not started: each changes what the asker
        can do now. An upcoming event is simply an event; its date is on its card.
        """
        return self.state in ("ended", "ending") or (self.state == "upcoming" and self.kind != "event")

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
    if end is not None and (end - today).days <= ENDING_SOON_DAYS:
        return "ending", end, (end - today).days
    return "open", end, None


def _headline_key(kind: str, state: State, day: dt.date | None, days: int | None) -> str:
    """Which sentence of `status.yaml` says `state` (events have their own wording)."""
    event = kind == "event"
    if state == "ended":
        return "ended_event" if event else "ended"
    if state == "upcoming":
        return "upcoming_event" if event else "upcoming"
    if state == "ending":
        return "ending_today" if days == 0 else "ending_one" if days == 1 else "ending"
    return "open_until" if day else "open"


def _next_step(s: Mapping[str, str], entry: Entry, state: State, titles: Mapping[str, str]) -> str:
    """After an ended offer: its successors, else what is recommended, else the office to ask.

    An offer that is only ending gets the office to ask when it has no known successor. Events have
    no successors to ask about.
    """
    successors = [i for i in entry.successors if i in titles]
    recommended = [i for i in entry.recommended if i in titles and i not in successors]
    if state == "ended" and successors:
        return s["instead"].format(titles=", ".join(short_title(titles[i]) for i in successors))
    if state == "ended" and recommended:
        # An alternative is not a successor: the sentence says so (knowledge/README.md).
        return s["recommended"].format(titles=", ".join(short_title(titles[i]) for i in recommended))
    if state not in ("ended", "ending") or entry.kind == "event" or entry.successors:
        return ""
    office = next((titles[o] for o in entry.offices if o in titles), entry.organisation)
    return s["no_successor"].format(office=short_title(office))


def status_fact(
    entry: Entry,
    lang: str,
    today: dt.date,
    titles: Mapping[str, str] | None = None,
    label: str | None = None,
) -> StatusFact:
    """The status of `entry` on `today` as a sentence in `lang` (German where `lang` has no table).

    Args:
        entry: The knowledge entry.
        lang: The answer language.
        today: The day the answer is given.
        titles: Titles of other entries by id, to name successors and the office to ask.
        label: How to name the entry itself (default: its title without a trailing bracket).
    """
    titles = titles or {}
    s = sentences(lang)
    state, day, days = _state(entry, today)
    headline = s[_headline_key(entry.kind, state, day, days)].format(
        title=label or short_title(entry.title),
        date=german_date(day) or "?",
        days=days,
        reviewed=german_date(entry.reviewed),
    )
    successors = tuple(i for i in entry.successors if i in titles)
    return StatusFact(
        entry.id, entry.kind, state, day, days, successors, headline, _next_step(s, entry, state, titles)
    )


@dataclass(frozen=True, slots=True)
class DateNote:
    """What a card says about an entry's dates: its status sentence, split into what and what next.

    Empty where the card says it already: an open offer without an end date, an upcoming or running
    event (its date is on the card).
    """

    status: str  # current | ended | upcoming (`Entry.status`)
    state: State
    date_text: str = ""  # "KI-Zuschuss läuft nur noch bis 31.12.2026 (noch 24 Tage)."
    successor_text: str = ""  # "Eine Nachfolge ist noch nicht bekannt – fragen Sie bei … nach."

    @property
    def ending_soon(self) -> bool:
        return self.state == "ending"


def date_note(
    entry: Entry, today: dt.date, entries: Mapping[str, Entry] | None = None, lang: str = "de"
) -> DateNote:
    """The card's part of `status_fact`; `entries` (the catalogue) name successors and offices."""
    entries = entries or {}
    refs = (*entry.successors, *entry.recommended, *entry.offices)
    fact = status_fact(entry, lang, today, {i: entries[i].title for i in refs if i in entries})
    shown = fact.state == "ended" if entry.kind == "event" else fact.date is not None
    if not shown:
        return DateNote(entry.status(today), fact.state)
    return DateNote(entry.status(today), fact.state, fact.headline, fact.next_step)


def status_facts(
    entries: Iterable[Entry],
    lang: str,
    today: dt.date,
    titles: Mapping[str, str] | None = None,
) -> dict[str, StatusFact]:
    """`status_fact` for each entry, by entry id."""
    return {e.id: status_fact(e, lang, today, titles) for e in entries}
