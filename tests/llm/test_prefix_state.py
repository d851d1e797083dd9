"""The saved KV state of a cached prompt prefix, over the real local model (marked `llm`).

llama-cpp-python's state API has had size and correctness bugs, so the round trip is pinned here:
a prompt that starts with a prefix restored from its file must give the same logits and the same
greedy answer as the same prompt evaluated from scratch. The prefix is the catalogue prefix of a
small test catalogue (four entries, ~500 tokens), not the real 125 entries.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from navigator.answer.catalogue import build_prefix
from navigator.llm.base import Message, Usage
from navigator.llm.kv_state import FileState, StateError
from navigator.prompts import load_prompts
from navigator.retrieval.catalogue import Snapshot
from navigator.services import build_retriever

pytestmark = pytest.mark.llm
KEEP = ("bildungsgutschein", "agentur-fuer-arbeit-hagen", "iq-anerkennungsberatung", "berufssprachkurse")


@pytest.fixture(scope="module")
def prefix(built_settings) -> list[Message]:
    snapshot = build_retriever(built_settings).snapshot()
    small = {k: v for k, v in snapshot.entries.items() if k in KEEP}
    catalogue = replace(snapshot.catalogue, entries=small, _derived={})
    built = build_prefix(Snapshot(catalogue, snapshot.today), load_prompts(built_settings.prompts_dir))
    return list(built.messages)


@pytest.fixture(scope="module")
def saved(local_model, prefix, tmp_path_factory):
    path = tmp_path_factory.mktemp("kv") / "catalogue-test.kvstate"
    local_model.build_prefix(prefix, path, "test-key")
    return path


def question(prefix: list[Message]) -> list[Message]:
    turn = "Frage: Wo lerne ich Deutsch für den Beruf?\nTreffer: [4]\nSprache: Deutsch"
    return [*prefix, Message("user", turn)]


def greedy(local, messages: list[Message]) -> tuple[str, Usage]:
    """The greedy answer and the call's usage (prompt and cached token counts)."""
    completion = local.stream(messages, temperature=0.0, max_tokens=12)
    return "".join(completion), completion.usage


def last_logits(local, tokens: list[int]) -> np.ndarray:
    """The logits after evaluating `tokens` (llama-cpp-python keeps them only with logits_all)."""
    import llama_cpp

    llm = local._llm
    llm.eval(tokens)
    pointer = llama_cpp.llama_get_logits_ith(llm._ctx.ctx, -1)
    return np.ctypeslib.as_array(pointer, shape=(llm.n_vocab(),)).copy()


def test_a_restored_prefix_gives_the_same_logits_as_evaluating_it(local_model, prefix, saved):
    """Same evaluation order both ways (prefix in batches, then the rest), so only the state differs."""
    llm = local_model._llm
    tokens = local_model.prefix_tokens(prefix)
    rest = local_model._tokenize(
        "<|im_start|>user\nFrage: Wer zahlt den Kurs?<|im_end|>\n<|im_start|>assistant\n"
    )
    llm.reset()
    llm.eval(tokens)
    direct = last_logits(local_model, rest)

    state = FileState.open(saved, "test-key", tokens)
    llm.reset()
    assert state.restore(llm)
    assert llm.n_tokens == len(tokens)
    restored = last_logits(local_model, rest)

    assert int(direct.argmax()) == int(restored.argmax())
    np.testing.assert_allclose(restored, direct, atol=1e-3)


def test_an_answer_after_loading_the_state_equals_the_answer_without_it(local_model, prefix, saved):
    local_model._prefixes = []
    llm = local_model._llm
    llm.reset()
    llm.eval(local_model.prefix_tokens(prefix))  # the prefix evaluated here, no state API involved
    without, usage = greedy(local_model, question(prefix))
    assert "prefix_restored" not in usage.extra

    assert local_model.load_prefix(prefix, saved, "test-key")
    llm.reset()  # as after an unrelated prompt: the state must come from the file
    with_state, usage = greedy(local_model, question(prefix))

    assert usage.extra.get("prefix_restored") == 1.0
    assert usage.extra["cached_prompt_tokens"] == len(local_model.prefix_tokens(prefix))
    assert with_state == without and without.strip()


def test_the_state_file_is_refused_for_another_key_prefix_or_a_flipped_byte(
    local_model, prefix, saved, tmp_path
):
    tokens = local_model.prefix_tokens(prefix)
    with pytest.raises(StateError, match="expected other-key"):
        FileState.open(saved, "other-key", tokens)
    with pytest.raises(StateError, match="other prefix tokens"):
        FileState.open(saved, "test-key", tokens[:-1])
    broken = tmp_path / "broken.kvstate"
    data = bytearray(saved.read_bytes())
    data[-1000] ^= 0xFF
    broken.write_bytes(bytes(data))
    with pytest.raises(StateError, match="corrupt"):
        FileState.open(broken, "test-key", tokens)
    assert not local_model.load_prefix(prefix, broken, "test-key")


def test_the_state_holds_only_the_prefix_cells(local_model, prefix, saved):
    """KV memory: q8_0 K and V for 28 layers x 256 values is ~15 kB a token, plus the last logits."""
    tokens = len(local_model.prefix_tokens(prefix))
    size = FileState.open(saved, "test-key").size
    per_token = (size - 4 * 151_936) / tokens
    assert local_model.kv_cache == "q8_0"
    assert 10_000 < per_token < 20_000, per_token
