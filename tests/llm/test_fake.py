from __future__ import annotations

import threading
import time

import pytest

from navigator.errors import LLMUnavailableError
from navigator.llm.base import ChatProvider, Message
from navigator.llm.fake import DEFAULT_REPLY, ScriptedProvider

QUESTION = [Message("system", "Du bist ein Lotse."), Message("user", "Was ist der Bildungsscheck?")]


def test_is_a_chat_provider():
    assert isinstance(ScriptedProvider(), ChatProvider)


def test_streams_enqueued_replies_in_order_and_records_history():
    llm = ScriptedProvider()
    llm.enqueue("Erste Antwort [1].")
    llm.enqueue("Zweite Antwort [2].")

    first = list(llm.stream(QUESTION, temperature=0.1, max_tokens=50))
    second = "".join(llm.stream(QUESTION[:1], temperature=0.3, max_tokens=20))

    assert len(first) > 1  # streamed in pieces, not in one chunk
    assert "".join(first) == "Erste Antwort [1]."
    assert second == "Zweite Antwort [2]."
    assert llm.history == [QUESTION, QUESTION[:1]]
    assert (llm.calls[1].temperature, llm.calls[1].max_tokens) == (0.3, 20)


def test_replies_given_to_the_constructor_are_queued():
    llm = ScriptedProvider("A", "B")
    assert [("".join(llm.stream(QUESTION, temperature=0, max_tokens=5))) for _ in range(3)] == [
        "A",
        "B",
        DEFAULT_REPLY,
    ]


def test_empty_queue_gives_the_default_reply():
    llm = ScriptedProvider(default_reply="Nichts gefunden.")
    assert "".join(llm.stream(QUESTION, temperature=0.1, max_tokens=50)) == "Nichts gefunden."


def test_enqueued_exception_is_raised_before_the_first_piece():
    llm = ScriptedProvider()
    llm.enqueue(LLMUnavailableError("fake", "server down"))
    with pytest.raises(LLMUnavailableError, match="server down"):
        next(iter(llm.stream(QUESTION, temperature=0.1, max_tokens=50)))
    assert len(llm.history) == 1


def test_then_raise_fails_mid_answer_after_the_text():
    llm = ScriptedProvider()
    llm.enqueue("Teil eins", then_raise=LLMUnavailableError("fake", "timeout"))
    received = []
    with pytest.raises(LLMUnavailableError):
        for piece in llm.stream(QUESTION, temperature=0.1, max_tokens=50):
            received.append(piece)
    assert "".join(received) == "Teil eins"


def test_closing_early_is_counted():
    llm = ScriptedProvider("eins zwei drei vier")
    stream = llm.stream(QUESTION, temperature=0.1, max_tokens=50)
    next(stream)
    stream.close()
    assert llm.closed_early == 1
    assert stream.usage.completion_tokens == 1


def test_delay_makes_the_stream_slow():
    llm = ScriptedProvider("a b c", delay_s=0.02)
    started = time.perf_counter()
    "".join(llm.stream(QUESTION, temperature=0.1, max_tokens=50))
    assert time.perf_counter() - started >= 0.05


def test_usage_is_filled_per_call():
    llm = ScriptedProvider("drei kleine Wörter", "zwei Wörter")
    first = llm.stream(QUESTION, temperature=0.1, max_tokens=50)
    second = llm.stream(QUESTION, temperature=0.1, max_tokens=50)
    assert ("".join(first), "".join(second)) == ("drei kleine Wörter", "zwei Wörter")
    assert (first.usage.completion_tokens, second.usage.completion_tokens) == (3, 2)
    assert first.usage.prompt_tokens > 0


def test_concurrent_streams_each_get_one_reply():
    llm = ScriptedProvider(*[f"Antwort {i}" for i in range(20)])
    results: list[str] = []

    def worker() -> None:
        results.append("".join(llm.stream(QUESTION, temperature=0.1, max_tokens=50)))

    threads = [threading.Thread(target=worker) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == sorted(f"Antwort {i}" for i in range(20))
