"""A scripted chat provider for tests and for running the navigator without any model.

It ships inside the package (like pydantic-ai's TestModel) so `navigator ask --llm fake` works on a
machine without llama.cpp, and so control-flow tests (fallbacks, streaming, disconnects) run in
milliseconds. It is a double for control flow only; answer quality is tested with the real model.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import deque
from collections.abc import Generator
from dataclasses import dataclass

from navigator.llm.base import Completion, Message, Usage

logger = logging.getLogger(__name__)

DEFAULT_REPLY = "Dazu steht etwas in Quelle [1]."

# Words with their trailing whitespace, so joining the pieces gives back the reply exactly.
_PIECE = re.compile(r"\S+\s*|\s+")


@dataclass(frozen=True, slots=True)
class _Script:
    text: str
    error: BaseException | None


@dataclass(frozen=True, slots=True)
class StreamCall:
    """One recorded call of `ScriptedProvider.stream`."""

    messages: list[Message]
    temperature: float
    max_tokens: int


class ScriptedProvider:
    """Replies with queued texts, piece by piece, and records every call.

    Example:
        >>> llm = ScriptedProvider()
        >>> llm.enqueue("Der Bildungsscheck [1] zahlt die Hälfte.")
        >>> "".join(llm.stream([Message("user", "Was zahlt der Bildungsscheck?")],
        ...                    temperature=0.1, max_tokens=50))
        'Der Bildungsscheck [1] zahlt die Hälfte.'
        >>> llm.history[0][0].content
        'Was zahlt der Bildungsscheck?'
        >>> llm.enqueue(LLMUnavailableError("fake", "server down"))  # next call raises

    Attributes:
        history: The message list of every call, oldest first (like llm's MockModel).
        calls: Every call with its temperature and max_tokens.
        closed_early: How many streams the consumer closed before the reply was complete.
    """

    name = "fake"

    def __init__(
        self,
        *replies: str | BaseException,
        default_reply: str = DEFAULT_REPLY,
        delay_s: float = 0.0,
        model: str = "scripted",
    ) -> None:
        """Create the provider.

        Args:
            *replies: Replies to enqueue right away (see `enqueue`).
            default_reply: Streamed when the queue is empty, so the CLI works without a script.
            delay_s: Sleep before each piece, to simulate a slow model (timeouts, disconnects).
            model: Reported as `model`.
        """
        self.model = model
        self.default_reply = default_reply
        self.delay_s = delay_s
        self.history: list[list[Message]] = []
        self.calls: list[StreamCall] = []
        self.closed_early = 0
        self._queue: deque[_Script] = deque()
        self._lock = threading.Lock()
        for reply in replies:
            self.enqueue(reply)

    def enqueue(self, reply: str | BaseException, *, then_raise: BaseException | None = None) -> None:
        """Queue the next reply.

        Args:
            reply: The text to stream, or an exception to raise before the first piece.
            then_raise: An exception to raise after streaming `reply` (a failure mid-answer).
        """
        if isinstance(reply, BaseException):
            self._queue.append(_Script("", reply))
        else:
            self._queue.append(_Script(reply, then_raise))

    def warm_up(self, prefix: list[Message] | None = None) -> None:
        """Nothing to load."""

    def stream(self, messages: list[Message], *, temperature: float, max_tokens: int) -> Completion:
        """Record the call and stream the next scripted reply; see `ChatProvider.stream`."""
        with self._lock:
            self.history.append(list(messages))
            self.calls.append(StreamCall(list(messages), temperature, max_tokens))
            script = self._queue.popleft() if self._queue else _Script(self.default_reply, None)
        return Completion(lambda usage: self._pieces(script, messages, usage))

    def _pieces(self, script: _Script, messages: list[Message], usage: Usage) -> Generator[str, None, None]:
        pieces = _PIECE.findall(script.text)
        usage.prompt_tokens = sum(len(m.content.split()) for m in messages)
        sent = 0
        try:
            if script.error is not None and not pieces:
                raise script.error
            for piece in pieces:
                if self.delay_s:
                    time.sleep(self.delay_s)
                sent += 1
                usage.completion_tokens = sent
                yield piece
            if script.error is not None:
                raise script.error
        except GeneratorExit:
            if sent < len(pieces):
                self.closed_early += 1
            logger.debug("scripted stream closed after %d of %d pieces", sent, len(pieces))
            raise
