"""The catalogue prefix state: keyed by model and catalogue, loaded or built in the background."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

import pytest

from navigator.answer import Clarify, assemble
from navigator.answer.prefix_cache import CataloguePrefixCache, PrefixStates
from navigator.llm.base import Message
from navigator.llm.fake import ScriptedProvider
from navigator.prompts import load_prompts
from navigator.retrieval.catalogue import Snapshot
from navigator.services import build_retriever


class FakeStates(ScriptedProvider):
    """A scripted model that 'builds' prefix states as files, and only when the test lets it."""

    def __init__(self, model_hash: str = "model-a") -> None:
        super().__init__()
        self.model_hash = model_hash
        self.release = threading.Event()
        self.builds: list[Path] = []
        self.loads: list[Path] = []
        self.held: str | None = None

    def state_id(self) -> str:
        return self.model_hash

    def load_prefix(self, prefix: list[Message], path: Path, key: str) -> bool:
        self.loads.append(path)
        if path.is_file() and path.read_text() == key:
            self.held = key
            return True
        return False

    def build_prefix(self, prefix: list[Message], path: Path, key: str) -> None:
        assert self.release.wait(10), "the test never let the build finish"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(key)
        self.builds.append(path)
        self.held = key


@pytest.fixture(scope="module")
def retriever(built_settings):
    return build_retriever(built_settings)


@pytest.fixture
def prompts(built_settings):
    return load_prompts(built_settings.prompts_dir)


def other_catalogue(snapshot: Snapshot) -> Snapshot:
    """The snapshot after an ingest that dropped one entry."""
    entries = {k: v for k, v in snapshot.entries.items() if k != "berufssprachkurse"}
    return Snapshot(
        replace(snapshot.catalogue, name="after-ingest", entries=entries, _derived={}), snapshot.today
    )


def test_the_fake_is_a_prefix_state_provider():
    assert isinstance(FakeStates(), PrefixStates)


def test_the_key_changes_with_the_model_and_the_catalogue(retriever, prompts, tmp_path):
    snapshot = retriever.snapshot()
    from navigator.answer.catalogue import prefix_for

    prefix, changed = prefix_for(snapshot, prompts), prefix_for(other_catalogue(snapshot), prompts)
    a = CataloguePrefixCache(FakeStates("model-a"), prompts, tmp_path)
    b = CataloguePrefixCache(FakeStates("model-b"), prompts, tmp_path)

    assert a.key(prefix) == a.key(prefix)
    assert a.key(prefix) != b.key(prefix)
    assert a.key(prefix) != a.key(changed)
    assert a.path(a.key(prefix)).parent == tmp_path


def test_the_state_is_built_in_the_background_and_then_loaded_at_start(retriever, prompts, tmp_path):
    snapshot = retriever.snapshot()
    provider = FakeStates()
    cache = CataloguePrefixCache(provider, prompts, tmp_path, retriever.snapshot)

    assert cache.ready(snapshot) is None  # not built yet: the per-question prompt serves
    assert cache.ready(snapshot) is None  # and asking again does not start a second build
    provider.release.set()
    assert cache.warm_up(wait=True)
    assert cache.ready(snapshot) is not None
    assert len(provider.builds) == 1

    restarted = FakeStates()  # a new process: the saved state is loaded, nothing is built
    again = CataloguePrefixCache(restarted, prompts, tmp_path, retriever.snapshot)
    assert again.warm_up(wait=True)
    assert restarted.builds == [] and restarted.held == cache.current


def test_after_an_ingest_the_new_catalogue_gets_the_per_question_prompt_until_its_state_is_ready(
    retriever, prompts, tmp_path
):
    snapshot, changed = retriever.snapshot(), other_catalogue(retriever.snapshot())
    provider = FakeStates()
    provider.release.set()
    cache = CataloguePrefixCache(provider, prompts, tmp_path)
    assert cache.warm_up(snapshot, wait=True)

    provider.release.clear()
    assert cache.ready(changed) is None  # building the new one; the per-question prompt serves
    assert cache.ready(snapshot) is not None  # a request still on the old catalogue keeps its state
    provider.release.set()
    assert cache.warm_up(changed, wait=True)
    assert cache.ready(changed) is not None
    assert cache.ready(snapshot) is None  # the model now holds the new state only
    assert len(provider.builds) == 2
    assert len(list(tmp_path.glob("catalogue-*.kvstate"))) == 2  # the newest two stay on disk


def test_a_failing_build_leaves_the_per_question_prompt_and_is_not_retried(retriever, prompts, tmp_path):
    class Broken(FakeStates):
        def build_prefix(self, prefix: list[Message], path: Path, key: str) -> None:
            self.builds.append(path)
            raise RuntimeError("llama_decode returned 1")

    provider = Broken()
    cache = CataloguePrefixCache(provider, prompts, tmp_path)
    assert not cache.warm_up(retriever.snapshot(), wait=True)
    assert not cache.warm_up(retriever.snapshot(), wait=True)
    assert len(provider.builds) == 1


def make_service(retriever, prompts, provider, tmp_path, **kwargs):
    cache = CataloguePrefixCache(provider, prompts, tmp_path, retriever.snapshot)
    service = assemble(
        retriever,
        provider,
        prompts,
        clarify=Clarify(),
        prefix_cache=cache,
        lead_max_tokens=40,
        detect_language=lambda text, default: default,
        **kwargs,
    )
    return service, cache


def test_the_chat_uses_the_catalogue_prompt_once_ready_and_maps_its_citations(retriever, prompts, tmp_path):
    provider = FakeStates()
    service, cache = make_service(retriever, prompts, provider, tmp_path)
    question = "Wer hilft mir bei der Anerkennung meines ausländischen Abschlusses?"

    provider.enqueue("Die IQ Anerkennungsberatung hilft Ihnen [1].")
    before = service.answer(question)
    assert before.usage["catalogue_prefix"] == 0 and provider.calls[-1].max_tokens > 40
    assert before.text.startswith("Die IQ Anerkennungsberatung hilft Ihnen [1].")

    provider.release.set()
    assert cache.warm_up(wait=True)
    prefix = cache.ready(retriever.snapshot())
    assert prefix is not None
    number = prefix.numbers["iq-anerkennungsberatung"]
    unretrieved = prefix.numbers["ki-sprechstunde-2027"]  # an upcoming event, not about recognition
    provider.enqueue(f"Die IQ Anerkennungsberatung hilft Ihnen [{number}], nicht [{unretrieved}].")
    after = service.answer(question)

    call = provider.calls[-1]
    assert after.usage["catalogue_prefix"] == 1 and call.max_tokens == 40
    assert call.messages[: len(prefix.messages)] == list(prefix.messages)
    assert after.text.startswith("Die IQ Anerkennungsberatung hilft Ihnen [1], nicht.")
    assert after.sources[0].id == "iq-anerkennungsberatung" and after.sources[0].cited


def test_languages_not_sent_to_the_model_get_the_extractive_answer_at_once(retriever, prompts, tmp_path):
    provider = FakeStates()
    service, _ = make_service(retriever, prompts, provider, tmp_path, languages=["de"])
    answer = service.answer("Who helps with recognition of my foreign degree?", ui_language="en")
    assert answer.fallback == "language_not_sent" and provider.calls == []
    assert answer.text.startswith("These offers match your question:")
