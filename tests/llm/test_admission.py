"""A busy model never makes anyone wait for nothing (navigator/llm/admission.py).

A fake slow provider that serves one generation at a time through an `Admission`, like the local
model: a second asker gets the extractive answer at once when the answer would come too late, and
waits for the model when it would not.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from navigator.answer import ChatService, assemble
from navigator.errors import LLMUnavailableError, ModelBusyError
from navigator.llm.admission import Admission
from navigator.llm.base import Completion, Message
from navigator.llm.fake import ScriptedProvider
from navigator.prompts import load_prompts
from navigator.services import build_retriever
from tests.conftest import make_settings

QUESTION = "Wer hilft bei der Anerkennung meines ausländischen Abschlusses?"
REPLY = "Die IQ-Beratung [1] hilft bei der Anerkennung."


class SlowModel:
    """Streams a scripted reply slowly, one generation at a time, through an admission (like `local`)."""

    name = "local"
    model = "slow-fake"

    def __init__(self, admission: Admission, delay_s: float) -> None:
        self.admission = admission
        self._script = ScriptedProvider(default_reply=REPLY, delay_s=delay_s)

    def stream(self, messages: list[Message], *, temperature: float, max_tokens: int) -> Completion:
        return Completion(
            lambda usage: self._generate(messages, temperature=temperature, max_tokens=max_tokens)
        )

    def _generate(self, messages: list[Message], *, temperature: float, max_tokens: int) -> Iterator[str]:
        with self.admission.slot(kind=max_tokens):
            yield from self._script.stream(messages, temperature=temperature, max_tokens=max_tokens)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


# -- the admission rule -----------------------------------------------------------------------------


def test_a_free_model_admits_even_an_answer_longer_than_the_budget():
    admission = Admission(budget_s=10, first_estimate_s=60)
    with admission.slot():
        assert admission.busy
    assert not admission.busy and admission.expected_wait() == 0


def test_a_busy_model_refuses_at_once_when_the_answer_would_come_too_late():
    clock = Clock()
    admission = Admission(budget_s=30, first_estimate_s=12, clock=clock)

    def wait_for_the_model() -> None:
        with admission.slot():
            pass

    with admission.slot():
        clock.now += 2
        # 10 s left of the running answer + 12 s of its own = 22 s: the next asker waits.
        waiter = threading.Thread(target=wait_for_the_model)
        waiter.start()
        deadline = time.monotonic() + 5
        while admission.expected_wait() < 22 and time.monotonic() < deadline:
            time.sleep(0.005)
        assert admission.expected_wait() == pytest.approx(22)
        # 10 s left + 12 s for the one waiting + 12 s of its own = 34 s > 30 s: refused at once.
        started = time.perf_counter()
        with pytest.raises(ModelBusyError, match="busy"), admission.slot():
            pass
        assert time.perf_counter() - started < 0.5
    waiter.join(timeout=5)
    assert not waiter.is_alive() and not admission.busy


def test_the_estimate_follows_the_measured_durations_per_kind():
    clock = Clock()
    admission = Admission(budget_s=30, first_estimate_s=12, clock=clock)
    with admission.slot(kind=320):
        clock.now += 20
    assert admission.estimate(320) == 20  # the first measurement replaces the guess
    with admission.slot(kind=320):
        clock.now += 10
    assert admission.estimate(320) == pytest.approx(17)  # then a moving average
    assert admission.estimate(60) == 12  # a follow-up rewrite has its own


def test_a_generation_cut_short_teaches_only_a_longer_estimate():
    clock = Clock()
    admission = Admission(budget_s=30, first_estimate_s=12, clock=clock)
    with pytest.raises(LLMUnavailableError), admission.slot(kind=320):
        clock.now += 1
        raise LLMUnavailableError("local", "llama.cpp failed")
    assert admission.estimate(320) == 12 and not admission.busy  # 1 s says nothing about an answer
    with pytest.raises(LLMUnavailableError), admission.slot(kind=320):
        clock.now += 30  # stopped at the deadline: an answer takes at least 30 s on this machine
        raise LLMUnavailableError("local", "no complete answer in 30 s")
    assert admission.estimate(320) == 30


# -- through the chat service -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def retriever(built_settings):
    return build_retriever(built_settings)


def service(retriever, model: SlowModel, budget_s: float) -> ChatService:
    prompts = load_prompts(make_settings(Path("unused")).prompts_dir)
    return assemble(retriever, model, prompts, timeout_s=budget_s)


def ask_both(chat: ChatService) -> list[tuple[str | None, float]]:
    """Two people ask at the same time; returns (fallback reason, seconds) in order of arrival."""
    results: dict[str, tuple[str | None, float]] = {}

    def ask(name: str) -> None:
        started = time.perf_counter()
        answer = chat.answer(QUESTION)
        results[name] = (answer.fallback, time.perf_counter() - started)

    first = threading.Thread(target=ask, args=("first",))
    first.start()
    deadline = time.monotonic() + 10
    while not chat.provider.admission.busy and time.monotonic() < deadline:  # type: ignore[union-attr]
        time.sleep(0.005)
    ask("second")
    first.join()
    return [results["first"], results["second"]]


def test_the_second_asker_gets_the_extractive_answer_at_once_with_the_notice(retriever):
    # Each answer takes about 1.5 s (10 pieces); the budget of 2 s fits one answer, not two.
    model = SlowModel(Admission(budget_s=2.0, first_estimate_s=1.5), delay_s=0.15)
    chat = service(retriever, model, budget_s=2.0)
    (first, first_s), (second, second_s) = ask_both(chat)
    assert first is None and first_s > 1.0  # the model answered the first
    assert second == "model_busy" and second_s < 0.5  # the second did not wait
    assert chat.breaker.state == "closed"  # busy is no failure of the model


def test_the_second_asker_waits_when_the_model_answers_within_the_budget(retriever):
    model = SlowModel(Admission(budget_s=5.0, first_estimate_s=0.5), delay_s=0.05)
    chat = service(retriever, model, budget_s=5.0)
    (first, _), (second, second_s) = ask_both(chat)
    assert first is None and second is None  # both got the model's answer
    assert second_s > 0.4  # the second waited for the first


def test_the_extractive_answer_carries_the_notice(retriever):
    admission = Admission(budget_s=1.0, first_estimate_s=5.0)
    chat = service(retriever, SlowModel(admission, delay_s=0.0), budget_s=1.0)
    with admission.slot():  # someone else's long answer is running
        answer = chat.answer(QUESTION)
    assert answer.fallback == "model_busy" and answer.provider == "local"
    assert chat.prompts.phrase("fallback", "de") in answer.text and answer.grounded


# -- over the real local model ----------------------------------------------------------------------


@pytest.mark.llm
def test_two_concurrent_asks_over_the_real_model_get_one_model_answer_and_one_at_once(
    retriever, built_settings
):
    """The budget fits one answer of the real model on this machine (measured first), not two."""
    pytest.importorskip("llama_cpp")
    from navigator.llm import model_files
    from navigator.services import build_chat_service
    from navigator.settings import REPO_ROOT

    gguf = model_files.model_path(model_files.DEFAULT_MODEL, REPO_ROOT / "data")  # joined once, reused
    settings = make_settings(
        built_settings.data_dir,
        llm="local",
        llm_model=str(gguf),
        allow_real_llm=True,
        llm_max_tokens=60,
        llm_timeout_s=300,
    )
    chat = build_chat_service(settings, retriever)
    chat.warm_up()
    provider = chat.provider
    assert provider is not None and provider.name == "local"
    # One answer alone teaches the admission how long an answer takes here.
    alone = chat.answer("Gibt es Zuschüsse für Weiterbildung in Hagen?")
    assert alone.fallback != "provider_error"
    one_answer_s = provider.admission.estimate(settings.llm_max_tokens)  # type: ignore[attr-defined]
    budget = 1.6 * one_answer_s
    chat.timeout_s = provider.timeout_s = budget  # type: ignore[attr-defined]

    (first, first_s), (second, second_s) = ask_both(chat)

    assert first not in ("model_busy", "provider_error"), (first, first_s, budget)  # the model answered
    assert second == "model_busy"  # with the notice, and at once:
    assert second_s < min(3.0, first_s / 2), (second_s, first_s)
