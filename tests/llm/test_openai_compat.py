"""The `openai` provider against a fake wire (httpx.MockTransport): errors and the streaming format."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from navigator.errors import LLMUnavailableError
from navigator.llm.base import ChatProvider, Message
from navigator.llm.openai_compat import OpenAICompatProvider

BASE_URL = "http://127.0.0.1:8089/v1"
MESSAGES = [Message("system", "Antworte kurz."), Message("user", "Was ist der Bildungsscheck?")]


def provider_with(handler: Callable[[httpx.Request], httpx.Response]) -> OpenAICompatProvider:
    client = httpx.Client(transport=httpx.MockTransport(handler))
    return OpenAICompatProvider(BASE_URL, model="qwen", timeout_s=2, http_client=client)


def sse(*events: dict[str, Any]) -> bytes:
    lines = [f"data: {json.dumps(e)}\n\n" for e in events] + ["data: [DONE]\n\n"]
    return "".join(lines).encode()


def chunk(content: str | None = None, usage: dict[str, int] | None = None) -> dict[str, Any]:
    choices = [] if content is None else [{"index": 0, "delta": {"content": content}, "finish_reason": None}]
    event = {"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": "qwen", "choices": choices}
    if usage:
        event["usage"] = usage
    return event


def test_is_a_chat_provider():
    assert isinstance(provider_with(lambda request: httpx.Response(500)), ChatProvider)


def test_dead_server_raises_llm_unavailable():
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    with pytest.raises(LLMUnavailableError, match="cannot connect") as info:
        list(provider_with(refuse).stream(MESSAGES, temperature=0.1, max_tokens=20))
    assert info.value.provider == "openai"
    assert BASE_URL in info.value.hint


def test_timeout_raises_llm_unavailable():
    def hang(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    with pytest.raises(LLMUnavailableError, match="timeout"):
        list(provider_with(hang).stream(MESSAGES, temperature=0.1, max_tokens=20))


@pytest.mark.parametrize("status", [400, 401, 404, 429, 500, 503])
def test_http_errors_raise_llm_unavailable(status):
    def fail(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json={"error": {"message": "nope", "type": "x"}})

    with pytest.raises(LLMUnavailableError, match=f"HTTP {status}"):
        list(provider_with(fail).stream(MESSAGES, temperature=0.1, max_tokens=20))


def test_garbage_stream_raises_llm_unavailable():
    def garbage(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, content=b"data: {not json\n\n", headers={"content-type": "text/event-stream"}
        )

    with pytest.raises(LLMUnavailableError):
        list(provider_with(garbage).stream(MESSAGES, temperature=0.1, max_tokens=20))


def test_streams_pieces_fills_usage_and_sends_the_parameters():
    seen: list[dict[str, Any]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(json.loads(request.content))
        body = sse(
            chunk("Der Bildungsscheck "),
            chunk("zahlt 50 % [1]."),
            chunk(usage={"prompt_tokens": 31, "completion_tokens": 9, "total_tokens": 40}),
        )
        return httpx.Response(200, content=body, headers={"content-type": "text/event-stream"})

    provider = provider_with(answer)
    completion = provider.stream(MESSAGES, temperature=0.2, max_tokens=33)
    pieces = list(completion)

    assert pieces == ["Der Bildungsscheck ", "zahlt 50 % [1]."]
    assert (completion.usage.prompt_tokens, completion.usage.completion_tokens) == (31, 9)
    assert completion.usage.extra["ttft_s"] >= 0
    body = seen[0]
    assert body["stream"] is True
    assert body["temperature"] == 0.2
    assert body["max_tokens"] == 33  # llama_cpp.server reads only this name
    assert body["model"] == "qwen"
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    assert body["messages"][1]["content"] == "Was ist der Bildungsscheck?"


def test_no_retries_on_failure():
    calls = []

    def fail(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(503, json={"error": {"message": "loading", "type": "x"}})

    with pytest.raises(LLMUnavailableError):
        list(provider_with(fail).stream(MESSAGES, temperature=0.1, max_tokens=20))
    assert len(calls) == 1  # max_retries=0: fall back at once instead of waiting


def test_without_reported_usage_the_pieces_are_counted():
    def answer(request: httpx.Request) -> httpx.Response:
        body = sse(chunk("Eins "), chunk("zwei "), chunk("drei."))
        return httpx.Response(200, content=body, headers={"content-type": "text/event-stream"})

    completion = provider_with(answer).stream(MESSAGES, temperature=0.1, max_tokens=20)
    assert "".join(completion) == "Eins zwei drei."
    assert completion.usage.completion_tokens == 3
    assert completion.usage.extra["usage_estimated"] == 1.0


def test_closing_the_stream_early_closes_the_response():
    closed = []

    class Body(httpx.SyncByteStream):
        def __iter__(self):
            yield sse(chunk("Eins "), chunk("zwei "))[:-14]  # without [DONE]: the server is still going
            yield sse(chunk("drei "))[:-14]

        def close(self) -> None:
            closed.append(True)

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=Body(), headers={"content-type": "text/event-stream"})

    stream = provider_with(answer).stream(MESSAGES, temperature=0.1, max_tokens=20)
    assert next(stream) == "Eins "
    stream.close()
    assert closed == [True]
