"""Reciprocal rank fusion: pure functions over ranked id lists."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence


def rrf(ranked: Mapping[str, Sequence[str]], k: int = 60) -> list[tuple[str, float, dict[str, int]]]:
    """Fuse ranked lists (name -> ids, best first) into (id, score, {name: rank}) sorted by score.

    score(id) = sum over lists of 1 / (k + rank); ties keep the order of first appearance.
    """
    return fuse_ranks({name: first_ranks(ids) for name, ids in ranked.items()}, k)


def first_ranks(ids: Sequence[str], group: Callable[[str], str] | None = None) -> dict[str, int]:
    """Each id's 1-based rank in `ids`, or with `group` each group's: the rank of its best member.

    An id counts once per list. Grouping chunks by entry ("a#2", "b#0", "a#0" -> a: 1, b: 2) puts each
    entry where its best chunk is, so an entry with many matching chunks does not push the entries
    below it further down, and an entry that two lists find through different chunks gets the credit.
    """
    ranks: dict[str, int] = {}
    for rank, item in enumerate(ids, start=1):
        ranks.setdefault(group(item) if group else item, rank)
    return ranks


def fuse_ranks(
    ranks: Mapping[str, Mapping[str, int]], k: int = 60
) -> list[tuple[str, float, dict[str, int]]]:
    """Like `rrf`, from each list's id -> rank mapping (ranks may have gaps, see `first_ranks`)."""
    if k <= 0:
        raise ValueError("k must be positive")
    scores: dict[str, float] = {}
    found: dict[str, dict[str, int]] = {}
    for name, items in ranks.items():
        for item, rank in items.items():
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
            found.setdefault(item, {})[name] = rank
    order = sorted(scores, key=lambda i: -scores[i])
    return [(i, scores[i], found[i]) for i in order]
