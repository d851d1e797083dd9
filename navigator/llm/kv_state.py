"""llama.cpp context states of a fixed prompt prefix: in memory, in a file, and built off to the side.

A state is what llama.cpp's `llama_state_get_data` returns after evaluating the prefix tokens (the
KV cache of those tokens, the RNG, the last logits); restoring it and telling llama-cpp-python which
tokens the cache holds lets `Llama.generate` evaluate only what follows the prefix.

Why not `Llama.save_state()/load_state()`: they copy the whole logits buffer (n_batch x vocabulary,
~300 MB for Qwen) into Python memory. Why not `llama_state_save_file`: it stores the tokens in a
fixed-size array the caller must size right, and a file from another model, context size or cache
type is only caught by llama.cpp's own checks. Our file is a small header (key, token count, state
size, CRC-32), the tokens, and the state bytes; `load()` refuses any mismatch, and the state is
restored from a private memory map, so the ~80 MB of a 5,000-token catalogue never stay in the
process's memory (RSS budget 1.5 GB) and the page cache keeps later restores at tens of
milliseconds.
"""

from __future__ import annotations

import ctypes
import json
import mmap
import os
import struct
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

MAGIC = b"NAVKV1\n"
_HEADER = struct.Struct("<I")  # length of the JSON header that follows


class StateError(Exception):
    """A state file that is missing, truncated, corrupt or for another key."""


def _state_bytes(ctx: Any) -> bytes:
    import llama_cpp

    size = llama_cpp.llama_state_get_size(ctx)
    buffer = (ctypes.c_uint8 * size)()
    written = llama_cpp.llama_state_get_data(ctx, buffer, size)
    return bytes(buffer[:written])


def _mark_cached(llm: Any, tokens: Sequence[int]) -> None:
    # Tell the Python side which tokens the KV cache now holds (as Llama.load_state does), so
    # Llama.generate's prefix match evaluates only what follows them.
    count = len(tokens)
    llm.input_ids[:count] = tokens
    llm.n_tokens = count
    llm._requires_eval = True


class MemoryState:
    """A prefix state kept in memory (small prefixes: the per-question prompt's rules and example)."""

    def __init__(self, tokens: Sequence[int], state: bytes) -> None:
        self.tokens = list(tokens)
        self.state = state

    @classmethod
    def take(cls, llm: Any, tokens: Sequence[int]) -> MemoryState:
        return cls(tokens, _state_bytes(llm._ctx.ctx))

    @property
    def size(self) -> int:
        return len(self.state)

    def starts(self, tokens: Sequence[int]) -> bool:
        return list(tokens[: len(self.tokens)]) == self.tokens

    def restore(self, llm: Any) -> bool:
        import llama_cpp

        buffer = (ctypes.c_uint8 * len(self.state)).from_buffer_copy(self.state)
        if llama_cpp.llama_state_set_data(llm._ctx.ctx, buffer, len(self.state)) != len(self.state):
            llm.reset()  # the next call then simply evaluates the whole prompt
            return False
        _mark_cached(llm, self.tokens)
        return True


class FileState:
    """A prefix state in a file under the data directory, restored from a memory map when needed."""

    def __init__(self, path: Path, key: str, tokens: Sequence[int], size: int, offset: int) -> None:
        self.path = path
        self.key = key
        self.tokens = list(tokens)
        self.size = size
        self._offset = offset

    @staticmethod
    def save(path: Path, key: str, tokens: Sequence[int], state: bytes) -> FileState:
        """Write atomically (temporary file, then rename): a killed build leaves no half file."""
        header = json.dumps(
            {"key": key, "tokens": len(tokens), "size": len(state), "crc32": zlib.crc32(state)}
        ).encode()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with tmp.open("wb") as f:
            f.write(MAGIC + _HEADER.pack(len(header)) + header)
            f.write(struct.pack(f"<{len(tokens)}i", *tokens))
            f.write(state)
        tmp.replace(path)
        return FileState.open(path, key, tokens)

    @staticmethod
    def open(path: Path, key: str, tokens: Sequence[int] | None = None) -> FileState:
        """Read and check the file: its key, its tokens (if given), its size and its checksum.

        Raises:
            StateError: The file is missing or does not match.
        """
        try:
            with path.open("rb") as f:
                if f.read(len(MAGIC)) != MAGIC:
                    raise StateError(f"{path} is not a navigator KV state file")
                (length,) = _HEADER.unpack(f.read(_HEADER.size))
                header = json.loads(f.read(length))
                stored = list(struct.unpack(f"<{header['tokens']}i", f.read(4 * header["tokens"])))
                offset = f.tell()
                state = f.read()
        except (OSError, ValueError, KeyError, struct.error) as exc:
            raise StateError(f"cannot read {path}: {exc}") from exc
        if header["key"] != key:
            raise StateError(f"{path} holds state {header['key']}, expected {key}")
        if tokens is not None and stored != list(tokens):
            raise StateError(f"{path} was built from other prefix tokens")
        if len(state) != header["size"] or zlib.crc32(state) != header["crc32"]:
            raise StateError(f"{path} is truncated or corrupt")
        return FileState(path, key, stored, header["size"], offset)

    def starts(self, tokens: Sequence[int]) -> bool:
        return list(tokens[: len(self.tokens)]) == self.tokens

    def restore(self, llm: Any) -> bool:
        import llama_cpp

        try:
            with self.path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_COPY) as mapped:
                buffer = (ctypes.c_uint8 * self.size).from_buffer(mapped, self._offset)
                done = llama_cpp.llama_state_set_data(llm._ctx.ctx, buffer, self.size)
                del buffer  # the map cannot close while a ctypes view of it exists
        except (OSError, ValueError):
            done = -1
        if done != self.size:
            llm.reset()
            return False
        _mark_cached(llm, self.tokens)
        return True


def evaluate_aside(llm: Any, tokens: Sequence[int], batch: int = 256) -> bytes:
    """Evaluate `tokens` in a second context over the same loaded weights and return its state.

    The serving context keeps answering meanwhile (the catalogue prefix takes minutes on 2 cores);
    the second context has the same parameters (size, cache types), so its state loads into the
    first. It costs its own KV cache and compute buffers until it is freed here.
    """
    from llama_cpp import _internals

    ctx: Any = _internals.LlamaContext(model=llm._model, params=llm.context_params, verbose=False)
    batcher: Any = _internals.LlamaBatch(n_tokens=batch, embd=0, n_seq_max=1, verbose=False)
    try:
        for start in range(0, len(tokens), batch):
            chunk = list(tokens[start : start + batch])
            batcher.set_batch(chunk, n_past=start, logits_all=False)
            ctx.decode(batcher)
        return _state_bytes(ctx.ctx)
    finally:
        batcher.close()
        ctx.close()
