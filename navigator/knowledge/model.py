"""The validated knowledge entry (`Entry`) and its contact block; dates as Chroma-comparable numbers."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, HttpUrl, model_validator

from navigator.knowledge.eligibility import Eligibility
from navigator.knowledge.fields import (
    Audience,
    Kind,
    Language,
    Region,
    Scope,
    Slug,
    Strict,
    Topic,
    _expand_regions,
)

# An offer whose end is this close is "ending": its status sentence counts the days left and names whom
# to ask, the review queue and "Was ist neu" list it. One window, so card, answer and queue agree.
ENDING_SOON_DAYS = 90


class Contact(Strict):
    """Contact data shown on cards; every value must be stated by one of the entry's sources."""

    phone: str | None = None
    email: str | None = Field(default=None, pattern=r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$")
    address: str | None = None
    opening_hours: str | None = None
    # How to get to talk to someone, as a source states it: "Termin nötig", "offene Sprechstunde …".
    appointment: str | None = None
    contact_page: HttpUrl | None = None


class Responsibility(Strict):
    """Where an office is the responsible one (sourced from ../shared/facts).

    Towns are gazetteer ids (navigator/understand/places.yaml), regions navigator regions, sectors
    e.g. "handwerk". An office is responsible for a place if it names the place's town or region.
    """

    towns: list[Slug] = []
    regions: list[Region] = []
    sectors: list[str] = []


class Change(Strict):
    """A dated statement the text depends on, e.g. "ab 1.7.2026 heißt das Bürgergeld Grundsicherungsgeld".

    Once `date` has passed, the review queue asks a maintainer to check that the text says it (until the
    entry is reviewed on or after that day); the "Was ist neu" page lists it for 90 days.
    """

    date: dt.date
    text: str = Field(min_length=5, max_length=300)


class Entry(Strict):
    """One validated knowledge entry (office, programme, training or event)."""

    id: Slug
    kind: Kind
    title: str = Field(min_length=3, max_length=160)
    organisation: str = Field(min_length=2)
    summary: str = Field(min_length=10, max_length=300)
    audiences: list[Audience] = Field(min_length=1)
    topics: list[Topic] = Field(min_length=1)
    regions: Annotated[list[Region], BeforeValidator(_expand_regions)] = Field(min_length=1)
    scope: Scope = "regional"
    url: HttpUrl
    contact: Contact = Contact()
    languages: list[Language] = ["de"]
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    starts: dt.date | dt.datetime | None = None
    ends: dt.date | dt.datetime | None = None
    location: str | None = None
    # False: no office of this kind is confirmed in the listed regions (an NRW-wide network or portal
    # that names none here). The coverage report then does not count it as an office that is there.
    on_site: bool = True
    # The offers that replace this one (the facts say so); `recommended`: offers worth a look instead,
    # which the facts recommend without calling them a successor.
    successors: list[Slug] = []
    recommended: list[Slug] = []
    offices: list[Slug] = []
    # Documents to bring or send (programmes), each as a source names it; shown in a prepared request.
    documents: list[str] = []
    keywords: list[str] = []
    sources: list[HttpUrl] = Field(min_length=1)
    reviewed: dt.date
    # Why `reviewed` moved (required when many entries are re-reviewed in one go; see the review test).
    review_note: str | None = None
    # Months between reviews; default 6, or 3 for programmes with a deadline (see knowledge.review).
    review_every: int | None = Field(default=None, ge=1, le=24)
    changes: list[Change] = []
    eligibility: Eligibility | None = None
    responsible_for: Responsibility | None = None
    body: str = ""

    @model_validator(mode="after")
    def _dates_fit_kind(self) -> Entry:
        if self.kind == "event":
            if self.starts is None:
                raise ValueError("an event needs 'starts'")
            if self.valid_from or self.valid_until:
                raise ValueError("events use starts/ends, not valid_from/valid_until")
            if self.ends is not None and _as_date(self.ends) < _as_date(self.starts):
                raise ValueError("'ends' is before 'starts'")
        else:
            if self.starts or self.ends:
                raise ValueError(f"a {self.kind} uses valid_from/valid_until, not starts/ends")
            if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
                raise ValueError("'valid_until' is before 'valid_from'")
        if self.eligibility is not None and self.kind != "programme":
            raise ValueError("only programmes carry 'eligibility'")
        return self

    def next_offers(self) -> list[str]:
        """Where an ended entry points: its successors first, then the offers recommended instead."""
        return list(dict.fromkeys([*self.successors, *self.recommended]))

    def end_date(self) -> dt.date | None:
        """The last day the offer is open (None = open-ended)."""
        if self.kind == "event":
            return _as_date(self.ends or self.starts) if (self.ends or self.starts) else None
        return self.valid_until

    def status(self, today: dt.date) -> Literal["current", "ended", "upcoming"]:
        end = self.end_date()
        if end is not None and end < today:
            return "ended"
        start = _as_date(self.starts) if self.kind == "event" and self.starts else self.valid_from
        if self.kind != "event" and start is not None and start > today:
            return "upcoming"
        return "current"


FAR_FUTURE = 99991231


def date_ord(value: dt.date | dt.datetime | None) -> int:
    """A date as a YYYYMMDD integer (Chroma compares numbers, not dates); None is the far future."""
    if value is None:
        return FAR_FUTURE
    day = value.date() if isinstance(value, dt.datetime) else value
    return day.year * 10000 + day.month * 100 + day.day


def _as_date(value: dt.date | dt.datetime | None) -> dt.date:
    assert value is not None
    return value.date() if isinstance(value, dt.datetime) else value
