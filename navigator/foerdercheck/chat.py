"""The Förder-Check in the chat: ask the one deciding question instead of guessing, or state the verdict.

`clarify()` looks at the programmes among the retrieved sources. It asks only when all of this holds:
the person asks about their own case ("ich", "wir", "my company"), the message itself asks about money
or eligibility (not how to apply, what a programme is, or whether it must be paid back), and the outcome
of the programme the question is about (named, else the best-ranked one) or its amount (like the § 82
SGB III shares by company size) hangs on a fact that message and history do not give. Then it returns
that one question, in the user's language. Otherwise, and when the facts are known, it returns the
check's results, so the answer can state them: the model may phrase them, never decide them.

Example (what the answer pipeline's clarify stage does with it)::

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
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Final, Protocol

from navigator import vocab
from navigator.foerdercheck import phrases
from navigator.foerdercheck.conversation import (
    MAX_QUESTIONS,
    NOT_FOR,
    asked_fields,
    result_form,
    summary_text,
)
from navigator.foerdercheck.engine import Checker
from navigator.foerdercheck.extract import extract, parse_reply
from navigator.foerdercheck.profile import Profile, Value
from navigator.foerdercheck.questions import build_question, next_question
from navigator.foerdercheck.ranking import rank
from navigator.foerdercheck.regions import region_of_town, splits_by_region
from navigator.foerdercheck.results import CheckResult, Question
from navigator.knowledge import Entry, text_in
from navigator.text import entry_names
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
# A question about how much is paid: only a fact that changes the amount is worth asking then.
AMOUNT: Final = re.compile(
    r"wie ?viel\b|wie hoch|\bh(?:ö|oe)he\b|zuzahl|eigenanteil|how much|amount|ne kadar|ka[çc] (?:para|euro)|"
    r"скільки|сколько|размер|розмір|\bكم\b"
)
# … unless it asks whether one gets it at all.
ELIGIBLE: Final = re.compile(
    r"anspruch|berechtigt|voraussetzung|\b(?:kann|darf|könnte) ich|\b(?:können|dürfen) wir|in frage|"
    r"\b(?:bekomme|kriege|erhalte) ich|\b(?:bekommen|kriegen|erhalten) wir|"
    r"eligib|qualify|\bcan (?:i|we)\b|\bdo (?:i|we) get|alabilir miyim|hak\w* var|"
    r"чи можу|чи можемо|маю право|чи отримаю|могу ли|можем ли|имею право|получу ли|هل يحق|هل يمكنني"
)
# "Gibt es Unterstützung?" asks for money too when the sources are programmes.
HELP: Final = re.compile(r"unterstützung")
# Small and medium-sized companies have fewer than 250 employees (EU definition).
SME: Final = re.compile(
    r"\bkmu\b|\bkleine[nmrs]? (?:und mittlere[nmrs]? )?(?:firma|firmen|unternehmen|betrieb\w*)|"
    r"mittelständ|\bsmes?\b|small (?:business|company|firm)|küçük işletme|малого бізнесу|малого бизнеса"
)
# Questions the sources answer the same for everyone: how to apply, what something is, whether it
# still exists, whether it must be paid back. Asking about the person first would only delay that.
SIDE_QUESTION: Final = re.compile(
    r"\bwie (?:\w+ ){0,3}(?:beantrag|bewerb|melde ich|anmeld)|beantrag\w* wie\b|\bwo (?:\w+ ){0,3}beantrag|"
    r"\bwie (?:läuft|funktioniert|geht)\b|\bwas (?:ist|sind|bedeutet)\b|"
    r"\bgibt es (?:\w+ ){0,4}noch\b|\bnoch (?:aktuell|gültig|möglich)|zurückzahl|zurückgezahlt|"
    r"how (?:do|can|would) (?:i|we) apply|where (?:do|can) (?:i|we) apply|application process|"
    r"\bwhat (?:is|are)\b|still (?:exist|available|running|open)|pay (?:it )?back|repay|"
    r"nasıl başvur|nereye başvur|nedir|h[âa]l[âa] (?:var|geçerli)|geri öde|"
    r"як (?:\w+ ){0,2}подати|куди (?:\w+ ){0,2}подати|що таке|досі (?:існує|діє)|ще існує|повертати|"
    r"как (?:\w+ ){0,2}подать|куда (?:\w+ ){0,2}подать|что такое|"
    r"вс[её] ещ[её]|ещ[её] (?:существует|действует)|возвращать|вернуть|"
    r"كيف (?:\w+ ){0,2}(?:أقدم|اقدم|أتقدم|نقدم)|ما هو|ما هي|لا يزال|ما زال|إرجاع|أسدد"
)
# The asker speaks of themselves (or of "one" in their place): ich/wir, I/we, ben/biz, я/ми/мы, أنا/نحن,
# and first-person verbs where the pronoun is usually dropped (Turkish, Ukrainian, Russian, Arabic).
OWN_CASE: Final = re.compile(
    r"\b(?:ich|mich|mir|mein\w*|wir|uns|unser\w*|man|hab|habe)\b|"
    r"\b(?:i|i'm|i've|me|my|myself|we|we're|us|our)\b|"
    r"\b(?:ben|benim|bana|beni|biz|bizim|bize|bizi)\b|\w+(?:yorum|yoruz)\b|\bm[ıiuü]y[ıiuü](?:m|z)\b|"
    r"\b(?:я|мене|мені|мій|моя|моє|мої|ми|нас|нам|наш\w*|хочу|можу|маю|хочемо|можемо)\b|"
    r"\b(?:меня|мне|мой|моё|мои|мы|хотим|могу|можем)\b|"
    r"\b(?:أنا|انا|نحن|لي|لدي|عندي|أريد|اريد|نريد|أحتاج|احتاج|يمكنني|أستطيع)\b"
)


class Turn(Protocol):
    """A chat turn (navigator.answer.Turn fits): who spoke and what was said."""

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
    # Whether this is the asker's own Förder-Check conversation: the reply is the check's, not the model's.
    conversation: bool = False
    skipped: tuple[str, ...] = ()
    # The programmes for this asker that fit or nearly fit, best first (what the short result names).
    leading: tuple[str, ...] = ()
    # Programme id -> the number of its source card, for citations in the short result.
    numbers: dict[str, int] = field(default_factory=dict)

    @property
    def ask(self) -> bool:
        return self.question is not None

    def question_text(self) -> str:
        """The reply that asks the question, with a short lead-in and the plain line on its term."""
        assert self.question is not None
        text = f"{phrases.phrase('clarify_intro', self.language)} {self.question.text}"
        return f"{text}\n{self.question.help}" if self.question.help else text

    def summary_text(self) -> str:
        """The result in the chat: one short sentence per fitting programme, best first."""
        shown = [r for r in self.results if r.programme.id in self.leading or r.outcome == "ended"]
        return summary_text(shown, self.language, self.numbers)

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
            "result_form": result_form(self.profile, self.skipped),
            "more": phrases.phrase("chat_more", self.language),
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
            for asker in ("company", "person"):
                texts[build_question(name, lang, asker=asker).text.casefold()] = name
    return texts


def pending_field(history: Sequence[Turn], checker: Checker) -> str | None:
    """The field the navigator asked about in its last turn, if it asked one."""
    last = next((t.content for t in reversed(history) if t.role == "assistant"), None)
    if not last:
        return None
    said = last.casefold()
    return next((name for text, name in _question_fields(checker).items() if text in said), None)


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
    ranked = rank(report, checker.entries)
    results = ranked.fits + ranked.almost + ranked.other + ranked.not_fitting
    leading = tuple(r.programme.id for r in ranked.fits + ranked.almost)
    numbers = {s.id: s.n for s in sources}
    asked_before = asked_fields(history, _question_fields(checker))
    skipped = tuple(f for f in asked_before if f not in profile)
    replying = pending_field(history, checker) is not None
    if not replying and not _asks_about_own_funding(_question_part(message), said):
        return ClarifyResult(None, profile, results, lang)
    by_id = {r.programme.id: r for r in report.results}
    about = [by_id[i] for i in _subject(ids, said, checker) if i in by_id]
    if not about or any(r.outcome == "ended" for r in about) or len(asked_before) >= MAX_QUESTIONS:
        return ClarifyResult(
            None, profile, results, lang, conversation=True, skipped=skipped, leading=leading, numbers=numbers
        )
    asked = _question_part(history_question(history) if replying else message)
    amount_only = bool(AMOUNT.search(asked)) and not ELIGIBLE.search(asked)
    skip = _not_deciding(about, checker, said, amount_only=amount_only) | set(asked_before)
    asker = profile.get("applicant")
    skip |= NOT_FOR.get(str(asker), frozenset())
    who = str(asker) if asker else None
    question = next_question(about, lang, skip=skip, soft=False, amounts=True, asker=who, known=profile)
    # Then what the other checked programmes still need (§ 82 after the Qualifizierungsgeld).
    # Only for a known asker and a programme meant for them: a side hit is not quizzed.
    open_ones = [
        r
        for r in report.results
        if r.outcome == "answer_missing" and r not in about and who and r.programme.id in leading
    ]
    if question is None and open_ones:
        others = _not_deciding(open_ones, checker, said, amount_only=False) | set(asked_before)
        others |= NOT_FOR.get(str(asker), frozenset())
        question = next_question(open_ones, lang, skip=others, soft=False, asker=who, known=profile)
    # The town decides whom to contact for a fitting programme: asked last, once the verdicts stand.
    if question is None and "region" not in profile and "region" not in asked_before:
        fitting = [r for r in results if r.outcome in ("fits", "fits_if") and splits_by_region(r.offices)]
        if fitting:
            question = build_question("region", lang, asker=who)
    return ClarifyResult(
        question, profile, results, lang, conversation=True, skipped=skipped, leading=leading, numbers=numbers
    )


def history_question(history: Sequence[Turn]) -> str:
    """The person's first message of this conversation that asked something (what the check is about)."""
    return next((t.content for t in history if t.role == "user" and FUNDING.search(t.content.casefold())), "")


def _question_part(message: str) -> str:
    """The sentences that ask (case-folded): "Ich bekomme Bürgergeld. Wer ist zuständig?" asks who.

    A message without a question mark (a search-style query) counts as a whole.
    """
    sentences = re.split(r"(?<=[.!?؟])\s+", message.casefold())
    asking = [s for s in sentences if "?" in s or "؟" in s]
    return " ".join(asking or sentences)


def _asks_about_own_funding(asked: str, said: str) -> bool:
    """Whether the question asks what the asker (or their company) may get.

    "Gibt es ein Stipendium für Gründer?" wants an overview, "bildungsgutschein beantragen wie?" the
    procedure: the sources answer both the same for everyone.
    """
    money = FUNDING.search(asked) or AMOUNT.search(asked) or HELP.search(asked)
    return bool(money) and not SIDE_QUESTION.search(asked) and bool(OWN_CASE.search(said))


def _subject(ids: Sequence[str], said: str, checker: Checker) -> list[str]:
    """The programmes the question is about: those it names, else the best-ranked one.

    A programme further down the sources is a side hit; quizzing the person about its rules
    (an Aufstiegsstipendium for a digitalisation grant) would be beside the point. A name counts
    only if no other of these programmes uses it: "Anerkennung" names neither the recognition
    procedure nor the grant for its costs.
    """
    names = {i: _names(checker.entries[i]) for i in ids}
    words = f" {_plain(said)} "

    def names_it(i: str, name: str) -> bool:
        shared = any(f" {name} " in f" {other} " for j in ids if j != i for other in names[j])
        return not shared and f" {name} " in words

    named = [i for i in ids if any(names_it(i, n) for n in names[i])]
    return named or list(ids[:1])


def _names(entry: Entry) -> list[str]:
    """The title (without brackets) and the keywords of a programme, normalised, four letters or more."""
    return [n for n in (_plain(x) for x in entry_names(entry.title, entry.keywords)) if len(n) >= 4]


def _plain(text: str) -> str:
    return re.sub(r"[^\w§]+", " ", text.casefold()).strip()


def _not_deciding(
    about: Sequence[CheckResult], checker: Checker, said: str, *, amount_only: bool
) -> set[str]:
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
    served = {_applicants(checker.entries[r.programme.id]) for r in about} - {None}
    if len(served) < 2:
        deciding.discard("applicant")
    if SME.search(said) and all(_sme_limit(checker.entries[r.programme.id]) for r in about):
        deciding.discard("company_size")
    return set(vocab.ELIGIBILITY_FIELDS) - deciding


def _sme_limit(entry: Entry) -> bool:
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


def _applicants(entry: Entry) -> frozenset[str] | None:
    """Who a programme's hard `applicant` rule admits (None: anyone)."""
    for c in entry.eligibility.criteria if entry.eligibility else ():
        if c.field == "applicant" and c.strength == "hard" and c.op in ("eq", "in"):
            values = c.value if isinstance(c.value, list) else [c.value]
            return frozenset(str(v) for v in values)
    return None


def _checkable_or_ended(checker: Checker, pid: str) -> bool:
    entry = checker.entries[pid]
    return entry in checker.checkable or entry.status(checker.today) == "ended"
