"""The Förder-Check in the chat: ask the one deciding question instead of guessing, or state the verdict.

`clarify()` looks at the programmes among the retrieved sources. If the message is a funding question
and a programme's outcome (or its amount, like the § 82 SGB III shares by company size) depends on a
fact that message and history do not give, it returns that one question, in the user's language.
When the facts are known it returns the check's results, so the answer can state them: the model may
phrase them, never decide them.

Example (what `ChatService` does with it)::

    result = clarify(message, history, sources, lang, checker=checker)
    if result and result.question:
        reply = result.question_text()        # ask, don't answer yet
    elif result:
        facts = result.prompt_facts()         # verdicts for the prompt; the model must not change them
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final, Protocol

from navigator import vocab
from navigator.foerdercheck import phrases
from navigator.foerdercheck.engine import Checker, next_question
from navigator.foerdercheck.extract import extract, parse_reply
from navigator.foerdercheck.profile import Profile, Value
from navigator.foerdercheck.results import CheckResult, Question
from navigator.knowledge import text_in
from navigator.types import Source

# Words that make a message a question about money or eligibility (checked on the case-folded text).
FUNDING: Final = re.compile(
    r"zusch[uü]ss|f[öo]rder|gef[öo]rdert|geld|kosten|bezahl|zahlt|finanzier|stipendium|baf[öo]g|"
    r"anspruch|bekomm|beantrag|voraussetzung|berechtigt|gutschein|\bscheck|"
    r"grant|fund|subsid|pay|cost|scholarship|eligib|allowance|voucher|"
    r"destek|hibe|ödenek|burs|finans|ücret|"
    r"підтрим|грант|фінанс|оплат|кошт|стипенд|допомог|"
    r"поддерж|финанс|стоимост|пособ|"
    r"دعم|منح|تمويل|تكاليف|يدفع|مساعدة"
)


class Turn(Protocol):
    """A chat turn (navigator.chat.Turn fits): who spoke and what was said."""

    @property
    def role(self) -> str: ...

    @property
    def content(self) -> str: ...


@dataclass(frozen=True, slots=True)
class ClarifyResult:
    """The one question to ask (or None when the facts are known), the profile read, the verdicts."""

    question: Question | None
    profile: Profile
    results: tuple[CheckResult, ...]
    language: str

    @property
    def ask(self) -> bool:
        return self.question is not None

    def question_text(self) -> str:
        """The reply that asks the question, with a short lead-in in the user's language."""
        assert self.question is not None
        return f"{phrases.phrase('clarify_intro', self.language)} {self.question.text}"

    def prompt_facts(self) -> str:
        """The verdicts as plain lines for the answer prompt (in the user's language)."""
        lang = self.language
        lines = []
        for r in self.results:
            lines.append(f"- {r.programme.title}: {r.label}")
            lines += [f"  - {c.text}" for c in r.criteria if c.status == "not_met"]
            lines += [
                f"  - {phrases.phrase('open', lang)} {q.text}"
                for q in r.questions
                if r.outcome == "answer_missing"
            ]
            lines += [f"  - {text}" for text in r.conditions]
            if r.outcome in ("fits", "fits_if", "answer_missing"):
                lines += [f"  - {b.label}: {b.text}" for b in r.benefits]
            if r.note:
                lines.append(f"  - {r.note}")
            if r.alternatives and r.outcome == "does_not_fit":
                names = ", ".join(a.title for a in r.alternatives)
                lines.append(f"  - {phrases.phrase('instead', lang)} {names}")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        return {
            "question": self.question.as_dict() if self.question else None,
            "profile": dict(self.profile),
            "results": [r.as_dict() for r in self.results],
            "language": self.language,
        }


@lru_cache(maxsize=4)
def _question_fields(checker: Checker) -> dict[str, str]:
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
    return texts


def pending_field(history: Sequence[Turn], checker: Checker) -> str | None:
    """The field the navigator asked about in its last turn, if it asked one."""
    last = next((t.content for t in reversed(history) if t.role == "assistant"), None)
    if not last:
        return None
    said = last.casefold()
    return next((name for text, name in _question_fields(checker).items() if text in said), None)


def read_profile(message: str, history: Sequence[Turn], checker: Checker, today: dt.date) -> Profile:
    """The facts in the user's turns (later ones win), and the reply to a question just asked."""
    facts: dict[str, Value] = {}
    for turn in history:
        if turn.role == "user":
            facts.update(extract(turn.content, today))
    facts.update(extract(message, today))
    asked = pending_field(history, checker)
    if asked and asked not in facts:
        reply = parse_reply(asked, message)
        if reply is not None:
            facts[asked] = reply
    return Profile(facts)


def clarify(
    message: str,
    history: Sequence[Turn],
    sources: Sequence[Source],
    lang: str,
    *,
    checker: Checker,
) -> ClarifyResult | None:
    """The deciding question for a funding question about the sources' programmes, or their verdicts.

    Returns None when no source is a programme with eligibility rules, or the conversation is not
    about funding. Asks at most one question in a row: right after the navigator asked, the result
    carries the verdicts (answered or not, with what is still open) instead of a second question.
    """
    ids = [
        s.id
        for s in sources
        if s.kind == "programme" and s.id in checker.entries and _checkable_or_ended(checker, s.id)
    ]
    said = " ".join([*(t.content for t in history if t.role == "user"), message]).casefold()
    if not ids or not FUNDING.search(said):
        return None
    lang = lang if lang in phrases.languages() else "de"
    profile = read_profile(message, history, checker, checker.today)
    report = checker.check(profile, lang=lang, programmes=ids)
    # One question per funding question: right after asking, answer with what is known (and open).
    if pending_field(history, checker):
        return ClarifyResult(None, profile, report.results, lang)
    question = next_question(report.results, lang, soft=False, amounts=True)
    return ClarifyResult(question, profile, report.results, lang)


def _checkable_or_ended(checker: Checker, pid: str) -> bool:
    entry = checker.entries[pid]
    return entry in checker.checkable or entry.status(checker.today) == "ended"
