"""Hybrid retrieval over a small real index (Chroma + hash embedder + BM25)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from navigator.errors import RetrievalError
from navigator.retrieval.filters import Filters
from navigator.services import build_retriever
from navigator.understand import Understanding
from tests.conftest import make_settings


@pytest.fixture(scope="module")
def retriever(built_settings):
    return build_retriever(built_settings)


def ids(hits):
    return [h.id for h in hits]


def test_one_hit_per_entry_best_first(retriever):
    hits = retriever.retrieve("Anerkennung ausländischer Abschluss Beratung", k=5)
    assert hits[0].id == "iq-anerkennungsberatung"
    assert len(ids(hits)) == len(set(ids(hits)))
    assert hits[0].ranks.get("bm25") == 1
    assert all(a.score >= b.score for a, b in itertools.pairwise(hits))


def test_rankings_are_fused_per_entry_with_the_best_chunk_as_text(built_settings, monkeypatch):
    retriever = build_retriever(built_settings)
    cat = retriever.catalogue()
    chunks = {e: [c for c in cat.chunk_ids if c.startswith(f"{e}#")] for e in cat.entries}
    many, both, keyword = "iq-anerkennungsberatung", "bildungsscheck-2-0", "inqa-coaching"
    assert len(chunks[many]) >= 3 and len(chunks[both]) >= 2
    # The dense leg finds three chunks of one entry before the first of another; the keyword leg
    # finds a third entry, then a second chunk of the entry that the dense leg found last.
    dense = [*chunks[many][:3], chunks[both][0]]
    bm25 = [chunks[keyword][0], chunks[both][1]]
    monkeypatch.setattr(retriever, "_dense", lambda *_: [(c, 0.2) for c in dense])
    monkeypatch.setattr(cat.bm25, "search", lambda *_: [(cat.position[c], 1.0) for c in bm25])

    hits = retriever.retrieve("Weiterbildung Förderung Zuschuss", k=3)

    assert ids(hits) == [both, many, keyword]  # per chunk, `both` would come last
    assert hits[0].ranks == {"dense": 4, "bm25": 2}  # each leg's rank of the entry's best chunk
    assert hits[0].text == cat.texts[cat.position[chunks[both][1]]]  # its better-fused chunk


def test_ended_programmes_and_past_events_are_excluded_by_default(retriever):
    for query in ("Potentialberatung Beratung Unternehmen", "JOBDAY Jobmesse FernUniversität"):
        found = ids(retriever.retrieve(query, k=11))
        assert "potentialberatung" not in found and "jobday-2025" not in found
    found = ids(retriever.retrieve("JOBDAY Jobmesse FernUniversität", k=11, include_ended=True))
    assert "jobday-2025" in found


def test_date_is_injectable(built_settings):
    before = build_retriever(built_settings.model_copy(update={"today": dt.date(2025, 7, 1)}))
    assert "jobday-2025" in ids(before.retrieve("JOBDAY Jobmesse FernUniversität", k=5))


def test_filters_by_audience_region_topic_and_kind(retriever):
    hits = retriever.retrieve("Beratung", k=11, filters=Filters(audiences=("kmu",)))
    assert hits and all("kmu" in retriever.catalogue().entries[h.id].audiences for h in hits)
    hits = retriever.retrieve(
        "Arbeit", k=11, filters=Filters(regions=("maerkischer-kreis",), kinds=("office",))
    )
    assert ids(hits)[0] in {
        "jobcenter-maerkischer-kreis",
        "iq-anerkennungsberatung",
        "kompetenzzentrum-frau-und-beruf",
    }
    assert "agentur-fuer-arbeit-hagen" not in ids(hits)  # serves Hagen and EN only
    assert all(h.kind == "office" for h in hits)
    hits = retriever.retrieve("Kurs", k=11, filters=Filters(topics=("sprache",)))
    assert ids(hits) == ["berufssprachkurse"]


def test_named_ended_entries_are_found_by_title_or_keyword(retriever):
    assert [e.id for e in retriever.named_ended("Gibt es die Potenzialberatung noch?")] == [
        "potentialberatung"
    ]
    assert [e.id for e in retriever.named_ended("Wann ist der JOBDAY 2025?")] == ["jobday-2025"]
    assert retriever.named_ended("Ich suche einen Deutschkurs") == []


def test_keyword_leg_is_gated_for_non_latin_queries(retriever):
    assert retriever.catalogue().bm25.applies("Anerkennung Abschluss")
    assert not retriever.catalogue().bm25.applies("Визнання диплома Anerkennung Abschluss")
    assert not retriever.catalogue().bm25.applies("Anerkennung")  # one term is not enough
    # Latin script, but mostly words the corpus lacks: names alone ("Hagen") must not carry it.
    assert not retriever.catalogue().bm25.applies("I lost my job in Hagen, who pays for a course?")
    assert retriever.catalogue().bm25.applies("Wer bezahlt mir in Hagen eine Weiterbildung?")


def test_questions_in_other_languages_favour_topic_specific_chunks(built_settings, monkeypatch):
    retriever = build_retriever(built_settings)
    cat = retriever.catalogue()
    general, specific = "bildungsgutschein#0", "berufssprachkurse#0"
    cat.centrality[:] = 0.0
    cat.centrality[cat.position[general]] = 0.9  # close to the mean of all chunks
    cat.centrality[cat.position[specific]] = 0.8
    rows = [(general, 0.10), (specific, 0.15)]  # cosine distances: `general` is nearer
    monkeypatch.setattr(retriever.store, "nearest", lambda *_, **__: rows)

    german = retriever.retrieve("Wer bezahlt mir eine Weiterbildung oder einen Kurs?", k=2)
    # Without the lexicon's German keywords (tested in test_understanding_in_retrieval.py), an
    # English question has no keyword leg: only the dense leg and its centrality penalty count.
    question = "Who pays for my course? I lost my job."
    no_keywords = Understanding(message=question, language="en", topic_query=question)
    english = retriever.retrieve(question, k=2, understanding=no_keywords)

    assert ids(german)[0] == "bildungsgutschein"
    assert ids(english) == ["berufssprachkurse", "bildungsgutschein"]
    assert all("bm25" not in h.ranks for h in english)
    assert english[1].similarity == pytest.approx(0.90)  # the plain cosine similarity is kept


def test_empty_index_raises_a_clear_error(tmp_path):
    retriever = build_retriever(make_settings(tmp_path / "empty"))
    with pytest.raises(RetrievalError, match="run `navigator ingest` first"):
        retriever.retrieve("Hallo")


def test_query_vectors_are_cached_by_text_hash_and_bounded(built_settings, monkeypatch):
    from navigator.retrieval import hybrid

    retriever = build_retriever(built_settings)
    calls = []
    embed = retriever.embedder.embed_query
    monkeypatch.setattr(retriever.embedder, "embed_query", lambda text: calls.append(text) or embed(text))
    monkeypatch.setattr(hybrid, "QUERY_CACHE", 2)
    first = retriever.retrieve("Anerkennung Abschluss", k=3)
    again = retriever.retrieve("Anerkennung Abschluss", k=3, filters=Filters(regions=("hagen",)))
    assert calls == ["Anerkennung Abschluss"] and first and again  # the second search embeds nothing
    retriever.query_vector("Deutschkurs")
    retriever.query_vector("Umschulung")  # pushes the oldest out: at most QUERY_CACHE vectors
    retriever.query_vector("Anerkennung Abschluss")
    assert calls.count("Anerkennung Abschluss") == 2
    assert all(isinstance(key, bytes) for key in retriever._vectors)  # hashes, never question text
    with pytest.raises(ValueError):
        retriever.query_vector("Umschulung")[0] = 1.0  # shared between requests, so read-only
