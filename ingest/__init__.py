"""Ingestion pipeline: load + validate knowledge files, chunk, embed, swap into Chroma."""
