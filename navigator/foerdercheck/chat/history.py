"""The facts of a chat conversation: each user turn read as the reply to the question before it.

The navigator's own questions are recognised in its last turn (`pending_field`), so a short reply
("ja", "30", "Hagen") is read for the field asked about; later turns win over earlier ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from navigator import vocab
from navigator.foerdercheck import phrases
from navigator.foerdercheck.engine import Checker
from navigator.foerdercheck.extract import extract, parse_reply
from navigator.foerdercheck.profile import Profile, Value
from navigator.foerdercheck.questions import build_question
from navigator.foerdercheck.regions import region_of_town
from navigator.knowledge import text_in


class Turn(Protocol):
    """A chat turn (navigator.answer.Turn fits): who spoke and what was said."""

    @property
    def role(self) -> str: ...

    @property
    def content(self) -> str: ...


@lru_cache(maxsize=4)
def question_fields(checker: Checker) -> dict[str, str]:
    """Every question text the navigator may have asked (any language, case-folded) -> its field."""
    texts: dict[str, str] = {}
    for entry in checker.checkable:
        assert entry.eligibility is not None
        for rule in entry.eligibility.criteria:
            for lang in ("de", "en", "tr", "uk", "ar", "ru"):
                texts[text_in(rule.question, lang).casefold()] = rule.field
    for name in vocab.ELIGIBILITY_FIELDS:
        for lang in phrases.languages():
            texts[phrases.question(name, lang).casefold()] = name
            for asker in ("company", "person"):
                texts[build_question(name, lang, asker=asker).text.casefold()] = name
    return texts


def pending_field(history: Sequence[Turn], checker: Checker) -> str | None:
    """The field the navigator asked about in its last turn, if it asked one."""
    last = next((t.content for t in reversed(history) if t.role == "assistant"), None)
    if not last:
        return None
    said = last.casefold()
    return next((name for text, name in question_fields(checker).items() if text in said), None)


def read_profile(message: str, history: Sequence[Turn], checker: Checker, today: dt.date) -> Profile:
    """The facts in the user's turns (later ones win), each read as the reply to the question before it."""
    facts: dict[str, Value] = {}
    turns = [*history, _Said("user", message)]
    for i, turn in enumerate(turns):
        if turn.role != "user":
            continue
        found = extract(turn.content, today)
        # Who asks is settled by the first turn that says it: "Das weiß ich nicht" from a company
        # is not a person speaking for themselves.
        if "applicant" in facts:
            found.pop("applicant", None)
        asked = pending_field(turns[:i], checker)
        if asked and asked not in found:
            reply = parse_reply(asked, turn.content)
            if reply is None and asked == "region":
                reply = region_of_town(turn.content)
            if reply is not None:
                found[asked] = reply
        facts.update(found)
    return Profile(facts)


@dataclass(frozen=True, slots=True)
class _Said:
    role: str
    content: str
