"""One programme's verdict from its rules: what is met, broken or open, and which benefit rows pay.

The engine (`engine.py`) adds what depends on the calendar and the knowledge base around the
programme (ended, upcoming, alternatives, offices); this module only judges the programme's own
eligibility rules and benefit rows against the facts, three-valued (`rules.py`).
"""

from __future__ import annotations

from dataclasses import dataclass

from navigator.foerdercheck import phrases
from navigator.foerdercheck.profile import Facts
from navigator.foerdercheck.questions import build_question
from navigator.foerdercheck.results import BenefitResult, CriterionResult, Outcome, Question, SourceRef
from navigator.foerdercheck.rules import judge_all, judge_criterion, unknown_fields
from navigator.knowledge import Criterion, Eligibility, RuleSource, text_in


@dataclass(frozen=True, slots=True)
class RulesVerdict:
    """The outcome of a programme's rules, with the rules to show, the questions and the conditions."""

    outcome: Outcome
    shown: tuple[CriterionResult, ...]
    questions: tuple[Question, ...]
    # Soft rules not met or still open, and "apply before the course starts".
    conditions: tuple[str, ...]
    # The programmes the broken rules name instead.
    alternatives: tuple[str, ...]


def source_ref(src: RuleSource) -> SourceRef:
    return SourceRef(str(src.url), src.section, src.date.isoformat() if src.date else None)


def judge_rules(eligibility: Eligibility, facts: Facts, lang: str, asker: str | None) -> RulesVerdict:
    """The outcome of the rules alone, with what to show, to ask and to meet.

    does_not_fit if a hard rule is broken, answer_missing if one is open, else fits_if with
    conditions (soft rules not met, the timing) or fits.
    """
    shown: list[CriterionResult] = []
    questions: dict[str, Question] = {}
    hard: dict[str, list[Criterion]] = {"not_met": [], "unknown": []}
    conditions: list[str] = []
    alternatives: list[str] = []
    for rule in sorted(eligibility.criteria, key=lambda c: c.strength != "hard"):
        judged = judge_criterion(rule, facts)
        if judged.status == "not_applicable":
            continue
        text = {"met": rule.met, "not_met": rule.not_met, "unknown": rule.question}[judged.status]
        shown.append(
            CriterionResult(
                rule.field,
                rule.strength,
                judged.status,
                text_in(text, lang),
                source_ref(rule.source),
                tuple(rule.alternatives),
                judged.missing,
            )
        )
        if judged.status == "unknown":
            for name in judged.missing:
                questions.setdefault(name, build_question(name, lang, rule, asker))
        if rule.strength == "hard" and judged.status != "met":
            hard[judged.status].append(rule)
        elif rule.strength == "soft" and judged.status != "met":
            conditions.append(text_in(rule.not_met if judged.status == "not_met" else rule.question, lang))
        if judged.status == "not_met":
            alternatives += rule.alternatives
    has_course_rule = any(c.field == "course_started" for c in eligibility.criteria)
    if eligibility.timing == "before_start" and not has_course_rule:
        conditions.append(phrases.phrase("timing_before_start", lang))
    outcome: Outcome
    if hard["not_met"]:
        outcome = "does_not_fit"
    elif hard["unknown"]:
        outcome = "answer_missing"
    else:
        outcome = "fits_if" if conditions else "fits"
    return RulesVerdict(
        outcome, tuple(shown), tuple(questions.values()), tuple(conditions), tuple(alternatives)
    )


def benefits(
    eligibility: Eligibility, facts: Facts, lang: str
) -> tuple[tuple[BenefitResult, ...], tuple[BenefitResult, ...]]:
    """Benefits whose conditions hold, and those that may hold (with the fields still needed)."""
    paid: list[BenefitResult] = []
    maybe: list[BenefitResult] = []
    for b in eligibility.benefits:
        verdict = judge_all(b.when, facts)
        item = BenefitResult(text_in(b.label, lang), text_in(b.text, lang), source_ref(b.source))
        if verdict is True:
            paid.append(item)
        elif verdict is None:
            maybe.append(BenefitResult(item.label, item.text, item.source, unknown_fields(b.when, facts)))
    return tuple(paid), tuple(maybe)
