"""The `openai` provider against a real OpenAI-compatible server on loopback (marked `llm`).

Starts `python -m llama_cpp.server` (needs llama-cpp-python's `server` extra) with the packaged
model on a free port and stops it by PID when the module is done.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time

import httpx
import pytest

from navigator.errors import LLMUnavailableError
from navigator.language import detect_language
from navigator.llm.base import Message
from navigator.llm.model_files import model_path
from navigator.llm.registry import get_provider

pytestmark = [
    pytest.mark.llm,
    pytest.mark.skipif(
        importlib.util.find_spec("llama_cpp") is None
        or importlib.util.find_spec("starlette_context") is None,
        reason="needs llama-cpp-python[server]",
    ),
]

MESSAGES = [
    Message("system", "Antworte kurz auf Deutsch."),
    Message(
        "user", "Quellen:\n[1] Der Bildungsscheck zahlt höchstens 500 Euro.\n\nFrage: Wie viel zahlt er?"
    ),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server_url(real_settings, tmp_path_factory):
    gguf = model_path("qwen2.5-1.5b", real_settings.data_dir)
    port = free_port()
    log = tmp_path_factory.mktemp("server") / "llama_cpp_server.log"
    cmd = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(gguf),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        "2048",
        "--n_threads",
        "2",
        "--model_alias",
        "qwen2.5-1.5b",
    ]
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "HF_HUB_OFFLINE": "1"}
        )
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(f"llama_cpp.server exited with {proc.returncode}:\n{log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{url}/models", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"llama_cpp.server not ready after 60 s:\n{log.read_text()[-2000:]}")
            time.sleep(0.25)
        yield url
    finally:
        proc.terminate()  # by PID: only the server this fixture started
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def test_streams_from_a_real_server(server_url, real_settings):
    settings = real_settings.model_copy(
        update={"llm": "openai", "llm_base_url": server_url, "llm_timeout_s": 60}
    )
    provider = get_provider(settings)
    assert provider is not None

    completion = provider.stream(MESSAGES, temperature=0.1, max_tokens=30)
    pieces = list(completion)

    answer = "".join(pieces)
    assert len(pieces) > 3
    assert "500" in answer, answer
    assert detect_language(answer, default="?") == "de", answer
    # llama_cpp.server reports no usage while streaming: the provider counts the chunks instead.
    assert 0 < completion.usage.completion_tokens <= 30  # max_tokens reached the server
    assert completion.usage.extra["usage_estimated"] == 1.0


def test_stopped_server_gives_llm_unavailable(real_settings):
    url = f"http://127.0.0.1:{free_port()}/v1"  # nothing listens here
    settings = real_settings.model_copy(update={"llm": "openai", "llm_base_url": url, "llm_timeout_s": 2})
    provider = get_provider(settings)
    assert provider is not None
    started = time.perf_counter()
    with pytest.raises(LLMUnavailableError, match="cannot connect"):
        list(provider.stream(MESSAGES, temperature=0.1, max_tokens=10))
    assert time.perf_counter() - started < 2  # no retries, no waiting
