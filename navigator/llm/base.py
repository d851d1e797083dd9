"""The one interface every chat provider implements."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable


@dataclass(frozen=True, slots=True)
class Message:
    role: Literal["system", "user", "assistant"]
    content: str


@dataclass(slots=True)
class Usage:
    """Token counts of the last call, filled in by providers that know them."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    extra: dict[str, float] = field(default_factory=dict)


@runtime_checkable
class ChatProvider(Protocol):
    """A chat model that streams text pieces for a list of messages.

    Implementations raise `navigator.errors.LLMUnavailableError` for every failure (connection, timeout,
    server error), so the chat service can fall back to the extractive answer.
    """

    name: str
    model: str
    usage: Usage

    def stream(self, messages: list[Message], *, temperature: float, max_tokens: int) -> Iterator[str]:
        """Yield the answer in pieces; closing the iterator early stops generation."""
        ...
