"""`navigator ingest` killed with SIGKILL between building the new collection and switching to it: the
live index stays the old one and consistent, and the next ingest completes and drops the orphan.

Real processes throughout, for the embedded store and for a `chroma run` server: `navigator ingest` as
a subprocess over a synthetic corpus of ~1,300 entries (the fixture entries copied with new ids; the
hash embedder, so that the time goes into writing to Chroma, which is the window we aim at), and the
test watching the store for the new collection to appear before it sends SIGKILL. For the embedded
store it reads Chroma's SQLite catalogue read-only (chromadb is pinned; its `collections` table).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import ingest
from navigator.retrieval.store import open_store
from navigator.services import build_retriever
from navigator.settings import Settings
from tests.conftest import FIXTURE_KB, make_settings
from tests.helpers import ChromaServer, settings_env

pytestmark = pytest.mark.slow

COPIES = 120


def synthetic_corpus(target: Path, copies: int) -> Path:
    """The fixture entries plus `copies` copies of each under new ids (references stay valid)."""
    target.mkdir(parents=True)
    for path in FIXTURE_KB.glob("*.md"):
        shutil.copy(path, target / path.name)
        text = path.read_text(encoding="utf-8")
        for i in range(copies):
            copy = re.sub(r"(?m)^id: (.+)$", rf"id: \1-k{i}", text, count=1)
            (target / f"{path.stem}-k{i}.md").write_text(copy, encoding="utf-8")
    return target


def collections(settings: Settings) -> list[str]:
    """Collection names, as the navigator's store sees them."""
    return sorted(c.name for c in open_store(settings).client.list_collections())


def collections_while_ingesting(settings: Settings) -> list[str]:
    """Collection names, read without opening a second Chroma client on the embedded store."""
    if settings.chroma_url:
        return collections(settings)
    database = settings.chroma_path / "chroma.sqlite3"
    with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5)) as db:
        return sorted(name for (name,) in db.execute("SELECT name FROM collections"))


def kill_between_build_and_switch(settings: Settings, live: str, log: Path) -> str:
    """Run `navigator ingest`, SIGKILL it once a new build collection exists; return that name."""
    command = [str(Path(sys.executable).parent / "navigator"), "ingest"]
    with log.open("wb") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=settings_env(settings))
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and proc.poll() is None:
            builds = [n for n in collections_while_ingesting(settings) if "-b" in n and n != live]
            if builds:
                time.sleep(0.3)  # let it write a batch or two into the new collection
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
                return builds[0]
            time.sleep(0.05)
        raise AssertionError(f"ingest ended before its new collection appeared:\n{log.read_text()[-2000:]}")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.fixture(params=["embedded", "server"])
def chroma_url(request, tmp_path):
    if request.param == "embedded":
        yield None
        return
    chroma = ChromaServer(tmp_path / "chroma")
    chroma.start()
    yield chroma.url
    chroma.stop()


def test_sigkill_midway_leaves_the_old_index_live_and_the_next_ingest_completes(tmp_path, chroma_url):
    old = make_settings(tmp_path / "data", chroma_url=chroma_url)
    first = ingest.run(old)
    store = open_store(old)
    live, count = store.live_name(), store.count()
    assert live == first.collection and count == first.chunks_total

    big = make_settings(
        tmp_path / "data", synthetic_corpus(tmp_path / "knowledge", COPIES), chroma_url=chroma_url
    )
    orphan = kill_between_build_and_switch(big, live, tmp_path / "ingest.log")
    assert "ingest:" not in (tmp_path / "ingest.log").read_text()  # it never finished

    # The old index is still live, complete, and answers.
    store = open_store(old)
    assert orphan in collections(old)
    assert store.live_name() == live and store.count() == count
    hits = build_retriever(old).retrieve("Anerkennung ausländischer Abschluss", k=3)
    assert hits[0].id == "iq-anerkennungsberatung"

    # The next ingest completes, switches, and drops the orphan and the old build.
    summary = ingest.run(big)
    assert summary.added == 11 * COPIES and summary.unchanged == 11
    assert store.live_name() == summary.collection != live
    assert store.count() == summary.chunks_total
    assert [n for n in collections(big) if "-b" in n] == [summary.collection]
    retriever = build_retriever(big)
    assert len(retriever.catalogue().entries) == 11 * (COPIES + 1)
    assert len(retriever.retrieve("Anerkennung ausländischer Abschluss", k=3)) == 3
