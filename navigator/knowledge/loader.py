"""Read knowledge files (Markdown + YAML front matter) into validated `Entry` objects.

A knowledge file looks like this::

    ---
    id: bildungsscheck-2-0
    kind: programme
    title: Bildungsscheck NRW 2.0
    ...
    ---
    ## Worum geht es?
    German Markdown body.

`load_entries(folder)` validates every file and collects *all* problems (file, line, field, message)
before it raises one `KnowledgeError`, so a maintainer fixes a batch of files in one round.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from navigator.errors import KnowledgeError, Problem
from navigator.knowledge.model import Entry

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


@dataclass(frozen=True, slots=True)
class LoadedEntry:
    """An entry plus where it came from (for error messages and incremental ingest)."""

    entry: Entry
    path: Path
    content_hash: str


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as strings, so pydantic reports a bad date with its field."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _line_map(text: str) -> dict[tuple[str | int, ...], int]:
    """Map each YAML path (('contact', 'phone'), ('sources', 0)) to its 1-based line in `text`."""
    lines: dict[tuple[str | int, ...], int] = {}

    def walk(node: yaml.Node, path: tuple[str | int, ...]) -> None:
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                lines[(*path, key.value)] = key.start_mark.line + 1
                walk(value, (*path, key.value))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, i))

    root = yaml.compose(text, Loader=_Loader)
    if root is not None:
        walk(root, ())
    return lines


def _line_for(loc: tuple[str | int, ...], lines: dict[tuple[str | int, ...], int]) -> int:
    for cut in range(len(loc), -1, -1):
        if loc[:cut] in lines:
            return lines[loc[:cut]]
    return 1


def parse_file(path: Path, root: Path | None = None) -> tuple[LoadedEntry | None, list[Problem]]:
    """Parse one knowledge file; return the entry or the problems found in it."""
    shown = str(path.relative_to(root)) if root and path.is_relative_to(root) else str(path)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(shown, 1, "", f"not UTF-8 ({exc.reason})")]
    match = FRONT_MATTER.match(text)
    if not match:
        return None, [Problem(shown, 1, "", "no YAML front matter: start the file with '---'")]
    front, body = match.group(1), text[match.end() :]
    offset = 1  # the opening '---' line
    try:
        data = yaml.load(front, Loader=_Loader)
        lines = _line_map(front)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 + offset if mark else 1
        return None, [Problem(shown, line, "", f"YAML syntax error: {getattr(exc, 'problem', exc)}")]
    if not isinstance(data, dict):
        return None, [Problem(shown, 2, "", "front matter must be a mapping of fields")]
    try:
        entry = Entry.model_validate({**data, "body": body.strip()})
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            field = ".".join(str(p) for p in loc) or "(entry)"
            msg = err["msg"].removeprefix("Value error, ")
            if err["type"] == "missing":
                msg = "required field is missing"
            problems.append(Problem(shown, _line_for(loc, lines) + offset, field, msg))
        return None, problems
    digest = hashlib.sha256(raw).hexdigest()
    return LoadedEntry(entry, path, digest), []


def knowledge_files(folder: Path) -> list[Path]:
    """Every entry file below `folder`: Markdown, except '_*' and upper-case names like README.md."""
    return sorted(p for p in folder.rglob("*.md") if not p.name.startswith("_") and p.stem.upper() != p.stem)


def load_entries(folder: Path) -> list[LoadedEntry]:
    """Load and validate every knowledge file; raise `KnowledgeError` listing all problems."""
    loaded: list[LoadedEntry] = []
    problems: list[Problem] = []
    for path in knowledge_files(folder):
        item, found = parse_file(path, folder)
        problems += found
        if item:
            loaded.append(item)
    problems += cross_check(loaded, folder)
    if problems:
        raise KnowledgeError(problems)
    return loaded


def cross_check(loaded: Iterable[LoadedEntry], root: Path | None = None) -> list[Problem]:
    """Rules across files: unique ids; successors, recommended, offices and alternatives that exist."""
    items = list(loaded)
    problems: list[Problem] = []
    seen: dict[str, Path] = {}

    def shown(path: Path) -> str:
        return str(path.relative_to(root)) if root and path.is_relative_to(root) else str(path)

    for item in items:
        e = item.entry
        if e.id in seen:
            problems.append(
                Problem(shown(item.path), 2, "id", f"duplicate id {e.id!r} (also in {shown(seen[e.id])})")
            )
        seen.setdefault(e.id, item.path)
    for item in items:
        e = item.entry
        text = item.path.read_text(encoding="utf-8")
        refs = [("successors", r) for r in e.successors] + [("offices", r) for r in e.offices]
        refs += [("recommended", r) for r in e.recommended]
        if e.eligibility:
            refs += [("eligibility.alternatives", a) for c in e.eligibility.criteria for a in c.alternatives]
        for field, ref in refs:
            if ref not in seen:
                line = next((i + 1 for i, t in enumerate(text.splitlines()) if ref in t), 2)
                problems.append(Problem(shown(item.path), line, field, f"unknown entry id {ref!r}"))
    return problems
