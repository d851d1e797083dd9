"""Build a `Checker` from the knowledge folder, once per change of the files (not per request)."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from pathlib import Path

from navigator.foerdercheck.engine import Checker
from navigator.knowledge import knowledge_files, load_entries

log = logging.getLogger(__name__)

Signature = tuple[tuple[str, int, int], ...]


def _signature(folder: Path) -> Signature:
    stats = []
    for path in knowledge_files(folder):
        st = path.stat()
        stats.append((str(path), st.st_mtime_ns, st.st_size))
    return tuple(stats)


class CheckerCache:
    """Hands out a `Checker` for a folder and day; reloads when a knowledge file changed.

    Validating all files takes about a second, a stat of every file about a millisecond, so each
    call only compares file signatures. Example::

        cache = CheckerCache(settings.knowledge_dir)
        checker = cache.get(settings.current_date())
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lock = threading.Lock()
        self._key: tuple[Signature, dt.date] | None = None
        self._checker: Checker | None = None

    def get(self, today: dt.date) -> Checker:
        signature = _signature(self.folder)
        with self._lock:
            if self._checker is None or self._key != (signature, today):
                started = time.perf_counter()
                entries = [item.entry for item in load_entries(self.folder)]
                self._checker = Checker(entries, today)
                self._key = (signature, today)
                log.info(
                    "loaded %d checkable programmes from %d entries in %.2f s",
                    len(self._checker.checkable),
                    len(entries),
                    time.perf_counter() - started,
                )
            return self._checker
