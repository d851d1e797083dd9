from __future__ import annotations

import importlib.util

import pytest

from navigator.errors import ConfigError
from navigator.llm.base import ChatProvider
from navigator.llm.fake import ScriptedProvider
from navigator.llm.registry import PROVIDERS, get_provider, parse_llm_id

needs_llama_cpp = pytest.mark.skipif(
    importlib.util.find_spec("llama_cpp") is None, reason="llama-cpp-python not installed"
)


@pytest.mark.parametrize(
    ("llm_id", "expected"),
    [
        ("local", ("local", None)),
        ("local:qwen2.5-0.5b", ("local", "qwen2.5-0.5b")),
        ("local:/models/my model.gguf", ("local", "/models/my model.gguf")),
        (" OpenAI : qwen ", ("openai", "qwen")),
        ("openai:", ("openai", None)),
        ("llamacpp:qwen2.5-1.5b", ("local", "qwen2.5-1.5b")),  # spelling from the design notes
        ("openai_compat:local", ("openai", "local")),
        ("extractive", ("extractive", None)),
    ],
)
def test_parse_llm_id(llm_id, expected):
    assert parse_llm_id(llm_id) == expected


def test_extractive_means_no_provider(settings):
    settings.llm = "extractive"
    assert get_provider(settings) is None


def test_fake_gives_a_scripted_provider(settings):
    provider = get_provider(settings)
    assert isinstance(provider, ScriptedProvider)
    assert isinstance(provider, ChatProvider)


def test_every_factory_is_registered_by_its_provider_name():
    assert set(PROVIDERS) == {"local", "openai", "fake"}


@pytest.mark.parametrize(("typo", "suggestion"), [("locl", "local"), ("opneai", "openai"), ("fak", "fake")])
def test_unknown_id_suggests_the_closest(settings, typo, suggestion):
    settings.llm = typo
    with pytest.raises(ConfigError, match=f"Did you mean '{suggestion}'"):
        get_provider(settings)


def test_unknown_id_without_a_close_match_lists_the_known_ones(settings):
    settings.llm = "gpt-9000"
    with pytest.raises(ConfigError, match="Known: local, openai, fake, extractive") as info:
        get_provider(settings)
    assert "Did you mean" not in str(info.value)


@pytest.mark.parametrize("llm_id", ["local", "openai", "local:qwen2.5-0.5b"])
def test_real_providers_refuse_when_real_llms_are_not_allowed(settings, llm_id):
    settings.llm = llm_id
    settings.llm_base_url = "http://127.0.0.1:9/v1"
    with pytest.raises(ConfigError, match="NAVIGATOR_ALLOW_REAL_LLM"):
        get_provider(settings)


def test_openai_needs_a_base_url(settings):
    settings.llm, settings.allow_real_llm = "openai", True
    with pytest.raises(ConfigError, match="NAVIGATOR_LLM_BASE_URL"):
        get_provider(settings)


def test_openai_takes_the_model_from_the_id_then_from_settings(settings):
    settings.llm, settings.allow_real_llm = "openai", True
    settings.llm_base_url, settings.llm_model = "http://127.0.0.1:9/v1", "from-settings"
    provider = get_provider(settings)
    assert provider is not None
    assert (provider.name, provider.model) == ("openai", "from-settings")
    settings.llm = "openai:from-id"
    assert get_provider(settings).model == "from-id"  # type: ignore[union-attr]


@needs_llama_cpp
def test_local_is_built_without_loading_the_model(settings):
    settings.llm, settings.allow_real_llm = "local:qwen2.5-0.5b", True
    provider = get_provider(settings)
    assert provider is not None
    assert (provider.name, provider.model) == ("local", "qwen2.5-0.5b")
    assert provider.loaded is False  # type: ignore[attr-defined]
    assert not (settings.data_dir / "models").exists()  # nothing joined yet


@needs_llama_cpp
def test_local_unknown_model_fails_at_construction(settings):
    settings.llm, settings.allow_real_llm = "local:llama-70b", True
    with pytest.raises(ConfigError, match=r"qwen2\.5-0\.5b, qwen2\.5-1\.5b"):
        get_provider(settings)
