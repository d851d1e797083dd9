"""Translations of the Förder-Check's rule texts, kept beside the knowledge files, keyed by the German text.

`knowledge/_i18n/foerdercheck/<lang>.yaml` maps each German text of an `eligibility` block (`met`,
`not_met`, `question`, `label`, `text`, `apply`) to its translation::

    "Wohnen Sie in Nordrhein-Westfalen?": "Do you live in North Rhine-Westphalia?"

Keyed by the German text itself, a translation goes stale by itself: when the German wording changes,
the key no longer matches and German is shown (`navigator validate` lists the unused key). A translation
written inline in the knowledge file (`question: {de: …, en: …}`) wins over the file.

`with_translations(entries, knowledge_dir)` returns the entries with these translations merged into
their texts, so the Förder-Check engine (which reads texts with `text_in`) needs no change.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Final

import yaml
from pydantic import BaseModel

from navigator import translations as entry_translations
from navigator.errors import Problem
from navigator.knowledge import Eligibility, Entry

FOLDER: Final = f"{entry_translations.FOLDER}/foerdercheck"
LANGUAGES: Final = entry_translations.LANGUAGES
TEXT_FIELDS: Final = ("met", "not_met", "question", "label", "text", "apply")

Texts = dict[str, dict[str, str]]  # lang -> German text -> translation


def read_texts(path: Path, shown: str) -> tuple[dict[str, str], list[Problem]]:
    """One language file as {German: translation}, and its problems (with line numbers)."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        return {}, [Problem(shown, mark.line + 1 if mark else 1, "", f"cannot read: {exc}")]
    if root is None:
        return {}, []
    if not isinstance(root, yaml.MappingNode):
        return {}, [Problem(shown, 1, "", "maps German texts to their translations")]
    found: dict[str, str] = {}
    problems = []
    for key, value in root.value:
        line = key.start_mark.line + 1
        text = str(value.value).strip() if isinstance(value, yaml.ScalarNode) else ""
        if not text or text == str(key.value):
            problems.append(Problem(shown, line, str(key.value)[:40], "empty or untranslated"))
            continue
        found[str(key.value)] = text
    return found, problems


def files(knowledge_dir: Path) -> dict[str, Path]:
    folder = knowledge_dir / FOLDER
    return {lang: folder / f"{lang}.yaml" for lang in LANGUAGES if (folder / f"{lang}.yaml").is_file()}


def load_texts(knowledge_dir: Path) -> Texts:
    return {lang: read_texts(path, str(path))[0] for lang, path in files(knowledge_dir).items()}


def _merged(value: str | dict[str, str], texts: Texts) -> str | dict[str, str]:
    german = value if isinstance(value, str) else value["de"]
    found = {lang: t[german] for lang, t in texts.items() if german in t}
    if not found:
        return value
    return {**found, **({"de": value} if isinstance(value, str) else value)}


def _with_texts(model: BaseModel, texts: Texts) -> Any:
    fields = type(model).model_fields
    update: dict[str, Any] = {
        name: _merged(getattr(model, name), texts)
        for name in TEXT_FIELDS
        if name in fields and getattr(model, name) is not None
    }
    return model.model_copy(update=update)


def with_translations(entries: Iterable[Entry], knowledge_dir: Path) -> list[Entry]:
    """The entries with the file translations merged into their eligibility texts."""
    texts = load_texts(knowledge_dir)
    if not texts:
        return list(entries)
    out = []
    for e in entries:
        if e.eligibility is None:
            out.append(e)
            continue
        el: Eligibility = _with_texts(e.eligibility, texts)
        el = el.model_copy(
            update={
                "criteria": [_with_texts(c, texts) for c in el.criteria],
                "benefits": [_with_texts(b, texts) for b in el.benefits],
            }
        )
        out.append(e.model_copy(update={"eligibility": el}))
    return out


def german_texts(entries: Iterable[Entry]) -> Iterator[str]:
    """Every German rule text of the entries' eligibility blocks."""
    for e in entries:
        if e.eligibility is None:
            continue
        models: list[BaseModel] = [e.eligibility, *e.eligibility.criteria, *e.eligibility.benefits]
        for model in models:
            for name in TEXT_FIELDS:
                value = getattr(model, name, None)
                if value is not None:
                    yield value if isinstance(value, str) else value["de"]
