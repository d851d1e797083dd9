"""Check a generated answer against its sources: keep valid [n] markers, drop invented links and contacts."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

_GROUP = re.compile(r"\[(\s*\d{1,2}(?:\s*[,;]\s*\d{1,2})+\s*)\]")
MARKER = re.compile(r"\[(\d{1,3})\]")
URL = re.compile(r"(?:https?://|www\.|\b(?:javascript|vbscript|data):)[^\s<>()\[\]\"']+", re.IGNORECASE)
# A domain without scheme ("foerdergeld-sofort.de/antrag"); common top-level domains only, so that
# abbreviations such as "z.B." or "ca." never look like one.
BARE_DOMAIN = re.compile(
    r"(?<![\w@./:-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:de|com|org|net|eu|info|io|nrw|biz|online|app|example)"
    r"\b(?![@-])(?:/[^\s<>()\[\]\"']*[^\s<>()\[\]\"'.,;:!?])?",
    re.IGNORECASE,
)
# Starts only where a run of address characters starts: otherwise a long word without "@" is
# scanned again from each of its letters (quadratic time).
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Digit groups joined by at most one separator, so "02331 123456 / 0800 4555500" is two numbers.
PHONE = re.compile(r"(?<![\w\[])(?:\+49 ?|0)\(?\d+\)?(?:[ /-]?\d+)+")


def _split_groups(text: str) -> str:
    """'[1, 2]' -> '[1][2]', so every marker is checked on its own."""
    return _GROUP.sub(lambda m: "".join(f"[{n.strip()}]" for n in re.split(r"[,;]", m.group(1))), text)


def cited_numbers(text: str) -> list[int]:
    """Marker numbers in order of first appearance."""
    seen: list[int] = []
    for m in MARKER.finditer(_split_groups(text)):
        n = int(m.group(1))
        if n not in seen:
            seen.append(n)
    return seen


def keep_valid_markers(text: str, valid: Collection[int]) -> str:
    """Remove markers that point to no source, and repeated adjacent duplicates."""
    text = _split_groups(text)
    text = MARKER.sub(lambda m: m.group(0) if int(m.group(1)) in valid else "", text)
    text = re.sub(r"(\[\d+\])(?:\s*\1)+", r"\1", text)
    return re.sub(r"[ \t]+([.,;:!?])", r"\1", re.sub(r"[ \t]{2,}", " ", text)).strip()


def renumber(text: str, mapping: Mapping[int, int]) -> str:
    """Rewrite markers with new numbers (old -> new) in one pass."""
    return MARKER.sub(lambda m: f"[{mapping.get(int(m.group(1)), int(m.group(1)))}]", text)


def _norm_url(url: str) -> str:
    url = url.lower().rstrip(".,;:!?/")
    return re.sub(r"^(?:https?://)?(?:www\.)?", "", url)


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


def strip_unknown_contacts(
    text: str, *, urls: Collection[str], emails: Collection[str], phones: Collection[str]
) -> str:
    """Drop URLs, e-mail addresses and phone numbers that are not in the knowledge base.

    Contact data shown to users must come from knowledge files, never from model text.
    """
    known_urls = {_norm_url(u) for u in urls}
    known_emails = {e.lower() for e in emails}
    known_phones = {_digits(p) for p in phones if _digits(p)}
    text = URL.sub(lambda m: m.group(0) if _norm_url(m.group(0)) in known_urls else "", text)
    known_hosts = {u.split("/", 1)[0] for u in known_urls}

    def bare(m: re.Match[str]) -> str:
        found = _norm_url(m.group(0))
        return m.group(0) if found in known_urls or found in known_hosts else ""

    text = BARE_DOMAIN.sub(bare, text)
    text = EMAIL.sub(lambda m: m.group(0) if m.group(0).lower() in known_emails else "", text)

    def phone(m: re.Match[str]) -> str:
        digits = _digits(m.group(0))
        return m.group(0) if len(digits) < 6 or digits in known_phones else ""

    text = PHONE.sub(phone, text)
    text = re.sub(r"\(\s*\)|\[\s*\]\(\s*\)", "", text)
    return re.sub(r"[ \t]{2,}", " ", text).strip()
