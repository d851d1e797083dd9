"""Does a model's answer contradict what the system states about an offer?

A sentence belongs to an entry when it cites it ("[2]") or names it: by its short title, or, for an
ended entry, by any name people use for it (`navigator.retrieval.names`, spelling-tolerant), so "Yes,
you can still apply for a MID Innovation voucher [1]" belongs to the ended MID-Innovation although it
cites the open successor. For each such sentence:
- `affirms_ended`: it says an ended offer is available ("Ja, Sie können Digital Jetzt noch beantragen");
- `year_after_end`: it affirms the offer for a year after its last day ("bietet 2027 Workshops" for an
  offer funded until 31.12.2026);
- `unsourced_amount` / `unsourced_date`: it gives an amount or a date that is neither in the entry nor in
  its status sentence.
The first problem found is returned; the answer pipeline then uses the extractive answer instead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from navigator.retrieval.names import Name, words
from navigator.status.facts import StatusFact, short_title
from navigator.status.lexicon import cues

SENTENCE = re.compile(r"(?<=[.!?؟])\s+|\n+")
MARKER = re.compile(r"\[(\d+)\]")
YEAR = re.compile(r"\b(20\d\d)\b")
# An amount: a number with a currency or percent sign or word (German, English and the answer languages).
NUM = r"\d{1,3}(?:[.\u00a0 ]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
AMOUNT = re.compile(
    rf"(?:€|eur\b)\s*({NUM})|({NUM})\s*(?:€|euro|eur\b|%|prozent|percent|avro|يورو|євро|евро|процент|відсот)",
    re.IGNORECASE,
)
DATE = re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(20\d\d)\b|\b(20\d\d)-(\d\d)-(\d\d)\b")
NUMBER = re.compile(NUM)


@dataclass(frozen=True, slots=True)
class Contradiction:
    """What an answer's sentence says against the data about one entry."""

    reason: str  # affirms_ended | year_after_end | unsourced_amount | unsourced_date
    entry_id: str
    sentence: str


@dataclass(frozen=True, slots=True)
class Cited:
    """What the check knows of one source the model could cite."""

    n: int
    entry_id: str
    title: str
    text: str  # everything the entry says (summary, body, keywords): the only allowed amounts and dates
    fact: StatusFact
    names: tuple[Name, ...] = ()  # an ended entry's names (`Snapshot.ended_names`); others: none


def _number(raw: str) -> str:
    """'2.500' / '2 500' / '2500,00' → '2500'; '1,5' → '1.5' (German thousands and decimals)."""
    s = re.sub(r"[\s\u00a0]", "", raw)
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", s):
        s = s.replace(".", "")
    s = s.replace(",", ".")
    return s[:-3] if s.endswith(".00") else s


def _numbers(text: str) -> set[str]:
    return {_number(m) for m in NUMBER.findall(text)}


def _dates(text: str) -> set[tuple[int, int, int]]:
    found = set()
    for m in DATE.finditer(text):
        if m.group(1):
            found.add((int(m.group(3)), int(m.group(2)), int(m.group(1))))
        else:
            found.add((int(m.group(4)), int(m.group(5)), int(m.group(6))))
    return found


def _belongs(sentence: str, asked: Sequence[str], source: Cited) -> bool:
    if any(int(n) == source.n for n in MARKER.findall(sentence)):
        return True
    name = short_title(source.title)
    if len(name) >= 5 and name.casefold() in sentence.casefold():
        return True
    return any(n.found_in(asked) for n in source.names)


def _status_problem(plain: str, source: Cited, lang: str) -> str | None:
    c = cues(lang)
    affirms = bool(c.affirm.search(plain)) and not c.deny.search(plain)
    fact = source.fact
    if fact.state == "ended" and affirms:
        return "affirms_ended"
    end = fact.date if fact.state in ("ended", "ending", "open") else None
    if end is not None and affirms and any(int(y) > end.year for y in YEAR.findall(plain)):
        return "year_after_end"
    return None


def _value_problem(plain: str, owners: Sequence[Cited]) -> str | None:
    """An amount or date in the sentence that none of the entries it belongs to states."""
    numbers: set[str] = set()
    dates: set[tuple[int, int, int]] = set()
    for s in owners:
        numbers |= _numbers(s.text) | _numbers(s.fact.sentence)
        dates |= _dates(s.text) | _dates(s.fact.sentence)
        if s.fact.date:
            dates.add((s.fact.date.year, s.fact.date.month, s.fact.date.day))
    for m in AMOUNT.finditer(plain):
        if _number(m.group(1) or m.group(2)) not in numbers:
            return "unsourced_amount"
    if any(d not in dates for d in _dates(plain)):
        return "unsourced_date"
    return None


def find_contradiction(text: str, sources: Sequence[Cited], lang: str) -> Contradiction | None:
    """The first sentence of `text` that contradicts the data of a source it belongs to, or None."""
    for sentence in SENTENCE.split(text):
        # The sentence's folded words, once per sentence: only ended entries' names need them.
        asked = words(sentence) if any(s.names for s in sources) else ()
        owners = [s for s in sources if _belongs(sentence, asked, s)]
        if not owners:
            continue
        plain = MARKER.sub(" ", sentence)
        for source in owners:
            if reason := _status_problem(plain, source, lang):
                return Contradiction(reason, source.entry_id, sentence.strip())
        if reason := _value_problem(plain, owners):
            return Contradiction(reason, owners[0].entry_id, sentence.strip())
    return None


def cited_from(sources: Sequence[tuple[int, str, str, str]], facts: Mapping[str, StatusFact]) -> list[Cited]:
    """`Cited` records from (n, entry id, title, full text) tuples and the entries' status facts."""
    return [Cited(n, i, title, text, facts[i]) for n, i, title, text in sources if i in facts]
