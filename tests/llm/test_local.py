"""The in-process llama.cpp provider with the real packaged model (marked `llm`; ~20 s in all)."""

from __future__ import annotations

import re

import pytest

from navigator.errors import LLMUnavailableError
from navigator.language import detect_language
from navigator.llm.base import ChatProvider, Message

pytestmark = pytest.mark.llm

SYSTEM = Message(
    "system",
    "Du bist ein Lotse für Weiterbildung in der Märkischen Region. Antworte nur aus den Quellen, "
    "nenne die Quelle als [1], antworte kurz auf Deutsch.",
)


def ask(question: str, source: str) -> list[Message]:
    return [SYSTEM, Message("user", f"Quellen:\n[1] {source}\n\nFrage: {question}")]


@pytest.fixture(scope="module")
def local(local_model):
    local_model.warm_up([SYSTEM])
    return local_model


def test_streams_a_german_answer(local):
    assert isinstance(local, ChatProvider)
    messages = ask(
        "Wie viel zahlt der Bildungsscheck?",
        "Der Bildungsscheck NRW zahlt 50 % der Kurskosten, höchstens 500 Euro.",
    )
    completion = local.stream(messages, temperature=0.1, max_tokens=40)
    pieces = list(completion)

    answer = "".join(pieces)
    assert len(pieces) > 3  # really streamed
    assert detect_language(answer, default="?") == "de", answer
    assert re.search(r"500|50 ?%", answer), answer
    usage = completion.usage
    assert 0 < usage.completion_tokens <= 40
    assert usage.prompt_tokens > 40
    assert usage.extra["ttft_s"] < usage.extra["total_s"]


def test_reuses_the_cached_system_prompt(local):
    """Only the part after the shared prefix is evaluated again (llama.cpp's prefix match)."""
    list(
        local.stream(
            ask("Wer hilft bei der Gründung?", "Das STARTERCENTER berät."), temperature=0.1, max_tokens=8
        )
    )
    second = local.stream(
        ask("Was ist ein Jobcenter?", "Das Jobcenter zahlt Grundsicherung."), temperature=0.1, max_tokens=8
    )
    list(second)

    prompt, cached = second.usage.prompt_tokens, second.usage.extra["cached_prompt_tokens"]
    assert cached >= 30  # the system prompt and the start of the user turn
    assert prompt - cached < 40  # the rest: a short source and question


def test_restores_the_warm_prefix_after_an_unrelated_prompt(local):
    """A prompt without the system prompt (e.g. a follow-up rewrite) must not cost the next answer."""
    rewrite = local.stream([Message("user", "Formuliere neu: und in Hagen?")], temperature=0.0, max_tokens=4)
    list(rewrite)
    assert rewrite.usage.extra["cached_prompt_tokens"] < 5

    answer = local.stream(
        ask("Was ist ein Jobcenter?", "Das Jobcenter zahlt Grundsicherung."), temperature=0.1, max_tokens=4
    )
    list(answer)

    assert answer.usage.extra.get("prefix_restored") == 1.0
    assert answer.usage.extra["cached_prompt_tokens"] >= 30


def test_closing_the_stream_stops_generation_and_frees_the_model(local):
    stream = local.stream(
        ask("Erzähl mir alles über Weiterbildung.", "Weiterbildung ist wichtig."),
        temperature=0.1,
        max_tokens=200,
    )
    next(stream)
    next(stream)
    stream.close()
    assert stream.usage.completion_tokens <= 3
    # The lock was released: the next request runs at once.
    assert "".join(local.stream(ask("Hallo?", "Hallo."), temperature=0.1, max_tokens=4))


def test_waits_for_a_running_generation_then_gives_up(local, monkeypatch):
    monkeypatch.setattr(local, "timeout_s", 0.2)
    first = local.stream(ask("Erzähl mir alles.", "Text."), temperature=0.1, max_tokens=50)
    next(first)  # holds the model
    try:
        with pytest.raises(LLMUnavailableError, match="busy"):
            next(local.stream(ask("Noch eine Frage?", "Text."), temperature=0.1, max_tokens=5))
    finally:
        first.close()


def test_prompt_longer_than_the_context_is_refused(local):
    huge = "Weiterbildung " * 3000  # well over llm_context=2048 tokens
    with pytest.raises(LLMUnavailableError, match="context"):
        list(local.stream(ask("Zusammenfassung?", huge), temperature=0.1, max_tokens=10))
