"""The answer pipeline: a question passes through stages, each in its own module, to a verified answer.

    understand.py   injection check, answer language, follow-up rewrite (and query understanding)
    retrieve.py     ranked entries, named ended ones, numbered source cards
    gate.py         scope check; announces the sources
    clarify.py      the Förder-Check's deciding question or verdicts (optional)
    generate.py     the chat model's guarded stream (extractive.py: the answer without a model)
    verify.py       citations, contacts, language; the extractive fallback on rejection
    events.py       the events of a stream and the final `Answer`
    service.py      `ChatService`: runs the stages in order
    assemble.py     the default order of the stages

See docs/architecture.md for the picture.
"""

from navigator.answer.assemble import assemble
from navigator.answer.clarify import Clarify
from navigator.answer.context import Context, Event, Stage, Turn
from navigator.answer.service import ChatService

__all__ = ["ChatService", "Clarify", "Context", "Event", "Stage", "Turn", "assemble"]
