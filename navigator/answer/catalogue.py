"""The whole catalogue as a fixed prompt prefix, and the few dozen tokens a question adds to it.

Cache-augmented generation (issue 20): the rules and one compact line per current entry (number,
title, status, the start of its summary) form a prefix that llama.cpp evaluates once; its KV state is
kept (`navigator.answer.prefix_cache`). A question then adds only itself, the asker's facts and the
retrieved entries' catalogue numbers, with the status sentence of each entry whose status matters
(ended, ending, upcoming). On 2 CPU cores every prompt token costs ~12-30 ms before the first answer
token, so this part stays as short as possible; the cards carry the details, and the model writes a
short lead paragraph.

Retrieval still decides what may be cited: the model sees all catalogue numbers, but only the
retrieved entries' numbers become `[n]` markers (`CitationMapper`); any other number is dropped.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from navigator.answer.status import titles
from navigator.knowledge import Entry
from navigator.llm.base import Message
from navigator.prompts import Prompts
from navigator.retrieval.catalogue import Snapshot
from navigator.status import status_fact
from navigator.text import german_date, without_brackets
from navigator.types import Source
from navigator.vocab import LANGUAGES

# Characters of an entry's summary in its catalogue line: enough to tell entries apart, at
# ~35 tokens a line (125 entries ≈ 4,500 prefix tokens; 110 characters made it 6,800).
SUMMARY_CHARS = 70
# The worked example of the prefix cites these entries when the catalogue has them.
EXAMPLE_IDS = ("bildungsgutschein", "agentur-fuer-arbeit-hagen")
_MARKER = re.compile(r"( ?)\[(\d{1,4})\]")


@dataclass(frozen=True, slots=True)
class CataloguePrefix:
    """The fixed messages of one catalogue on one day, and the number each current entry has in it."""

    messages: tuple[Message, ...]
    numbers: Mapping[str, int]  # entry id -> catalogue number (current entries only)
    digest: str  # hash of the prefix text: changes with any entry line, the rules or the example


def digest(messages: Sequence[Message]) -> str:
    h = hashlib.sha256()
    for m in messages:
        h.update(f"{m.role}\x00{m.content}\x00".encode())
    return h.hexdigest()


def _clip(text: str, limit: int) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:–-") + " …"


def status_label(entry: Entry, snapshot: Snapshot) -> str:
    """A day-independent German status for the line: dates, never "in N days" (the prefix is cached)."""
    fact = status_fact(entry, "de", snapshot.today)
    day = german_date(fact.date) or ""
    if fact.state == "upcoming":
        return f"ab {day}"
    if fact.state == "ended":
        return f"beendet seit {day}"
    return f"offen bis {day}" if day else ""


def catalogue_line(n: int, entry: Entry, snapshot: Snapshot) -> str:
    """One compact line: `12. Title (status): start of the summary`; no status means open."""
    title = without_brackets(entry.title)
    status = status_label(entry, snapshot)
    return f"{n}. {title}{f' ({status})' if status else ''}: {_clip(entry.summary, SUMMARY_CHARS)}"


def current_entries(snapshot: Snapshot) -> list[Entry]:
    """The entries the prefix lists, in a stable order (kind, then id), so numbers rarely move."""
    today = snapshot.today
    return sorted(
        (e for e in snapshot.entries.values() if e.status(today) != "ended"), key=lambda e: (e.kind, e.id)
    )


def build_prefix(snapshot: Snapshot, prompts: Prompts) -> CataloguePrefix:
    """The cached prefix for `snapshot`: rules with the catalogue, then one worked example."""
    entries = current_entries(snapshot)
    numbers = {e.id: i for i, e in enumerate(entries, 1)}
    lines = [catalogue_line(numbers[e.id], e, snapshot) for e in entries]
    messages = [Message("system", prompts.render("catalogue_system", lines=lines))]
    if all(i in numbers for i in EXAMPLE_IDS):
        first, second = (numbers[i] for i in EXAMPLE_IDS)
        messages += [
            Message("user", prompts.render("catalogue_example_user", first=first, second=second)),
            Message("assistant", prompts.render("catalogue_example_assistant", first=first, second=second)),
        ]
    return CataloguePrefix(tuple(messages), numbers, digest(messages))


def prefix_for(snapshot: Snapshot, prompts: Prompts) -> CataloguePrefix:
    """`build_prefix`, once per catalogue and day."""
    return snapshot.derived("catalogue_prefix", lambda s: build_prefix(s, prompts))


def numbering(prefix: CataloguePrefix, sources: Sequence[Source]) -> dict[int, int]:
    """Catalogue number -> the source's `[n]`; an entry outside the prefix (ended) gets a number after it."""
    extra = len(prefix.numbers)
    mapping: dict[int, int] = {}
    for s in sources:
        number = prefix.numbers.get(s.id)
        if number is None:
            extra += 1
            number = extra
        mapping[number] = s.n
    return mapping


def messages(
    prefix: CataloguePrefix,
    sources: Sequence[Source],
    snapshot: Snapshot,
    prompts: Prompts,
    *,
    question: str,
    lang: str,
    facts: str = "",
) -> list[Message]:
    """The whole prompt: the cached prefix, then the question turn.

    The turn holds the question, the asker's facts and the hits' catalogue numbers, each with its
    status sentence where the status matters.
    """
    named = titles(snapshot)  # built once per catalogue, as for the status stage
    by_n = {s.n: s for s in sources}
    hits = []
    for number, n in numbering(prefix, sources).items():
        entry = snapshot.entries[by_n[n].id]
        fact = status_fact(entry, lang, snapshot.today, named)
        # An entry outside the prefix needs its title; a plainly open one needs nothing but its number.
        name = "" if entry.id in prefix.numbers else without_brackets(entry.title)
        hits.append({"number": number, "name": name, "status": fact.sentence if fact.notable else ""})
    turn = prompts.render(
        "catalogue_question",
        question=question,
        hits=hits,
        check_facts=facts,
        language_name=LANGUAGES.get(lang, lang),
        answer_in="" if lang == "de" else prompts.phrase("answer_in", lang),
    )
    return [*prefix.messages, Message("user", turn)]


def whole_sentences(text: str) -> str:
    """`text` up to its last complete sentence (with the citations right after it), or all of it."""
    ends = list(re.finditer(r"[.!?](?:\s*\[\d+\])*", text))
    return text[: ends[-1].end()] if ends else text


class CitationMapper:
    """Rewrites catalogue numbers in a token stream to the answer's `[n]`, dropping any other number.

    A marker may arrive split over tokens ("[1", "2]"), so text from an open "[" on is held back
    until the marker closes or cannot be one.
    """

    def __init__(self, mapping: Mapping[int, int]) -> None:
        self.mapping = dict(mapping)
        self._held = ""

    def feed(self, piece: str) -> str:
        text = self._held + piece
        start = text.rfind("[")
        if start != -1 and re.fullmatch(r"\[\d{0,4}", text[start:]):
            text, self._held = text[:start], text[start:]
        else:
            self._held = ""
        return self.map(text)

    def flush(self) -> str:
        text, self._held = self._held, ""
        return self.map(text)

    def map(self, text: str) -> str:
        def replace(match: re.Match[str]) -> str:
            n = self.mapping.get(int(match.group(2)))
            return f"{match.group(1)}[{n}]" if n is not None else ""

        return _MARKER.sub(replace, text)
