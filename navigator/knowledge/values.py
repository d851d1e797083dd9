"""Find the checkable values in a text: phone numbers, e-mails, street addresses, hours, amounts, dates.

Each value gets a normalised key, so "1.020 Euro" in an entry matches "1020 EUR" in a source and
"Rathausstr. 31" matches "Rathausstraße 31". The provenance check (`knowledge.provenance`) looks every
key of an entry up in the facts and the ledger.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

KINDS = ("phone", "email", "address", "opening_hours", "amount", "date")

_PHONE = re.compile(r"(?<![\w.,])(?:\+49[ \d/()-]*\d|0[1-9][\d /()-]*\d)(?![\d.,]*\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_STREET_SUFFIX = r"(?:straße|strasse|str\.|weg|platz|allee|ring|gasse|ufer|damm|wall|markt|hof)"
_ADDRESS = re.compile(
    rf"\b([A-ZÄÖÜ][\wäöüß-]*{_STREET_SUFFIX}|[A-ZÄÖÜ][\wäöüß-]+ (?:Straße|Weg|Platz|Allee|Ring))"
    r"\s+(\d{1,4}[a-z]?)\b"
)
_TIME = r"\d{1,2}(?:[:.]\d{2})?"
_HOURS = re.compile(rf"\b({_TIME})\s*(?:–|-|bis)\s*({_TIME})\s*Uhr")
_EURO = re.compile(r"(?<![\d.,])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?\s*(?:Euro|EUR|€)")
_PERCENT = re.compile(r"(?<![\d.,])(\d{1,3})(?:,(\d{1,2}))?\s*(?:%|Prozent)")
_MONTHS = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]
_MONTHS_EN = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
_DATE_ENGLISH = re.compile(rf"\b(\d{{1,2}}) ({'|'.join(_MONTHS_EN)}) (20\d{{2}})\b")
# "23/24.09.2026": a two-day event; the first day counts.
_DATE_RANGE = re.compile(r"\b(\d{1,2})/\d{1,2}\.(\d{1,2})\.(20\d{2})\b")
_DATE_NUMERIC = re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(20\d{2})\b")
_DATE_WORDS = re.compile(rf"\b(\d{{1,2}})\.\s?({'|'.join(_MONTHS)})\s(20\d{{2}})\b")
_DATE_ISO = re.compile(r"\b(20\d{2})-(\d{2})-(\d{2})\b")


def phone_key(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    return "0" + digits[2:] if text.strip().startswith("+49") else digits


def _time(text: str) -> str:
    return re.sub(r"[:.]00$", "", text).replace(".", ":")


def _date_key(year: str, month: str, day: str) -> str:
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def find(text: str, kinds: tuple[str, ...] = KINDS) -> Iterator[tuple[str, str, str]]:
    """Yield (kind, value as written, key) for every checkable value in `text`."""
    if "phone" in kinds:
        for m in _PHONE.finditer(text):
            key = phone_key(m.group(0))
            if len(key) >= 6:
                yield "phone", m.group(0).strip(), key
    if "email" in kinds:
        for m in _EMAIL.finditer(text):
            yield "email", m.group(0), m.group(0).lower()
    if "address" in kinds:
        for m in _ADDRESS.finditer(text):
            street = m.group(1).lower().replace("strasse", "straße").replace("str.", "straße")
            street = re.sub(r"(ische|ener|er)n? ", r"\1 ", street)  # "Rheinischen Straße" = "Rheinische"
            yield "address", m.group(0), f"{street} {m.group(2)}"
    if "opening_hours" in kinds:
        for m in _HOURS.finditer(text):
            yield "opening_hours", m.group(0), f"{_time(m.group(1))}-{_time(m.group(2))}"
    if "amount" in kinds:
        for m in _EURO.finditer(text):
            cents = f",{m.group(2)}" if m.group(2) and m.group(2) != "00" else ""
            yield "amount", m.group(0), f"eur:{m.group(1).replace('.', '')}{cents}"
        for m in _PERCENT.finditer(text):
            yield "amount", m.group(0), f"pct:{m.group(1)}{',' + m.group(2) if m.group(2) else ''}"
    if "date" in kinds:
        for m in _DATE_NUMERIC.finditer(text):
            yield "date", m.group(0), _date_key(m.group(3), m.group(2), m.group(1))
        for m in _DATE_WORDS.finditer(text):
            month = _MONTHS.index(m.group(2)) + 1
            yield "date", m.group(0), _date_key(m.group(3), str(month), m.group(1))
        for m in _DATE_ENGLISH.finditer(text):
            month = _MONTHS_EN.index(m.group(2)) + 1
            yield "date", m.group(0), _date_key(m.group(3), str(month), m.group(1))
        for m in _DATE_RANGE.finditer(text):
            yield "date", m.group(0), _date_key(m.group(3), m.group(2), m.group(1))
        for m in _DATE_ISO.finditer(text):
            yield "date", m.group(0), _date_key(m.group(1), m.group(2), m.group(3))


def hours_in(text: str) -> Iterator[tuple[str, str, str]]:
    """Time ranges of an opening-hours field, with or without "Uhr" ("Mo–Do 8–16, Fr 8–14 Uhr")."""
    for m in re.finditer(rf"\b({_TIME})\s*(?:–|-|bis)\s*({_TIME})\b", text):
        yield "opening_hours", m.group(0), f"{_time(m.group(1))}-{_time(m.group(2))}"
