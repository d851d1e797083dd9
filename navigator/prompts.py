"""Render the prompt templates in `prompts/` (Jinja2, StrictUndefined) and the fixed answer phrases."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import yaml

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
        self.phrases: dict[str, dict[str, str]] = yaml.safe_load(
            (folder / "phrases.yaml").read_text(encoding="utf-8")
        )

    def render(self, name: str, **variables: Any) -> str:
        return self.env.get_template(f"{name}.j2").render(**variables).strip()

    def phrase(self, key: str, lang: str, **values: str) -> str:
        table = self.phrases.get(lang if lang in ANSWER_LANGUAGES else "de") or self.phrases["de"]
        return (table.get(key) or self.phrases["de"][key]).format(**values)


@lru_cache(maxsize=4)
def load_prompts(folder: Path) -> Prompts:
    return Prompts(folder)
