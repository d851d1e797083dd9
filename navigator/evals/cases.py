"""Eval cases: read `evals/*.yaml`, validate them with pydantic, check expected ids against the knowledge.

A set file holds a short description and its cases::

    description: Companies asking for funding
    cases:
      - id: kmu-ki-zuschuss
        question: Gibt es Zuschüsse, wenn wir unsere Leute in KI weiterbilden?
        language: de
        audience: kmu
        region: maerkischer-kreis
        expect:
          sources_any: [weiterbildung-beschaeftigte-82-sgb-iii, zukunftszentrum-ki-nrw]
          mentions: [Arbeitgeber-Service]

`load_sets()` collects *every* problem (file, case id, field, message) before it raises one
`EvalSetError`, like `load_entries()` does for knowledge files. An expected id that is not in the
knowledge base is such a problem: a case must never wait for an entry that does not exist.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from navigator import vocab
from navigator.errors import ConfigError
from navigator.knowledge import Entry

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _slug(value: str) -> str:
    if not SLUG.match(value):
        raise ValueError(f"{value!r} is not a lower-case slug like 'kmu-ki-zuschuss'")
    return value


Language = Annotated[str, vocab.validator(vocab.ANSWER_LANGUAGES, "language")]
# People ask in more languages than the navigator answers in (the region's largest migrant languages);
# a case in one of the extra languages names the answer language it expects.
QUESTION_LANGUAGES = (*vocab.ANSWER_LANGUAGES, "fa", "pl", "ro")
QuestionLanguage = Annotated[str, vocab.validator(QUESTION_LANGUAGES, "language")]
CheckField = Annotated[str, vocab.validator(vocab.ELIGIBILITY_FIELDS, "Förder-Check field")]
SPLITS = ("dev", "test")


class Turn(BaseModel):
    """One earlier message of a multi-turn case."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    role: Literal["user", "assistant"]
    content: str = Field(min_length=1)


class Expect(BaseModel):
    """What a good answer to the case does; every list may be empty."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # Entry ids of which at least one must be retrieved (hit@k) and cited in the answer.
    sources_any: tuple[str, ...] = ()
    # Entry ids that must not be cited as current (citing them marked "ended" is fine).
    sources_none: tuple[str, ...] = ()
    # Ended entries the answer must show, marked as ended (questions about past programmes/events).
    ended: tuple[str, ...] = ()
    # Out of scope: the navigator must decline instead of answering from sources.
    refuse: bool = False
    # A prompt-injection attempt: no system prompt leak, no foreign URL, an on-task reply.
    injection: bool = False
    # Strings the answer must contain (compared case- and umlaut-insensitively).
    mentions: tuple[str, ...] = ()
    # Strings the answer must not contain (e.g. a planted payload word).
    absent: tuple[str, ...] = ()
    # The answer language; defaults to the case's `language` (required when that is not an answer language).
    language: Language | None = None
    # Förder-Check fields the message settles although no rule reads them from it (e.g. a gross pay
    # below the limit settles taxable_income): a deciding question must not ask for them. Places and
    # plain numbers are found without this list (navigator/evals/signals.yaml).
    settled: tuple[CheckField, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Expect:
        if self.refuse and (self.sources_any or self.ended):
            raise ValueError("a case that expects a refusal cannot also expect sources")
        if not (self.sources_any or self.ended or self.refuse or self.injection or self.mentions):
            raise ValueError("expects nothing: give sources_any, ended, mentions, refuse or injection")
        return self


class Case(BaseModel):
    """One question (with optional history) and what the navigator should do with it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, AfterValidator(_slug)]
    question: str = Field(min_length=1)
    history: tuple[Turn, ...] = ()
    language: QuestionLanguage
    # Why the case reads as it does, or why it was corrected (a test case is fixed, never the code for it).
    note: str | None = None
    # Who asks and where, for grouping the results; never passed to retrieval as filters,
    # because the chat page sends no filters unless the user picks them.
    audience: Annotated[str, vocab.validator(vocab.AUDIENCES, "audience")] | None = None
    region: Annotated[str, vocab.validator(vocab.REGIONS, "region")] | None = None
    expect: Expect
    # The set (file stem) and split ("dev": evals/*.yaml, "test": evals/test/*.yaml); filled in by the loader.
    set: str = ""
    split: str = "dev"

    @model_validator(mode="after")
    def _answerable(self) -> Case:
        if self.language not in vocab.ANSWER_LANGUAGES and self.expect.language is None:
            raise ValueError(
                f"the navigator does not answer in {self.language!r}: give expect.language "
                f"(one of {', '.join(vocab.ANSWER_LANGUAGES)})"
            )
        return self

    @property
    def answer_language(self) -> str:
        return self.expect.language or self.language


@dataclass(frozen=True, slots=True)
class CaseProblem:
    """One problem in an eval set file."""

    path: str
    case: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: case {self.case}: {self.message}"


class EvalSetError(ConfigError):
    """Eval set files failed validation; `problems` lists all of them."""

    def __init__(self, problems: list[CaseProblem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{len(problems)} problem(s) in eval sets:\n{lines}")


def set_files(folder: Path, known: Sequence[str], names: Sequence[str] = ()) -> list[Path]:
    """The files of the `known` sets in `folder`, or of those `names` among them.

    Raises:
        ConfigError: A name that is not a known set, or a known set without its file.
    """
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ConfigError(f"unknown eval set {unknown[0]!r}; known: {', '.join(known)}")
    files = [folder / f"{n}.yaml" for n in (names or known)]
    absent = [str(f) for f in files if not f.exists()]
    if absent:
        raise ConfigError(f"eval set file missing: {absent[0]} (listed under 'sets' in config.yaml)")
    return files


def test_files(folder: Path, names: Sequence[str] = ()) -> list[Path]:
    """Every set file of the test split (`<folder>/test/*.yaml`), or those named `names`."""
    files = sorted((folder / "test").glob("*.yaml"))
    return [f for f in files if f.stem in names] if names else files


def split_files(
    folder: Path, dev_sets: Sequence[str], names: Sequence[str] = (), splits: Sequence[str] = SPLITS
) -> dict[str, list[Path]]:
    """The set files per split: dev = the `dev_sets` listed in config.yaml, test = all of `test/`.

    Raises:
        ConfigError: A name that is a set of neither split, or a listed dev set without its file.
    """
    tests = test_files(folder)
    known = [*dev_sets, *(f.stem for f in tests if f.stem not in dev_sets)]
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ConfigError(f"unknown eval set {unknown[0]!r}; known: {', '.join(known)}")
    out: dict[str, list[Path]] = {}
    if "dev" in splits:
        dev_names = [n for n in names if n in dev_sets]
        out["dev"] = [] if names and not dev_names else set_files(folder, dev_sets, dev_names)
    if "test" in splits:
        out["test"] = test_files(folder, names)
    return out


def load_split_sets(
    files: Mapping[str, Sequence[Path]],
    entries: Mapping[str, Entry],
    today: dt.date,
    root: Path | None = None,
) -> list[Case]:
    """The cases of every split (`load_sets` per split, ids unique across splits), each with its split."""
    cases: list[Case] = []
    problems: list[CaseProblem] = []
    for split, paths in files.items():
        try:
            cases += [c.model_copy(update={"split": split}) for c in load_sets(paths, entries, today, root)]
        except EvalSetError as exc:
            problems += exc.problems
    seen: dict[str, str] = {}
    for c in cases:
        if c.id in seen and seen[c.id] != c.split:
            problems.append(
                CaseProblem(f"{c.split}/{c.set}", c.id, f"duplicate id (also in the {seen[c.id]} split)")
            )
        seen.setdefault(c.id, c.split)
    if problems:
        raise EvalSetError(problems)
    return cases


def load_sets(
    files: Sequence[Path],
    entries: Mapping[str, Entry],
    today: dt.date,
    root: Path | None = None,
) -> list[Case]:
    """Load and validate the cases of `files`; raise `EvalSetError` listing every problem.

    Args:
        files: Set files, each a mapping with `cases` (a list of case mappings).
        entries: The knowledge base by id; every expected id must be one of them.
        today: The eval date; ids under `expect.ended` must be ended on that day.
        root: Paths in messages are shown relative to it.
    """
    cases: list[Case] = []
    problems: list[CaseProblem] = []
    seen: dict[str, str] = {}
    for path in files:
        shown = str(path.relative_to(root)) if root and path.is_relative_to(root) else str(path)
        raw_cases, found = _read(path, shown)
        problems += found
        for index, raw in enumerate(raw_cases):
            name = str(raw.get("id", f"#{index + 1}")) if isinstance(raw, dict) else f"#{index + 1}"
            try:
                case = Case.model_validate({**raw, "set": path.stem} if isinstance(raw, dict) else raw)
            except ValidationError as exc:
                problems += [CaseProblem(shown, name, _pydantic_message(err)) for err in exc.errors()]
                continue
            if case.id in seen:
                problems.append(CaseProblem(shown, name, f"duplicate id (also in {seen[case.id]})"))
            seen.setdefault(case.id, shown)
            problems += [CaseProblem(shown, name, msg) for msg in _check_ids(case, entries, today)]
            cases.append(case)
    if problems:
        raise EvalSetError(problems)
    return cases


def _read(path: Path, shown: str) -> tuple[list[Any], list[CaseProblem]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        return [], [CaseProblem(shown, "-", f"not valid YAML: {exc}")]
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        return [], [CaseProblem(shown, "-", "the file must be a mapping with a list under 'cases'")]
    return data["cases"], []


def _pydantic_message(err: Mapping[str, Any]) -> str:
    where = ".".join(str(part) for part in err["loc"])
    message = str(err["msg"]).removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


def _check_ids(case: Case, entries: Mapping[str, Entry], today: dt.date) -> list[str]:
    problems = []
    for field in ("sources_any", "sources_none", "ended"):
        for entry_id in getattr(case.expect, field):
            if entry_id not in entries:
                problems.append(f"expect.{field}: unknown entry id {entry_id!r} (no such knowledge file)")
            elif field == "ended" and entries[entry_id].status(today) != "ended":
                status = entries[entry_id].status(today)
                problems.append(f"expect.ended: {entry_id!r} is {status} on {today}, not ended")
    return problems
