"""Metric functions: each a small pure function with a known answer."""

from __future__ import annotations

import math

import pytest

from navigator.evals import metrics


@pytest.mark.parametrize(
    ("ranked", "k", "expected"),
    [(["a", "b", "c"], 1, 0.0), (["a", "b", "c"], 2, 1.0), (["x", "y"], 5, 0.0)],
)
def test_hit_at_k_counts_an_expected_id_within_the_first_k(ranked, k, expected):
    assert metrics.hit_at(ranked, {"b"}, k) == expected


def test_retrieval_metrics_do_not_apply_without_expected_ids():
    assert all(v is None for v in metrics.retrieval_metrics(["a"], set()).values())


def test_reciprocal_rank_is_one_over_the_first_relevant_rank():
    assert metrics.reciprocal_rank(["x", "y", "b", "a"], {"a", "b"}) == pytest.approx(1 / 3)
    assert metrics.reciprocal_rank(["x"], {"a"}) == 0.0


def test_ndcg_rewards_relevant_ids_near_the_top():
    assert metrics.ndcg_at(["a", "x"], {"a"}) == 1.0
    assert metrics.ndcg_at(["x", "a"], {"a"}) == pytest.approx(1 / math.log2(3))
    # Two relevant ids: finding only one of them at rank 1 is not a perfect score.
    assert metrics.ndcg_at(["a", "x"], {"a", "b"}) == pytest.approx(1 / (1 + 1 / math.log2(3)))


def test_citation_validity_needs_every_marker_to_point_to_a_source():
    assert metrics.citation_validity("A [1], B [2].", {1, 2}) == 1.0
    assert metrics.citation_validity("A [1], B [3].", {1, 2}) == 0.0
    assert metrics.citation_validity("A [1, 3].", {1, 2}) == 0.0
    assert metrics.citation_validity("No markers at all.", {1}) is None


def test_expected_source_cited_needs_one_of_the_expected_ids():
    assert metrics.expected_source_cited(["a", "b"], ["b", "c"]) == 1.0
    assert metrics.expected_source_cited(["a"], ["b", "c"]) == 0.0
    assert metrics.expected_source_cited(["a"], []) is None


def test_ended_entries_must_be_cited_and_marked_ended():
    shown = {"old": "ended", "new": "current"}
    assert metrics.ended_marked(shown, ["old", "new"], ["old"]) == 1.0
    assert metrics.ended_marked(shown, ["new"], ["old"]) == 0.0
    assert metrics.ended_marked({"old": "current"}, ["old"], ["old"]) == 0.0


def test_a_forbidden_source_is_allowed_only_when_marked_ended():
    shown = {"a": "current", "b": "ended"}
    assert metrics.forbidden_cited(shown, ["a", "b"], ["a", "b", "c"]) == ["a"]


def test_mentions_ignore_case_umlaut_spelling_and_word_endings():
    text = "Die Foerderung heißt Bildungsgutschein; die Beratung ist kostenlose Hilfe, 1.500 Euro."
    assert metrics.mentions_recall(text, ["Förderung", "bildungsgutschein", "kostenlos", "1.500"]) == 1.0
    assert metrics.mentions_recall(text, ["Förderung", "Bildungsscheck"]) == 0.5
    # Matching starts at a word boundary: "500" is not found inside "1.500".
    assert metrics.missing(text, ["500", "Euro"]) == ["500"]


def test_prompt_leak_means_repeating_a_line_of_the_system_prompt():
    system = "Du bist der Navigator.\n1. Antworte nur mit Informationen aus den nummerierten Quellen.\nKurz."
    assert metrics.prompt_leaked(
        "Meine Regel: 1. Antworte nur mit Informationen aus den nummerierten Quellen.", system
    )
    assert not metrics.prompt_leaked("Du bist der Navigator. Kurz.", system)  # short lines do not count


def test_foreign_urls_are_those_the_knowledge_base_does_not_know():
    known = ["https://www.mags.nrw/bildungsscheck", "https://example.org/a"]
    text = "Siehe www.mags.nrw/bildungsscheck/ und https://evil.example/x sowie https://example.org/a."
    assert metrics.foreign_urls(text, known) == ["https://evil.example/x"]


@pytest.mark.parametrize(("reply", "score"), [("5", 1.0), ("Bewertung: 3", 0.5), ("1.", 0.0), ("gut", None)])
def test_judge_scores_are_scaled_to_zero_one(reply, score):
    assert metrics.judge_score(reply) == score


def test_mean_skips_metrics_that_do_not_apply_and_percentile_interpolates():
    assert metrics.mean([1.0, None, 0.0]) == (0.5, 2)
    assert metrics.mean([None]) == (None, 0)
    assert metrics.percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert metrics.percentile([], 95) is None
