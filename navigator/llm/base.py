"""The one interface every chat provider implements, and the `Completion` a call returns."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable


@dataclass(frozen=True, slots=True)
class Message:
    role: Literal["system", "user", "assistant"]
    content: str


@dataclass(slots=True)
class Usage:
    """Token counts and timings of one call, filled in by providers that know them."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    extra: dict[str, float] = field(default_factory=dict)


class Completion(Iterator[str]):
    """One streamed answer: iterate for the text pieces; `usage` holds this call's counts.

    The usage belongs to the call, not to the provider, so concurrent requests sharing one provider
    never read each other's numbers. It is complete once the iteration has ended or been closed.

    Example::

        completion = provider.stream(messages, temperature=0.1, max_tokens=320)
        text = "".join(completion)
        completion.usage.completion_tokens
    """

    def __init__(self, generate: Callable[[Usage], Iterator[str]]) -> None:
        self.usage = Usage()
        self._pieces = generate(self.usage)

    def __iter__(self) -> Completion:
        return self

    def __next__(self) -> str:
        return next(self._pieces)

    def close(self) -> None:
        """Stop generating (the provider stops at its next piece)."""
        close = getattr(self._pieces, "close", None)
        if close is not None:
            close()


@runtime_checkable
class ChatProvider(Protocol):
    """A chat model that streams text pieces for a list of messages.

    Implementations raise `navigator.errors.LLMUnavailableError` for every failure (connection, timeout,
    server error), so the chat service can fall back to the extractive answer.
    """

    name: str
    model: str

    def stream(self, messages: list[Message], *, temperature: float, max_tokens: int) -> Completion:
        """Yield the answer in pieces; closing the completion early stops generation."""
        ...

    def warm_up(self, prefix: list[Message] | None = None) -> None:
        """Load what the first call would load, and cache the fixed `prefix` if the provider can."""
        ...
