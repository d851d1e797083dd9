import pytest

from navigator.retrieval.fuse import first_ranks, fuse_ranks, rrf


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


def test_grouped_ranks_put_each_group_at_the_rank_of_its_best_member():
    entry = lambda chunk: chunk.split("#")[0]  # noqa: E731
    assert first_ranks(["a#2", "b#0", "a#0", "c#1", "b#3"], entry) == {"a": 1, "b": 2, "c": 4}
    assert first_ranks(["x", "y", "x"]) == {"x": 1, "y": 2}
    assert first_ranks([], entry) == {}


def test_fusing_entry_ranks_credits_an_entry_found_by_both_lists_through_different_chunks():
    # Per chunk, b's two chunks would each fuse below a#1 and c#0.
    entry = lambda chunk: chunk.split("#")[0]  # noqa: E731
    dense = first_ranks(["a#1", "a#2", "a#3", "b#0"], entry)
    bm25 = first_ranks(["c#0", "b#2"], entry)
    fused = fuse_ranks({"dense": dense, "bm25": bm25})
    assert [i for i, _, _ in fused] == ["b", "a", "c"]
    assert fused[0][1] == pytest.approx(1 / 64 + 1 / 62)
    assert fused[0][2] == {"dense": 4, "bm25": 2}
    with pytest.raises(ValueError, match="k must be positive"):
        fuse_ranks({"x": {"a": 1}}, k=0)
