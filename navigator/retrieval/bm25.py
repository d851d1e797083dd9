"""German-stemmed BM25 over chunk texts (bm25s + PyStemmer), with the "gated" rule.

runtime-facts.md: BM25 helped only for Latin-script queries with at least two stemmed terms found in the
corpus; ungated it added noise to non-German queries. `applies(query)` implements that gate, and also
keeps out Latin-script questions in other languages (`in_corpus_language`).
"""

from __future__ import annotations

import logging
import re
from typing import Any

import numpy as np

# The share of a query's words (German stop words left out) that must occur in the corpus for the
# query to count as written in the corpus's language. In the eval, German questions had 0.54 or more
# (slang and typos included), English and Turkish ones 0.33 or less, apart from questions made mostly
# of place and programme names ("Hagen'de Jobcenter nerede?"), for which the keyword index is right.
# Those English and Turkish ones match the corpus only by names and chance words ("is", "de", "kim"),
# so the keyword leg ranked the offices of a named town over the topic.
MIN_COVERAGE = 0.4
_NON_LATIN = re.compile(r"[\u0370-\u03ff\u0400-\u04ff\u0590-\u06ff\u0750-\u077f\u0e00-\u0e7f\u3040-\u9fff]")


class Bm25Index:
    """Keyword index over a fixed list of texts; `search` returns (position, score) pairs."""

    def __init__(self, texts: list[str]) -> None:
        import bm25s
        import Stemmer

        # bm25s sets its logger to DEBUG on import; keep its per-query chatter out of our logs.
        logging.getLogger("bm25s").setLevel(logging.WARNING)

        self._bm25s = bm25s
        self._stemmer = Stemmer.Stemmer("german")
        self.size = len(texts)
        self._model = bm25s.BM25()
        tokens = bm25s.tokenize(texts, stopwords="de", stemmer=self._stemmer, show_progress=False)
        self._vocab: set[str] = set(tokens.vocab)
        self._model.index(tokens, show_progress=False)

    def _tokens(self, query: str) -> list[str]:
        tokens: Any = self._bm25s.tokenize(
            [query], stopwords="de", stemmer=self._stemmer, show_progress=False, return_ids=False
        )
        return list(tokens[0])

    def _terms(self, query: str) -> list[str]:
        return [t for t in self._tokens(query) if t in self._vocab]

    def coverage(self, query: str) -> float:
        """The share of the query's stemmed words (not German stop words) that the corpus has.

        1.0 for a query of German stop words only: nothing in it is foreign to the corpus.
        """
        tokens = self._tokens(query)
        return sum(t in self._vocab for t in tokens) / len(tokens) if tokens else 1.0

    def in_corpus_language(self, query: str) -> bool:
        """Whether the query looks written in the corpus's language (German).

        Latin script and enough of its words in the corpus: decided by the corpus, no language model.
        """
        return not _NON_LATIN.search(query) and self.coverage(query) >= MIN_COVERAGE

    def applies(self, query: str) -> bool:
        """The gate: a query in the corpus's language with at least two stemmed terms in the corpus."""
        return self.in_corpus_language(query) and len(set(self._terms(query))) >= 2

    def search(
        self, query: str, n: int, allowed: np.ndarray[Any, Any] | None = None
    ) -> list[tuple[int, float]]:
        """Top `n` positions by BM25 score; `allowed` is an optional 0/1 mask over the texts."""
        terms = self._terms(query)
        if not terms or self.size == 0:
            return []
        mask = None if allowed is None else allowed.astype(np.float32)
        # n_threads=0 scores in this thread; any other value starts a thread pool for every query.
        ids, scores = self._model.retrieve(
            [terms], k=min(n, self.size), show_progress=False, n_threads=0, weight_mask=mask
        )
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if s > 0]
