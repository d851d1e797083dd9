"""Finding a name in a question the way people write it: spelling-tolerant, in any script.

People name an ended programme the way they heard of it: "godigital" or "Go Digital" for go-digital,
"Potenzialberatung" for Potentialberatung, "Bildungspremie" for Bildungsprämie, "Job Day" for JOBDAY.
`words()` folds a text into comparable words (case, umlauts, "z"/"t", doubled letters, hyphens and a
few function words do not count), and `Name.found_in()` looks for a name's words in a question's
words: word by word with a small edit distance for long words, or spelled together or apart.

Short words must match exactly after folding: "Wetter" must not find "Witten", "HALZ" not "Hals".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
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
_DOUBLED = re.compile(r"([^\W\d])\1+")  # letters, not digits: "1000" is not "10"


def fold_word(word: str) -> str:
    """One normalised word in its loosest form: "potenzialberatung" and "potentialberatung" agree.

    "z" counts as "t" in long words only: a short word would become another ("HALZ", "halt").
    """
    word = word.replace("ae", "e").replace("oe", "o").replace("ue", "u")
    if len(word) >= ONE_EDIT:
        word = word.replace("z", "t")
    return _DOUBLED.sub(r"\1", word)


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
    """A question's word is the name's word, perhaps misspelt (long words only)."""
    if name_word == asked:
        return True
    limit = allowed_edits(name_word)
    return limit > 0 and within(name_word, asked, min(limit, allowed_edits(asked)))


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
        if not self.parts:
            return False
        n = len(self.parts)
        for i in range(len(asked)):
            if i + n <= len(asked) and all(map(close, self.parts, asked[i : i + n])):
                return True
            if self._spelled_otherwise(asked, i):
                return True
        return False

    def _spelled_otherwise(self, asked: Sequence[str], start: int) -> bool:
        """The name's letters from `asked[start]` on, with other word breaks ("godigital", "Job Day")."""
        joined, spelled = self.joined, ""
        if asked[start][:1].replace("z", "t") != joined[:1]:  # cheap and by far the commonest answer
            return False
        for j in range(start, len(asked)):
            spelled += asked[j]
            # Folding only shortens a word, so a shorter text cannot be the name yet.
            if len(spelled) >= len(joined) and len(folded := fold_word(spelled)) >= len(joined):
                # One word for one word is the word-by-word case; the same letters count otherwise.
                return folded == joined and (j > start or len(self.parts) > 1)
        return False
