"""Honest review dates: `reviewed` moves only when a person confirms the entry, never in bulk unexplained."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from navigator.knowledge import load_entries
from navigator.knowledge.reviews import BULK_REVIEWS, bulk_redates, confirm, facts_hash, unconfirmed
from navigator.settings import Settings
from tests.conftest import FIXTURE_KB

REPO = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 12, 7)


def test_every_entry_of_the_knowledge_base_was_confirmed_as_it_is_now():
    """Fails when a file's facts changed without `navigator knowledge review --confirm ID`."""
    knowledge = Settings().knowledge_dir
    assert unconfirmed(load_entries(knowledge), knowledge) == []


def test_no_commit_re_dated_many_entries_without_a_review_note():
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    assert bulk_redates(REPO) == []


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    folder = tmp_path / "knowledge"
    shutil.copytree(FIXTURE_KB, folder)
    confirm(load_entries(folder), folder, dt.date(2026, 11, 26))
    return folder


def by_id(folder: Path):
    return {item.entry.id: item for item in load_entries(folder)}


def test_a_changed_fact_without_a_confirmed_review_is_caught_and_confirming_clears_it(kb: Path):
    assert unconfirmed(load_entries(kb), kb) == []
    path = by_id(kb)["inqa-coaching"].path
    path.write_text(path.read_text(encoding="utf-8").replace("## ", "## Neu: ", 1), encoding="utf-8")
    assert [p.split(":")[0] for p in unconfirmed(load_entries(kb), kb)] == ["inqa-coaching"]

    confirm([by_id(kb)["inqa-coaching"]], kb, TODAY, note="Text nach Prüfung ergänzt")
    assert unconfirmed(load_entries(kb), kb) == []
    entry = by_id(kb)["inqa-coaching"].entry
    assert entry.reviewed == TODAY and entry.review_note == "Text nach Prüfung ergänzt"


def test_a_review_date_set_by_hand_is_caught(kb: Path):
    path = by_id(kb)["inqa-coaching"].path
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("reviewed: 2026-11-26", "reviewed: 2026-12-01"), encoding="utf-8")
    (problem,) = unconfirmed(load_entries(kb), kb)
    assert "set by hand" in problem and "--confirm inqa-coaching" in problem


def test_the_hash_ignores_only_the_review_lines():
    text = "---\nid: a\nreviewed: 2026-01-01\n---\nText\n"
    assert facts_hash(text) == facts_hash(text.replace("2026-01-01", "2026-12-07") + "")
    assert facts_hash(text) != facts_hash(text.replace("Text", "Text!"))


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def test_re_dating_many_files_in_one_commit_needs_a_review_note_in_each(tmp_path: Path):
    repo = tmp_path / "repo"
    folder = repo / "knowledge"
    folder.mkdir(parents=True)
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "t@example.org")
    git(repo, "config", "user.name", "Test")
    names = [f"e{i}.md" for i in range(BULK_REVIEWS + 1)]
    for name in names:
        (folder / name).write_text(
            f"---\nid: {name[:-3]}\nreviewed: 2026-11-26\n---\nText\n", encoding="utf-8"
        )
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "add")
    assert bulk_redates(repo) == []  # new files are not re-dated

    for name in names:
        path = folder / name
        path.write_text(path.read_text().replace("2026-11-26", "2026-12-07"), encoding="utf-8")
    problems = bulk_redates(repo)
    assert len(problems) == len(names) and problems[0].startswith("working tree: knowledge/e0.md")

    for name in names:
        path = folder / name
        path.write_text(
            path.read_text().replace(
                "reviewed: 2026-12-07", "reviewed: 2026-12-07\nreview_note: Jahresprüfung"
            )
        )
    assert bulk_redates(repo) == []
    git(repo, "commit", "-qam", "review")
    assert bulk_redates(repo) == []

    git(repo, "revert", "--no-edit", "HEAD")  # a commit that re-dates them back without notes
    assert len(bulk_redates(repo)) == len(names)
