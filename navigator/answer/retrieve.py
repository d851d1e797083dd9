"""Stage 2, retrieve: rank the entries for the query, find the ended ones it names, make source cards.

A named ended programme comes first, followed by its successors, then the ranked hits: the question
was about the ended one, and the answer must say so and point on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Generator
from dataclasses import replace

from navigator.answer.context import Context, Event
from navigator.knowledge import Entry
from navigator.retrieval.catalogue import Snapshot
from navigator.retrieval.hybrid import HybridRetriever
from navigator.retrieval.prefer import responsible
from navigator.types import Hit, Source
from navigator.understand import Understanding

EXCERPT_CHARS = 420
# Hits for the asker's group needed before the others are left out of the answer (`for_the_asker`).
MIN_FOR_ASKER = 2


class Retrieve:
    name = "retrieve"

    def __init__(self, retriever: HybridRetriever, *, top_k: int = 5) -> None:
        self.retriever = retriever
        self.top_k = top_k

    def run(self, ctx: Context) -> Generator[Event, None, Context]:
        # The question as asked (places included) names an ended offer or a closed office; the topic
        # (the place taken out, see navigator.understand) decides what is relevant.
        vector = self.retriever.query_vector(ctx.query)
        u = ctx.understanding
        topic_vector = self.retriever.query_vector(u.dense_query) if u and u.dense_query else vector
        hits = self.retriever.retrieve(
            ctx.query,
            k=self.top_k,
            filters=ctx.filters,
            vector=topic_vector,
            snapshot=ctx.snapshot,
            understanding=u,
        )
        hits = responsible_only(for_the_asker(hits, ctx.snapshot, u), ctx.snapshot, u)
        ended = self.retriever.named_ended(ctx.query, vector, snapshot=ctx.snapshot)
        cards = source_cards(hits, ended, ctx.snapshot)[: max(self.top_k, len(ended) * 2)]
        return replace(ctx, vector=vector, hits=tuple(hits), ended=tuple(ended), sources=tuple(cards))
        yield  # a stage is a generator, even one that yields nothing


def for_the_asker(hits: list[Hit], snapshot: Snapshot, u: Understanding | None) -> list[Hit]:
    """The hits without those whose audiences exclude the asker, if enough are left for the asker.

    Retrieval only demotes them (`navigator.retrieval.prefer`); with few good hits a demoted one
    still filled a card: the Arbeitgeber-Service for a worker whose employer does not pay. The
    hand-off never names such an office either. They stay in the catalogue and its search.
    """
    wanted = set(u.audiences) if u else set()
    if not wanted:
        return hits
    return _narrowed(hits, snapshot, lambda e: not e.audiences or bool(wanted & set(e.audiences)))


def responsible_only(hits: list[Hit], snapshot: Snapshot, u: Understanding | None) -> list[Hit]:
    """The hits without offices not responsible for the named place or sector, if enough are left.

    Retrieval demotes them (`navigator.retrieval.prefer`); a demoted neighbour still filled a card
    when few hits were left: the Geschäftsstelle Witten for someone in Sprockhövel, the IHK for a
    bakery. With fewer than MIN_FOR_ASKER responsible hits they stay: a neighbour beats no office.
    """
    if u is None or not (u.region or u.sectors):
        return hits
    return _narrowed(hits, snapshot, lambda e: responsible(e, u))


def _narrowed(hits: list[Hit], snapshot: Snapshot, keep: Callable[[Entry], bool]) -> list[Hit]:
    """The hits whose entry `keep`s (unknown entries stay), or all of them if fewer than MIN_FOR_ASKER."""
    kept = [h for h in hits if (e := snapshot.entries.get(h.id)) is None or keep(e)]
    return kept if len(kept) >= MIN_FOR_ASKER else hits


def source_cards(hits: list[Hit], ended: list[Entry], snapshot: Snapshot) -> list[Source]:
    """Numbered cards: each named ended entry and where it points first, then the hits, no repeats.

    An ended entry points to its successors, then to the offers recommended instead.
    """
    entries = snapshot.entries
    order: list[tuple[Entry, str]] = []
    for e in ended:
        order.append((e, e.summary))
        order += [(entries[s], entries[s].summary) for s in e.next_offers() if s in entries]
    order += [(entries[h.id], h.text) for h in hits if h.id in entries]
    cards: list[Source] = []
    seen: set[str] = set()
    for e, text in order:
        if e.id not in seen:
            seen.add(e.id)
            cards.append(source_card(e, len(cards) + 1, text, snapshot))
    return cards


def source_card(e: Entry, n: int, text: str, snapshot: Snapshot) -> Source:
    """Source `n`: everything on it comes from the knowledge file; `text` is the matching chunk."""
    contact = {k: str(v) for k, v in e.contact.model_dump().items() if v}
    body = "\n".join(line for line in text.splitlines()[1:] if line.strip()) or text
    return Source(
        n=n,
        id=e.id,
        title=e.title,
        organisation=e.organisation,
        kind=e.kind,
        url=str(e.url),
        summary=e.summary,
        contact=contact,
        status=e.status(snapshot.today),
        reviewed=e.reviewed.isoformat(),
        end_date=end.isoformat() if (end := e.end_date()) else None,
        successors=tuple(e.successors),
        excerpt=re.sub(r"\s+", " ", body)[:EXCERPT_CHARS],
    )
