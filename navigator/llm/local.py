"""Chat provider `local`: a GGUF model run in-process by llama.cpp (llama-cpp-python).

Why in-process: no second service to start, and llama.cpp keeps the KV cache of the previous prompt.
`Llama.generate` reuses the longest common token prefix with that prompt, so when the system prompt
and the worked example are byte-identical on every call, only the sources, the history and the
question are evaluated again. For Qwen2.5-1.5B on 2 cores that saves evaluating ~450 tokens, about
5 s, before every answer (bench/hotspots.md). `warm_up(prefix)` evaluates that fixed prefix
at start-up, so even the first user gets the warm figure, and keeps a snapshot of its KV state
(about 10 MB): a prompt that does not share the prefix (a follow-up rewrite, a judge prompt) would
otherwise push it out of the cache, and the next answer would pay the full prompt again. Restoring
the snapshot takes milliseconds.

One model instance serves one generation at a time (`Admission`, navigator/llm/admission.py): a
request waits for the model only while its complete answer is still expected within `timeout_s`;
otherwise it gets `ModelBusyError` at once, so the chat service answers extractively without delay.

Build llama-cpp-python with `CMAKE_ARGS=-DGGML_NATIVE=OFF` (AVX2/FMA/F16C, the x86-64-v3 level): a
`-march=native` build on our VMs (a Xeon that advertises AMX, which the hypervisor does not enable)
dies with SIGILL (`tilezero`, in ggml_backend_amx_mul_mat) at the first prompt.

The provider is split to keep each module short: loading the model is `local_model.py`, the saved
prompt-prefix states are `local_prefix.py`; this module streams.
"""

from __future__ import annotations

import importlib.util
import logging
import threading
import time
from collections.abc import Callable, Generator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from navigator.errors import ConfigError, LLMUnavailableError
from navigator.llm import model_files
from navigator.llm.admission import Admission
from navigator.llm.base import Completion, Message, Usage
from navigator.llm.kv_state import FileState, MemoryState
from navigator.llm.local_model import INSTALL_HINT, KV_TYPES, LoadOptions, load_model
from navigator.llm.local_prefix import PrefixStatesMixin, _as_dicts

if TYPE_CHECKING:
    from navigator.settings import Settings

logger = logging.getLogger(__name__)

# Tokens that must stay free for the answer; a prompt leaving fewer is refused, not truncated,
# because cutting sources silently would make the citations wrong.
_MIN_ANSWER_TOKENS = 16


class LlamaCppProvider(PrefixStatesMixin):
    """Streams chat answers from an in-process llama.cpp model, loaded on first use.

    Example:
        >>> llm = LlamaCppProvider(Path("data/models/qwen2.5-1.5b.gguf"), model="qwen2.5-1.5b")
        >>> llm.warm_up([Message("system", SYSTEM_PROMPT)])  # optional: load + cache the prefix
        >>> completion = llm.stream(messages, temperature=0.1, max_tokens=320)
        >>> answer = "".join(completion)
        >>> completion.usage.extra["cached_prompt_tokens"]  # prompt tokens reused from the last call
    """

    name = "local"

    def __init__(
        self,
        model_path: Path | Callable[[], Path],
        *,
        model: str,
        n_ctx: int = 4096,
        n_threads: int = 2,
        timeout_s: float = 30.0,
        seed: int = 0,
        kv_cache: str = "f16",
    ) -> None:
        """Configure the provider; the model file is resolved and loaded only on first use.

        Args:
            model_path: The GGUF file, or a function that returns it (e.g. joins packaged parts).
            model: A short name for logs and `model` (e.g. "qwen2.5-1.5b").
            n_ctx: Context window in tokens (prompt + answer).
            n_threads: CPU threads for prompt evaluation and generation.
            timeout_s: How long a request waits for a generation in progress before giving up.
            seed: Sampling seed; fixed so the same prompt gives the same answer (tests, evals).
            kv_cache: KV cache type for K and V, a key of `KV_TYPES`.
        """
        if kv_cache not in KV_TYPES:
            raise ConfigError(f"unknown KV cache type {kv_cache!r}; use one of {', '.join(KV_TYPES)}")
        self.kv_cache = kv_cache
        self.model = model
        self.n_ctx = n_ctx
        self.n_threads = n_threads
        self.seed = seed
        # One generation at a time: llama.cpp's context is not thread-safe, and the KV cache is
        # the prefix cache. The admission also refuses at once a request that would wait in vain.
        self.admission = Admission(timeout_s, name=self.name)
        self._model_path = model_path
        self._llm: Any = None
        self._formatter: Any = None
        self._prefix_formatter: Any = None
        # Prompt prefixes whose KV state can be restored: the warm-up prefix (in memory) and saved
        # ones such as the cached catalogue (files, `load_prefix`/`build_prefix`).
        self._prefixes: list[MemoryState | FileState] = []
        self._path: Path | None = None
        self._load_lock = threading.Lock()

    @property
    def timeout_s(self) -> float:
        """The answer budget: how long a request may take, waiting for the model included."""
        return self.admission.budget_s

    @timeout_s.setter
    def timeout_s(self, value: float) -> None:
        self.admission.budget_s = value

    @classmethod
    def from_settings(cls, settings: Settings, model: str | None = None) -> LlamaCppProvider:
        """Build from settings; `model` (from an id like `local:qwen2.5-0.5b`) overrides `llm_model`.

        Raises:
            ConfigError: llama-cpp-python is not installed, or the model name is unknown.
        """
        if importlib.util.find_spec("llama_cpp") is None:
            raise ConfigError(INSTALL_HINT)
        name = model or settings.llm_model or model_files.DEFAULT_MODEL
        if name not in model_files.PACKAGED_MODELS and not name.endswith(".gguf"):
            # Fail at start-up, not at the first question; model_path() repeats the check.
            model_files.model_path(name, settings.data_dir)
        data_dir = settings.data_dir
        return cls(
            lambda: model_files.model_path(name, data_dir),
            model=Path(name).stem if name.endswith(".gguf") else name,
            n_ctx=settings.llm_context,
            n_threads=settings.llm_threads,
            timeout_s=settings.llm_timeout_s,
            kv_cache=settings.llm_kv_cache,
        )

    @property
    def loaded(self) -> bool:
        """True once the model is in memory."""
        return self._llm is not None

    def stream(self, messages: list[Message], *, temperature: float, max_tokens: int) -> Completion:
        """Stream the answer; see `ChatProvider.stream`.

        The lock is taken when iteration starts and released when the iterator finishes or is
        closed, so close it (or exhaust it) promptly; closing stops generation at the next token.
        """
        return Completion(
            lambda usage: self._generate(messages, usage, temperature=temperature, max_tokens=max_tokens)
        )

    def _generate(
        self, messages: list[Message], usage: Usage, *, temperature: float, max_tokens: int
    ) -> Generator[str, None, None]:
        llm = self._load()
        # Keyed by max_tokens: an answer and a follow-up rewrite take very different times.
        with self.admission.slot(kind=max_tokens):
            started = time.perf_counter()
            prompt, stop, stopping_criteria = self._format_with_stops(messages)
            tokens = self._tokenize(prompt)
            room = self.n_ctx - len(tokens)
            if room < _MIN_ANSWER_TOKENS:
                raise LLMUnavailableError(
                    self.name,
                    f"prompt has {len(tokens)} tokens, context is {self.n_ctx} "
                    "(NAVIGATOR_LLM_CONTEXT); send fewer or shorter sources",
                )
            cached = _common_prefix(llm, tokens)
            usable = [p for p in self._prefixes if len(p.tokens) > cached and p.starts(tokens)]
            if usable and (prefix := max(usable, key=lambda p: len(p.tokens))).restore(llm):
                cached = len(prefix.tokens)
                usage.extra["prefix_restored"] = 1.0
            usage.prompt_tokens = len(tokens)
            usage.extra["cached_prompt_tokens"] = float(cached)
            pieces: list[str] = []
            first_at: float | None = None
            try:
                completion = llm.create_completion(
                    prompt=tokens,
                    max_tokens=min(max_tokens, room),
                    temperature=temperature,
                    stop=stop,
                    stopping_criteria=stopping_criteria,
                    stream=True,
                    seed=self.seed,
                )
            except (RuntimeError, ValueError) as exc:
                raise LLMUnavailableError(self.name, f"llama.cpp refused the prompt: {exc}") from exc
            try:
                for chunk in completion:
                    text = chunk["choices"][0]["text"]
                    if not text:
                        continue
                    if first_at is None:
                        first_at = time.perf_counter()
                    pieces.append(text)
                    yield text
            except (RuntimeError, ValueError) as exc:
                raise LLMUnavailableError(self.name, f"llama.cpp failed while generating: {exc}") from exc
            finally:
                # Closing the completion generator stops llama.cpp after the current token.
                completion.close()
                self._record(usage, started, first_at, "".join(pieces))

    def _record(self, usage: Usage, started: float, first_at: float | None, text: str) -> None:
        """Fill `usage` (also after an early close) and log counts and timings, never the text."""
        total = time.perf_counter() - started
        completion_tokens = len(self._tokenize(text)) if text else 0
        usage.completion_tokens = completion_tokens
        extra = usage.extra
        extra["total_s"] = total
        if first_at is not None:
            extra["ttft_s"] = first_at - started
            generating = total - extra["ttft_s"]
            if completion_tokens > 1 and generating > 0:
                extra["tokens_per_s"] = (completion_tokens - 1) / generating
        logger.info(
            "local %s: %d prompt tokens (%d cached) + %d answer tokens, first token %.2f s, total %.2f s",
            self.model,
            usage.prompt_tokens,
            int(extra["cached_prompt_tokens"]),
            completion_tokens,
            extra.get("ttft_s", float("nan")),
            total,
        )

    def _load(self) -> Any:
        """Load the model once (thread-safe); resolving a packaged model may join its parts first."""
        if self._llm is not None:
            return self._llm
        with self._load_lock:
            if self._llm is None:
                path = self._model_path() if callable(self._model_path) else self._model_path
                self._path = path
                options = LoadOptions(self.n_ctx, self.n_threads, self.kv_cache, self.seed)
                loaded = load_model(path, options, provider=self.name, model=self.model)
                self._formatter, self._prefix_formatter = loaded.formatter, loaded.prefix_formatter
                self._llm = loaded.llm
            return self._llm

    def _format_with_stops(self, messages: list[Message]) -> tuple[str, list[str], Any]:
        result = self._formatter(messages=_as_dicts(messages))
        stop = result.stop if isinstance(result.stop, list) else [result.stop] if result.stop else []
        return result.prompt, stop, result.stopping_criteria

    def _tokenize(self, text: str) -> list[int]:
        # The chat template writes the special tokens itself (added_special), so no extra BOS.
        tokens: list[int] = self._llm.tokenize(text.encode("utf-8"), add_bos=False, special=True)
        return tokens


def _common_prefix(llm: Any, tokens: list[int]) -> int:
    """How many leading prompt tokens are already in llama.cpp's KV cache from the previous call."""
    previous = getattr(llm, "_input_ids", None)  # what Llama.generate compares against
    if previous is None:
        return 0
    count = 0
    for a, b in zip(previous.tolist(), tokens, strict=False):
        if a != b:
            break
        count += 1
    return count
