"""Render the prompt templates in `prompts/` (Jinja2, StrictUndefined) and the fixed answer phrases."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from navigator.phrases import load_phrases
from navigator.vocab import ANSWER_LANGUAGES


class Prompts:
    """Templates by file stem: `prompts.render("question", sources=..., question=...)`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        # StrictUndefined: a missing variable is an error, not an empty string in a prompt.
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(folder),
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=False,
            autoescape=False,  # plain-text prompts, never HTML
        )
        self.book = load_phrases(folder / "phrases.yaml")
        self.phrases: dict[str, dict[str, str]] = self.book.texts

    def render(self, name: str, **variables: Any) -> str:
        return self.env.get_template(f"{name}.j2").render(**variables).strip()

    def phrase(self, key: str, lang: str, **values: str) -> str:
        return self.book.text(key, lang if lang in ANSWER_LANGUAGES else "de", **values)


@lru_cache(maxsize=4)
def load_prompts(folder: Path) -> Prompts:
    return Prompts(folder)
