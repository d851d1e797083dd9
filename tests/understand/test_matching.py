"""Phrase matching folds spelling variants and stems phrase words, in every script."""

from __future__ import annotations

import pytest

from navigator.understand.matching import PhraseIndex, compile_phrases, fold, plain, stem


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("calisiyorum", "çalışıyorum"),  # Turkish without its letters
        ("sofer", "șofer"),  # Romanian
        ("placi", "płaci"),  # Polish
        ("zasilek", "zasiłek"),
        ("учет", "учёт"),  # Russian ё written as е
        ("اعادة", "إعادة"),  # hamza forms of alef
        ("دوره", "دورة"),  # teh marbuta as heh
        ("کار", "كار"),  # Arabic kaf as Persian kaf
        ("میخواهم", "می\u200cخواهم"),  # Persian zero-width non-joiner
        ("ISTANBUL", "İstanbul"),
    ],
)
def test_a_phrase_matches_its_spelling_variants(typed: str, written: str) -> None:
    pattern = compile_phrases([written])
    assert pattern is not None and pattern.search(fold(typed))


def test_short_words_match_only_as_written() -> None:
    # The Turkish "iş" (work) typed without its letter would be the English "is".
    pattern = compile_phrases(["iş"])
    assert pattern is not None
    assert pattern.search(fold("iş arıyorum"))
    assert not pattern.search(fold("Is there a course?"))


def test_a_short_word_beside_a_long_one_matches_without_its_letters() -> None:
    # Turkish typed on a German keyboard: "is ariyorum" is "iş arıyorum"; the long word anchors it.
    pattern = compile_phrases(["iş arıyorum", "işten çıkarıl"])
    assert pattern is not None
    assert pattern.search(fold("yeni is ariyorum"))
    assert pattern.search(fold("isten cikarildim"))
    assert not pattern.search(fold("this is a question"))


def test_fold_keeps_letters_that_tell_languages_apart() -> None:
    assert fold("Хаген") == "хаген"
    assert fold("پ") != fold("ب")
    assert fold("şoför") == "şoför"


@pytest.mark.parametrize(
    ("word", "stemmed"),
    [
        ("обучение", "обучен"),
        ("права", "прав"),
        ("szkolenie", "szkolen"),
        ("شهاده", "شهاد"),
        ("kurs", "kurs"),
    ],
)
def test_stem_drops_an_inflected_ending_but_keeps_four_letters(word: str, stemmed: str) -> None:
    assert stem(word) == stemmed


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("водительские права", "нет водительских прав"),  # Russian genitive plural
        ("szkolenie", "brak szkoleń dla pracowników"),
        ("شهادة", "بعادل شهادتي"),  # Arabic: ة before a suffix
        ("șofer", "sunt sofer de camion"),
        ("شغل", "بدي ارجع للشغل"),  # لل = ل + ال
        ("شغل", "ارجع عالشغل"),  # colloquial عال = على ال
    ],
)
def test_a_phrase_matches_its_inflected_and_prefixed_forms(phrase: str, text: str) -> None:
    pattern = compile_phrases([phrase])
    assert pattern is not None and pattern.search(fold(text))


def test_short_phrases_still_match_whole_words_only() -> None:
    pattern = compile_phrases(["iş"])
    assert pattern is not None
    assert not pattern.search(fold("işletme"))


def test_plain_drops_diacritics() -> None:
    assert plain("çalışıyorum płaci șofer") == "calisiyorum placi sofer"


def test_the_index_finds_folded_and_stemmed_phrases() -> None:
    index = PhraseIndex([("Lohn", ["salariu"]), ("Ausbeutung", ["nu mi-a plătit"]), ("Arzt", ["medic"])])
    assert index.labels_in(fold("Patronul nu mi-a platit salariul")) == ["Lohn", "Ausbeutung"]
