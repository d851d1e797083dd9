"""Who asks: the asker type from the question, in any question language, and its audiences.

Types: company, employee, jobseeker, founder, young person, migrant, returner.

Data: `askers.yaml`. All languages' cues are tried, not only the detected language's: questions
mix languages ("Ich bin arbeitslos, need a course") and a short one is often misdetected.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from navigator import vocab
from navigator.errors import ConfigError
from navigator.understand.matching import PhraseIndex, Phrases, compile_phrases, fold

ASKERS_FILE = Path(__file__).with_name("askers.yaml")


@dataclass(frozen=True, slots=True)
class AskerType:
    name: str
    audiences: tuple[str, ...]
    cues: Phrases


@lru_cache(maxsize=2)
def _index(path: Path = ASKERS_FILE) -> PhraseIndex:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return PhraseIndex(
        [
            (str(name), [str(c) for words in item["cues"].values() for c in words])
            for name, item in data["askers"].items()
        ]
    )


@lru_cache(maxsize=2)
def load_askers(path: Path = ASKERS_FILE) -> tuple[AskerType, ...]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    types = []
    for name, item in data["askers"].items():
        audiences = tuple(str(a) for a in item["audiences"])
        bad = [a for a in audiences if a not in vocab.AUDIENCES]
        cues = compile_phrases(str(c) for words in item["cues"].values() for c in words)
        if bad or cues is None:
            raise ConfigError(f"{path.name}: asker {name!r}: unknown audience {bad} or no cues")
        types.append(AskerType(str(name), audiences, cues))
    return tuple(types)


def asker_types(message: str) -> tuple[str, ...]:
    """The asker types the message's cues name, in the data file's order.

    A cue inside a longer cue of another type does not count ("a problem with my employer" is not an
    employer asking).
    """
    load_askers()  # validates the data file
    return tuple(_index().outermost_labels_in(fold(message)))


def audiences_for(types: tuple[str, ...]) -> tuple[str, ...]:
    """The entry audiences the asker types prefer (no duplicates, data file order)."""
    wanted = set(types)
    out: list[str] = []
    for t in load_askers():
        if t.name in wanted:
            out.extend(a for a in t.audiences if a not in out)
    return tuple(out)
