"""The import rules of the layers, checked on every module's imports (read from the source, not run).

- Only the store talks to Chroma, and only the local provider (local.py with its loading and prefix-state
  helpers) to llama.cpp: everything else goes through `KnowledgeStore` and `ChatProvider`, so a
  backend is swapped in one place. The bench's machine description may ask llama.cpp for its build.
- Retrieval and the LLM providers know nothing of the web: `navigator/retrieval/` and
  `navigator/llm/` import neither `navigator.api` nor `navigator.web`.
- Only the command line builds indexes: `ingest` is imported by `navigator/cli.py`, the bench, the
  docs tools and the tests (and by itself), nowhere else.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from navigator.settings import REPO_ROOT

CODE_DIRS = ("navigator", "ingest", "bench", "docs", "tests")
# The local provider is split into four modules to keep each short (local_model: loading the model,
# local_prefix: its prefix states, kv_state: llama.cpp's state API); bench/machine.py reads the
# build's CPU features.
LOCAL_PROVIDER = {
    "navigator/llm/local.py",
    "navigator/llm/local_model.py",
    "navigator/llm/local_prefix.py",
    "navigator/llm/kv_state.py",
}
BACKENDS = {"chromadb": {"navigator/retrieval/store.py"}, "llama_cpp": {*LOCAL_PROVIDER, "bench/machine.py"}}
INGEST_ALLOWED = ("navigator/cli.py", "ingest/", "bench/", "docs/", "tests/")


def modules() -> list[Path]:
    return sorted(p for d in CODE_DIRS for p in (REPO_ROOT / d).rglob("*.py") if ".venv" not in p.parts)


def imported(path: Path) -> Iterator[tuple[str, int]]:
    """Every module name `path` imports (also inside functions and TYPE_CHECKING), with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, node.lineno
            for alias in node.names:  # "from navigator import api" imports navigator.api
                yield f"{node.module}.{alias.name}", node.lineno


def is_module(name: str, package: str) -> bool:
    return name == package or name.startswith(f"{package}.")


def violations(rule: str, paths: list[Path] | None = None, root: Path = REPO_ROOT) -> list[str]:
    found = []
    for path in modules() if paths is None else paths:
        rel = path.relative_to(root).as_posix()
        for name, line in imported(path):
            if rule == "backends":
                bad = any(is_module(name, pkg) and rel not in owners for pkg, owners in BACKENDS.items())
                bad = bad and not rel.startswith("tests/")  # tests may inspect a backend directly
            elif rule == "layers":
                lower = rel.startswith(("navigator/retrieval/", "navigator/llm/"))
                bad = lower and (is_module(name, "navigator.api") or is_module(name, "navigator.web"))
            else:
                bad = is_module(name, "ingest") and not rel.startswith(INGEST_ALLOWED)
            if bad:
                found.append(f"{rel}:{line} imports {name}")
    return sorted(set(found))


def test_the_walk_sees_the_whole_code_base():
    names = {p.relative_to(REPO_ROOT).as_posix() for p in modules()}
    assert {"navigator/retrieval/store.py", "navigator/llm/local.py", "navigator/cli.py"} <= names
    # The rules below would pass vacuously if the walk missed the imports they look for.
    store_imports = {n for n, _ in imported(REPO_ROOT / "navigator/retrieval/store.py")}
    cli_imports = {n for n, _ in imported(REPO_ROOT / "navigator/cli.py")}
    assert "chromadb" in store_imports and "ingest" in cli_imports


@pytest.mark.parametrize(
    ("rule", "meaning"),
    [
        ("backends", "chromadb only in the store, llama_cpp only in the local provider"),
        ("layers", "retrieval/ and llm/ do not import the api or web layer"),
        ("ingest", "only the command line, bench, docs and tests import ingest"),
    ],
)
def test_import_rule(rule, meaning):
    assert violations(rule) == [], meaning


def test_a_rule_breach_is_reported_with_file_and_line(tmp_path):
    probe = tmp_path / "navigator" / "llm" / "probe.py"
    probe.parent.mkdir(parents=True)
    probe.write_text(
        "def f():\n    import chromadb\n    from navigator.web import render\n", encoding="utf-8"
    )
    tool = tmp_path / "navigator" / "services.py"
    tool.write_text("import ingest\n", encoding="utf-8")
    assert violations("backends", [probe], tmp_path) == ["navigator/llm/probe.py:2 imports chromadb"]
    assert violations("layers", [probe], tmp_path) == [
        "navigator/llm/probe.py:3 imports navigator.web",
        "navigator/llm/probe.py:3 imports navigator.web.render",
    ]
    assert violations("ingest", [tool], tmp_path) == ["navigator/services.py:1 imports ingest"]
