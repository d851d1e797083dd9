"""The Förder-Check's questions: how a field is asked, and which field to ask next.

`build_question` words the question for one field (from phrases.yaml, addressed to this asker, with
its options and a plain line on its term); `next_question` picks the unknown field that settles the
most still-open programmes. The check, the form and the chat all ask through these two.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace

from navigator import vocab
from navigator.foerdercheck import phrases
from navigator.foerdercheck.profile import DEFAULT_RANGE, RANGES, enum_values
from navigator.foerdercheck.regions import splits_by_region
from navigator.foerdercheck.results import CheckResult, Option, Question
from navigator.knowledge import Criterion, text_in

FIELD_ORDER = tuple(vocab.ELIGIBILITY_FIELDS)


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
        text = text_in(rule.question, lang)
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
    tally = _Tally(skipped)
    for r in results:
        if r.outcome == "answer_missing":
            tally.vote(r, r.open_fields.items())
    fitting = [r for r in results if r.outcome in ("fits", "fits_if")]
    if amounts:
        fitting += [r for r in results if r.outcome == "answer_missing"]
    if not tally.votes or amounts:
        for r in fitting:
            paying = dict.fromkeys(f for b in r.open_benefits for f in b.depends_on)
            tally.vote(r, ((f, "amount") for f in paying))
    if not tally.votes and soft:
        for r in fitting:
            tally.vote(r, r.open_fields.items())
    if not tally.votes and "region" not in known and "region" not in skipped:
        return _region_question(results, lang, asker)
    if not tally.votes:
        return None
    best = tally.best(amounts)
    # Word it as a programme written for this asker does ("Ist die Person, die sich weiterbilden soll,
    # angestellt?" for a company, not "Sind Sie angestellt?"), preferring one whose hard rule needs it.
    voters = [r for r in results if r.programme.id in tally.votes[best]]
    voters.sort(key=lambda r: (not _tailored(r), r.open_fields.get(best) != "hard"))
    asked = next((q for r in voters for q in r.questions if q.field == best), None)
    question = asked or build_question(best, lang, asker=asker)
    return replace(question, programmes=tuple(tally.votes[best]))


class _Tally:
    """Per field: the programmes it would settle, and how many hard rules and benefit rows need it."""

    def __init__(self, skipped: set[str]) -> None:
        self.skipped = skipped
        self.votes: dict[str, list[str]] = {}
        self.hard: dict[str, int] = {}
        self.paying: dict[str, int] = {}

    def vote(self, r: CheckResult, names: Iterable[tuple[str, str]]) -> None:
        for name, strength in names:
            if name in self.skipped:
                continue
            if r.programme.id not in self.votes.setdefault(name, []):
                self.votes[name].append(r.programme.id)
            self.hard[name] = self.hard.get(name, 0) + (strength == "hard")
            self.paying[name] = self.paying.get(name, 0) + (strength == "amount")

    def best(self, amounts: bool) -> str:
        # For a question about money, what decides the amount beats an exclusion rule most people pass.
        first = self.paying if amounts else self.hard
        then = self.hard if amounts else self.paying
        return max(
            self.votes,
            key=lambda n: (len(self.votes[n]), first.get(n, 0), then.get(n, 0), -FIELD_ORDER.index(n)),
        )


def _region_question(results: Sequence[CheckResult], lang: str, asker: str | None) -> Question | None:
    """Whom to contact depends on the town: the last question before the result."""
    deciding = [
        r
        for r in results
        if r.outcome in ("fits", "fits_if", "answer_missing") and splits_by_region(r.offices)
    ]
    if not deciding:
        return None
    question = build_question("region", lang, asker=asker)
    return replace(question, programmes=tuple(r.programme.id for r in deciding))


def _tailored(result: CheckResult) -> bool:
    """Whether the programme's `applicant` rule is met: its wording addresses this asker."""
    return any(c.field == "applicant" and c.status == "met" for c in result.criteria)
