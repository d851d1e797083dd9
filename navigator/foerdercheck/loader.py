"""The Förder-Check over a catalogue snapshot: built once per live catalogue and day, not per request.

The chat, the `/foerder-check` page, `POST /api/check` and `navigator check` all take their checker
from here, over the same live index, so they never disagree about a programme. A knowledge file
that changed counts once it is ingested (`navigator ingest`), as for the chat.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from navigator.foerdercheck import translations
from navigator.foerdercheck.engine import Checker
from navigator.retrieval.catalogue import Snapshot

log = logging.getLogger(__name__)


def checker_of(snapshot: Snapshot, translations_dir: Path | None = None) -> Checker:
    """The checker over the snapshot's entries, as of the snapshot's day.

    With `translations_dir` (the knowledge folder), the rule texts also read the translations in its
    `_i18n/foerdercheck/` files.
    """
    key = f"foerdercheck:{translations_dir}" if translations_dir else "foerdercheck"
    return snapshot.derived(key, lambda s: _build(s, translations_dir))


def _build(snapshot: Snapshot, translations_dir: Path | None) -> Checker:
    started = time.perf_counter()
    entries = list(snapshot.entries.values())
    if translations_dir is not None:
        entries = translations.with_translations(entries, translations_dir)
    checker = Checker(entries, snapshot.today)
    log.info(
        "Förder-Check over %s: %d checkable programmes of %d entries in %.2f s",
        snapshot.name,
        len(checker.checkable),
        len(snapshot.entries),
        time.perf_counter() - started,
    )
    return checker
