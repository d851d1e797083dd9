"""The sector a question names (craft, ...), for responsibility by sector: data in `sectors.yaml`.

All languages' cues are tried, as for the asker type (`asker.py`): a Turkish baker may write
"Bäckerei" in a Turkish sentence.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from navigator.errors import ConfigError
from navigator.understand.matching import PhraseIndex, fold

SECTORS_FILE = Path(__file__).with_name("sectors.yaml")


@lru_cache(maxsize=2)
def _indexes(path: Path = SECTORS_FILE) -> tuple[PhraseIndex, PhraseIndex | None]:
    """The sectors' cues and the chamber names (None without any), from one read of the data file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    labelled = []
    for name, cues in (data.get("sectors") or {}).items():
        phrases = [str(c) for words in (cues or {}).values() for c in words or []]
        if not phrases:
            raise ConfigError(f"{path.name}: sector {name!r} has no cues")
        labelled.append((str(name), phrases))
    if not labelled:
        raise ConfigError(f"{path.name}: expected 'sectors' with cues per language")
    names = [str(c) for words in (data.get("chamber_names") or {}).values() for c in words or []]
    return PhraseIndex(labelled), PhraseIndex([("chamber", names)]) if names else None


def sectors_in(message: str, path: Path = SECTORS_FILE) -> tuple[str, ...]:
    """The sectors whose cues the message names, in the data file's order."""
    sectors, names = _indexes(path)
    folded = fold(message)
    # A chamber's name hides the cues inside it: "Handwerkskammer oder IHK?" names no craft business.
    if names is not None:
        for _, start, end in names.spans_in(folded):
            folded = folded[:start] + " " * (end - start) + folded[end:]
    return tuple(sectors.outermost_labels_in(folded))
