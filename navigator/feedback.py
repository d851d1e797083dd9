"""Answer feedback (thumbs up/down, optional comment), stored in SQLite only when a user clicks.

Nothing about a question is stored by the chat itself. When someone rates an answer, that rating, the
question and the answer are written to `<data_dir>/feedback.sqlite3`; the page says so next to the
buttons. Maintainers read it with `navigator feedback export`.

Example::

    store = FeedbackStore(settings.data_dir / "feedback.sqlite3")
    row_id = store.add(Feedback("up", question="Wer hilft …?", answer="… [1]", language="de"))
    store.add_comment(row_id, "Sehr hilfreich")
    store.export_csv(sys.stdout)
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TextIO

log = logging.getLogger(__name__)

FILE_NAME = "feedback.sqlite3"
COLUMNS = ("id", "created_at", "rating", "comment", "question", "answer", "language", "sources")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment TEXT NOT NULL DEFAULT '',
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    language TEXT NOT NULL,
    sources TEXT NOT NULL DEFAULT ''
)
"""
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class Feedback:
    """One rating of one answer."""

    rating: Literal["up", "down"]
    question: str
    answer: str
    language: str = "de"
    comment: str = ""
    sources: tuple[str, ...] = ()


class FeedbackStore:
    """The feedback table; the file and its folder are created on the first rating, not before."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    @contextmanager
    def _connect(self, *, create: bool) -> Iterator[sqlite3.Connection | None]:
        if not create and not self.path.exists():
            yield None
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock, closing(sqlite3.connect(self.path, timeout=5)) as conn:
            conn.execute(_SCHEMA)
            with conn:  # one transaction, committed on success
                yield conn

    def add(self, feedback: Feedback) -> str:
        """Store a rating and return its id (needed to add a comment later)."""
        row_id = uuid.uuid4().hex
        now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        with self._connect(create=True) as conn:
            assert conn is not None
            conn.execute(
                "INSERT INTO feedback VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    row_id,
                    now,
                    feedback.rating,
                    feedback.comment,
                    feedback.question,
                    feedback.answer,
                    feedback.language,
                    " ".join(feedback.sources),
                ),
            )
        log.info("stored feedback %s (%s, %d-char comment)", row_id, feedback.rating, len(feedback.comment))
        return row_id

    def add_comment(self, row_id: str, comment: str) -> bool:
        """Set the comment of a stored rating; False if there is no such rating."""
        with self._connect(create=False) as conn:
            if conn is None:
                return False
            changed = conn.execute("UPDATE feedback SET comment = ? WHERE id = ?", (comment, row_id)).rowcount
        return changed == 1

    def rows(self) -> list[dict[str, str]]:
        """Every stored rating, oldest first."""
        with self._connect(create=False) as conn:
            if conn is None:
                return []
            cursor = conn.execute(f"SELECT {', '.join(COLUMNS)} FROM feedback ORDER BY created_at, rowid")
            return [dict(zip(COLUMNS, row, strict=True)) for row in cursor.fetchall()]

    def export_csv(self, out: TextIO) -> int:
        """Write every rating as CSV (header first) and return the number of rows."""
        rows = self.rows()
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([_cell(row[c]) for c in COLUMNS])
        return len(rows)


def _cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value
