"""The status sentences and contradiction cues of `status.yaml`, per answer language."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

FILE = Path(__file__).with_name("status.yaml")
SENTENCE_KEYS = (
    *("ended", "ended_event", "instead", "no_successor"),
    *("ending", "ending_one", "ending_today", "upcoming", "upcoming_event", "open", "open_until"),
)


@dataclass(frozen=True, slots=True)
class Cues:
    affirm: re.Pattern[str]
    deny: re.Pattern[str]


@cache
def _table() -> dict[str, dict[str, object]]:
    data = yaml.safe_load(FILE.read_text(encoding="utf-8"))
    for lang, block in data.items():
        missing = [k for k in SENTENCE_KEYS if k not in block["sentences"]]
        if missing:  # a missing sentence would otherwise surface as a KeyError mid-answer
            raise ValueError(f"{FILE}: {lang}.sentences lacks {', '.join(missing)}")
    return data  # type: ignore[no-any-return]


def languages() -> tuple[str, ...]:
    return tuple(_table())


def sentences(lang: str) -> dict[str, str]:
    """The sentence templates of `lang`, German where the file has no table for it."""
    table = _table()
    return table.get(lang, table["de"])["sentences"]  # type: ignore[return-value]


@cache
def cues(lang: str) -> Cues:
    """The affirm and deny patterns of `lang`; German denials count in every language (quoted names)."""
    table = _table()
    own = table.get(lang, table["de"])
    de = table["de"]

    def join(key: str) -> re.Pattern[str]:
        extra = de[key] if key == "deny" and own is not de else []
        words = [*own[key], *extra]  # type: ignore[misc]
        return re.compile("|".join(f"(?:{w})" for w in words), re.IGNORECASE)

    return Cues(join("affirm"), join("deny"))
