"""Reciprocal rank fusion: a pure function over ranked id lists."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def rrf(ranked: Mapping[str, Sequence[str]], k: int = 60) -> list[tuple[str, float, dict[str, int]]]:
    """Fuse ranked lists (name -> ids, best first) into (id, score, {name: rank}) sorted by score.

    score(id) = sum over lists of 1 / (k + rank); ties keep the order of first appearance.
    """
    if k <= 0:
        raise ValueError("k must be positive")
    scores: dict[str, float] = {}
    ranks: dict[str, dict[str, int]] = {}
    for name, ids in ranked.items():
        for rank, item in enumerate(ids, start=1):
            if name in ranks.get(item, {}):
                continue  # an id counts once per list
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
            ranks.setdefault(item, {})[name] = rank
    order = sorted(scores, key=lambda i: -scores[i])
    return [(i, scores[i], ranks[i]) for i in order]
