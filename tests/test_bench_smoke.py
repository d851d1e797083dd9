"""The benchmark code runs: every bench function on a tiny size. No timing is asserted anywhere."""

from __future__ import annotations

import json

import httpx
import numpy as np
import pytest

from bench import answers, ingestion, load, loadtest, render, report, retrieval, scale, service, soak, stats
from bench.machine import describe
from bench.server import Server
from navigator.retrieval.embeddings import HashEmbedder
from navigator.retrieval.filters import Filters
from navigator.retrieval.store import open_store
from navigator.settings import Settings
from tests.conftest import TODAY

QUERIES = [
    retrieval.Query(
        "weiterbildung",
        "Zuschuss für die Weiterbildung meiner Mitarbeiter",
        frozenset({"bildungsscheck-2-0"}),
        Filters(audiences=("kmu",)),
    ),
    retrieval.Query(
        "anerkennung",
        "Anerkennung ausländischer Berufsabschluss Beratung",
        frozenset({"iq-anerkennungsberatung"}),
        Filters(audiences=("zugewanderte",)),
    ),
]


def _server_env(settings: Settings) -> dict[str, str]:
    return {
        "NAVIGATOR_DATA_DIR": str(settings.data_dir),
        "NAVIGATOR_KNOWLEDGE_DIR": str(settings.knowledge_dir),
        "NAVIGATOR_EMBEDDER": "hash",
        "NAVIGATOR_LLM": "extractive",
        "NAVIGATOR_TODAY": str(TODAY),
    }


def test_percentiles_interpolate_and_rounds_take_the_median():
    assert stats.percentile([1.0, 2.0, 3.0, 4.0, 5.0], 50) == 3.0
    assert stats.percentile([0.0, 10.0], 95) == pytest.approx(9.5)
    merged = stats.median_of(
        [{"p50_ms": 1.0, "name": "a"}, {"p50_ms": 5.0, "name": "b"}, {"p50_ms": 2.0, "name": "c"}]
    )
    assert merged == {"p50_ms": 2.0, "name": "a", "rounds": 3}
    assert stats.latency(lambda i: i, calls=4, rounds=2)["n"] == 4


def test_machine_description_names_cpu_memory_commit_and_load():
    machine = describe()
    assert machine["cores"] >= 1 and machine["ram_gib"] > 0
    assert machine["commit"] != "unknown" and len(machine["load_average"]) == 3


def test_ingestion_figures_on_the_fixture_corpus(settings):
    texts = ingestion.chunk_texts(settings.knowledge_dir)
    embedding = ingestion.bench_embedding(HashEmbedder(), texts[:8], rounds=2, batch=4)
    assert embedding["chunks"] == 8 and embedding["chunks_per_s"] > 0

    figures = ingestion.bench_ingest(settings, HashEmbedder(), reingest_rounds=2)
    assert figures["full"]["chunks_embedded"] == figures["full"]["chunks"] == len(texts)
    assert figures["reingest"]["chunks_embedded"] == 0  # an unchanged corpus embeds nothing


def test_synthetic_corpus_grows_from_the_real_chunks(built_settings, tmp_path):
    store = open_store(built_settings)
    live = store.live_name()
    assert live
    base = store.records(live, with_vectors=True)
    records = scale.synthetic_records(base, len(base) * 2 + 3)
    assert len(records) == len(base) * 2 + 3 and len({r.id for r in records}) == len(records)
    assert records[: len(base)] == base  # the originals first
    replica = records[len(base)]
    assert replica.metadata["entry_id"] == f"{base[0].metadata['entry_id']}-s1"
    assert json.loads(str(replica.metadata["entry_json"]))["id"] == replica.metadata["entry_id"]
    cosine = float(np.asarray(replica.vector) @ np.asarray(base[0].vector))
    assert 0.5 < cosine < 0.99  # near the original, not a copy

    scaled, built = scale.build_store(tmp_path / "scaled", records, "hash")
    assert built["chunks"] == scaled.count() == len(records)
    retriever = retrieval.open_retriever(scaled, HashEmbedder(), TODAY)
    assert len(retriever.catalogue().entries) > len(base) // 2
    assert retrieval.mask_first_use_ms(retriever, QUERIES) > 0


def test_retrieval_latency_and_hit_at_3_for_hybrid_and_the_langchain_baseline(built_settings):
    store = open_store(built_settings)
    embedder = HashEmbedder()
    retriever = retrieval.open_retriever(store, embedder, TODAY)
    live = store.live_name()
    assert live
    baseline = retrieval.Baseline(store, live, embedder)
    vectors = [embedder.embed_query(q.text) for q in QUERIES]

    assert baseline.search(QUERIES[0].text) == baseline.search_by_vector(vectors[0])
    quality = retrieval.quality(retriever, baseline, QUERIES, vectors)
    assert quality["hybrid"]["cases"] == quality["langchain_chroma"]["cases"] == 2
    assert 0 <= quality["langchain_chroma"]["hit@3"] <= 1

    latency = retrieval.bench_latency(retriever, baseline, QUERIES, vectors, calls=2, rounds=1)
    assert set(latency) == {
        f"{r}/{q}{f}"
        for r in ("hybrid", "langchain_chroma")
        for q in ("vector", "e2e")
        for f in ("", "/filtered")
    }
    assert all(v["n"] == 2 and v["p95_ms"] >= v["p50_ms"] > 0 for v in latency.values())


def test_eval_queries_come_from_the_real_eval_sets():
    queries = retrieval.eval_queries(Settings())
    assert len(queries) >= 20 and all(q.relevant for q in queries)
    assert all(q.filters.audiences for q in queries)


def test_answer_figures_count_only_answers_that_reached_the_model(built_settings):
    cases = answers.pick_cases(answers.eval_cases(Settings()), 6)
    assert len(cases) == 6 and all(c.expect.sources_any and not c.history for c in cases)
    figures = answers.bench_answers(built_settings.model_copy(update={"llm": "fake"}), cases, 2)
    per = figures["per_question"]
    assert figures["provider"] == "fake" and per["questions"] == len(per["rows"]) == 2
    assert all(r["prompt_tokens"] > 0 and r["first_token_s"] > 0 for r in per["rows"])
    assert per["warm_up_s"] >= 0  # the model is warmed up before the first timed question
    # The scripted model keeps no KV state, so there is no cached-catalogue block to compare.
    assert figures["catalogue"] is None and "skipped" in figures["prefix"]
    assert figures["rss_after_answers_mib"] > 0
    page = render.render_answers({**figures, "load_average": [1.0] * 3, "cpu": "Test CPU (avx2)"})
    assert "## Answers (local model: scripted" in page and "CPU: Test CPU (avx2)" in page

    extractive = answers.bench_answers(built_settings, cases[:2], 1)
    assert extractive["per_question"]["rows"] == []
    assert extractive["per_question"]["no_model"] == [c.id for c in cases[:2]]


def test_results_files_keep_each_writers_part(tmp_path):
    md, js = tmp_path / "results.md", tmp_path / "results.json"
    report.write_loadtest_md("## Load test\n\nfirst", "# Benchmarks", md)
    report.write_bench_md("# Benchmarks\n\nbench figures", md)
    report.write_loadtest_md("## Load test\n\nsecond", "# Benchmarks", md)
    text = md.read_text()
    assert "bench figures" in text and "second" in text and "first" not in text
    report.write_json("bench", {"a": 1}, js)
    report.write_json("loadtest", {"b": 2}, js)
    assert json.loads(js.read_text()) == {"bench": {"a": 1}, "loadtest": {"b": 2}}


def test_bench_keeps_the_load_test_and_soak_sections(tmp_path):
    md = tmp_path / "results.md"
    report.write_section_md("soak-extractive", "### Soak\n\nflat", md)
    report.write_loadtest_md("## Load test\n\nfigures", "# Benchmarks", md)
    report.write_section_md("soak-local", "### Soak local\n\nalso flat", md)
    report.write_bench_md("# Benchmarks\n\nbench figures", md)
    report.write_section_md("soak-extractive", "### Soak\n\nagain", md)
    text = md.read_text()
    assert all(part in text for part in ("bench figures", "figures", "also flat", "again"))
    assert "flat\n" not in text.replace("also flat", "") and text.count("soak-extractive:start") == 1


def test_soak_memory_is_flat_up_to_five_percent_after_the_warm_up():
    def samples(*rss: float) -> list[dict[str, float]]:
        return [{"t_s": 60.0 * i, "rss_mib": r} for i, r in enumerate(rss)]

    # The warm-up (model loading) may grow as it likes; afterwards 5 % at most.
    assert soak.growth(samples(100, 1000, 1020, 1049), warmup_s=60)["flat"] is True
    grown = soak.growth(samples(100, 1000, 1030, 1060), warmup_s=60)
    assert grown["flat"] is False and grown["growth_pct"] == 6.0
    assert soak.growth(samples(100, 1000), warmup_s=60)["flat"] is None  # too short to tell


def test_chat_answers_are_classed_by_who_wrote_them():
    def answer(fallback, sources=({"n": 1},), check=None):
        body = {"answer": "…", "fallback": fallback, "sources": list(sources), "check": check}
        return httpx.Response(200, json=body)

    assert loadtest.answer_class(answer(None)) == "model"
    assert loadtest.answer_class(answer("model_busy")) == "extractive at once (model busy)"
    assert loadtest.answer_class(answer("no_citation")) == "extractive (no_citation)"
    assert loadtest.answer_class(answer(None, sources=())) == "fixed reply (no model needed)"
    asking = answer(None, check={"question": {"field": "applicant"}})
    assert loadtest.answer_class(asking) == "Förder-Check question (no model needed)"


def test_load_is_refused_for_anything_but_loopback():
    with pytest.raises(ValueError, match="loopback"):
        load.drive("http://example.org", load.search_requests(["x"]), users=1, seconds=0.1)
    with pytest.raises(ValueError, match="users"):
        loadtest.run(users=10_000, seconds=1)


@pytest.mark.slow
def test_service_figures_and_the_load_test_against_a_real_server(built_settings, monkeypatch, tmp_path):
    env = _server_env(built_settings)
    ready = service.bench_ready(env, runs=1)
    assert ready["runs"] == 1 and ready["ready_s_median"] > 0
    with Server(env) as server:
        throughput = service.bench_throughput(
            server, [q.text for q in QUERIES], levels=(1, 3), seconds=0.3, rounds=1
        )
        memory = server.memory()
    assert set(throughput) == {
        f"{endpoint} x{n}"
        for endpoint in ("/api/search", "/api/search (new questions)", "/api/chat")
        for n in (1, 3)
    }
    assert all(v["errors"] == 0 and v["rps"] > 0 for v in throughput.values())
    assert all(v["server_cpu_ms_per_request"] > 0 for v in throughput.values())
    assert memory["peak_rss_mib"] >= memory["rss_mib"] > 0

    for key, value in env.items():
        if key != "NAVIGATOR_KNOWLEDGE_DIR":  # the questions come from the real eval sets
            monkeypatch.setenv(key, value)
    result = loadtest.run(users=3, seconds=0.5, data_dir=built_settings.data_dir)
    assert {p: r["errors"] for p, r in result["phases"].items()} == {"/api/search": 0, "/api/chat": 0}
    md = tmp_path / "results.md"
    report.write_loadtest_md(loadtest.render(result, describe()), "# Benchmarks", md)
    assert "| /api/search | 3 |" in md.read_text()

    soaked = soak.run(
        "extractive",
        minutes=0.25,
        users=2,
        sample_s=3,
        warmup_s=3,
        pause_s=0.1,
        data_dir=built_settings.data_dir,
    )
    assert soaked["errors"] == 0 and soaked["memory"]["flat"] is not None
    assert set(soaked["kinds"]) == {
        "chat",
        "stream",
        "search",
        "check",
        "catalogue",
        "detail",
        "foerder-check",
    }
    assert "## Soak test (`make soak`), extractive provider" in soak.render(soaked, describe())

    results = {
        "service": {
            "load_average": [1.0, 1.0, 1.0],
            "ready": ready,
            "throughput": throughput,
            "memory_extractive": memory,
        }
    }
    page = render.render(describe(), results)
    assert "/api/chat" in page and "every question new (embedded per request)" in page


@pytest.mark.llm
def test_server_memory_with_the_local_model(built_settings):
    from navigator.llm.model_files import model_path

    gguf = model_path("qwen2.5-1.5b", Settings().data_dir)  # joined once, then reused
    env = {**_server_env(built_settings), "NAVIGATOR_LLM_MODEL": str(gguf), "NAVIGATOR_LLM_MAX_TOKENS": "16"}
    figures = service.bench_memory_with_model(env, "Wer hilft bei der Anerkennung meines Abschlusses?")
    assert figures["status"] == 200 and figures["provider"] == "local"
    assert figures["peak_rss_mib"] > 500  # the model is in memory


def test_every_section_renders(tmp_path):
    section = {"load_average": [1.0, 1.0, 1.0]}
    lat = {"p50_ms": 1.0, "p95_ms": 2.0}
    results = {
        "ingestion": {
            **section,
            "embedding": {"chunks_per_s": 1.0, "chunks": 2, "chars_per_chunk": 3, "rounds": 1},
            "full": {"seconds": 1, "entries": 1, "chunks": 2, "chunks_embedded": 2, "chunks_per_s": 2},
            "reingest": {"seconds_median": 0.1, "seconds_max": 0.2, "chunks_embedded": 0, "rounds": 2},
        },
        "retrieval": {
            **section,
            "quality": {"hybrid": {"hit@3": 1.0, "cases": 2}, "langchain_chroma": {"hit@3": 0.5, "cases": 2}},
            "sizes": {
                "real": {"chunks": 5, "latency": {"hybrid/vector": lat}, **section},
                "10000": {
                    "chunks": 10,
                    "entries": 3,
                    "insert_s": 1,
                    "insert_chunks_per_s": 10,
                    "catalogue_load_s": 0.1,
                    "latency": {"hybrid/vector": lat},
                    **section,
                },
            },
        },
        "foerdercheck": {**section, "programmes": 3, "runs": 2, "p50_ms": 1, "p95_ms": 2, "max_ms": 3},
        "rerun": {
            **section,
            "reingest_s_median": 0.1,
            "ready_s": 1.0,
            "chunks": 10,
            "hybrid_latency": {"hybrid/vector": lat},
            "throughput": {},
        },
    }
    text = render.render(describe(), results)
    assert "hybrid/vector p95 at 10k chunks | ≤ 25 ms | 2.0" in text
    assert "## Retrieval" in text and "## Förder-Check" in text and "## Re-run" in text


def test_the_machine_names_its_cpu_and_simd_flags_beside_model_figures():
    from bench.machine import SIMD_FLAGS, cpu_label, describe

    machine = describe()
    assert set(machine["simd"]) <= set(SIMD_FLAGS)
    label = cpu_label(machine)
    assert machine["cpu"] in label and "llama.cpp uses:" in label
    assert all(flag in label for flag in machine["simd"])
    page = render.render({**machine, "load_average": [0.1] * 3}, {})
    assert label in page
