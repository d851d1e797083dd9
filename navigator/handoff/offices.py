"""Which offices a hand-off names: the responsible ones for the matter and region, and the free hotlines.

Everything comes from the knowledge entries (which office is responsible for the asker:
responsible.py). The free hotlines are the nationwide offices whose sourced phone number is free of
charge and which are a hotline or service number; none is ever typed in here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from navigator.knowledge import Entry
from navigator.understand.gazetteer import load_gazetteer

PLACES = Path(__file__).with_name("places.yaml")
_FREE = re.compile(r"kostenfrei|kostenlos|gebührenfrei", re.IGNORECASE)
_HOTLINE = re.compile(r"hotline|servicenummer|service-telefon", re.IGNORECASE)
PERSON_KINDS = ("office", "network")


@dataclass(frozen=True, slots=True)
class Places:
    general: tuple[str, ...]  # the region's first contact when a request names no matter at all


@lru_cache(maxsize=2)
def load_places(path: Path = PLACES) -> Places:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Places(general=tuple(data.get("general", [])))


def region_in(text: str) -> str | None:
    """The region of the first place the text names, in any script (the gazetteer, navigator.understand)."""
    return next((m.place.region for m in load_gazetteer().find(text) if m.place.region), None)


def is_hotline(e: Entry) -> bool:
    """A nationwide office with a sourced free phone number that is a hotline or service number."""
    phone = e.contact.phone or ""
    named = _HOTLINE.search(" ".join([e.title, *e.keywords]))
    return e.kind == "office" and e.scope != "regional" and bool(_FREE.search(phone)) and bool(named)


def hotlines(entries: Iterable[Entry], audience: str | None = None) -> list[Entry]:
    """The free hotlines, for the asker's group where known."""
    found = [e for e in entries if is_hotline(e)]
    return [e for e in found if audience is None or audience in e.audiences] or found


def advice(e: Entry, entries: Mapping[str, Entry], region: str | None = None, limit: int = 3) -> list[Entry]:
    """The offices that advise on or grant `e` (its `offices`), those of the asker's region first."""
    named = [entries[o] for o in e.offices if o in entries]
    if region:
        named.sort(key=lambda o: region not in o.regions)  # stable: the file's order otherwise
    return named[:limit]


def contact_card(o: Entry) -> dict[str, str]:
    """What a card shows of an office to turn to: its name, sourced contacts and website."""
    contact = {k: str(v) for k, v in o.contact.model_dump().items() if v}
    return {"id": o.id, "title": o.title, "url": str(o.url), **contact}
