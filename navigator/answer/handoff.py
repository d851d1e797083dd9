"""Stages 2a and 2d, hand-off: "I want to talk to a person" is answered with people, never refused.

`HandOff` (right after retrieval) replaces the source cards with the offices responsible for the
matter, place and group of the asker (navigator/handoff/responsible.py), the matter itself (the
programme found) and the free hotlines.
`HandOffReply` (after the cards got their status and translation, before the gate) writes the reply
from those cards: every phone number, e-mail address, address, hour and link in it is the entry's own.
Replying before the gate is what keeps the scope guard from ever declining such a request.

Where the asker's region and group come from, in order: the filters the page sent, then query
understanding (`ctx.understanding`, navigator/understand/), then a place the message names (the
same gazetteer, for a follow-up whose standalone query lost the town).
"""

from __future__ import annotations

from collections.abc import Generator, Mapping
from dataclasses import replace

from navigator.answer import events
from navigator.answer.context import Context, Event
from navigator.answer.retrieve import source_card
from navigator.handoff.intent import topic_left
from navigator.handoff.offices import PERSON_KINDS, hotlines, is_hotline, load_places, region_in
from navigator.handoff.responsible import Asker, responsible_offices
from navigator.knowledge import Entry
from navigator.phrases import PhraseBook
from navigator.types import Source
from navigator.understand.gazetteer import load_gazetteer
from navigator.understand.understand import understand
from navigator.vocab import ANSWER_LANGUAGES

MATTER = 2  # programmes, trainings or events named as the matter of the request
TOWN_KINDS = frozenset({"city", "town", "district"})  # places an office can be responsible for by name


def _first(values: object) -> str | None:
    if isinstance(values, str):
        return values or None
    if isinstance(values, (list, tuple)) and values:
        return str(values[0])
    return None


def asker_region(ctx: Context) -> str | None:
    """The asker's region: the page's filter, then query understanding, then a town the question names."""
    understood = _first(getattr(ctx.understanding, "region", None)) or _first(
        getattr(ctx.understanding, "regions", None)
    )
    return _first(ctx.filters.regions) or understood or region_in(" ".join([ctx.query, ctx.message]))


def asker_group(ctx: Context) -> str | None:
    """The asker's group (audience): the page's filter, then query understanding."""
    understood = _first(getattr(ctx.understanding, "audience", None)) or _first(
        getattr(ctx.understanding, "audiences", None)
    )
    return _first(ctx.filters.audiences) or understood


def asker(ctx: Context) -> Asker:
    """Who asks from where: region and group as above; towns and sector from query understanding.

    The towns count only where they lie in the asker's region (a page filter for another region wins).
    """
    # A pipeline without query understanding (assemble() without an understander) reads it here.
    u = ctx.understanding or understand(ctx.query or ctx.message, ctx.language)
    region = asker_region(ctx)
    towns = tuple(getattr(u, "towns", ()) or ()) if region == getattr(u, "region", None) else ()
    if region and not towns:  # a follow-up whose standalone query lost the town, or no understanding
        named = load_gazetteer().find(" ".join([ctx.query, ctx.message]))
        towns = tuple(m.place.id for m in named if m.place.region == region and m.place.kind in TOWN_KINDS)[
            -1:
        ]
    audiences = tuple(ctx.filters.audiences) or tuple(getattr(u, "audiences", ()) or ())
    return Asker(region, towns, audiences, tuple(getattr(u, "sectors", ()) or ()))


def handoff_entries(ctx: Context) -> list[Entry]:
    """The entries of the hand-off cards: responsible offices, the matter, then the free hotlines."""
    entries = ctx.snapshot.entries
    is_open = [e for e in (entries.get(h.id) for h in ctx.hits) if e and e.status(ctx.today) != "ended"]
    region, group = asker_region(ctx), asker_group(ctx)
    has_topic = bool(ctx.history) or topic_left(ctx.message)
    offices: list[Entry] = []
    if has_topic:
        people = [e for e in entries.values() if e.kind in PERSON_KINDS and e.status(ctx.today) != "ended"]
        lines_ = [e.id for e in people if is_hotline(e)]
        offices = responsible_offices(is_open, entries, people, asker(ctx), exclude=lines_)
    if not offices:
        general = [entries[i] for i in load_places().general if i in entries]
        offices = [e for e in general if region is None or region in e.regions] or general
    matter = [e for e in is_open[:MATTER] if e.kind not in PERSON_KINDS] if has_topic else []
    lines = hotlines(entries.values(), group)
    out: list[Entry] = []
    for e in [*offices, *matter, *lines]:
        if e not in out:
            out.append(e)
    return out


class HandOff:
    name = "handoff"

    def run(self, ctx: Context) -> Generator[Event, None, Context]:
        if not ctx.wants_person:
            return ctx
        cards = [source_card(e, n, e.summary, ctx.snapshot) for n, e in enumerate(handoff_entries(ctx), 1)]
        return replace(ctx, sources=tuple(cards))
        yield  # a stage is a generator, even one that yields nothing


def contact_line(s: Source, book: PhraseBook, lang: str) -> str:
    """The card's sourced contacts in one line; the website only where there is no other way in."""
    c = s.contact
    parts = [
        f"{book.text(label, lang)}: {c[key]}"
        for key, label in (("phone", "phone"), ("email", "email"), ("address", "address"))
        if c.get(key)
    ]
    if not parts:
        parts.append(f"{book.text('website', lang)}: {c.get('contact_page') or s.url}")
    if c.get("opening_hours"):
        parts.append(f"{book.text('hours', lang)}: {c['opening_hours']}")
    if c.get("appointment"):
        parts.append(c["appointment"])
    return "; ".join(parts)


class HandOffReply:
    name = "handoff_reply"

    def __init__(self, book: PhraseBook) -> None:
        self.book = book

    def run(self, ctx: Context) -> Generator[Event, None, Context]:
        if not ctx.wants_person or not ctx.sources:
            return ctx
        lang = ctx.language if ctx.language in ANSWER_LANGUAGES else "de"
        entries, t = ctx.snapshot.entries, self.book.text
        people = [s for s in ctx.sources if s.kind in PERSON_KINDS and not _hotline(s, entries)]
        matter = [s for s in ctx.sources if s.kind not in PERSON_KINDS]
        lines_ = [s for s in ctx.sources if _hotline(s, entries)]
        general = not ctx.history and not topic_left(ctx.message)
        out = [t("intro_general" if general else "intro", lang)]
        out += [f"- {s.title} [{s.n}]: {contact_line(s, self.book, lang)}" for s in people]
        if matter:
            out.append(t("matter", lang, titles=", ".join(f"{s.title} [{s.n}]" for s in matter)))
        if lines_:
            out.append(t("hotlines", lang))
            out += [f"- {s.title} [{s.n}]: {contact_line(s, self.book, lang)}" for s in lines_]
        out.append(t("prepare", lang))
        text = "\n".join(out)
        ctx = replace(ctx, text=text)
        yield events.sources(ctx)
        yield from events.words(text)
        return ctx


def _hotline(s: Source, entries: Mapping[str, Entry]) -> bool:
    e = entries.get(s.id)
    return e is not None and is_hotline(e)
