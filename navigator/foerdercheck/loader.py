"""Build a `Checker` from the knowledge folder, once per change of the files (not per request)."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from pathlib import Path

from navigator.foerdercheck import translations
from navigator.foerdercheck.engine import Checker
from navigator.knowledge import knowledge_files, load_entries

log = logging.getLogger(__name__)

Signature = tuple[tuple[str, int, int], ...]


def _signature(folder: Path) -> Signature:
    stats = []
    for path in [*knowledge_files(folder), *translations.files(folder).values()]:
        st = path.stat()
        stats.append((str(path), st.st_mtime_ns, st.st_size))
    return tuple(stats)


class CheckerCache:
    """Hands out a `Checker` for a folder and day; reloads when a knowledge file changed.

    Validating all files takes about a second, a stat of every file some milliseconds, so a call
    compares file signatures at most every `recheck_s` seconds. Example::

        cache = CheckerCache(settings.knowledge_dir)
        checker = cache.get(settings.current_date())
    """

    def __init__(self, folder: Path, recheck_s: float = 2.0) -> None:
        self.folder = folder
        self.recheck_s = recheck_s
        self._lock = threading.Lock()
        self._key: tuple[Signature, dt.date] | None = None
        self._checker: Checker | None = None
        self._checked_at = -float("inf")

    def get(self, today: dt.date) -> Checker:
        with self._lock:
            # Stat-ing every file costs milliseconds; a change shows up within `recheck_s` seconds.
            fresh = time.monotonic() - self._checked_at < self.recheck_s
            if self._checker is not None and fresh and self._key is not None and self._key[1] == today:
                return self._checker
            signature = _signature(self.folder)
            self._checked_at = time.monotonic()
            if self._checker is None or self._key != (signature, today):
                started = time.perf_counter()
                entries = [item.entry for item in load_entries(self.folder)]
                # Rule texts in the other languages, from knowledge/_i18n/foerdercheck/.
                entries = translations.with_translations(entries, self.folder)
                self._checker = Checker(entries, today)
                self._key = (signature, today)
                log.info(
                    "loaded %d checkable programmes from %d entries in %.2f s",
                    len(self._checker.checkable),
                    len(entries),
                    time.perf_counter() - started,
                )
            return self._checker
