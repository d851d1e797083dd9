"""Ingestion pipeline: load + validate knowledge files, chunk, embed, swap into Chroma."""

from ingest.pipeline import Summary, run

__all__ = ["Summary", "run"]
