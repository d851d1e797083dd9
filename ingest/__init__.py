"""Ingestion pipeline: load + validate knowledge files, chunk, embed, swap into Chroma."""

from ingest.pipeline import Summary, open_store, run

__all__ = ["Summary", "open_store", "run"]
