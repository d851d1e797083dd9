"""Build the text of a prepared request from the person's own words and the Förder-Check facts.

German is what the office reads; when the asker writes another language, the same request stands
beside it in that language (frames translated, names, contacts and the person's words as they are).
Names, contacts, hours and documents come from the knowledge files only. Nothing here stores or
logs anything: the request is built, returned and forgotten (tests/request/test_privacy.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import quote

from navigator import vocab
from navigator.handoff.offices import PERSON_KINDS, advice, contact_card, region_in
from navigator.knowledge import Entry
from navigator.phrases import PhraseBook
from navigator.text import german_date

MAX_ENTRIES = 4
MAX_LINES = 8  # settled / open facts each


@dataclass(frozen=True, slots=True)
class RequestFacts:
    """What the person told us: their words, who they are, where, and what the answer or check found."""

    question: str = ""
    language: str = "de"
    audience: str | None = None
    town: str = ""
    entry_ids: tuple[str, ...] = ()
    settled: tuple[str, ...] = ()
    open: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PreparedRequest:
    subject: str
    text_de: str
    text: str  # in the asker's language (the German text when that is German)
    language: str
    office: dict[str, str] | None
    mailto: str  # to the office's sourced e-mail address (if any), with subject and body
    body: str  # what the mailto link and the copy button carry: German, then the asker's language
    entries: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class _Parts:
    office: Entry | None
    offers: list[Entry]
    documents: list[str]


def _parts(facts: RequestFacts, entries: Mapping[str, Entry]) -> _Parts:
    chosen = [entries[i] for i in dict.fromkeys(facts.entry_ids) if i in entries][:MAX_ENTRIES]
    offers = [e for e in chosen if e.kind not in PERSON_KINDS]
    office = next((e for e in chosen if e.kind in PERSON_KINDS), None)
    if office is None and offers:
        region = region_in(f"{facts.town} {facts.question}")
        # The office to write to: the nearest that states an e-mail address, else the nearest.
        nearest = advice(offers[0], entries, region, limit=len(offers[0].offices))
        office = next((o for o in nearest if o.contact.email), next(iter(nearest), None))
    documents = list(dict.fromkeys(d for e in offers for d in e.documents))
    return _Parts(office, offers, documents)


def _section(title: str, lines: Sequence[str], bullet: str = "- ") -> list[str]:
    return ["", f"{title}:", *(f"{bullet}{line}" for line in lines)] if lines else []


def _office_lines(office: Entry, book: PhraseBook, lang: str) -> list[str]:
    c = office.contact
    values = [c.phone, c.email, c.address]
    lines = [office.title, *(v for v in values if v)]
    if c.opening_hours:
        lines.append(f"{book.text('hours', lang)}: {c.opening_hours}")
    if c.appointment:
        lines.append(c.appointment)
    if not (c.phone or c.email or c.address):
        lines.append(str(c.contact_page or office.url))
    return lines


def _text(facts: RequestFacts, parts: _Parts, book: PhraseBook, lang: str) -> str:
    t = book.text
    about = [f"{e.title} (Stand {german_date(e.reviewed)})" for e in parts.offers]
    if parts.office is not None:
        about.append(parts.office.title)
    questions = [t("q_fits", lang, title=e.title) for e in parts.offers[:2]]
    if not parts.offers:
        questions.append(t("q_office", lang))
    if not parts.documents:
        questions.append(t("q_documents", lang))
    questions.append(t("q_next", lang))
    who = []
    if facts.audience in vocab.AUDIENCES:
        who.append(t("asker", lang, audience=vocab.AUDIENCES[facts.audience]))
    if facts.town:
        who.append(t("town", lang, town=facts.town))
    greeting = t("greeting_office", lang, office=parts.office.title) if parts.office else t("greeting", lang)
    lines = [greeting, "", t("intro", lang)]
    lines += _section(t("who", lang), who)
    # The person's words are isolated (FSI … PDI): Arabic words inside a German line, or the other way
    # round, keep their order and the quotes stay where they belong, in the page, the mail and the copy.
    words = facts.question.strip()
    lines += _section(t("want", lang), [f"„\u2068{words}\u2069“"] if words else [], "")
    lines += _section(t("about", lang), about)
    lines += _section(t("settled", lang), facts.settled[:MAX_LINES])
    lines += _section(t("open", lang), facts.open[:MAX_LINES])
    lines += _section(t("questions", lang), [f"{i}. {q}" for i, q in enumerate(questions, 1)], "")
    lines += _section(t("documents", lang), parts.documents)
    if parts.office is not None:
        lines += _section(t("contact_office", lang), _office_lines(parts.office, book, lang))
    lines += ["", t("closing", lang), "", t("note", lang)]
    return "\n".join(lines)


def build_request(facts: RequestFacts, entries: Mapping[str, Entry], book: PhraseBook) -> PreparedRequest:
    """The prepared request: subject, German text, the text in the asker's language, the mailto link."""
    lang = facts.language if facts.language in vocab.ANSWER_LANGUAGES else "de"
    parts = _parts(facts, entries)
    topic = parts.offers[0].title if parts.offers else (parts.office.title if parts.office else "")
    subject = book.text("subject", "de", topic=topic) if topic else book.text("subject_general", "de")
    text_de = _text(facts, parts, book, "de")
    text = _text(facts, parts, book, lang) if lang != "de" else text_de
    body = text_de if lang == "de" else f"{text_de}\n\n――――――――――\n\n{text}"
    # Without a sourced address the link still opens the person's mail with subject and text.
    email = (parts.office.contact.email if parts.office else None) or ""
    mailto = f"mailto:{email}?subject={quote(subject)}&body={quote(body)}"
    return PreparedRequest(
        subject=subject,
        text_de=text_de,
        text=text,
        language=lang,
        office=contact_card(parts.office) if parts.office else None,
        mailto=mailto,
        body=body,
        entries=[{"id": e.id, "title": e.title, "reviewed": e.reviewed.isoformat()} for e in parts.offers],
    )
