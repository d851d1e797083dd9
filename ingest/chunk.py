"""Split an entry into section chunks that each carry the entry's title, organisation and metadata."""

from __future__ import annotations

import re

from navigator.knowledge import Entry, LoadedEntry, date_ord
from navigator.retrieval.store import Metadata
from navigator.vocab import KINDS

MAX_CHARS = 900
_HEADING = re.compile(r"^#{1,6}\s+(.*)$", re.MULTILINE)


def chunk_metadata(item: LoadedEntry) -> Metadata:
    """Flat, filterable metadata: one boolean per audience/topic/region so `where` stays simple."""
    e = item.entry
    meta: Metadata = {
        "entry_id": e.id,
        "kind": e.kind,
        "title": e.title,
        "organisation": e.organisation,
        "url": str(e.url),
        "file_hash": item.content_hash,
        "end_ord": date_ord(e.end_date()),
    }
    meta |= {f"aud_{a}": True for a in e.audiences}
    meta |= {f"top_{t}": True for t in e.topics}
    meta |= {f"reg_{r}": True for r in e.regions}
    return meta


def card_text(e: Entry) -> str:
    """The text of chunk 0: what the entry is, in the words people search with."""
    parts = [f"{e.title} – {e.organisation}", f"{KINDS[e.kind]}: {e.summary}"]
    if e.keywords:
        parts.append("Stichworte: " + ", ".join(e.keywords))
    return "\n".join(parts)


def _sections(body: str) -> list[tuple[str, str]]:
    """(heading, text) pairs; text before the first heading gets an empty heading."""
    marks = list(_HEADING.finditer(body))
    out = []
    if not marks or marks[0].start() > 0:
        out.append(("", body[: marks[0].start() if marks else len(body)]))
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(body)
        out.append((m.group(1).strip(), body[m.end() : end]))
    return [(h, t.strip()) for h, t in out if t.strip()]


def _split(text: str, limit: int) -> list[str]:
    """Split at paragraph (then sentence) boundaries into pieces of at most about `limit` characters."""
    pieces: list[str] = []
    current = ""
    for para in re.split(r"\n\s*\n", text):
        units = [para] if len(para) <= limit else re.split(r"(?<=[.!?])\s+", para)
        for unit in units:
            if current and len(current) + len(unit) + 1 > limit:
                pieces.append(current)
                current = ""
            current = f"{current}\n{unit}".strip()
    if current:
        pieces.append(current)
    return pieces


def chunk_entry(item: LoadedEntry) -> list[tuple[str, str, Metadata]]:
    """(chunk id, text, metadata) for the card chunk and every body section of one entry."""
    e = item.entry
    base = chunk_metadata(item)
    header = f"{e.title} – {e.organisation}"
    chunks = [
        (f"{e.id}#0", card_text(e), base | {"chunk": 0, "section": "", "entry_json": e.model_dump_json()})
    ]
    for heading, text in _sections(e.body):
        for piece in _split(text, MAX_CHARS):
            n = len(chunks)
            body = f"{header}\n{heading}\n{piece}" if heading else f"{header}\n{piece}"
            chunks.append((f"{e.id}#{n}", body, base | {"chunk": n, "section": heading}))
    return chunks
