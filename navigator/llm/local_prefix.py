"""The local provider's prompt-prefix states: the warm-up prefix in memory, saved ones in files.

Split from `local.py` to keep each module short; `LlamaCppProvider` is the only user. A prompt that
starts with a remembered prefix gets that prefix's KV state restored instead of evaluated
(`navigator.llm.kv_state`): the warm-up prefix of the per-question prompt (rules and worked
example, a few MB in memory) and the cached catalogue (~5,000 tokens, a file under `data/kv`).
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from navigator.errors import LLMUnavailableError
from navigator.llm import model_files
from navigator.llm.admission import Admission
from navigator.llm.base import Message
from navigator.llm.kv_state import FileState, MemoryState, StateError, evaluate_aside

logger = logging.getLogger(__name__)


def _as_dicts(messages: list[Message]) -> list[dict[str, str]]:
    return [{"role": m.role, "content": m.content} for m in messages]


class PrefixStatesMixin:
    """Warm-up and saved prefix states for `LlamaCppProvider` (which sets these attributes)."""

    name: str
    n_ctx: int
    kv_cache: str
    _prefixes: list[MemoryState | FileState]
    _path: Path | None
    _prefix_formatter: Any
    admission: Admission

    # Implemented by the provider.
    _load: Callable[[], Any]
    _tokenize: Callable[[str], list[int]]

    def warm_up(self, prefix: list[Message] | None = None) -> None:
        """Load the model now and, if given, evaluate a fixed message prefix into the KV cache.

        Args:
            prefix: The messages every prompt starts with (system prompt, worked example). Later
                prompts that start with exactly these messages skip evaluating them.
        """
        llm = self._load()
        if not prefix:
            return
        prompt = self._prefix_formatter(messages=_as_dicts(prefix)).prompt
        tokens = self._tokenize(prompt)
        with self.admission.slot(kind="prefix", record=False):
            started = time.perf_counter()
            llm.reset()
            llm.eval(tokens)
            snapshot = MemoryState.take(llm, tokens)
            self._remember(snapshot)
        logger.info(
            "cached a %d-token prompt prefix in %.2f s (snapshot %.1f MB)",
            len(tokens),
            time.perf_counter() - started,
            snapshot.size / 1e6,
        )

    def state_id(self) -> str:
        """What a saved prefix state depends on besides its text: weights, context, cache, runtime."""
        import llama_cpp

        self._load()
        assert self._path is not None
        parts = [model_files.model_hash(self._path), str(self.n_ctx), self.kv_cache, llama_cpp.__version__]
        return hashlib.sha256("/".join(parts).encode()).hexdigest()[:16]

    def prefix_tokens(self, prefix: list[Message]) -> list[int]:
        """The tokens of a message prefix, as every prompt that starts with it begins."""
        self._load()
        return self._tokenize(self._prefix_formatter(messages=_as_dicts(prefix)).prompt)

    def load_prefix(self, prefix: list[Message], path: Path, key: str) -> bool:
        """Use the saved state of `prefix` in `path` if it is there and matches; False otherwise."""
        tokens = self.prefix_tokens(prefix)
        try:
            state = FileState.open(path, key, tokens)
        except StateError as exc:
            logger.info("no usable prefix state: %s", exc)
            return False
        self._remember(state)
        return True

    def build_prefix(self, prefix: list[Message], path: Path, key: str) -> None:
        """Evaluate `prefix` beside the serving context, save its state to `path` and use it.

        Runs for minutes on 2 cores (~5,000 tokens); answers keep coming from the serving context.

        Raises:
            LLMUnavailableError: The prefix does not leave room for an answer in the context.
        """
        tokens = self.prefix_tokens(prefix)
        if len(tokens) + 256 > self.n_ctx:
            raise LLMUnavailableError(
                self.name,
                f"the prefix has {len(tokens)} tokens, context is {self.n_ctx} (NAVIGATOR_LLM_CONTEXT)",
            )
        started = time.perf_counter()
        state = evaluate_aside(self._load(), tokens)
        saved = FileState.save(path, key, tokens, state)
        self._remember(saved)
        logger.info(
            "built a %d-token prefix state in %.1f s (%.1f MB, %s)",
            len(tokens),
            time.perf_counter() - started,
            saved.size / 1e6,
            path.name,
        )

    def _remember(self, state: MemoryState | FileState) -> None:
        # One in-memory (warm-up) and one saved (catalogue) prefix; a new one replaces the old of
        # its kind. Reassigned, not mutated: a background build may add one while a question reads.
        self._prefixes = [p for p in self._prefixes if type(p) is not type(state)] + [state]
