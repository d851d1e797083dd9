"""Translations of entries' titles and summaries: one YAML file per language in `knowledge/_i18n/`.

A translator edits one file per language (`knowledge/_i18n/en.yaml`), keyed by entry id::

    bildungsscheck-2-0:
      title: Education voucher NRW 2.0         # explains the German name, which stays and comes first
      summary: A grant of 50 % (at most 500 euros) towards ...
      source_hash: 3f2a9c0b1d2e                # German title + summary this translates (see `source_hash`)
      translated: 2026-12-07

The ingest loader reads only `*.md` entry files, so this folder never reaches the index. A translation
whose `source_hash` no longer matches the German text is stale: the German text is shown instead, with a
"nur auf Deutsch" note, and `navigator validate` lists it (and missing ones) as warnings.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import yaml

from navigator.errors import Problem
from navigator.knowledge import Entry

# The languages entries are translated into: the UI languages and Russian (an answer language).
LANGUAGES: Final = ("en", "tr", "uk", "ar", "ru")
FOLDER: Final = "_i18n"
FIELDS: Final = ("title", "summary", "source_hash", "translated")
# Text a translator leaves while working; never shown.
_PLACEHOLDER = re.compile(
    r"^\s*(?:|todo|tbd|fixme|xxx+|\?+|\.\.\.|…|-+)\s*$|\b(?:TODO|FIXME)\b", re.IGNORECASE
)
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def source_hash(entry: Entry) -> str:
    """A short hash of the German text a translation translates (title and summary)."""
    return hashlib.sha256(f"{entry.title}\n{entry.summary}".encode()).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class Translation:
    """One entry's title and summary in one language, and the German text it was made from."""

    title: str
    summary: str
    source_hash: str
    translated: str
    line: int


@dataclass(frozen=True, slots=True)
class Localised:
    """What a card shows for an entry in a UI language.

    `title_de` (the official German name) is always shown; `title` explains it in `lang` and is empty
    when there is no current translation. `summary` is in `lang` if `translated`, else German.
    """

    title_de: str
    title: str
    summary: str
    lang: str
    translated: bool
    # True when a translation exists but the German text changed since ("nur auf Deutsch" all the same).
    stale: bool = False

    @property
    def summary_lang(self) -> str:
        return self.lang if self.translated else "de"

    @property
    def german_only(self) -> bool:
        """The UI is not German but the entry is shown in German: the card says so."""
        return self.lang != "de" and not self.translated

    @property
    def full_title(self) -> str:
        """The German name with its translation after it, as plain text (for JSON and page titles)."""
        return f"{self.title_de} ({self.title})" if self.translated else self.title_de


@dataclass(frozen=True, slots=True)
class ContentTranslations:
    """All translation files of a knowledge folder, read once."""

    by_lang: dict[str, dict[str, Translation]]

    def localise(self, entry: Entry, lang: str) -> Localised:
        """The entry's title and summary for a page in `lang` (German if no current translation)."""
        found = self.by_lang.get(lang, {}).get(entry.id) if lang != "de" else None
        if found is not None and found.source_hash == source_hash(entry) and usable(found):
            return Localised(entry.title, found.title, found.summary, lang, translated=True)
        return Localised(entry.title, "", entry.summary, lang, translated=False, stale=found is not None)

    def titles(self) -> dict[str, tuple[str, ...]]:
        """Per entry id, its titles in every language: names a question in that language may use."""
        found: dict[str, list[str]] = {}
        for by_id in self.by_lang.values():
            for entry_id, t in by_id.items():
                if usable(t):
                    found.setdefault(entry_id, []).append(t.title)
        return {entry_id: tuple(ts) for entry_id, ts in found.items()}


EMPTY: Final = ContentTranslations({})


def usable(t: Translation) -> bool:
    return not (_PLACEHOLDER.search(t.title) or _PLACEHOLDER.search(t.summary))


def read_language(path: Path, shown: str) -> tuple[dict[str, Translation], list[Problem]]:
    """One language file: its translations and the problems that make some of them unusable."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    except (OSError, UnicodeDecodeError) as exc:
        return {}, [Problem(shown, 1, "", f"cannot read translation file ({exc})")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return {}, [Problem(shown, mark.line + 1 if mark else 1, "", f"YAML syntax error: {exc}")]
    if root is None:
        return {}, []
    if not isinstance(root, yaml.MappingNode):
        return {}, [Problem(shown, 1, "", "a translation file maps entry ids to translations")]
    found: dict[str, Translation] = {}
    problems: list[Problem] = []
    for key, node in root.value:
        item, wrong = _read_item(str(key.value), key.start_mark.line + 1, node, shown)
        problems += wrong
        if item is not None:
            found[str(key.value)] = item
    return found, problems


def _read_item(
    entry_id: str, line: int, node: yaml.Node, shown: str
) -> tuple[Translation | None, list[Problem]]:
    if not isinstance(node, yaml.MappingNode):
        return None, [Problem(shown, line, entry_id, f"needs the fields {', '.join(FIELDS)}")]
    values = {str(k.value): v for k, v in node.value}
    lines = {str(k.value): k.start_mark.line + 1 for k, _ in node.value}
    problems = [
        Problem(shown, lines[name], f"{entry_id}.{name}", f"unknown field; allowed: {', '.join(FIELDS)}")
        for name in sorted(set(values) - set(FIELDS))
    ]
    for name in FIELDS:
        if name not in values:
            problems.append(Problem(shown, line, f"{entry_id}.{name}", "required field is missing"))
        elif not isinstance(values[name], yaml.ScalarNode):
            problems.append(Problem(shown, lines[name], f"{entry_id}.{name}", "must be a text"))
    if problems:
        return None, problems
    text = {name: str(values[name].value).strip() for name in FIELDS}
    try:
        dt.date.fromisoformat(text["translated"])
    except ValueError:
        field = f"{entry_id}.translated"
        problems.append(Problem(shown, lines["translated"], field, "must be a date (YYYY-MM-DD)"))
    t = Translation(text["title"], text["summary"], text["source_hash"], text["translated"], line)
    return t, problems


def translation_files(knowledge_dir: Path) -> dict[str, Path]:
    """The translation file of each language that has one."""
    folder = knowledge_dir / FOLDER
    return {lang: folder / f"{lang}.yaml" for lang in LANGUAGES if (folder / f"{lang}.yaml").is_file()}


_cache: dict[Path, tuple[tuple[float, ...], ContentTranslations]] = {}


def load(knowledge_dir: Path) -> ContentTranslations:
    """Every language's translations (re-read when a file changes); broken ones are left out."""
    files = translation_files(knowledge_dir)
    stamp = tuple(p.stat().st_mtime for p in files.values())
    cached = _cache.get(knowledge_dir)
    if cached is None or cached[0] != stamp:
        loaded = {lang: read_language(path, str(path))[0] for lang, path in files.items()}
        cached = (stamp, ContentTranslations(loaded))
        _cache[knowledge_dir] = cached
    return cached[1]
