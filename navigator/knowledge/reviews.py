"""Honest review dates: `reviewed` moves only when a person confirms the entry.

The ledger `knowledge/_reviews.yaml` stores, per entry, the `reviewed` date and a hash of the file without
its `reviewed`/`review_note` lines. `navigator knowledge review --confirm ID` sets `reviewed` to today and
records the new hash. The tests then fail when

- an entry's facts (front matter or body) changed but the ledger still holds the old hash (someone edited
  it without confirming a review), or `reviewed` was edited by hand (ledger date differs); and
- one commit (or the working tree) moved `reviewed` in more than `BULK_REVIEWS` files without a
  `review_note` in each (a blanket re-date is not a review).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import subprocess
from collections.abc import Iterable
from pathlib import Path

import yaml

from navigator.knowledge.loader import FRONT_MATTER, LoadedEntry

LEDGER = "_reviews.yaml"
BULK_REVIEWS = 10
_REVIEW_LINE = re.compile(r"^(reviewed|review_note):.*(?:\r?\n)?", re.MULTILINE)
_REVIEWED = re.compile(r"^reviewed:.*$", re.MULTILINE)


def facts_hash(text: str) -> str:
    """Hash of a knowledge file without the lines that record the review itself."""
    return hashlib.sha256(_REVIEW_LINE.sub("", text).encode("utf-8")).hexdigest()[:16]


def read_ledger(knowledge_dir: Path) -> dict[str, dict[str, object]]:
    path = knowledge_dir / LEDGER
    if not path.exists():
        return {}
    return dict(yaml.safe_load(path.read_text(encoding="utf-8")) or {})


def write_ledger(knowledge_dir: Path, ledger: dict[str, dict[str, object]]) -> None:
    head = (
        "# Review ledger: per entry the confirmed `reviewed` date and a hash of the file without its\n"
        "# review lines. Written by `navigator knowledge review --confirm ID`; never edit by hand.\n"
    )
    body = yaml.safe_dump(dict(sorted(ledger.items())), allow_unicode=True, sort_keys=True)
    (knowledge_dir / LEDGER).write_text(head + body, encoding="utf-8")


def unconfirmed(loaded: Iterable[LoadedEntry], knowledge_dir: Path) -> list[str]:
    """Entries whose facts or `reviewed` date differ from what the ledger confirmed."""
    ledger = read_ledger(knowledge_dir)
    problems = []
    for item in loaded:
        row = ledger.get(item.entry.id)
        digest = facts_hash(item.path.read_text(encoding="utf-8"))
        if row is None:
            problems.append(f"{item.entry.id}: not in {LEDGER}; confirm its review")
        elif row.get("sha256") != digest:
            problems.append(
                f"{item.entry.id}: facts changed since the review of {row.get('reviewed')}; "
                f"check the entry, then `navigator knowledge review --confirm {item.entry.id}`"
            )
        elif str(row.get("reviewed")) != item.entry.reviewed.isoformat():
            problems.append(
                f"{item.entry.id}: reviewed {item.entry.reviewed} was set by hand (ledger: "
                f"{row.get('reviewed')}); use `navigator knowledge review --confirm {item.entry.id}`"
            )
    return problems


def confirm(
    items: Iterable[LoadedEntry], knowledge_dir: Path, today: dt.date, note: str | None = None
) -> list[str]:
    """Mark entries as reviewed today (rewrite `reviewed`, optionally `review_note`) and update the ledger."""
    ledger = read_ledger(knowledge_dir)
    done = []
    for item in items:
        text = item.path.read_text(encoding="utf-8")
        text = _REVIEWED.sub(f"reviewed: {today.isoformat()}", text, count=1)
        if note is not None:
            text = set_front_matter_line(text, "review_note", _yaml_scalar(note))
        item.path.write_text(text, encoding="utf-8")
        ledger[item.entry.id] = {"reviewed": today.isoformat(), "sha256": facts_hash(text)}
        done.append(item.entry.id)
    write_ledger(knowledge_dir, ledger)
    return done


def _yaml_scalar(text: str) -> str:
    return yaml.safe_dump(text, allow_unicode=True, width=10_000).removesuffix("\n...\n").strip()


def set_front_matter_line(text: str, key: str, value: str) -> str:
    """Replace `key: …` in the front matter, or add it after `reviewed:`."""
    match = FRONT_MATTER.match(text)
    if match is None:
        return text
    front = match.group(1)
    line = re.compile(rf"^{key}:.*$", re.MULTILINE)
    if line.search(front):
        front = line.sub(lambda _: f"{key}: {value}", front, count=1)
    else:
        front = _REVIEWED.sub(lambda m: f"{m.group(0)}\n{key}: {value}", front, count=1)
    return text[: match.start(1)] + front + text[match.end(1) :]


def _git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=False)
    return result.stdout if result.returncode == 0 else ""


def _redated_files(diff: str) -> list[str]:
    """Files of a unified diff whose `reviewed:` line was changed (not just added with a new file)."""
    files: list[str] = []
    current, removed = "", False
    for line in diff.splitlines():
        if line.startswith("+++ b/"):
            current, removed = line[6:], False
        elif line.startswith("-reviewed:"):
            removed = True
        elif line.startswith("+reviewed:") and removed and current not in files:
            files.append(current)
    return files


def _has_note(text: str) -> bool:
    match = FRONT_MATTER.match(text)
    return bool(match and re.search(r"^review_note:\s*\S", match.group(1), re.MULTILINE))


def bulk_redates(repo: Path, folder: str = "knowledge", commits: int = 50) -> list[str]:
    """Files re-dated in bulk (more than BULK_REVIEWS in one commit or the working tree) without a note."""
    problems = []
    changes: list[tuple[str, str, str | None]] = [
        ("working tree", _git(repo, "diff", "--unified=0", "HEAD", "--", folder), None)
    ]
    for commit in _git(repo, "log", f"-n{commits}", "--format=%H", "--", folder).split():
        changes.append(
            (commit[:10], _git(repo, "show", "--format=", "--unified=0", commit, "--", folder), commit)
        )
    for label, diff, sha in changes:
        files = _redated_files(diff)
        if len(files) <= BULK_REVIEWS:
            continue
        for name in files:
            text = (
                (repo / name).read_text(encoding="utf-8")
                if sha is None
                else _git(repo, "show", f"{sha}:{name}")
            )
            if not _has_note(text):
                problems.append(
                    f"{label}: {name} re-dated with {len(files) - 1} others but has no review_note"
                )
    return problems
