"""What the eval reads from question and answer texts, driven by the tables in `signals.yaml`.

- `offer_status`: is an entry ended, ending soon or upcoming on the eval date (the cases whose answer
  must say so);
- `states_status`: does an answer state such a status ("beendet", "ends on", "başlıyor", ...);
- `affirms_ended`: does it affirm an ended offer ("kann noch beantragt werden"): a contradiction;
- `situation`: who asks and where (asker type words, towns of the region) in a text;
- `settled_fields`: Förder-Check fields a message settles without a rule reading them (a town settles
  the region, "52 Jahre" the age), so that a deciding question for them is redundant.

Phrases match like `metrics.found` (case-, umlaut- and accent-insensitive, at a word start) and in any
language: a German "beendet" in a Turkish answer still tells the asker.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from navigator.evals import metrics
from navigator.knowledge import Entry

SIGNALS = Path(__file__).with_name("signals.yaml")
STATUS_KINDS = ("ended", "ending", "upcoming")


@dataclass(frozen=True, slots=True)
class Signals:
    ending_days: int
    status: dict[str, tuple[str, ...]]  # status kind -> phrases (all languages)
    contradiction: tuple[str, ...]
    situation: dict[str, tuple[str, ...]]  # asker class ("company", "place:Hemer") -> words
    regions: dict[str, str]  # "place:<town>" -> region id
    settled_by_places: tuple[str, ...]
    residence_with_place: tuple[re.Pattern[str], ...]
    patterns: dict[str, tuple[re.Pattern[str], ...]]  # Förder-Check field -> regexes


def _flat(by_language: dict[str, list[Any]]) -> tuple[str, ...]:
    return tuple(str(p) for phrases in by_language.values() for p in phrases)


@lru_cache(maxsize=2)
def load(path: Path = SIGNALS) -> Signals:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    situation = {name: _flat(words) for name, words in data["situation"].items()}
    regions: dict[str, str] = {}
    for region, towns in data["places"].items():
        for town, spellings in towns.items():
            situation[f"place:{town}"] = tuple(str(s) for s in spellings)
            regions[f"place:{town}"] = region
    return Signals(
        ending_days=int(data["ending_days"]),
        status={kind: _flat(data["status"][kind]) for kind in STATUS_KINDS},
        contradiction=_flat(data["contradiction"]),
        situation=situation,
        regions=regions,
        settled_by_places=tuple(data["settled"]["places"]),
        residence_with_place=tuple(re.compile(p) for p in data["settled"]["residence_with_place"]),
        patterns={
            name: tuple(re.compile(p) for p in patterns)
            for name, patterns in data["settled"]["patterns"].items()
        },
    )


def offer_status(entry: Entry, today: dt.date, signals: Signals | None = None) -> str | None:
    """The status a case must state: ended, upcoming, ending (last day within `ending_days`), or None."""
    status = entry.status(today)
    if status != "current":
        return status
    end = entry.end_date()
    days = (signals or load()).ending_days
    if entry.kind != "event" and end is not None and (end - today).days <= days:
        return "ending"
    return None


def states_status(text: str, kind: str) -> bool:
    """True if `text` contains a phrase that states a status of this kind (any language)."""
    return bool(metrics.found(text, load().status[kind]))


def affirms_ended(text: str) -> bool:
    """True if `text` says an offer is still open to apply for (any language)."""
    return bool(metrics.found(text, load().contradiction))


def situation(text: str) -> set[str]:
    """The asker classes and towns `text` names, e.g. {"jobseeker", "place:Iserlohn"}."""
    return {name for name, words in load().situation.items() if metrics.found(text, words)}


def settled_fields(text: str) -> set[str]:
    """Förder-Check fields that `text` already settles (a town of the region, an age, a head count)."""
    s = load()
    fields: set[str] = set()
    folded = text.casefold()
    if any(name in s.regions for name in situation(text)):
        fields.update(s.settled_by_places)
        if any(p.search(folded) for p in s.residence_with_place):
            fields.add("residence_nrw")
    fields.update(name for name, patterns in s.patterns.items() if any(p.search(folded) for p in patterns))
    return fields
