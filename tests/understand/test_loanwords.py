"""German words written in another script are read as the German terms they sound like."""

from __future__ import annotations

import pytest

from navigator.understand.loanwords import german_loanwords
from navigator.understand.understand import understand


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("برای آنرکنونگ مدرکم کجا باید درخواست بدهم؟", "Anerkennung"),  # Persian
        ("از یوب‌سنتر هاگن پول میگیرم", "Jobcenter"),  # Dari: the German J
        ("می‌خواهم مایستر بگیرم", "Meister"),
        ("آیا آوفشتیگس‌بافوگ به من می‌رسد؟", "Aufstiegs-BAföG"),
        ("کدام هاندورکس کامر مسئول است", "Handwerkskammer"),  # a compound written as two words
        ("بیلدونگس گوتشاین را از کجا بگیرم", "Bildungsgutschein"),
        ("хочу піти на аусбільдунг", "Ausbildung"),  # Ukrainian
        ("мне нужен джобцентр в Хагене", "Jobcenter"),  # Russian: дж for the J
        ("هل يدفع الانتغراسيونس كورس", "Integrationskurs"),  # Arabic, with the article
    ],
)
def test_a_german_word_in_another_script_is_read_as_its_term(text, term):
    assert term in german_loanwords(text)


def test_an_exact_sound_wins_over_a_near_one():
    assert german_loanwords("аусбильдунг") == ["Ausbildung"]  # not also Auszubildende


@pytest.mark.parametrize(
    "text",
    [
        "هشت سال خونه دار بودم و از بچه ها مراقبت میکردم",  # "mikrdm" sounds like Migration
        "سلام، کارمو از دست دادم، تو هاگن زندگی میکنم",  # "dast dadam" like Studium
        "Хочу поговорити з людиною, а не з ботом",  # "з людиною" like Schulden
        "أريد أن أعمل في مصنع في هاغن",
        "Ich suche eine Ausbildung in Hagen",  # Latin script is the lexicon's business
    ],
)
def test_native_words_are_not_taken_for_german_ones(text):
    assert german_loanwords(text) == []


def test_the_loanword_becomes_a_german_keyword_of_the_question():
    u = understand("من سلمانی استم و از یوب‌سنتر هاگن پول میگیرم", language="fa")
    assert "Jobcenter" in u.keywords
