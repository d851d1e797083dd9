"""Provenance: every phone, e-mail, address, opening hours, amount and date is stated by a source.

A value counts as *stated* when a ✅ or ⛔ line of the collected facts (`../shared/facts/*.md`, each line
ending with its source address) contains it, or a row of the ledger `knowledge/_provenance.yaml` records it
with the page that states it and the day it was read. A value found only in a ⚠️ line, or in a ledger row
with `status: old`, is *old*: it may be shown, but cards mark it ("Angabe von 2021 – bitte vor dem Besuch
prüfen") and the review queue lists it. A value nothing states is *unsourced*: the provenance test fails.

Ledger row::

    - entry: bundesagentur-servicenummern   # optional: the row then backs only this entry
      kind: phone                           # phone | email | address | opening_hours | amount | date
      value: "0800 4 5555 00"
      source: https://www.arbeitsagentur.de/kontakt
      read: 2026-11-26                      # the day a maintainer read the page
      status: stated                        # stated (default) | old
      source_date: 2021-05-01               # for old values: how old the page is
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from navigator.knowledge import values
from navigator.knowledge.fields import text_in
from navigator.knowledge.model import Entry

LEDGER = "_provenance.yaml"
_MARK = re.compile(r"^\s*-?\s*(✅|⚠️|⛔|❓)")
_YEAR = re.compile(r"\b(20[0-4]\d|19\d\d)\b")


@dataclass(frozen=True, slots=True)
class Evidence:
    status: str  # stated | old
    source: str
    year: int | None = None  # of the source page, for old values


@dataclass(frozen=True, slots=True)
class Found:
    """One value of one entry and what backs it (None: nothing does)."""

    entry_id: str
    kind: str
    value: str
    key: str
    where: str
    evidence: Evidence | None

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.kind} {self.value} ({self.where})"

    @property
    def warning(self) -> str:
        """The German note a card shows next to an old value."""
        year = self.evidence.year if self.evidence else None
        since = f"von {year}" if year else "aus einer älteren Quelle"
        return f"Angabe {since} – bitte vor dem Besuch prüfen"


# Kept for the coverage report and older callers: an unsourced value.
Unsourced = Found


def entry_values(entry: Entry) -> Iterator[tuple[str, str, str, str]]:
    """(kind, value, key, where) for every checkable value in an entry's front matter and body."""
    c = entry.contact
    if c.phone:
        yield from ((k, v, key, "contact.phone") for k, v, key in values.find(c.phone, ("phone",)))
    if c.email:
        yield from ((k, v, key, "contact.email") for k, v, key in values.find(c.email, ("email",)))
    if c.address:
        yield from ((k, v, key, "contact.address") for k, v, key in values.find(c.address, ("address",)))
    if c.opening_hours:
        yield from ((k, v, key, "contact.opening_hours") for k, v, key in values.hours_in(c.opening_hours))
    for name in ("valid_from", "valid_until", "starts", "ends"):
        day = getattr(entry, name)
        if day is not None:
            iso = (day.date() if isinstance(day, dt.datetime) else day).isoformat()
            yield "date", iso, iso, name
    for change in entry.changes:
        yield "date", change.date.isoformat(), change.date.isoformat(), "changes"
    for where, text in _texts(entry):
        yield from ((k, v, key, where) for k, v, key in values.find(text))


def _texts(entry: Entry) -> Iterator[tuple[str, str]]:
    yield "summary", entry.summary
    yield "body", entry.body
    for change in entry.changes:
        yield "changes", change.text
    if entry.eligibility:
        e = entry.eligibility
        texts = [e.apply] if e.apply else []
        texts += [t for c in e.criteria for t in (c.met, c.not_met, c.question)]
        texts += [t for b in e.benefits for t in (b.label, b.text)]
        for text in texts:
            yield "eligibility", text_in(text, "de")


class Evidences:
    """What the facts and the ledger state, by (kind, key); a stated source wins over an old one."""

    def __init__(self) -> None:
        self._general: dict[tuple[str, str], Evidence] = {}
        self._per_entry: dict[tuple[str, str, str], Evidence] = {}

    def add(self, kind: str, key: str, evidence: Evidence, entry_id: str | None = None) -> None:
        if entry_id is None:
            known = self._general.get((kind, key))
            if known is None or (known.status == "old" and evidence.status == "stated"):
                self._general[(kind, key)] = evidence
            return
        known = self._per_entry.get((entry_id, kind, key))
        if known is None or (known.status == "old" and evidence.status == "stated"):
            self._per_entry[(entry_id, kind, key)] = evidence

    def lookup(self, entry_id: str, kind: str, key: str) -> Evidence | None:
        own = self._per_entry.get((entry_id, kind, key))
        general = self._general.get((kind, key))
        if own and (own.status == "stated" or general is None):
            return own
        return general or own


def _fact_line(line: str) -> tuple[str, str, int | None] | None:
    """(status, source, year) for a marked fact line; None for prose and ❓ lines."""
    mark = _MARK.match(line)
    if not mark or mark.group(1) == "❓":
        return None
    source = line.rsplit(" — ", 1)[-1] if " — " in line else ""
    # The page's year is written after its address, "(2021)" or "(page dated 2021-10)"; years inside
    # addresses ("ESF-Plus-2021-2027") say nothing about the page.
    years = [int(y) for y in _YEAR.findall(re.sub(r"\S*://\S*", " ", source))]
    status = "old" if mark.group(1) == "⚠️" else "stated"
    return status, source.strip(), max(years) if years else None


def load_evidences(facts_dir: Path, knowledge_dir: Path) -> Evidences:
    """Index the values of every marked fact line and every ledger row."""
    found = Evidences()
    for path in sorted(facts_dir.glob("*.md")):
        for line in path.read_text(encoding="utf-8").splitlines():
            parsed = _fact_line(line)
            if parsed is None:
                continue
            status, source, year = parsed
            for kind, _value, key in [*values.find(line), *values.hours_in(line)]:
                found.add(kind, key, Evidence(status, source, year))
    for row in read_ledger(knowledge_dir):
        status = str(row.get("status", "stated"))
        source_date = row.get("source_date")
        year = source_date.year if isinstance(source_date, dt.date) else None
        text = str(row["value"])
        kinds = (str(row["kind"]),) if row.get("kind") else values.KINDS
        pairs = list(values.hours_in(text)) if kinds == ("opening_hours",) else list(values.find(text, kinds))
        if kinds == ("date",) and not pairs:
            pairs = [("date", text, text)]
        for kind, _value, key in pairs:
            entry_id = str(row["entry"]) if row.get("entry") else None
            found.add(kind, key, Evidence(status, str(row["source"]), year), entry_id)
    return found


def read_ledger(knowledge_dir: Path) -> list[dict[str, object]]:
    """The ledger rows that name a source and the day it was read (others prove nothing)."""
    path = knowledge_dir / LEDGER
    if not path.exists():
        return []
    rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [row for row in rows if row.get("source") and row.get("read") and "value" in row]


def check(entries: Iterable[Entry], evidences: Evidences) -> list[Found]:
    """Every checkable value of every entry with its evidence (None where nothing states it)."""
    result: list[Found] = []
    for entry in entries:
        seen: set[tuple[str, str]] = set()
        for kind, value, key, where in entry_values(entry):
            if (kind, key) in seen:
                continue
            seen.add((kind, key))
            result.append(Found(entry.id, kind, value, key, where, evidences.lookup(entry.id, kind, key)))
    return result


def unsourced_values(entries: Iterable[Entry], facts_dir: Path, knowledge_dir: Path) -> list[Found]:
    """Values that neither the facts nor the ledger state."""
    return [f for f in check(entries, load_evidences(facts_dir, knowledge_dir)) if f.evidence is None]


def old_values(entries: Iterable[Entry], facts_dir: Path, knowledge_dir: Path) -> list[Found]:
    """Values backed only by an old or uncertain source (shown with a warning, listed for review)."""
    found = check(entries, load_evidences(facts_dir, knowledge_dir))
    return [f for f in found if f.evidence is not None and f.evidence.status == "old"]


def unsourced_contacts(entries: Iterable[Entry], facts_dir: Path, knowledge_dir: Path) -> list[Found]:
    """Unsourced phone numbers and e-mail addresses only (the contact block of the cards)."""
    return [f for f in unsourced_values(entries, facts_dir, knowledge_dir) if f.kind in ("phone", "email")]


CONTACT_FIELDS = ("phone", "email", "address", "opening_hours")


def contact_warnings(entry: Entry, evidences: Evidences) -> dict[str, str]:
    """Per contact field, the card note for a value backed only by an old source ({} when all are current)."""
    notes: dict[str, str] = {}
    for found in check([entry], evidences):
        field = found.where.removeprefix("contact.")
        if field in CONTACT_FIELDS and found.evidence is not None and found.evidence.status == "old":
            notes.setdefault(field, found.warning)
    return notes
