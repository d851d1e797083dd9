"""LLM faults over HTTP: down, slow, failing or talking garbage → the extractive answer with a notice.

A real OpenAI-compatible endpoint on loopback (`FakeLLMServer`, a small Starlette app that speaks the
streaming chat-completions protocol and counts its calls) plays the model server; a closed port plays
a dead one. The in-process `ScriptedProvider` covers failures in the middle of an answer. Never a 500,
and the circuit breaker stops calling a failing server and tries again after the cooldown.
"""

from __future__ import annotations

import asyncio
import json
import time

import pytest
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from navigator.api.app import create_app
from navigator.errors import LLMUnavailableError
from navigator.llm.fake import ScriptedProvider
from tests.conftest import free_port, make_settings
from tests.helpers import running_app

QUESTION = {"message": "Wer hilft bei der Anerkennung meines ausländischen Abschlusses?"}
FALLBACK_NOTICE = "Automatisch zusammengestellt"
GOOD_ANSWER = "Die IQ Anerkennungsberatung berät Sie kostenlos [1]."


class FakeLLMServer:
    """An OpenAI-compatible /v1/chat/completions endpoint whose behaviour the test switches."""

    def __init__(self) -> None:
        self.mode = "ok"  # ok | error | garbage | slow
        self.calls = 0
        self.app = Starlette(routes=[Route("/v1/chat/completions", self.completions, methods=["POST"])])

    async def completions(self, request: Request) -> Response:
        self.calls += 1
        await request.json()
        if self.mode == "error":
            return JSONResponse(
                {"error": {"message": "model crashed", "type": "server_error"}}, status_code=500
            )
        if self.mode == "slow":
            await asyncio.sleep(4)
        if self.mode == "garbage":
            return Response("data: {this is not json\n\n", media_type="text/event-stream")

        async def chunks():
            for word in GOOD_ANSWER.split(" "):
                delta = {"choices": [{"index": 0, "delta": {"content": word + " "}, "finish_reason": None}]}
                yield f"data: {json.dumps({'id': 'c1', 'object': 'chat.completion.chunk', 'created': 0, 'model': 'm', **delta})}\n\n"
            yield "data: [DONE]\n\n"

        return StreamingResponse(chunks(), media_type="text/event-stream")


def openai_settings(built_settings, base_url: str, **overrides):
    return make_settings(
        built_settings.data_dir,
        llm="openai",
        llm_base_url=base_url,
        llm_model="fake-model",
        allow_real_llm=True,
        **{"llm_timeout_s": 2.0, **overrides},
    )


@pytest.fixture(scope="module")
def llm_server():
    server = FakeLLMServer()
    with running_app(server.app) as url:
        server.url = f"{url}/v1"  # type: ignore[attr-defined]
        yield server


def assert_extractive_with_notice(body, reason):
    assert body["fallback"] == reason
    assert FALLBACK_NOTICE in body["answer"]
    assert body["sources"] and body["sources"][0]["id"] == "iq-anerkennungsberatung"
    assert body["grounded"] is True  # the extractive answer cites its sources too


def test_a_healthy_model_server_answers(built_settings, llm_server):
    llm_server.mode = "ok"
    with TestClient(create_app(openai_settings(built_settings, llm_server.url))) as c:
        body = c.post("/api/chat", json=QUESTION).json()
    assert body["fallback"] is None and body["provider"] == "openai"
    assert "IQ Anerkennungsberatung berät Sie kostenlos [1]" in body["answer"]


def test_model_server_down_gives_the_extractive_answer(built_settings):
    dead = f"http://127.0.0.1:{free_port()}/v1"  # nothing listens here
    with TestClient(create_app(openai_settings(built_settings, dead))) as c:
        started = time.monotonic()
        r = c.post("/api/chat", json=QUESTION)
        assert r.status_code == 200
        assert_extractive_with_notice(r.json(), "provider_error")
        assert time.monotonic() - started < 5  # fails fast: no retries
        with c.stream("POST", "/api/chat/stream", json=QUESTION) as s:
            text = "".join(s.iter_text())
        assert s.status_code == 200 and "event: done" in text and "provider_error" in text


@pytest.mark.parametrize("mode", ["error", "garbage"])
def test_model_server_errors_and_garbage_give_the_extractive_answer(built_settings, llm_server, mode):
    llm_server.mode = mode
    with TestClient(create_app(openai_settings(built_settings, llm_server.url))) as c:
        r = c.post("/api/chat", json=QUESTION)
    assert r.status_code == 200
    assert_extractive_with_notice(r.json(), "provider_error")


def test_slow_model_server_times_out_into_the_extractive_answer(built_settings, llm_server):
    llm_server.mode = "slow"
    with TestClient(create_app(openai_settings(built_settings, llm_server.url, llm_timeout_s=1.0))) as c:
        started = time.monotonic()
        r = c.post("/api/chat", json=QUESTION)
        elapsed = time.monotonic() - started
    assert r.status_code == 200
    assert_extractive_with_notice(r.json(), "provider_error")
    assert elapsed < 3  # the 4 s the server takes are not waited for


def test_circuit_breaker_stops_calling_a_failing_server_and_retries_after_cooldown(
    built_settings, llm_server
):
    llm_server.mode = "error"
    llm_server.calls = 0
    settings = openai_settings(
        built_settings, llm_server.url, llm_breaker_threshold=2, llm_breaker_cooldown_s=1.0
    )
    with TestClient(create_app(settings)) as c:
        reasons = [c.post("/api/chat", json=QUESTION).json()["fallback"] for _ in range(5)]
        assert reasons == ["provider_error"] * 2 + ["provider_unavailable"] * 3
        assert llm_server.calls == 2  # the open circuit spared the server three calls
        assert c.get("/healthz").json()["llm"]["circuit"] == "open"

        time.sleep(1.1)  # cooldown over: one trial call goes through
        assert c.get("/healthz").json()["llm"]["circuit"] == "half-open"
        llm_server.mode = "ok"
        body = c.post("/api/chat", json=QUESTION).json()
        assert body["fallback"] is None and llm_server.calls == 3
        assert c.get("/healthz").json()["llm"]["circuit"] == "closed"


def test_a_failed_trial_opens_the_circuit_again(built_settings, llm_server):
    llm_server.mode = "error"
    llm_server.calls = 0
    settings = openai_settings(
        built_settings, llm_server.url, llm_breaker_threshold=1, llm_breaker_cooldown_s=0.5
    )
    with TestClient(create_app(settings)) as c:
        c.post("/api/chat", json=QUESTION)
        time.sleep(0.6)
        assert c.post("/api/chat", json=QUESTION).json()["fallback"] == "provider_error"  # the trial
        assert c.post("/api/chat", json=QUESTION).json()["fallback"] == "provider_unavailable"
        assert llm_server.calls == 2


@pytest.fixture
def scripted(built_settings):
    """An app with the in-process scripted model; yields (client, provider)."""
    app = create_app(make_settings(built_settings.data_dir, llm="fake", llm_timeout_s=0.5))
    with TestClient(app) as c:
        provider = app.state.services.chat().provider
        assert isinstance(provider, ScriptedProvider)
        yield c, provider


@pytest.mark.parametrize(
    ("script", "reason"),
    [
        (LLMUnavailableError("fake", "server down"), "provider_error"),
        (RuntimeError("a bug in a provider"), "provider_error"),
        (MemoryError("llama.cpp out of memory"), "provider_error"),
        ("%%%% #### !!!! ???? 1234 5678", "garbage"),
        ("Ja.", "garbage"),
        ("Das weiß ich leider nicht, fragen Sie woanders.", "no_citation"),
    ],
    ids=["unavailable", "bug", "oom", "symbols", "too-short", "no-citation"],
)
def test_failing_or_useless_model_output_gives_the_extractive_answer(scripted, script, reason):
    client, provider = scripted
    provider.enqueue(script)
    r = client.post("/api/chat", json=QUESTION)
    assert r.status_code == 200
    assert_extractive_with_notice(r.json(), reason)


def test_failure_in_the_middle_of_a_streamed_answer(scripted):
    client, provider = scripted
    provider.enqueue(
        "Die IQ Anerkennungsberatung hilft", then_raise=LLMUnavailableError("fake", "connection reset")
    )
    with client.stream("POST", "/api/chat/stream", json=QUESTION) as r:
        lines = list(r.iter_lines())
    assert r.status_code == 200
    events = [ln.split(":", 1)[1].strip() for ln in lines if ln.startswith("event:")]
    assert events[0] == "sources" and events[-1] == "done" and "token" in events
    done = json.loads(lines[lines.index("event: done") + 1][5:])
    assert_extractive_with_notice(done, "provider_error")


def test_slow_model_times_out_into_the_extractive_answer(scripted):
    client, provider = scripted
    provider.delay_s = 0.2
    provider.enqueue(" ".join(["Wort"] * 50) + " [1].")
    started = time.monotonic()
    r = client.post("/api/chat", json=QUESTION)
    assert r.status_code == 200
    assert_extractive_with_notice(r.json(), "provider_error")
    assert time.monotonic() - started < 3  # 0.5 s timeout, not 50 × 0.2 s
