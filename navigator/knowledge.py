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

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    HttpUrl,
    ValidationError,
    model_validator,
)

from navigator import vocab
from navigator.errors import KnowledgeError, Problem

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


def _in(vocabulary: dict[str, Any] | tuple[str, ...], name: str) -> Any:
    allowed = tuple(vocabulary)

    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"unknown {name} {value!r}; allowed: {', '.join(allowed)}")
        return value

    return AfterValidator(check)


def _expand_regions(value: Any) -> Any:
    if isinstance(value, list) and vocab.ALL_REGIONS in value:
        return list(vocab.REGIONS)
    return value


def _check_text(value: Any) -> Any:
    """Texts are German strings or {lang: text} maps that include German."""
    if isinstance(value, dict):
        if "de" not in value:
            raise ValueError("translated text must include 'de'")
        unknown = set(value) - set(vocab.ANSWER_LANGUAGES)
        if unknown:
            raise ValueError(f"unknown language(s) {sorted(unknown)} in translated text")
    return value


Kind = Annotated[str, _in(vocab.KINDS, "kind")]
Audience = Annotated[str, _in(vocab.AUDIENCES, "audience")]
Topic = Annotated[str, _in(vocab.TOPICS, "topic")]
Region = Annotated[str, _in(vocab.REGIONS, "region")]
Language = Annotated[str, _in(vocab.LANGUAGES, "language")]
Scope = Annotated[str, _in(vocab.SCOPES, "scope")]
Text = Annotated[str | dict[str, str], BeforeValidator(_check_text)]
Slug = Annotated[str, Field(pattern=SLUG.pattern)]


def text_in(value: str | dict[str, str], lang: str) -> str:
    """Pick the text for `lang`, falling back to German."""
    if isinstance(value, str):
        return value
    return value.get(lang) or value["de"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Contact(Strict):
    """Contact data shown on cards; every value must be stated by one of the entry's sources."""

    phone: str | None = None
    email: str | None = Field(default=None, pattern=r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$")
    address: str | None = None
    opening_hours: str | None = None
    # How to get to talk to someone, as a source states it: "Termin nötig", "offene Sprechstunde …".
    appointment: str | None = None
    contact_page: HttpUrl | None = None


class RuleSource(Strict):
    """Where an eligibility rule is stated."""

    url: HttpUrl
    section: str | None = None
    date: dt.date | None = None


def _known_field(value: str) -> str:
    if value not in vocab.ELIGIBILITY_FIELDS:
        allowed = ", ".join(vocab.ELIGIBILITY_FIELDS)
        raise ValueError(f"unknown eligibility field {value!r}; allowed: {allowed}")
    return value


def _check_value(field: str, op: str, value: bool | int | str | list[bool | int | str]) -> None:
    """Raise ValueError unless `value` fits the type of `field` and the operator."""
    ftype = vocab.ELIGIBILITY_FIELDS[field][0]
    values = value if isinstance(value, list) else [value]
    if op in ("in", "not_in") and not isinstance(value, list):
        raise ValueError(f"op {op!r} needs a list value")
    for v in values:
        if ftype == "bool" and not isinstance(v, bool):
            raise ValueError(f"field {field!r} takes true/false, not {v!r}")
        if ftype == "int" and (isinstance(v, bool) or not isinstance(v, int)):
            raise ValueError(f"field {field!r} takes a whole number, not {v!r}")
        if ftype.startswith("enum:") and v not in ftype[5:].split("|"):
            raise ValueError(f"field {field!r} takes one of {ftype[5:]}, not {v!r}")
    if ftype == "bool" and op in ("lt", "le", "gt", "ge"):
        raise ValueError(f"op {op!r} makes no sense for true/false field {field!r}")


class Condition(Strict):
    """`field op value` without texts: when a criterion applies or a benefit is paid."""

    field: Annotated[str, AfterValidator(_known_field)]
    op: Literal["eq", "ne", "lt", "le", "gt", "ge", "in", "not_in"]
    value: bool | int | str | list[bool | int | str]

    @model_validator(mode="after")
    def _value_fits_field(self) -> Condition:
        _check_value(self.field, self.op, self.value)
        return self


def _as_list(value: Any) -> Any:
    """`when` takes one condition or a list of them (all must hold), e.g. a range 50 <= size < 500."""
    if value is None:
        return []
    return [value] if isinstance(value, dict) else value


# Conditions that must all hold; written as one mapping or a list of mappings.
When = Annotated[list[Condition], BeforeValidator(_as_list)]


class Criterion(Strict):
    """One eligibility rule: `field op value`, e.g. `taxable_income le 50000`.

    With `when`, the rule applies only if all its conditions hold (e.g. joint tax assessment is
    required only above 50,000 euros of income).
    """

    field: Annotated[str, AfterValidator(_known_field)]
    op: Literal["eq", "ne", "lt", "le", "gt", "ge", "in", "not_in"]
    value: bool | int | str | list[bool | int | str]
    strength: Literal["hard", "soft"] = "hard"
    met: Text
    not_met: Text
    question: Text
    source: RuleSource
    alternatives: list[Slug] = []
    when: When = []

    @model_validator(mode="after")
    def _value_fits_field(self) -> Criterion:
        _check_value(self.field, self.op, self.value)
        return self


class Benefit(Strict):
    """What a programme pays or gives, optionally only `when` its conditions all hold."""

    label: Text
    text: Text
    when: When = []
    source: RuleSource


class Eligibility(Strict):
    criteria: list[Criterion] = []
    benefits: list[Benefit] = []
    apply: Text | None = None
    timing: Literal["before_start", "after_start", "any"] | None = None


class Entry(Strict):
    """One validated knowledge entry (office, programme, training or event)."""

    id: Slug
    kind: Kind
    title: str = Field(min_length=3, max_length=160)
    organisation: str = Field(min_length=2)
    summary: str = Field(min_length=10, max_length=300)
    audiences: list[Audience] = Field(min_length=1)
    topics: list[Topic] = Field(min_length=1)
    regions: Annotated[list[Region], BeforeValidator(_expand_regions)] = Field(min_length=1)
    scope: Scope = "regional"
    url: HttpUrl
    contact: Contact = Contact()
    languages: list[Language] = ["de"]
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    starts: dt.date | dt.datetime | None = None
    ends: dt.date | dt.datetime | None = None
    location: str | None = None
    successors: list[Slug] = []
    offices: list[Slug] = []
    # Documents to bring or send (programmes), each as a source names it; shown in a prepared request.
    documents: list[str] = []
    keywords: list[str] = []
    sources: list[HttpUrl] = Field(min_length=1)
    reviewed: dt.date
    eligibility: Eligibility | None = None
    body: str = ""

    @model_validator(mode="after")
    def _dates_fit_kind(self) -> Entry:
        if self.kind == "event":
            if self.starts is None:
                raise ValueError("an event needs 'starts'")
            if self.valid_from or self.valid_until:
                raise ValueError("events use starts/ends, not valid_from/valid_until")
            if self.ends is not None and _as_date(self.ends) < _as_date(self.starts):
                raise ValueError("'ends' is before 'starts'")
        else:
            if self.starts or self.ends:
                raise ValueError(f"a {self.kind} uses valid_from/valid_until, not starts/ends")
            if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
                raise ValueError("'valid_until' is before 'valid_from'")
        if self.eligibility is not None and self.kind != "programme":
            raise ValueError("only programmes carry 'eligibility'")
        return self

    def end_date(self) -> dt.date | None:
        """The last day the offer is open (None = open-ended)."""
        if self.kind == "event":
            return _as_date(self.ends or self.starts) if (self.ends or self.starts) else None
        return self.valid_until

    def status(self, today: dt.date) -> Literal["current", "ended", "upcoming"]:
        end = self.end_date()
        if end is not None and end < today:
            return "ended"
        start = _as_date(self.starts) if self.kind == "event" and self.starts else self.valid_from
        if self.kind != "event" and start is not None and start > today:
            return "upcoming"
        return "current"


FAR_FUTURE = 99991231


def date_ord(value: dt.date | dt.datetime | None) -> int:
    """A date as a YYYYMMDD integer (Chroma compares numbers, not dates); None is the far future."""
    if value is None:
        return FAR_FUTURE
    day = value.date() if isinstance(value, dt.datetime) else value
    return day.year * 10000 + day.month * 100 + day.day


def _as_date(value: dt.date | dt.datetime | None) -> dt.date:
    assert value is not None
    return value.date() if isinstance(value, dt.datetime) else value


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
    """Rules across files: unique ids, and references (successors, offices, alternatives) that exist."""
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
        if e.eligibility:
            refs += [("eligibility.alternatives", a) for c in e.eligibility.criteria for a in c.alternatives]
        for field, ref in refs:
            if ref not in seen:
                line = next((i + 1 for i, t in enumerate(text.splitlines()) if ref in t), 2)
                problems.append(Problem(shown(item.path), line, field, f"unknown entry id {ref!r}"))
    return problems
