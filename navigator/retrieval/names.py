"""Finding a name in a question the way people write it: spelling-tolerant, in any script.

People name an ended programme the way they heard of it: "godigital" or "Go Digital" for go-digital,
"Potenzialberatung" for Potentialberatung, "Bildungspremie" for Bildungsprämie, "Job Day" for JOBDAY.
`words()` folds a text into comparable words (case, umlauts, "z"/"t", doubled letters, hyphens, a few
function words and German inflection endings do not count), and `Name.found_in()` looks for a name's
words in a question's words: word by word with a small edit distance for long words, or spelled
together or apart.

Short words must match exactly after folding: "Wetter" must not find "Witten", "HALZ" not "Hals".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from navigator.text import normalise

# Words a name may be written with or without ("Bildungsscheck für Betriebe", "Arbeitsamt in Altena").
FUNCTION_WORDS: Final = frozenset(
    {"fuer", "der", "die", "das", "den", "dem", "des", "von", "vom", "im", "in", "am", "an", "und"}
    | {"zu", "zum", "zur", "the", "for", "of", "and"}
)
# A word of this many letters (after folding) may differ by one edit; of TWO_EDITS letters by two.
ONE_EDIT: Final = 7
TWO_EDITS: Final = 14
_ENDINGS: Final = ("en", "er", "es", "em", "e", "s", "n")
_DOUBLED = re.compile(r"([^\W\d])\1+")  # letters, not digits: "1000" is not "10"


def fold_word(word: str) -> str:
    """One normalised word in its loosest form: "potenzialberatung" and "potentialberatung" agree.

    "z" counts as "t" in long words only: a short word would become another ("HALZ", "halt").
    """
    word = word.replace("ae", "e").replace("oe", "o").replace("ue", "u")
    if len(word) >= ONE_EDIT:
        word = word.replace("z", "t")
    return _DOUBLED.sub(r"\1", word)


def without_ending(word: str) -> str:
    """A word without a German inflection ending: "alten", "alter" and "alte" Bildungsscheck agree."""
    if len(word) >= 4 and word.isalpha():
        for ending in _ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                return word[: -len(ending)]
    return word


def words(text: str) -> tuple[str, ...]:
    """The folded words of a text, function words left out."""
    return tuple(fold_word(w) for w in normalise(text).split() if w not in FUNCTION_WORDS)


def allowed_edits(word: str) -> int:
    return 2 if len(word) >= TWO_EDITS else 1 if len(word) >= ONE_EDIT else 0


def within(a: str, b: str, limit: int) -> bool:
    """True if `a` becomes `b` with at most `limit` insertions, deletions or substitutions."""
    if a == b:
        return True
    if limit <= 0 or abs(len(a) - len(b)) > limit:
        return False
    if limit == 1 and a[0] != b[0] and a[-1] != b[-1]:  # one edit cannot change both ends
        return False
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:  # every path already costs more
            return False
        previous = current
    return previous[-1] <= limit


@functools.lru_cache(maxsize=1 << 16)  # names and catalogue words repeat: "beratung", "hagen"
def close(name_word: str, asked: str) -> bool:
    """A question's word is the name's word, perhaps inflected or misspelt (long words only)."""
    if name_word == asked or without_ending(name_word) == without_ending(asked):
        return True
    limit = allowed_edits(name_word)
    return limit > 0 and within(name_word, asked, min(limit, allowed_edits(asked)))


def initial(word: str) -> str:
    """The first letter as a folded compound starting with this word starts."""
    return word[:1].replace("z", "t")


@dataclass(frozen=True, slots=True)
class Name:
    """A name as folded words, e.g. ("go", "digital")."""

    parts: tuple[str, ...]
    # The parts as one word, folded again: a long compound folds "z" where its short parts did not.
    joined: str

    @classmethod
    def of(cls, text: str) -> Name:
        parts = words(text)
        return cls(parts, fold_word("".join(parts)))

    def found_in(self, asked: Sequence[str]) -> bool:
        """True if the folded words `asked` contain this name."""
        return any(self.found_at(asked, i) for i in range(len(asked)))

    def found_at(self, asked: Sequence[str], i: int) -> bool:
        """True if the name starts at `asked[i]`."""
        n = len(self.parts)
        if n and i + n <= len(asked) and all(map(close, self.parts, asked[i : i + n])):
            return True
        return bool(self.parts) and self._spelled_otherwise(asked, i)

    def _spelled_otherwise(self, asked: Sequence[str], start: int) -> bool:
        """The name's letters from `asked[start]` on, with other word breaks ("godigital", "Job Day")."""
        joined, spelled = self.joined, ""
        if initial(asked[start]) != joined[:1]:  # cheap and by far the commonest answer
            return False
        for j in range(start, len(asked)):
            spelled += asked[j]
            # Folding only shortens a word, so a shorter text cannot be the name yet.
            if len(spelled) >= len(joined) and len(folded := fold_word(spelled)) >= len(joined):
                # One word for one word is the word-by-word case; the same letters count otherwise.
                return folded == joined and (j > start or len(self.parts) > 1)
        return False


class Phrases:
    """Many phrases (folded words) searched for names at once: the open entries' names.

    `contains(name)` tries only the places where the name could start (a word close to its first
    word, or one with its first letter), not every word of every phrase.
    """

    _BREAK: Final = "\x00"  # between phrases: no name spans two of them

    def __init__(self, phrases: Iterable[Sequence[str]]) -> None:
        seq: list[str] = []
        for phrase in phrases:
            seq += [*phrase, self._BREAK]
        self.seq = tuple(seq)
        self.at: dict[str, list[int]] = {}
        self.by_initial: dict[str, list[int]] = {}
        for i, w in enumerate(self.seq):
            self.at.setdefault(w, []).append(i)
            self.by_initial.setdefault(initial(w), []).append(i)
        self.by_length: dict[int, list[str]] = {}
        for w in self.at:
            self.by_length.setdefault(len(w), []).append(w)

    def contains(self, name: Name) -> bool:
        if not name.parts:
            return False
        first, starts = name.parts[0], set(self.by_initial.get(name.joined[:1], ()))
        limit = allowed_edits(first)
        for length in range(len(first) - limit, len(first) + limit + 1):
            for w in self.by_length.get(length, ()):
                if close(first, w):
                    starts.update(self.at[w])
        return any(name.found_at(self.seq, i) for i in sorted(starts))
