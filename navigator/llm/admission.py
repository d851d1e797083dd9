"""Admission to a model that answers one request at a time: wait only when waiting pays off.

The in-process model writes one answer at a time, about 10-13 s each on 2 cores (bench/results.md).
A second asker used to wait for the lock up to the answer budget (`NAVIGATOR_LLM_TIMEOUT_S`) and,
with a few people asking, often got the extractive answer after all, only later. `Admission` keeps
the expected time of the generation in progress and of everyone already waiting; when the model is
busy and a new request could not get its complete answer within the budget, it is refused at once
(`ModelBusyError`), and the chat service answers extractively with the notice.

The expected duration of a generation is learned per kind of call (the provider passes its
`max_tokens`: a follow-up rewrite is much shorter than an answer) as a moving average of the
generations that ran to the end, and of those cut short after longer than expected (a lower bound);
until one has, `first_estimate_s` stands in.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass

from navigator.errors import LLMUnavailableError, ModelBusyError

log = logging.getLogger(__name__)

# Qwen2.5-1.5B on 2 cores: complete answer p50 10.4-13.3 s (README, "Speed and memory").
FIRST_ESTIMATE_S = 12.0
# Weight of the newest duration in the moving average: recent load on a shared CPU matters most.
WEIGHT = 0.3


@dataclass(slots=True)
class _Ticket:
    kind: Hashable
    expected_s: float
    started_at: float | None = None


class Admission:
    """One generation at a time, and no waiting for an answer that would come too late.

    Example::

        admission = Admission(budget_s=30, name="local")
        with admission.slot(kind=320):  # raises ModelBusyError at once if it could not finish in time
            ...  # generate; the model is ours until the block ends
    """

    def __init__(
        self,
        budget_s: float,
        *,
        name: str = "local",
        first_estimate_s: float = FIRST_ESTIMATE_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.budget_s = budget_s
        self.name = name
        self.first_estimate_s = first_estimate_s
        self.clock = clock
        # The model itself. A plain Lock (not RLock): Starlette may resume a streaming iterator on
        # another thread than the one that started it, and that thread releases it.
        self._model = threading.Lock()
        self._books = threading.Lock()  # guards the fields below, held only for bookkeeping
        self._running: _Ticket | None = None
        self._waiting: list[_Ticket] = []
        self._estimates: dict[Hashable, float] = {}

    def estimate(self, kind: Hashable = None) -> float:
        """Expected seconds for one generation of this kind, from the kind's past generations."""
        return self._estimates.get(kind, self.first_estimate_s)

    def expected_wait(self) -> float:
        """Seconds until a request arriving now would get the model (0 when it is free)."""
        with self._books:
            return self._expected_wait(self.clock())

    def _expected_wait(self, now: float) -> float:
        running = self._running
        left = 0.0
        if running is not None and running.started_at is not None:
            left = max(running.expected_s - (now - running.started_at), 0.0)
        return left + sum(t.expected_s for t in self._waiting)

    @property
    def busy(self) -> bool:
        return self._running is not None or bool(self._waiting)

    @contextlib.contextmanager
    def slot(self, kind: Hashable = None, *, record: bool = True) -> Iterator[None]:
        """Hold the model for one generation of `kind`; learn its duration if `record` and it ends normally.

        Raises:
            ModelBusyError: At once, when the model is busy and this generation's expected end
                (wait plus own duration) lies beyond the budget.
            LLMUnavailableError: The model stayed busy for the whole budget after all.
        """
        ticket = self._admit(kind)
        try:
            if not self._model.acquire(timeout=self.budget_s):
                raise LLMUnavailableError(
                    self.name, f"the model was busy for {self.budget_s:.0f} s (one answer at a time)"
                )
        except BaseException:
            with self._books:
                self._waiting.remove(ticket)
            raise
        with self._books:
            self._waiting.remove(ticket)
            ticket.started_at = self.clock()
            self._running = ticket
        finished = False
        try:
            yield
            finished = True
        finally:
            with self._books:
                self._running = None
                took = self.clock() - ticket.started_at
                # A generation cut short (deadline, closed stream) took at least this long: it
                # teaches a longer estimate, never a shorter one, or a model too slow for the
                # budget would keep being waited for.
                if record and (finished or took > self.estimate(kind)):
                    self._learn(kind, took)
            self._model.release()

    def _admit(self, kind: Hashable) -> _Ticket:
        with self._books:
            own = self.estimate(kind)
            if self.busy:
                wait = self._expected_wait(self.clock())
                if wait + own > self.budget_s:
                    log.info(
                        "%s model busy: expected wait %.1f s + answer %.1f s > budget %.0f s; not waiting",
                        self.name,
                        wait,
                        own,
                        self.budget_s,
                    )
                    raise ModelBusyError(
                        self.name,
                        f"busy: the answer would take about {wait + own:.0f} s with the model's queue "
                        f"(budget {self.budget_s:.0f} s)",
                    )
            ticket = _Ticket(kind, own)
            self._waiting.append(ticket)
            return ticket

    def _learn(self, kind: Hashable, seconds: float) -> None:
        old = self._estimates.get(kind)
        self._estimates[kind] = seconds if old is None else old + WEIGHT * (seconds - old)
