"""Check that every phone number and e-mail address in the knowledge base is stated by a source.

A contact counts as sourced when it appears in the collected facts (`../shared/facts/*.md`, each line
carrying its source address) or in `knowledge/_verified_contacts.yaml`, where a maintainer records a
contact checked on a page the facts do not cover, with that page's address and the date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from navigator.knowledge import Entry

_PHONE = re.compile(r"(?:\+49|0)[\d /()-]*\d")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
LEDGER = "_verified_contacts.yaml"


def _phone_key(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    return "0" + digits[2:] if text.strip().startswith("+49") else digits


@dataclass(frozen=True, slots=True)
class Unsourced:
    entry_id: str
    field: str
    value: str

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.field} {self.value}"


def contacts(entry: Entry) -> list[tuple[str, str]]:
    """(field, value) for each phone number and e-mail address of an entry."""
    found = [("phone", m.group(0).strip()) for m in _PHONE.finditer(entry.contact.phone or "")]
    return found + [("email", m.group(0)) for m in _EMAIL.finditer(entry.contact.email or "")]


def known_contacts(texts: Iterable[str]) -> tuple[set[str], set[str]]:
    """Phone keys and lower-cased e-mail addresses stated anywhere in `texts`."""
    phones: set[str] = set()
    emails: set[str] = set()
    for text in texts:
        phones |= {_phone_key(m.group(0)) for m in _PHONE.finditer(text)}
        emails |= {m.group(0).lower() for m in _EMAIL.finditer(text)}
    return phones, emails


def unsourced_contacts(entries: Iterable[Entry], facts_dir: Path, knowledge_dir: Path) -> list[Unsourced]:
    """Contacts that neither the facts nor the maintainers' ledger state."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(facts_dir.glob("*.md"))]
    ledger = knowledge_dir / LEDGER
    if ledger.exists():
        rows = yaml.safe_load(ledger.read_text(encoding="utf-8")) or []
        texts += [str(row["value"]) for row in rows if row.get("source") and row.get("checked")]
    phones, emails = known_contacts(texts)
    missing = []
    for entry in entries:
        for field, value in contacts(entry):
            ok = _phone_key(value) in phones if field == "phone" else value.lower() in emails
            if not ok:
                missing.append(Unsourced(entry.id, field, value))
    return missing
