import pytest

from navigator.retrieval.fuse import rrf


def test_items_found_by_both_lists_rank_first():
    fused = rrf({"dense": ["a", "b", "c"], "bm25": ["c", "d"]}, k=60)
    assert [i for i, _, _ in fused] == ["c", "a", "b", "d"]
    assert fused[0][2] == {"dense": 3, "bm25": 1}


def test_scores_follow_the_formula():
    (item, score, _), *_ = rrf({"x": ["a"], "y": ["a"]}, k=10)
    assert item == "a" and score == pytest.approx(2 / 11)


def test_duplicate_in_one_list_counts_once():
    fused = {i: s for i, s, _ in rrf({"x": ["a", "a", "b"]}, k=1)}
    assert fused["a"] == pytest.approx(1 / 2)


def test_empty_and_invalid_input():
    assert rrf({}) == []
    with pytest.raises(ValueError, match="k must be positive"):
        rrf({"x": ["a"]}, k=0)
