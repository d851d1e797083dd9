"""The KV state of the catalogue prefix: loaded at start, built in the background after an ingest.

A state is saved as `<data_dir>/kv/catalogue-<key>.kvstate`, where the key hashes the model file,
the context and cache settings (`PrefixStates.state_id`) and the prefix text (rules, every catalogue
line, the worked example; `CataloguePrefix.digest`). A new live catalogue, a new day that changes an
entry's status, a new model or new rules give a new key, so a stale state is never used.

Until the state for the request's catalogue is ready, `ready()` returns None and the generate stage
uses the per-question prompt; the first such request starts loading (a saved state, well under a
second) or building (minutes on 2 cores) in one background thread.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol, runtime_checkable

from navigator.answer.catalogue import CataloguePrefix, prefix_for
from navigator.llm.base import Message
from navigator.prompts import Prompts
from navigator.retrieval.catalogue import Snapshot

log = logging.getLogger(__name__)
SUFFIX = ".kvstate"
KEEP_FILES = 2  # the newest states stay on disk (a request may still hold the previous catalogue)


@runtime_checkable
class PrefixStates(Protocol):
    """A chat provider that can keep the KV state of a fixed message prefix (the local model)."""

    def state_id(self) -> str:
        """A hash of everything besides the prefix text that a saved state depends on."""
        ...

    def load_prefix(self, prefix: list[Message], path: Path, key: str) -> bool:
        """Use the state saved in `path` for `prefix`; False if it is missing or does not match."""
        ...

    def build_prefix(self, prefix: list[Message], path: Path, key: str) -> None:
        """Evaluate `prefix`, save its state to `path` and use it for prompts that start with it."""
        ...


class CataloguePrefixCache:
    """Which catalogue prefix the provider holds a state for, and the one thread that prepares the next."""

    def __init__(
        self,
        provider: PrefixStates,
        prompts: Prompts,
        state_dir: Path,
        snapshot: Callable[[], Snapshot] | None = None,
    ) -> None:
        """Keep states in `state_dir`; `snapshot` gives the live catalogue for `warm_up()`."""
        self.provider = provider
        self.snapshot = snapshot
        self.prompts = prompts
        self.state_dir = state_dir
        self.current: str | None = None  # the key whose state the provider holds
        self.last_build_s: float | None = None
        self._attempted: set[str] = set()
        self._wanted: tuple[CataloguePrefix, str] | None = None
        self._state_id: str | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def key(self, prefix: CataloguePrefix) -> str:
        if self._state_id is None:
            self._state_id = self.provider.state_id()
        return hashlib.sha256(f"{self._state_id}/{prefix.digest}".encode()).hexdigest()[:20]

    def path(self, key: str) -> Path:
        return self.state_dir / f"catalogue-{key}{SUFFIX}"

    def ready(self, snapshot: Snapshot) -> CataloguePrefix | None:
        """The prefix of `snapshot` if its state is ready; else None (and its preparation starts)."""
        prefix = prefix_for(snapshot, self.prompts)
        key = self.key(prefix)
        if key == self.current:
            return prefix
        self._start(prefix, key)
        return None

    def warm_up(self, snapshot: Snapshot | None = None, *, wait: bool = False) -> bool:
        """Prepare the state of `snapshot` (default: the live one) now; `wait` blocks until it is ready."""
        if snapshot is None:
            if self.snapshot is None:
                return False
            snapshot = self.snapshot()
        if self.ready(snapshot) is not None:
            return True
        thread = self._thread
        if wait and thread is not None:
            thread.join()
        return self.ready(snapshot) is not None

    def _start(self, prefix: CataloguePrefix, key: str) -> None:
        with self._lock:
            if key in self._attempted:  # failed, or an older catalogue than the one now held
                return
            self._wanted = (prefix, key)
            if self._thread is not None and self._thread.is_alive():
                return
            self._thread = threading.Thread(target=self._work, name="catalogue-prefix", daemon=True)
            self._thread.start()

    def _work(self) -> None:
        while True:
            with self._lock:
                wanted = self._wanted
                if wanted is None or wanted[1] in self._attempted:
                    return
                self._attempted.add(wanted[1])
            self._prepare(*wanted)

    def _prepare(self, prefix: CataloguePrefix, key: str) -> None:
        path = self.path(key)
        messages = list(prefix.messages)
        started = time.perf_counter()
        try:
            if not self.provider.load_prefix(messages, path, key):
                self.provider.build_prefix(messages, path, key)
                self.last_build_s = time.perf_counter() - started
        except Exception:  # the per-question prompt keeps serving; the log says why
            log.exception("could not prepare the catalogue prefix state %s", key)
            return
        self.current = key
        log.info("catalogue prefix %s ready after %.1f s", key, time.perf_counter() - started)
        self._prune(keep=path)

    def _prune(self, keep: Path) -> None:
        files = sorted(self.state_dir.glob(f"catalogue-*{SUFFIX}"), key=lambda p: p.stat().st_mtime)
        for old in [f for f in files if f != keep][: max(0, len(files) - KEEP_FILES)]:
            old.unlink(missing_ok=True)
