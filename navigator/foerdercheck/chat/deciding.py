"""Which programme a funding question is about, and which fields would not change the answer on it.

Asking is worth it only for a fact that decides a verdict or an amount of the programme the question
is about; these helpers narrow the programmes to that one and the fields to those that decide.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from navigator import vocab
from navigator.foerdercheck.chat.asking import SME
from navigator.foerdercheck.engine import Checker
from navigator.foerdercheck.results import CheckResult
from navigator.knowledge import Entry
from navigator.text import entry_names


def subject(ids: Sequence[str], said: str, checker: Checker) -> list[str]:
    """The programmes the question is about: those it names, else the best-ranked one.

    A programme further down the sources is a side hit; quizzing the person about its rules
    (an Aufstiegsstipendium for a digitalisation grant) would be beside the point. A name counts
    only if no other of these programmes uses it: "Anerkennung" names neither the recognition
    procedure nor the grant for its costs.
    """
    names = {i: names_of(checker.entries[i]) for i in ids}
    words = f" {plain(said)} "

    def names_it(i: str, name: str) -> bool:
        shared = any(f" {name} " in f" {other} " for j in ids if j != i for other in names[j])
        return not shared and f" {name} " in words

    named = [i for i in ids if any(names_it(i, n) for n in names[i])]
    return named or list(ids[:1])


def names_of(entry: Entry) -> list[str]:
    """The title (without brackets) and the keywords of a programme, normalised, four letters or more."""
    return [n for n in (plain(x) for x in entry_names(entry.title, entry.keywords)) if len(n) >= 4]


def plain(text: str) -> str:
    return re.sub(r"[^\w§]+", " ", text.casefold()).strip()


def not_deciding(about: Sequence[CheckResult], checker: Checker, said: str, *, amount_only: bool) -> set[str]:
    """Fields whose answer would not change what the navigator says about these programmes.

    Worth asking is a hard rule (it decides the verdict) or a fact that decides the amount while
    nothing of it is known yet. Not worth it: a soft rule (a "fits if" note either way); a further
    amount row once a share is known (the 45+ row when the company size already waives the
    share); for "Wie viel …?" any exclusion rule; who asks (person or company) when the programmes
    serve the same kind of asker, as someone asking about a company grant asks for a company; and
    the company size against a limit of 250 when the asker speaks of a KMU.
    """
    deciding = set() if amount_only else {f for r in about for f, s in r.open_fields.items() if s == "hard"}
    deciding |= {f for r in about if not r.benefits for b in r.open_benefits for f in b.depends_on}
    served = {applicants(checker.entries[r.programme.id]) for r in about} - {None}
    if len(served) < 2:
        deciding.discard("applicant")
    if SME.search(said) and all(sme_limit(checker.entries[r.programme.id]) for r in about):
        deciding.discard("company_size")
    return set(vocab.ELIGIBILITY_FIELDS) - deciding


def sme_limit(entry: Entry) -> bool:
    """Whether the company size matters to this programme only as a limit that any KMU stays under."""
    if entry.eligibility is None:
        return True
    limits = [
        c.value if c.op == "lt" else c.value + 1
        for c in entry.eligibility.criteria
        if c.field == "company_size" and c.op in ("lt", "le") and isinstance(c.value, int)
    ]
    other = [c for c in entry.eligibility.criteria if c.field == "company_size" and c.op not in ("lt", "le")]
    paying = any(w.field == "company_size" for b in entry.eligibility.benefits for w in b.when)
    return not other and not paying and all(limit >= 250 for limit in limits)


def applicants(entry: Entry) -> frozenset[str] | None:
    """Who a programme's hard `applicant` rule admits (None: anyone)."""
    for c in entry.eligibility.criteria if entry.eligibility else ():
        if c.field == "applicant" and c.strength == "hard" and c.op in ("eq", "in"):
            values = c.value if isinstance(c.value, list) else [c.value]
            return frozenset(str(v) for v in values)
    return None


def checkable_or_ended(checker: Checker, pid: str) -> bool:
    entry = checker.entries[pid]
    return entry in checker.checkable or entry.status(checker.today) == "ended"
