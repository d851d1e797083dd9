"""detect_language: the six languages, short and hard messages, and the default."""

from __future__ import annotations

import pytest

from navigator.language import (
    FALLBACK_NOTICE_EN,
    FALLBACK_NOTICES,
    SUPPORTED_LANGUAGES,
    AnswerLanguage,
    answer_language,
    detect_language,
    detect_question_language,
)

SENTENCES = [
    ("de", "Wie beantrage ich den Bildungsscheck für meine Weiterbildung in Hagen?"),
    ("de", "wo finde ich eine beratung zur anerkennung meines berufsabschlusses"),
    ("en", "How can I get funding for a German course in the Märkischer Kreis?"),
    ("en", "Which office in Lüdenscheid helps me with my job application?"),
    ("tr", "Hagen'de ücretsiz Almanca kursu nerede bulabilirim?"),
    ("tr", "Is bulmak icin hangi danisma merkezine gitmeliyim"),
    ("ar", "كيف أحصل على دورة لغة ألمانية مجانية في هاغن؟"),
    ("ar", "أين يمكنني الحصول على استشارة حول الاعتراف بشهادتي؟"),
    ("uk", "Як отримати безкоштовний курс німецької мови в Хагені?"),
    ("uk", "Де я можу отримати консультацію щодо визнання мого диплома?"),
    ("ru", "Как получить бесплатный курс немецкого языка в Хагене?"),
    ("ru", "Где я могу получить консультацию по признанию моего диплома?"),
]


@pytest.mark.parametrize(("lang", "text"), SENTENCES)
def test_detects_each_supported_language(lang, text):
    assert detect_language(text) == lang


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Meeting im Jobcenter morgen?", "de"),  # English words in a German message
        ("wie viel kostet das", "de"),  # lower case, no punctuation
        ("Was ist der Bildungsscheck 2.0?", "de"),
        ("I need help with the Jobcenter", "en"),
        ("Jobcenter'de randevu nasıl alınır?", "tr"),
        ("مرحبا", "ar"),  # one word, but Arabic script decides
        ("ما هو Bildungsscheck؟", "ar"),  # German term inside an Arabic question
        ("привіт", "uk"),  # Ukrainian letter і
        ("Скільки коштує курс?", "uk"),
        ("Сколько стоит курс?", "ru"),
        ("привет", "ru"),
        ("Що таке Jobcenter?", "uk"),
    ],
)
def test_short_and_mixed_messages(text, expected):
    assert detect_language(text, default="xx") == expected


@pytest.mark.parametrize("text", ["", "   ", "?!", "123 456", "ok", "Hallo", "Termin", "kurs", "thanks"])
def test_empty_short_or_ambiguous_text_gives_the_default(text):
    assert detect_language(text, default="xx") == "xx"


def test_default_is_german():
    assert detect_language("ok") == "de"


def test_result_is_always_supported_or_default():
    # French and Dutch are not answered: they must map to the default, never leak through.
    for text in [
        "Comment obtenir une aide pour la formation ?",
        "Hoe vraag ik subsidie aan voor een cursus?",
    ]:
        assert detect_language(text, default="de") in SUPPORTED_LANGUAGES


def test_multiline_and_long_text():
    text = "Ich suche einen Sprachkurs.\nAm besten abends.\n" * 50
    assert detect_language(text) == "de"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("من در هاگن زندگی می‌کنم و دنبال کار هستم", "fa"),
        ("چطور می توانم مدرک خود را ارزشیابی کنم؟", "fa"),
        ("أين يمكنني الحصول على استشارة حول الاعتراف بشهادتي؟", "ar"),
        ("Szukam pracy w Hagen, czy urząd pracy zapłaci za kurs?", "pl"),
        ("Caut un loc de muncă în Lüdenscheid și vreau o recalificare.", "ro"),
        ("How can I get funding for a German course?", "en"),
    ],
)
def test_question_languages_tell_persian_from_arabic(text, lang):
    assert detect_question_language(text) == lang


def test_unsupported_question_languages_are_answered_in_german_with_a_notice():
    for lang in ("fa", "pl", "ro"):
        answer = answer_language(lang)
        assert answer.language == "de"
        assert answer.notice and FALLBACK_NOTICE_EN in answer.notice
        assert FALLBACK_NOTICES[lang] in answer.notice
    assert answer_language("tr") == AnswerLanguage("tr", None)
    # The chat's detector gives the answer language: a Persian question is not answered in Arabic.
    assert detect_language("من در هاگن زندگی می‌کنم و دنبال کار هستم") == "de"


def test_the_domain_terms_decide_where_the_model_is_unsure():
    # Romanian typed without its letters reads to the lite model as English (0.24) or German.
    assert (
        detect_question_language("Caut loc de munca in Luedenscheid. Unde ma inregistrez ca somer?") == "ro"
    )
    # Unsure text without domain terms still gets the default.
    assert detect_question_language("ok ok ok", default="en") == "en"
