"""German words written in another script: "آنرکنونگ" (Anerkennung), "یوب‌سنتر" (Jobcenter), "аусбильдунг".

People who live in Germany name German things with their German names, written in their own script,
each in their own way: Dari speakers write Jobcenter "یوب‌سنتر" (the German J), Iranians "جاب‌سنتر"
(the English one). `terms.yaml` lists the common spellings; this finds the others. A word in Arabic or
Cyrillic script is romanised letter by letter and compared with the German terms of `terms.yaml` by
its Kölner Phonetik code (a phonetic code made for German spelling, from the `cologne-phonetics`
package), so spellings that sound alike match: "آنرکنونگ" -> "anrknung" -> 0674664 = "Anerkennung".

Short codes must match exactly and only long words are read, so a native word rarely sounds like a
German term by chance; a long code may differ by one digit ("هاندورکس‌کامر" leaves out the w of
Handwerkskammer).
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

import cologne_phonetics

from navigator.retrieval.names import within
from navigator.understand.lexicon import load_lexicon
from navigator.understand.matching import fold

MIN_LETTERS = 5  # a word this long (in its own script) is read
MIN_CODE = 4  # a code this long may match
# A shorter code matches only a word that writes its vowels out, as a foreign word in Arabic script
# does ("مایستر", maistr); a native Persian verb does not ("میکردم", mikrdm, sounds like Migration).
SHORT_CODE, VOWEL_SHARE = 6, 0.3
ONE_DIGIT_OFF = 7  # a code this long may differ by one digit; two neighbouring words are read as one

# Letter by letter, as a German reader would spell the sound. Arabic-script vowels: و and ی are
# vowels inside a word, consonants at its start (handled in `romanise`); ه ends many Persian words as
# the vowel e. Letters folded by `fold` (ي = ی, ك = ک, ة = ه) are listed once.
_ARABIC = {
    "ا": "a", "آ": "a", "أ": "a", "إ": "i", "ء": "", "ئ": "i", "ؤ": "u", "ب": "b", "پ": "p", "ت": "t",
    "ث": "s", "ج": "j", "چ": "tsch", "ح": "h", "خ": "ch", "د": "d", "ذ": "z", "ر": "r", "ز": "z",
    "ژ": "sch", "س": "s", "ش": "sch", "ص": "s", "ض": "z", "ط": "t", "ظ": "z", "ع": "", "غ": "g",
    "ف": "f", "ق": "k", "ک": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n", "و": "u", "ه": "e",
    "ی": "i", "ى": "a",
}  # fmt: skip
_CYRILLIC = {
    "а": "a", "б": "b", "в": "w", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "jo", "є": "je",
    "ж": "sch", "з": "s", "и": "i", "і": "i", "ї": "ji", "й": "j", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "ch",
    "ц": "z", "ч": "tsch", "ш": "sch", "щ": "schtsch", "ъ": "", "ы": "y", "ь": "", "э": "e",
    "ю": "ju", "я": "ja",
}  # fmt: skip
_INITIAL = {"و": "w", "ی": "j", "ه": "h"}
_WORD = re.compile(r"[\u0621-\u064A\u0671-\u06D3\u0400-\u04FF]+")  # letters, not ، or ؟


def romanise(word: str) -> str:
    """A folded Arabic-script or Cyrillic word in Latin letters, as German would spell its sound."""
    word = word.replace("дж", "й")  # the English J of "джоб": German writes it J (Job)
    letters = [_INITIAL.get(word[0], "") or _ARABIC.get(word[0]) or _CYRILLIC.get(word[0], "")]
    letters += [_ARABIC.get(c) or _CYRILLIC.get(c, "") for c in word[1:]]
    return "".join(letters)


def code(latin: str) -> str:
    """The Kölner Phonetik code of a Latin word (hyphens and spaces ignored: one compound)."""
    joined = re.sub(r"[\s\-]+", "", latin)
    return "".join(c for _, c in cologne_phonetics.encode(joined)) if joined else ""


@lru_cache(maxsize=1)
def _codes() -> tuple[tuple[str, str], ...]:
    """(code, German term) for every term of the lexicon with a code long enough to match."""
    german = (label.split(" ", 1)[1] for label in load_lexicon().terms.labels if label.startswith("de "))
    pairs = ((code(term), term) for term in german)
    return tuple((c, term) for c, term in pairs if len(c) >= MIN_CODE)


def _matches(word_code: str) -> list[str]:
    """The terms of exactly this code, else those one digit off (for long codes)."""
    exact = [term for c, term in _codes() if c == word_code]
    if exact or len(word_code) < ONE_DIGIT_OFF:
        return exact
    return [term for c, term in _codes() if len(c) >= ONE_DIGIT_OFF and within(word_code, c, 1)]


def german_loanwords(text: str) -> list[str]:
    """The German terms that words of `text` in Arabic or Cyrillic script sound like.

    Two neighbouring words are also read as one ("هاندورکس کامر" is one German compound).
    """
    # The Arabic article is read off: "الانتغراسيونس" is "انتغراسيونس".
    words = [w[2:] if w.startswith("ال") and len(w) > 4 else w for w in _WORD.findall(fold(text))]
    # (word, the shortest code it may match with): a pair of words only with a long code.
    candidates = [(w, MIN_CODE) for w in words if len(w) >= MIN_LETTERS]
    candidates += [(a + b, ONE_DIGIT_OFF) for a, b in itertools.pairwise(words) if min(len(a), len(b)) >= 3]
    found: list[str] = []
    for word, shortest in candidates:
        latin = romanise(word)
        word_code = code(latin)
        if len(word_code) < shortest:
            continue
        if len(word_code) < SHORT_CODE and sum(c in "aeiou" for c in latin) < VOWEL_SHARE * len(latin):
            continue
        found += _matches(word_code)
    return list(dict.fromkeys(found))
