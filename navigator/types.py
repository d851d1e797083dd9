"""Plain values passed between retrieval, the chat service and the API (no I/O here)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Hit:
    """One retrieved entry (the best-matching chunk of it), ranked by fused score."""

    id: str
    kind: str
    title: str
    organisation: str
    url: str
    text: str
    score: float
    status: str = "current"
    # Cosine similarity of the best dense match (0 when only the keyword index found it).
    similarity: float = 0.0
    # Which retrievers found it, with their 1-based ranks, e.g. {"dense": 1, "bm25": 3}.
    ranks: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Source:
    """A numbered source card; everything on it comes from the knowledge file, never from a model."""

    n: int
    id: str
    title: str
    organisation: str
    kind: str
    url: str
    summary: str
    contact: dict[str, str]
    status: str
    reviewed: str
    end_date: str | None = None
    successors: tuple[str, ...] = ()
    # The system's status sentence in the answer language (navigator.status): never model text.
    status_text: str = ""
    status_state: str = ""  # ended | ending | upcoming | open
    cited: bool = True
    excerpt: str = ""
    # Set by navigator/localise.py for the asker's language: `title` is then the German name with its
    # translation, `title_de` the German name alone and `summary` in `lang`; `german_only` says the
    # asker's language is not German but no current translation exists (the card says so).
    title_de: str = ""
    title_translation: str = ""
    translated: bool = False
    lang: str = "de"
    german_only: bool = False
    # Languages besides German the office counsels in (the entry's `languages`, where a source says so).
    languages: tuple[str, ...] = ()
    # "Beraten lassen bei …": the offices that advise on or grant this offer (its `offices`), each
    # {id, title, url, phone, email, address, opening_hours, appointment} as far as its file states them.
    advice: tuple[dict[str, str], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["successors"] = list(self.successors)
        data["advice"] = [dict(a) for a in self.advice]
        data["languages"] = list(self.languages)
        data.pop("excerpt")
        return data


@dataclass(frozen=True, slots=True)
class Answer:
    """The navigator's reply: text with [n] markers that point into `sources`."""

    text: str
    language: str
    sources: tuple[Source, ...]
    grounded: bool
    provider: str
    fallback: str | None = None
    query: str = ""
    # The Förder-Check behind the answer: the question asked, or the verdicts stated (None if none).
    check: dict[str, Any] | None = None
    timings: dict[str, float] = field(default_factory=dict)
    usage: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "answer": self.text,
            "language": self.language,
            "sources": [s.as_dict() for s in self.sources],
            "grounded": self.grounded,
            "provider": self.provider,
            "fallback": self.fallback,
            "check": self.check,
        }
