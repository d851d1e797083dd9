"""The Förder-Check: evaluate a profile against every programme's eligibility rules (no LLM).

Outcomes per programme:
    fits            every rule is met
    fits_if         every hard rule is met; soft rules unmet or unknown, or a condition to meet
                    ("apply before the course starts")
    does_not_fit    a hard rule is broken; names the alternatives the knowledge gives
    answer_missing  a hard rule cannot be decided yet; carries the question(s) to ask
    ended           the programme is past `valid_until`: "ended on …, instead: …" (rules not evaluated)
    upcoming        the programme starts later (`valid_from` in the future)

This module knows the calendar and the knowledge base around a programme (ended ones and their
successors, alternatives, offices); a programme's own rules are judged in `verdict.py`, and the
questions are worded and chosen in `questions.py`.

Example::

    checker = Checker(entries, today=dt.date(2026, 11, 26))
    report = checker.check(Profile.parse({"applicant": "company", "company_size": 30}), lang="de")
    report.by_id()["weiterbildung-beschaeftigte-82-sgb-iii"].benefits   # the < 50 employees rows
    report.next_question.text
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence

from navigator import vocab
from navigator.foerdercheck import phrases
from navigator.foerdercheck.profile import Facts, Profile, ProfileError
from navigator.foerdercheck.questions import next_question
from navigator.foerdercheck.regions import responsible
from navigator.foerdercheck.results import OUTCOMES, CheckReport, CheckResult, OfficeRef, ProgrammeRef
from navigator.foerdercheck.verdict import benefits, judge_rules
from navigator.knowledge import Entry, text_in
from navigator.text import german_date

log = logging.getLogger(__name__)


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
        judged = judge_rules(eligibility, facts, lang, _given(facts, "applicant"))
        outcome, note = judged.outcome, None
        if status == "upcoming" and outcome != "does_not_fit":
            outcome, note = "upcoming", phrases.phrase("upcoming", lang, date=german_date(entry.valid_from))
        paid, open_benefits = benefits(eligibility, facts, lang)
        return CheckResult(
            self.ref(entry),
            entry.organisation,
            entry.summary,
            outcome,
            phrases.phrase(f"outcome.{outcome}", lang),
            judged.shown,
            judged.conditions if outcome in ("fits_if", "upcoming") else (),
            judged.questions if outcome != "does_not_fit" else (),
            self._refs(judged.alternatives, exclude=entry.id),
            (),
            paid,
            open_benefits,
            self._offices(entry, _given(facts, "region")),
            text_in(eligibility.apply, lang) if eligibility.apply else None,
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


def _given(facts: Facts, name: str) -> str | None:
    """The one known value of an enum field (None if unknown or still open)."""
    values = facts.values.get(name, ())
    return str(values[0]) if len(values) == 1 else None
