"""The import rules of the layers, checked on every module's imports (read from the source, not run).

- Only the store talks to Chroma, and only the local provider (local.py with its loading and prefix-state
  helpers) to llama.cpp: everything else goes through `KnowledgeStore` and `ChatProvider`, so a
  backend is swapped in one place. The bench's machine description may ask llama.cpp for its build.
- Retrieval and the LLM providers know nothing of the web: `navigator/retrieval/` and
  `navigator/llm/` import neither `navigator.api` nor `navigator.web`.
- Only the command line builds indexes: `ingest` is imported by `navigator/cli.py`, the bench, the
  docs tools and the tests (and by itself), nowhere else.
- The Förder-Check decides by its rules, never by a model: `navigator/foerdercheck/` imports neither
  the LLM providers nor the answer pipeline, the api or the web layer (the pipeline calls the check).
- Its fact reader is a leaf: `navigator/foerdercheck/extract/` imports of the Förder-Check only its
  own modules and the profile, so reading a message never depends on the engine or the chat step.
- Modules stay short (~300 lines; functions ~60), read from the source too: every module of the
  product, the pipeline, the bench and the docs tools (tests are exempt: a specification may list
  many cases).
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
NOT_FOR_THE_CHECK = ("navigator.llm", "navigator.answer", "navigator.api", "navigator.web")
FACT_READER_MAY_USE = ("navigator.foerdercheck.extract", "navigator.foerdercheck.profile")
# The size rule: "about 300 lines" leaves a margin of 20 for a docstring that grew; data tables
# (the fact reader's patterns) count too, larger data belongs in YAML.
SIZED = ("navigator/", "ingest/", "bench/", "docs/")
MAX_MODULE_LINES = 320
MAX_FUNCTION_LINES = 60


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
            elif rule == "foerdercheck":
                bad = rel.startswith("navigator/foerdercheck/") and any(
                    is_module(name, pkg) for pkg in NOT_FOR_THE_CHECK
                )
            elif rule == "fact_reader":
                bad = (
                    rel.startswith("navigator/foerdercheck/extract/")
                    and is_module(name, "navigator.foerdercheck")
                    and not any(is_module(name, pkg) for pkg in FACT_READER_MAY_USE)
                )
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
        ("foerdercheck", "the Förder-Check imports no model, answer pipeline, api or web layer"),
        ("fact_reader", "the fact reader imports of the Förder-Check only itself and the profile"),
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


def test_a_breach_of_the_foerdercheck_rules_is_reported(tmp_path):
    reader = tmp_path / "navigator" / "foerdercheck" / "extract" / "probe.py"
    reader.parent.mkdir(parents=True)
    reader.write_text(
        "from navigator.foerdercheck.engine import Checker\n"
        "from navigator.foerdercheck.profile import Value\n"
        "from navigator.foerdercheck.extract.words import NUMBER\n"
        "from navigator.llm import registry\n",
        encoding="utf-8",
    )
    assert violations("fact_reader", [reader], tmp_path) == [
        "navigator/foerdercheck/extract/probe.py:1 imports navigator.foerdercheck.engine",
        "navigator/foerdercheck/extract/probe.py:1 imports navigator.foerdercheck.engine.Checker",
    ]
    assert violations("foerdercheck", [reader], tmp_path) == [
        "navigator/foerdercheck/extract/probe.py:4 imports navigator.llm",
        "navigator/foerdercheck/extract/probe.py:4 imports navigator.llm.registry",
    ]


def too_long(paths: list[Path], root: Path = REPO_ROOT) -> list[str]:
    """Modules over MAX_MODULE_LINES and functions over MAX_FUNCTION_LINES, with their length."""
    found = []
    for path in paths:
        rel = path.relative_to(root).as_posix()
        source = path.read_text(encoding="utf-8")
        if (lines := len(source.splitlines())) > MAX_MODULE_LINES:
            found.append(f"{rel}: {lines} lines")
        for node in ast.walk(ast.parse(source, filename=str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    found.append(f"{rel}:{node.lineno} {node.name}() {length} lines")
    return found


def test_no_module_or_function_is_too_long():
    sized = [p for p in modules() if p.relative_to(REPO_ROOT).as_posix().startswith(SIZED)]
    assert len(sized) > 100  # the walk found the code base
    found = too_long(sized)
    assert found == [], "split these where they have a seam:\n" + "\n".join(found)


def test_an_overlong_module_or_function_is_reported(tmp_path):
    probe = tmp_path / "probe.py"
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    probe.write_text(f"def long():\n{body}\n" + "\n" * MAX_MODULE_LINES, encoding="utf-8")
    assert too_long([probe], tmp_path) == [
        f"probe.py: {MAX_MODULE_LINES + MAX_FUNCTION_LINES + 1} lines",
        f"probe.py:1 long() {MAX_FUNCTION_LINES + 1} lines",
    ]
