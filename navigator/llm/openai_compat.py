"""Chat provider `openai`: any OpenAI-compatible server (llama-server, llama_cpp.server, vLLM, …).

Uses LangChain's `ChatOpenAI` with streaming and token usage. Retries are off and the timeout is short
on purpose: when the server is down the chat service should fall back to the extractive answer at
once instead of making the user wait (runtime-facts.md, "llama.cpp runtimes"). Every failure, from
`openai`, LangChain or httpx, leaves this module as `LLMUnavailableError`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Generator
from typing import TYPE_CHECKING

import httpx
import openai
from langchain_core.exceptions import LangChainException
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_openai import ChatOpenAI

from navigator.errors import ConfigError, LLMUnavailableError
from navigator.llm.base import Completion, Message, Usage

if TYPE_CHECKING:
    from navigator.settings import Settings

logger = logging.getLogger(__name__)

# Local servers ignore the key, but the openai client refuses to start without one.
_PLACEHOLDER_KEY = "not-needed"


class OpenAICompatProvider:
    """Streams from an OpenAI-compatible `/v1/chat/completions` endpoint.

    Example:
        >>> llm = OpenAICompatProvider("http://127.0.0.1:8080/v1", model="qwen2.5-1.5b")
        >>> for piece in llm.stream([Message("user", "Hallo")], temperature=0.1, max_tokens=40):
        ...     print(piece, end="")

    Pass `http_client=httpx.Client(transport=httpx.MockTransport(handler))` to replace only the wire
    in tests (e.g. a handler that raises `httpx.ConnectError` plays a dead server).
    """

    name = "openai"

    def __init__(
        self,
        base_url: str,
        *,
        model: str,
        api_key: str | None = None,
        timeout_s: float = 30.0,
        http_client: httpx.Client | None = None,
    ) -> None:
        """Configure the client; nothing is contacted until the first `stream` call."""
        self.model = model
        self.base_url = base_url
        self._chat = ChatOpenAI(
            base_url=base_url,
            model=model,
            api_key=api_key or _PLACEHOLDER_KEY,
            streaming=True,
            stream_usage=True,
            max_retries=0,
            timeout=timeout_s,
            http_client=http_client,
        )

    @classmethod
    def from_settings(
        cls, settings: Settings, model: str | None = None, http_client: httpx.Client | None = None
    ) -> OpenAICompatProvider:
        """Build from `llm_base_url`, `llm_model` (or `model`), `llm_api_key` and `llm_timeout_s`.

        Raises:
            ConfigError: `llm_base_url` is not set.
        """
        if not settings.llm_base_url:
            raise ConfigError(
                "llm='openai' needs NAVIGATOR_LLM_BASE_URL, e.g. http://127.0.0.1:8080/v1 "
                "(a llama-server or `python -m llama_cpp.server` on loopback)"
            )
        return cls(
            settings.llm_base_url,
            model=model or settings.llm_model or "local",
            api_key=settings.llm_api_key,
            timeout_s=settings.llm_timeout_s,
            http_client=http_client,
        )

    def warm_up(self, prefix: list[Message] | None = None) -> None:
        """Nothing to load here: the server holds the model (and caches prompt prefixes itself)."""

    def stream(self, messages: list[Message], *, temperature: float, max_tokens: int) -> Completion:
        """Stream the answer; see `ChatProvider.stream`. Closing it closes the HTTP stream."""
        return Completion(lambda usage: self._generate(messages, usage, temperature, max_tokens))

    def _generate(
        self, messages: list[Message], usage: Usage, temperature: float, max_tokens: int
    ) -> Generator[str, None, None]:
        lc_messages = [_to_langchain(m) for m in messages]
        started = time.perf_counter()
        first_piece_at: float | None = None
        pieces = 0
        reported = False
        try:
            # llama_cpp.server reads only `max_tokens`; ChatOpenAI sends `max_completion_tokens`
            # (newer OpenAI name). Sending both works with either kind of server.
            chunks = self._chat.stream(
                lc_messages,
                temperature=temperature,
                max_tokens=max_tokens,
                extra_body={"max_tokens": max_tokens},
            )
            try:
                for chunk in chunks:
                    if chunk.usage_metadata:
                        reported = True
                        usage.prompt_tokens = chunk.usage_metadata["input_tokens"]
                        usage.completion_tokens = chunk.usage_metadata["output_tokens"]
                    text = chunk.text
                    if text:
                        if first_piece_at is None:
                            first_piece_at = time.perf_counter()
                        pieces += 1
                        if not reported:
                            # llama_cpp.server sends no usage when streaming; llama servers send
                            # one chunk per token, so the count is a close estimate.
                            usage.completion_tokens = pieces
                        yield text
            finally:
                # Closing LangChain's generator closes the HTTP response, so the server stops
                # generating for a client that went away.
                close = getattr(chunks, "close", None)
                if close is not None:
                    close()
        # ValueError covers a garbled stream (JSON decode, pydantic validation of a chunk).
        except (openai.OpenAIError, LangChainException, httpx.HTTPError, ValueError) as exc:
            raise LLMUnavailableError(self.name, _hint(exc, self.base_url)) from exc
        total = time.perf_counter() - started
        usage.extra["total_s"] = total
        if not reported:
            usage.extra["usage_estimated"] = 1.0
        if first_piece_at is not None:
            usage.extra["ttft_s"] = first_piece_at - started
        logger.info(
            "openai stream: %d prompt + %d completion tokens in %.2f s",
            usage.prompt_tokens,
            usage.completion_tokens,
            total,
        )


def _to_langchain(message: Message) -> BaseMessage:
    if message.role == "system":
        return SystemMessage(message.content)
    if message.role == "assistant":
        return AIMessage(message.content)
    return HumanMessage(message.content)


def _hint(exc: BaseException, base_url: str) -> str:
    """A short, actionable reason for logs and the fallback message (no secrets, no prompt text)."""
    if isinstance(exc, openai.APITimeoutError | httpx.TimeoutException):
        return f"no answer from {base_url} within the timeout (NAVIGATOR_LLM_TIMEOUT_S)"
    if isinstance(exc, openai.APIConnectionError | httpx.TransportError):
        return f"cannot connect to {base_url}; is the model server running?"
    if isinstance(exc, openai.APIStatusError):
        return f"{base_url} answered HTTP {exc.status_code}: {exc.message[:200]}"
    return f"unusable answer from {base_url}: {type(exc).__name__}: {str(exc)[:200]}"
