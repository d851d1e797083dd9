"""The Förder-Check: evaluate a profile against every programme's eligibility rules (no LLM).

Outcomes per programme:
    fits            every rule is met
    fits_if         every hard rule is met; soft rules unmet or unknown, or a condition to meet
                    ("apply before the course starts")
    does_not_fit    a hard rule is broken; names the alternatives the knowledge gives
    answer_missing  a hard rule cannot be decided yet; carries the question(s) to ask
    ended           the programme is past `valid_until`: "ended on …, instead: …" (rules not evaluated)
    upcoming        the programme starts later (`valid_from` in the future)

Example::

    checker = Checker(entries, today=dt.date(2026, 11, 26))
    report = checker.check(Profile.parse({"applicant": "company", "company_size": 30}), lang="de")
    report.by_id()["weiterbildung-beschaeftigte-82-sgb-iii"].benefits   # the < 50 employees rows
    report.next_question.text
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace

from navigator import vocab
from navigator.foerdercheck import phrases
from navigator.foerdercheck.profile import DEFAULT_RANGE, RANGES, Facts, Profile, ProfileError, enum_values
from navigator.foerdercheck.regions import responsible, splits_by_region
from navigator.foerdercheck.results import (
    OUTCOMES,
    BenefitResult,
    CheckReport,
    CheckResult,
    CriterionResult,
    OfficeRef,
    Option,
    Outcome,
    ProgrammeRef,
    Question,
    SourceRef,
)
from navigator.foerdercheck.rules import judge_all, judge_criterion, unknown_fields
from navigator.knowledge import Criterion, Entry, RuleSource, text_in
from navigator.text import german_date

log = logging.getLogger(__name__)
FIELD_ORDER = tuple(vocab.ELIGIBILITY_FIELDS)


def _source(src: RuleSource) -> SourceRef:
    return SourceRef(str(src.url), src.section, src.date.isoformat() if src.date else None)


def _text(value: str | dict[str, str], lang: str) -> str:
    return text_in(value, lang)


def build_question(name: str, lang: str, rule: Criterion | None = None, asker: str | None = None) -> Question:
    """The question for field `name`, addressed to the asker ("Sie"), with a plain line on its term.

    The wording comes from phrases.yaml (a company gets its own where the field is about its staff),
    so every question is worded the same way and fits its options; a rule's own question is used
    only for a field phrases.yaml does not know.
    """
    company = asker == "company"
    if company and phrases.has(f"questions_company.{name}", "de"):
        text = phrases.phrase(f"questions_company.{name}", lang)
    elif asker == "person" and phrases.has(f"questions_person.{name}", "de"):
        text = phrases.phrase(f"questions_person.{name}", lang)
    elif phrases.has(f"questions.{name}", "de") or rule is None:
        text = phrases.question(name, lang)
    else:
        text = _text(rule.question, lang)
    help_key = f"explain_company.{name}" if company and phrases.has(f"explain_company.{name}", "de") else ""
    help_key = help_key or f"explain.{name}"
    help_text = phrases.phrase(help_key, lang) if phrases.has(help_key, "de") else ""
    kind = vocab.ELIGIBILITY_FIELDS[name][0]
    if kind == "bool":
        options = (Option("true", phrases.phrase("yes", lang)), Option("false", phrases.phrase("no", lang)))
        return Question(name, text, "bool", options, help=help_text)
    if kind == "int":
        low, high = RANGES.get(name, DEFAULT_RANGE)
        return Question(name, text, "int", (), low, high, help=help_text)
    values = enum_values(name)
    own = [v for v in values if phrases.has(f"options_company.{name}.{v}", "de")]
    labels = {v: f"options_company.{name}.{v}" for v in own}
    if not company or not labels:
        labels = {v: f"options.{name}.{v}" for v in values}
    choices = tuple(Option(v, phrases.phrase(key, lang)) for v, key in labels.items())
    return Question(name, text, "enum", choices, help=help_text)


class Checker:
    """Evaluates profiles against the programmes of a knowledge base, as of one day."""

    def __init__(self, entries: Iterable[Entry], today: dt.date) -> None:
        self.entries: dict[str, Entry] = {e.id: e for e in entries}
        self.today = today
        self.programmes = sorted(
            (e for e in self.entries.values() if e.kind == "programme"), key=lambda e: e.title.casefold()
        )
        self.checkable = [e for e in self.programmes if e.eligibility and e.eligibility.criteria]

    # -- public ---------------------------------------------------------------------------------
    def check(
        self,
        profile: Profile,
        *,
        lang: str = "de",
        programmes: Sequence[str] | None = None,
        topics: Sequence[str] = (),
        skip: Iterable[str] = (),
    ) -> CheckReport:
        """Evaluate `profile`; `programmes` limits the check to those ids (ended ones included)."""
        if lang not in vocab.ANSWER_LANGUAGES:
            raise ProfileError("language", f"must be one of {', '.join(vocab.ANSWER_LANGUAGES)}")
        for topic in topics:
            if topic not in vocab.TOPICS:
                raise ProfileError("topics", vocab.unknown("topic", topic, vocab.TOPICS))
        facts = profile.facts(self.today)
        chosen = self._chosen(programmes, topics)
        results = [self.evaluate(e, facts, lang) for e in chosen]
        if programmes is None:
            results += self._ended_predecessors(results, topics, lang)
        results.sort(key=lambda r: (OUTCOMES.index(r.outcome), r.programme.title.casefold()))
        question = next_question(
            results, lang, skip=skip, asker=_given(facts, "applicant"), known=facts.values
        )
        derived = {k: list(facts.values[k]) for k in facts.derived}
        return CheckReport(tuple(results), question, lang, self.today, dict(profile), derived)

    def evaluate(self, entry: Entry, facts: Facts, lang: str = "de") -> CheckResult:
        """The verdict on one programme."""
        status = entry.status(self.today)
        if status == "ended":
            return self._ended(entry, lang)
        eligibility = entry.eligibility
        assert eligibility is not None
        asker = _given(facts, "applicant")
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
                    _text(text, lang),
                    _source(rule.source),
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
                conditions.append(_text(rule.not_met if judged.status == "not_met" else rule.question, lang))
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
        note = None
        if status == "upcoming" and outcome != "does_not_fit":
            outcome, note = "upcoming", phrases.phrase("upcoming", lang, date=german_date(entry.valid_from))
        benefits, open_benefits = self._benefits(entry, facts, lang)
        return CheckResult(
            self.ref(entry),
            entry.organisation,
            entry.summary,
            outcome,
            phrases.phrase(f"outcome.{outcome}", lang),
            tuple(shown),
            tuple(conditions) if outcome in ("fits_if", "upcoming") else (),
            tuple(questions.values()) if outcome != "does_not_fit" else (),
            self._refs(alternatives, exclude=entry.id),
            (),
            benefits,
            open_benefits,
            self._offices(entry, _given(facts, "region")),
            _text(eligibility.apply, lang) if eligibility.apply else None,
            note,
        )

    def ref(self, entry: Entry) -> ProgrammeRef:
        return ProgrammeRef(
            entry.id,
            entry.title,
            str(entry.url),
            entry.status(self.today),
            german_date(entry.end_date()),
            entry.reviewed.isoformat(),
        )

    # -- helpers --------------------------------------------------------------------------------
    def _chosen(self, ids: Sequence[str] | None, topics: Sequence[str]) -> list[Entry]:
        if ids is None:
            return [
                e
                for e in self.checkable
                if e.status(self.today) != "ended" and (not topics or set(topics) & set(e.topics))
            ]
        chosen = []
        for pid in dict.fromkeys(ids):
            entry = self.entries.get(pid)
            if entry is None or entry.kind != "programme":
                raise ProfileError("programmes", f"unknown programme id {pid!r}")
            if entry.status(self.today) != "ended" and entry not in self.checkable:
                raise ProfileError("programmes", f"programme {pid!r} has no eligibility rules to check")
            chosen.append(entry)
        return chosen

    def _ended(self, entry: Entry, lang: str) -> CheckResult:
        successors = self._refs(entry.successors, exclude=entry.id)
        # Recommended offers are not successors: they are named as alternatives, and the note says so.
        recommended = self._refs(entry.recommended, exclude=entry.id)
        ended_on = german_date(entry.end_date())
        if successors:
            names = ", ".join(s.title for s in successors)
            note = phrases.phrase("ended_instead", lang, date=ended_on, successors=names)
        elif recommended:
            names = ", ".join(s.title for s in recommended)
            note = phrases.phrase("ended_recommended", lang, date=ended_on, successors=names)
        else:
            note = phrases.phrase("ended", lang, date=ended_on)
        return CheckResult(
            self.ref(entry),
            entry.organisation,
            entry.summary,
            "ended",
            phrases.phrase("outcome.ended", lang),
            successors=successors,
            alternatives=recommended,
            offices=self._offices(entry),
            note=note,
        )

    def _ended_predecessors(
        self, results: Sequence[CheckResult], topics: Sequence[str], lang: str
    ) -> list[CheckResult]:
        """Ended programmes whose successor fits: people still search for the old names."""
        fitting = {r.programme.id for r in results if r.outcome in ("fits", "fits_if")}
        return [
            self._ended(e, lang)
            for e in self.programmes
            if e.status(self.today) == "ended"
            and fitting & set(e.successors)
            and (not topics or set(topics) & set(e.topics))
        ]

    def _refs(self, ids: Iterable[str], *, exclude: str) -> tuple[ProgrammeRef, ...]:
        """Entries by id; an ended one is replaced by its current successors."""
        refs: dict[str, ProgrammeRef] = {}
        for pid in ids:
            entry = self.entries.get(pid)
            if entry is None:
                continue
            if entry.status(self.today) == "ended" and entry.successors:
                refs.update({r.id: r for r in self._refs(entry.successors, exclude=exclude)})
            elif pid != exclude:
                refs[pid] = self.ref(entry)
        return tuple(refs.values())

    def _offices(self, entry: Entry, region: str | None = None) -> tuple[OfficeRef, ...]:
        """The programme's current offices; with a region, those responsible for it."""
        offices = []
        for oid in entry.offices:
            office = self.entries.get(oid)
            if office is None or office.status(self.today) == "ended":
                continue
            contact = {k: str(v) for k, v in office.contact.model_dump().items() if v}
            regions = () if set(vocab.REGIONS) <= set(office.regions) else tuple(office.regions)
            offices.append(
                OfficeRef(office.id, office.title, office.organisation, str(office.url), contact, regions)
            )
        return responsible(offices, region)

    def _benefits(
        self, entry: Entry, facts: Facts, lang: str
    ) -> tuple[tuple[BenefitResult, ...], tuple[BenefitResult, ...]]:
        """Benefits whose conditions hold, and those that may hold (with the fields still needed)."""
        assert entry.eligibility is not None
        paid: list[BenefitResult] = []
        maybe: list[BenefitResult] = []
        for b in entry.eligibility.benefits:
            verdict = judge_all(b.when, facts)
            item = BenefitResult(_text(b.label, lang), _text(b.text, lang), _source(b.source))
            if verdict is True:
                paid.append(item)
            elif verdict is None:
                maybe.append(BenefitResult(item.label, item.text, item.source, unknown_fields(b.when, facts)))
        return tuple(paid), tuple(maybe)


def next_question(
    results: Sequence[CheckResult],
    lang: str = "de",
    *,
    skip: Iterable[str] = (),
    soft: bool = True,
    amounts: bool = False,
    asker: str | None = None,
    known: Collection[str] = (),
) -> Question | None:
    """The unknown field that settles the most still-open programmes.

    Still open are the programmes with a missing answer. Ties go to the field more hard rules need,
    then to the vocabulary's field order. When every programme has a verdict, the field that decides
    the most benefit rows of fitting programmes comes next (the company size for the § 82 SGB III
    shares), then (with `soft`) the soft rules of "fits if" programmes. None when nothing is left.
    With `amounts` (the chat: "Gibt es Zuschüsse?"), fields that decide what a programme pays count
    from the start, alongside the rules.
    """
    skipped = set(skip)
    votes: dict[str, list[str]] = {}
    hard: dict[str, int] = {}
    paying: dict[str, int] = {}

    def vote(r: CheckResult, names: Iterable[tuple[str, str]]) -> None:
        for name, strength in names:
            if name in skipped:
                continue
            if r.programme.id not in votes.setdefault(name, []):
                votes[name].append(r.programme.id)
            hard[name] = hard.get(name, 0) + (strength == "hard")
            paying[name] = paying.get(name, 0) + (strength == "amount")

    for r in results:
        if r.outcome == "answer_missing":
            vote(r, r.open_fields.items())
    fitting = [r for r in results if r.outcome in ("fits", "fits_if")]
    if amounts:
        fitting += [r for r in results if r.outcome == "answer_missing"]
    if not votes or amounts:
        for r in fitting:
            vote(r, ((f, "amount") for f in dict.fromkeys(f for b in r.open_benefits for f in b.depends_on)))
    if not votes and soft:
        for r in fitting:
            vote(r, r.open_fields.items())
    if not votes and "region" not in known and "region" not in skipped:
        # Whom to contact depends on the town: the last question before the result.
        deciding = [
            r
            for r in results
            if r.outcome in ("fits", "fits_if", "answer_missing") and splits_by_region(r.offices)
        ]
        if deciding:
            question = build_question("region", lang, asker=asker)
            return replace(question, programmes=tuple(r.programme.id for r in deciding))
    if not votes:
        return None
    # For a question about money, what decides the amount beats an exclusion rule most people pass.
    first = paying if amounts else hard
    then = hard if amounts else paying
    best = max(votes, key=lambda n: (len(votes[n]), first.get(n, 0), then.get(n, 0), -FIELD_ORDER.index(n)))
    # Word it as a programme written for this asker does ("Ist die Person, die sich weiterbilden soll,
    # angestellt?" for a company, not "Sind Sie angestellt?"), preferring one whose hard rule needs it.
    voters = [r for r in results if r.programme.id in votes[best]]
    voters.sort(key=lambda r: (not _tailored(r), r.open_fields.get(best) != "hard"))
    asked = next((q for r in voters for q in r.questions if q.field == best), None)
    question = asked or build_question(best, lang, asker=asker)
    return replace(question, programmes=tuple(votes[best]))


def _given(facts: Facts, name: str) -> str | None:
    """The one known value of an enum field (None if unknown or still open)."""
    values = facts.values.get(name, ())
    return str(values[0]) if len(values) == 1 else None


def _tailored(result: CheckResult) -> bool:
    """Whether the programme's `applicant` rule is met: its wording addresses this asker."""
    return any(c.field == "applicant" and c.status == "met" for c in result.criteria)
