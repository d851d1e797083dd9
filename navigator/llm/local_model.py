"""Loading the local provider's GGUF model into llama.cpp, with the chat formatters of its template.

Split from `local.py` (which streams from the loaded model) to keep each module short;
`LlamaCppProvider._load` is the only user and calls it once, under its load lock.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from navigator.errors import ConfigError, LLMUnavailableError

logger = logging.getLogger(__name__)

INSTALL_HINT = (
    "the 'local' LLM provider needs llama-cpp-python: install the project's 'local' extra "
    "(CMAKE_ARGS=-DGGML_NATIVE=OFF pip install -e '.[local]'; llama-cpp-python==0.3.36 compiles "
    "in about 5 minutes)"
)

# KV cache types (`NAVIGATOR_LLM_KV_CACHE`): q8_0 halves the cache of a long cached prefix against
# f16; llama.cpp needs flash attention for a quantised V cache.
KV_TYPES = {"f16": 1, "q8_0": 8}


@dataclass(frozen=True, slots=True)
class LoadedModel:
    """The llama.cpp model and two renderings of its chat template."""

    llm: Any
    formatter: Any  # a conversation, ending with the opened assistant turn the model completes
    prefix_formatter: Any  # a prompt prefix as it starts a longer prompt (no assistant turn opened)


@dataclass(frozen=True, slots=True)
class LoadOptions:
    """How to run the model: what `LlamaCppProvider` was configured with."""

    n_ctx: int
    n_threads: int
    kv_cache: str  # a key of KV_TYPES
    seed: int


def load_model(path: Path, options: LoadOptions, *, provider: str, model: str) -> LoadedModel:
    """Load `path` into llama.cpp and build the chat formatters from its template.

    Raises:
        ConfigError: llama-cpp-python is not installed, or the GGUF has no chat template.
        LLMUnavailableError: llama.cpp cannot load the file (named as `provider`).
    """
    try:
        from llama_cpp import Llama
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter
    except ImportError as exc:
        raise ConfigError(INSTALL_HINT) from exc
    started = time.perf_counter()
    try:
        llm = Llama(
            model_path=str(path),
            n_ctx=options.n_ctx,
            n_threads=options.n_threads,
            n_threads_batch=options.n_threads,
            # Read the weights into memory instead of mapping the file: llama.cpp repacks most
            # of them for its AVX kernels, so with a mapping the file pages it read stay
            # resident next to the repacked copy (1.96 GB RSS instead of 1.25 GB for Qwen 1.5B).
            use_mmap=False,
            # Prompts are a few hundred tokens; a smaller batch shrinks the compute buffers.
            n_batch=256,
            n_ubatch=256,
            type_k=KV_TYPES[options.kv_cache],
            type_v=KV_TYPES[options.kv_cache],
            flash_attn=options.kv_cache != "f16",
            seed=options.seed,
            verbose=False,
        )
    except (OSError, ValueError, RuntimeError) as exc:
        raise LLMUnavailableError(provider, f"cannot load {path}: {exc}") from exc
    template = llm.metadata.get("tokenizer.chat_template")
    if not template:
        raise ConfigError(f"{path} has no tokenizer.chat_template; use an instruct GGUF")
    eos_id, bos_id = llm.token_eos(), llm.token_bos()
    eos = llm._model.token_get_text(eos_id) if eos_id != -1 else ""
    bos = llm._model.token_get_text(bos_id) if bos_id != -1 else ""
    # The same template llama-cpp-python's own chat handler builds from the GGUF metadata;
    # rendered here so we know the prompt tokens (usage, cache hits, context check).
    formatter = Jinja2ChatFormatter(template, eos, bos, stop_token_ids=[eos_id])
    prefix_formatter = Jinja2ChatFormatter(
        template, eos, bos, add_generation_prompt=False, stop_token_ids=[eos_id]
    )
    logger.info("loaded %s (%s) in %.1f s", model, path.name, time.perf_counter() - started)
    return LoadedModel(llm, formatter, prefix_formatter)
