"""Ask the one deciding question, or state the verdicts: the Förder-Check's step in the chat.

`clarify` checks the programmes among the retrieved sources against the facts of the conversation
(`history.py`), decides whether the message asks about the asker's own funding (`asking.py`), narrows
to the programme asked about and the fields that decide it (`deciding.py`) and returns a
`ClarifyResult` (`result.py`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace

from navigator.foerdercheck import phrases
from navigator.foerdercheck.chat.asking import (
    AMOUNT,
    ELIGIBLE,
    FUNDING,
    asks_about_own_funding,
    history_question,
    question_part,
)
from navigator.foerdercheck.chat.deciding import checkable_or_ended, not_deciding, subject
from navigator.foerdercheck.chat.history import Turn, pending_field, question_fields, read_profile
from navigator.foerdercheck.chat.result import ClarifyResult
from navigator.foerdercheck.conversation import MAX_QUESTIONS, NOT_FOR, asked_fields
from navigator.foerdercheck.engine import Checker
from navigator.foerdercheck.profile import Profile
from navigator.foerdercheck.questions import build_question, next_question
from navigator.foerdercheck.ranking import rank
from navigator.foerdercheck.regions import splits_by_region
from navigator.foerdercheck.results import CheckResult, Question
from navigator.types import Source


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
        if s.kind == "programme" and s.id in checker.entries and checkable_or_ended(checker, s.id)
    ]
    said = " ".join([*(t.content for t in history if t.role == "user"), message]).casefold()
    if not ids or not FUNDING.search(said):
        return None
    lang = lang if lang in phrases.languages() else "de"
    profile = read_profile(message, history, checker, checker.today)
    report = checker.check(profile, lang=lang, programmes=ids)
    ranked = rank(report, checker.entries)
    results = ranked.fits + ranked.almost + ranked.other + ranked.not_fitting
    leading = tuple(r.programme.id for r in ranked.fits + ranked.almost)
    numbers = {s.id: s.n for s in sources}
    asked_before = asked_fields(history, question_fields(checker))
    skipped = tuple(f for f in asked_before if f not in profile)
    replying = pending_field(history, checker) is not None
    if not replying and not asks_about_own_funding(question_part(message), said):
        return ClarifyResult(None, profile, results, lang)
    by_id = {r.programme.id: r for r in report.results}
    about = [by_id[i] for i in subject(ids, said, checker) if i in by_id]
    verdicts = ClarifyResult(
        None, profile, results, lang, conversation=True, skipped=skipped, leading=leading, numbers=numbers
    )
    if not about or any(r.outcome == "ended" for r in about) or len(asked_before) >= MAX_QUESTIONS:
        return verdicts
    asked = question_part(history_question(history) if replying else message)
    amount_only = bool(AMOUNT.search(asked)) and not ELIGIBLE.search(asked)
    # Then what the other checked programmes still need (§ 82 after the Qualifizierungsgeld).
    others = [r for r in report.results if r.outcome == "answer_missing" and r not in about]
    others = [r for r in others if r.programme.id in leading]
    question = _deciding_question(
        about, others, profile, asked_before, said, lang, checker, amount_only=amount_only
    )
    # The town decides whom to contact for a fitting programme: asked last, once the verdicts stand.
    if question is None and "region" not in profile and "region" not in asked_before:
        fitting = [r for r in results if r.outcome in ("fits", "fits_if") and splits_by_region(r.offices)]
        if fitting:
            question = build_question("region", lang, asker=_asker(profile))
    return replace(verdicts, question=question)


def _deciding_question(
    about: Sequence[CheckResult],
    others: Sequence[CheckResult],
    profile: Profile,
    asked_before: Collection[str],
    said: str,
    lang: str,
    checker: Checker,
    *,
    amount_only: bool,
) -> Question | None:
    """The field that decides the programmes asked about, else one the other leading ones need.

    The other programmes are asked about only for a known asker: a side hit is not quizzed.
    """
    who = _asker(profile)
    not_for = NOT_FOR.get(str(profile.get("applicant")), frozenset())
    skip = not_deciding(about, checker, said, amount_only=amount_only) | set(asked_before) | not_for
    question = next_question(about, lang, skip=skip, soft=False, amounts=True, asker=who, known=profile)
    if question is None and others and who:
        skip = not_deciding(others, checker, said, amount_only=False) | set(asked_before) | not_for
        question = next_question(others, lang, skip=skip, soft=False, asker=who, known=profile)
    return question


def _asker(profile: Profile) -> str | None:
    asker = profile.get("applicant")
    return str(asker) if asker else None
