"""A small circuit breaker, so a dead LLM provider is not hammered on every request."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

log = logging.getLogger(__name__)


class CircuitBreaker:
    """Opens after `threshold` consecutive failures; lets one trial call through after `cooldown_s`.

    States: closed (calls pass), open (calls refused until the cooldown ends), half-open (one trial;
    success closes, failure opens again).
    """

    def __init__(
        self, threshold: int = 3, cooldown_s: float = 30.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.threshold = threshold
        self.cooldown_s = cooldown_s
        self.clock = clock
        self.failures = 0
        self.opened_at: float | None = None
        self._lock = threading.Lock()

    @property
    def state(self) -> str:
        if self.opened_at is None:
            return "closed"
        return "half-open" if self.clock() - self.opened_at >= self.cooldown_s else "open"

    def allow(self) -> bool:
        return self.state != "open"

    def record(self, *, success: bool) -> None:
        with self._lock:
            if success:
                if self.opened_at is not None:
                    log.info("LLM provider answers again; circuit closed")
                self.failures, self.opened_at = 0, None
                return
            self.failures += 1
            if self.failures >= self.threshold or self.opened_at is not None:
                if self.state != "open":
                    log.warning(
                        "LLM provider failed %d times; circuit open for %.0f s",
                        self.failures,
                        self.cooldown_s,
                    )
                self.opened_at = self.clock()
