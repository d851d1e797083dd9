"""Text helpers shared by retrieval, the answer pipeline, the web pages and the evals.

One place for the three things several modules need to agree on: how German text is folded for
comparison, how a date is written for German readers, and what counts as an entry's name.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

_BRACKETS = re.compile(r"\s*\([^)]*\)")


def normalise(text: str) -> str:
    """Case-fold and spell out umlauts, so "Förderung" and "foerderung" compare equal."""
    text = text.casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^\w]+", " ", "".join(c for c in text if not unicodedata.combining(c))).strip()


def fold(text: str) -> str:
    """Lower case, umlauts folded to plain vowels ("Förderung" -> "forderung"), as stemmers return them."""
    text = text.casefold().replace("ß", "ss")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[^\w]+", " ", text)


def german_date(value: dt.date | None) -> str | None:
    """A date as German readers write it (26.11.2026); None stays None."""
    return value.strftime("%d.%m.%Y") if value else None


def relative_days(days: int) -> str:
    """A signed number of days from today in German: "in 24 Tagen", "heute", "vor 3 Tagen"."""
    special = {0: "heute", 1: "morgen", -1: "gestern"}
    if days in special:
        return special[days]
    return f"in {days} Tagen" if days > 0 else f"vor {-days} Tagen"


def german_iso_date(value: str | None) -> str:
    """An ISO date string ("2023-12-31") in German notation, "" for none."""
    return german_date(dt.date.fromisoformat(value)) or "" if value else ""


def without_brackets(title: str) -> str:
    """A title without its bracketed notes: "X (beendet seit …)" names X."""
    return _BRACKETS.sub("", title).strip()


def entry_names(title: str, keywords: tuple[str, ...] | list[str]) -> list[str]:
    """The names an entry goes by: its title without bracketed notes, and its keywords."""
    return [without_brackets(title), *keywords]
