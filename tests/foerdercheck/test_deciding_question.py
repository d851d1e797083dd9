"""The deciding question never asks for what the message already says (every dev eval case).

"Settled" is read two ways: by the Förder-Check's own reader (`extract`), and by signals that do
not depend on it (the gazetteer's places, the asker types, plain number patterns), so a fact the
navigator understands elsewhere but the check does not read is caught here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from navigator.evals import signals
from navigator.foerdercheck.chat import clarify
from navigator.foerdercheck.extract import extract
from navigator.settings import REPO_ROOT
from navigator.types import Source
from navigator.understand import understand
from tests.conftest import TODAY

EVALS = REPO_ROOT / "evals"
# The dev sets only: evals/test/ is the locked test split and is not read here.
DEV_SETS = yaml.safe_load((EVALS / "config.yaml").read_text(encoding="utf-8"))["sets"]

GROSS_PAY = re.compile(
    r"\d[\d.,]*\s*(?:€|euro|eur)?\s*(?:brutto|gross)|(?:brutto|gross|verdiene|earn)\D{0,20}\d{3,}", re.I
)
STAFF = re.compile(
    r"\b\d+\s*(?:leute|mitarbeit\w*|beschäftigte\w*|employees|people|çalışan\w*|працівник\w*|сотрудник\w*)",
    re.I,
)
UNEMPLOYED = re.compile(r"arbeitslos|unemployed|işsiz|безробітн|безработн|عاطل|بیکار", re.I)


@dataclass(frozen=True)
class Turn:
    role: str
    content: str


def source(checker, pid: str, n: int) -> Source:
    e = checker.entries[pid]
    return Source(
        n, e.id, e.title, e.organisation, e.kind, str(e.url), e.summary, {}, e.status(TODAY), "2026-11-26"
    )


def settled(text: str) -> set[str]:
    """The fields `text` settles, by the reader and by signals independent of it."""
    fields = set(extract(text, TODAY))
    u = understand(text, "de")
    if u.region:
        fields.add("region")
    # A town of the region settles the residence in NRW only with a word of living there ("wohne in
    # Hemer", "أسكن في هاغن"), the rule the eval's redundant-question metric reads too: "I'm founding
    # a start-up in Iserlohn" says where the business will be, not where the founder lives.
    fields |= signals.settled_fields(text) & {"region", "residence_nrw"}
    if "founder" in u.askers:
        fields.add("founding_planned")
    if "company" in u.askers:
        fields.add("applicant")
    if GROSS_PAY.search(text):
        fields.add("taxable_income")
    if STAFF.search(text):
        fields.add("company_size")
    if UNEMPLOYED.search(text) and "jobseeker" in u.askers:
        fields.add("employment_status")
    return fields


def dev_cases() -> list[dict]:
    cases = []
    for name in DEV_SETS:
        cases += yaml.safe_load(Path(EVALS / f"{name}.yaml").read_text(encoding="utf-8"))["cases"]
    return cases


@pytest.mark.parametrize("case", dev_cases(), ids=lambda c: c["id"])
def test_no_deciding_question_asks_what_the_message_says(case, checker):
    # The expected programmes as the sources; a case expecting none gets every checkable
    # programme, so its message is still read for a question.
    ids = [i for i in case["expect"].get("sources_any", []) if i in checker.entries] or sorted(
        checker.entries
    )
    history = [Turn(t["role"], t["content"]) for t in case.get("history", [])]
    sources = [source(checker, i, n) for n, i in enumerate(ids, 1)]
    result = clarify(case["question"], history, sources, case["language"], checker=checker)
    if result is None or result.question is None:
        return
    said = " ".join([*(t.content for t in history if t.role == "user"), case["question"]])
    assert result.question.field not in settled(said), (case["id"], result.question.field)


@pytest.mark.parametrize(
    "message",
    [
        "Ich wohne in Hemer und will einen Kurs machen. Bekomme ich den Bildungsscheck?",
        "أعيش في هاغن. هل يمكنني الحصول على دعم لدورة (Bildungsscheck)؟",
        "Hemer'de oturuyorum, kurs için destek (Bildungsscheck) alabilir miyim?",
        "Я живу в Люденшайді. Чи можу я отримати фінансування курсу (Bildungsscheck)?",
    ],
)
def test_a_resident_of_the_region_is_not_asked_whether_they_live_in_nrw(message, checker):
    result = clarify(message, [], [source(checker, "bildungsscheck-2-0", 1)], "de", checker=checker)
    assert result is not None
    assert result.profile.get("residence_nrw") is True
    assert result.question is None or result.question.field != "residence_nrw"


def test_gross_pay_below_the_limit_settles_the_taxable_income(checker):
    message = "Ich wohne in Hagen, bin angestellt und verdiene 2.800 € brutto im Monat. Bekomme ich den Bildungsscheck?"
    result = clarify(message, [], [source(checker, "bildungsscheck-2-0", 1)], "de", checker=checker)
    assert result is not None
    assert result.profile.get("gross_income") == 33_600
    assert result.question is None or result.question.field != "taxable_income"
    (bildungsscheck,) = [r for r in result.results if r.programme.id == "bildungsscheck-2-0"]
    assert "taxable_income" not in [q.field for q in bildungsscheck.questions]


def test_gross_pay_above_a_limit_leaves_the_taxable_income_open(checker):
    # 150,000 gross may be below or above the 100,000 taxable limit: still a question.
    message = "Ich wohne in Hagen und verdiene 150.000 Euro brutto im Jahr. Bekomme ich den Bildungsscheck?"
    result = clarify(message, [], [source(checker, "bildungsscheck-2-0", 1)], "de", checker=checker)
    (bildungsscheck,) = [r for r in result.results if r.programme.id == "bildungsscheck-2-0"]
    assert bildungsscheck.outcome != "does_not_fit"
