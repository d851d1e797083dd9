"""The plain baseline of every eval run: LangChain's `Chroma` similarity retriever.

What a typical RAG tutorial builds: `langchain_chroma.Chroma` over the same collection (the same
knowledge files, chunks and embedder as the navigator), similarity search with k = 4 chunks, no keyword
leg, no filters, no dates, no fusion. Its entries (each once, best first) are scored like the navigator's
ranking, as a row of the ablation.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from navigator.errors import RetrievalError
from navigator.retrieval.embeddings import LangChainEmbeddings
from navigator.retrieval.hybrid import HybridRetriever

NAME = "langchain-chroma/k4"
K = 4


class PlainChroma:
    """Entry ids from LangChain's Chroma similarity search over the live collection of `retriever`."""

    name = NAME

    def __init__(self, retriever: HybridRetriever, k: int = K) -> None:
        from langchain_chroma import Chroma

        collection = retriever.store.live_name()
        if collection is None:
            raise RetrievalError("no live collection: run `navigator ingest` first")
        # The retriever whose query vectors this baseline shares (same embedder, same prefixes).
        self.retriever = retriever
        self.k = k
        self.vectorstore = Chroma(
            client=retriever.store.client,
            collection_name=collection,
            embedding_function=LangChainEmbeddings(retriever.embedder),
        )

    def search(self, query: str) -> list[str]:
        """Embeds the query itself, as the tutorial retriever does."""
        return self._ids(self.vectorstore.similarity_search(query, k=self.k))

    def search_by_vector(self, vector: np.ndarray[Any, Any]) -> list[str]:
        """The same search with the query vector the eval already computed for this embedder."""
        return self._ids(self.vectorstore.similarity_search_by_vector(vector.tolist(), k=self.k))

    @staticmethod
    def _ids(docs: list[Any]) -> list[str]:
        return list(dict.fromkeys(str(d.metadata["entry_id"]) for d in docs))
