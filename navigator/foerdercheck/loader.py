"""The Förder-Check over a catalogue snapshot: built once per live catalogue and day, not per request.

The chat, the `/foerder-check` page, `POST /api/check` and `navigator check` all take their checker
from here, over the same live index, so they never disagree about a programme. A knowledge file
that changed counts once it is ingested (`navigator ingest`), as for the chat.
"""

from __future__ import annotations

import logging
import time

from navigator.foerdercheck.engine import Checker
from navigator.retrieval.catalogue import Snapshot

log = logging.getLogger(__name__)


def checker_of(snapshot: Snapshot) -> Checker:
    """The checker over the snapshot's entries, as of the snapshot's day."""
    return snapshot.derived("foerdercheck", _build)


def _build(snapshot: Snapshot) -> Checker:
    started = time.perf_counter()
    checker = Checker(snapshot.entries.values(), snapshot.today)
    log.info(
        "Förder-Check over %s: %d checkable programmes of %d entries in %.2f s",
        snapshot.name,
        len(checker.checkable),
        len(snapshot.entries),
        time.perf_counter() - started,
    )
    return checker
