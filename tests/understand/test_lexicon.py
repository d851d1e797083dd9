"""The lexicon resolves abbreviations by context and gives German keywords for other languages."""

from __future__ import annotations

import pytest
import yaml

from navigator.understand.lexicon import HERE, TERM_LANGUAGES, load_lexicon


def longs(text: str, language: str = "de") -> list[str]:
    return [r.long for r in load_lexicon().resolve(text, language)]


def test_ki_is_artificial_intelligence_for_training_and_technology() -> None:
    assert longs("zwei Mitarbeiter in KI weiterbilden – Zuschüsse?") == ["künstliche Intelligenz"]
    assert longs("KI-Schulung für unser Team") == ["künstliche Intelligenz"]


def test_ki_is_the_integration_centre_only_when_integration_is_the_topic() -> None:
    assert longs("Wo ist das KI in Hagen? Ich suche Beratung zur Integration.") == [
        "Kommunales Integrationszentrum"
    ]


def test_short_abbreviations_count_as_written_outside_german() -> None:
    # The Turkish "ki" (that) is not KI; "KI" in capitals is.
    assert longs("biliyorum ki kurs pahalı", "tr") == []
    assert longs("KI eğitimi için destek var mı?", "tr") == ["künstliche Intelligenz"]


@pytest.mark.parametrize(
    ("text", "long"),
    [
        ("Zahlt die AA das?", "Agentur für Arbeit"),
        ("Termin beim JC", "Jobcenter"),
        ("Kann ich einen AVGS bekommen?", "Aktivierungs- und Vermittlungsgutschein"),
        ("Gibt es FbW für mich?", "Förderung der beruflichen Weiterbildung Bildungsgutschein"),
        ("Meisterkurs über AFBG", "Aufstiegs-BAföG Aufstiegsfortbildungsförderungsgesetz"),
        ("Ist die HWK zuständig?", "Handwerkskammer"),
        ("Ich bekomme ALG I", "Arbeitslosengeld"),
        ("Ich bekomme ALG II", "Bürgergeld"),
        ("Bekomme ich BG für eine Umschulung?", "Bildungsgutschein"),
        ("Ich beziehe BG vom Jobcenter, was nun?", "Bürgergeld"),
    ],
)
def test_abbreviations(text: str, long: str) -> None:
    assert longs(text) == [long]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "Can the employment agency pay for a forklift licence course?",
            "en",
            {"Agentur für Arbeit", "Staplerschein"},
        ),
        ("İşsizim, forklift kursu için destek var mı?", "tr", {"arbeitslos", "Staplerschein", "Förderung"}),
        ("أبحث عن عمل، هل يمكن تمويل دورة تدريبية؟", "ar", {"Arbeitsuche", "Weiterbildung", "Förderung"}),
        ("Шукаю роботу. Чи оплатить агентство курси?", "uk", {"Arbeitsuche", "Kosten übernehmen"}),
        ("Как признать мой иностранный диплом?", "ru", {"Anerkennung", "ausländischer Berufsabschluss"}),
        ("برای ارزشیابی مدرک خارجی کجا بروم؟", "fa", {"Anerkennung", "ausländischer Berufsabschluss"}),
        ("Szukam pracy, czy urząd pracy zapłaci za kurs?", "pl", {"Arbeitsuche", "Kurs"}),
        ("Caut un loc de muncă și o recalificare", "ro", {"Arbeitsuche", "Umschulung"}),
    ],
)
def test_german_keywords_for_every_question_language(text: str, language: str, expected: set[str]) -> None:
    assert expected <= set(load_lexicon().german_terms(text))


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # Employer problems in everyday words: unpaid wages, overtime, dismissal.
        ("my boss hasnt paid me for 2 months", "en", {"Arbeitgeber", "Arbeitsausbeutung"}),
        (
            "patronum maasimi odemiyor, isten cikarildim",
            "tr",
            {"Arbeitgeber", "Arbeitsausbeutung", "Kündigung"},
        ),
        (
            "صاحب الشغل ما عم يدفعلي الساعات الاضافية وطردني",
            "ar",
            {"Arbeitgeber", "Arbeitsrecht", "Kündigung"},
        ),
        ("کارفرمام حقوقمو نداده و منو اخراج کردن", "fa", {"Arbeitgeber", "Lohn", "Kündigung"}),
        (
            "Szef nie płaci za nadgodziny, potrzebuję porady prawnej",
            "pl",
            {"Arbeitsausbeutung", "Arbeitsrecht"},
        ),
        # Colloquial and unaccented forms of other matters.
        ("yeni is ariyorum", "tr", {"Arbeitsuche"}),
        ("شهادتي مو معترف فيها", "ar", {"Anerkennung"}),
        ("میخوام مدرکم رو اینجا تایید کنم", "fa", {"Anerkennung"}),
        ("I've been a stay-at-home dad for 7 years", "en", {"Wiedereinstieg"}),
        ("Pot face o recalificare plătită de agenție?", "ro", {"Umschulung", "Kosten übernehmen"}),
    ],
)
def test_everyday_words_of_the_weak_languages(text: str, language: str, expected: set[str]) -> None:
    assert expected <= set(load_lexicon().german_terms(text))


def test_language_votes_count_each_languages_terms() -> None:
    votes = load_lexicon().language_votes("Caut loc de munca in Luedenscheid. Unde ma inregistrez ca somer?")
    assert votes["ro"] >= 2 and all(n < votes["ro"] for lang, n in votes.items() if lang != "ro")
    assert load_lexicon().language_votes("Förderung für Weiterbildung")["de"] == 2


def test_a_german_question_names_no_foreign_terms_by_chance() -> None:
    assert load_lexicon().german_terms("Wie beantrage ich den Bildungsscheck?") == []


def test_the_term_list_covers_150_terms_in_every_question_language() -> None:
    data = yaml.safe_load((HERE / "terms.yaml").read_text(encoding="utf-8"))
    assert len(data["terms"]) >= 150
    for item in data["terms"]:
        missing = [lang for lang in TERM_LANGUAGES if not item.get(lang)]
        assert not missing, (item["de"], missing)


def test_coverage_is_the_share_of_words_that_name_a_term() -> None:
    lexicon = load_lexicon()
    assert lexicon.coverage("Caut loc de munca, ma inregistrez ca somer") >= 0.5
    assert lexicon.coverage("Recommend a good movie for tonight") == 0.0
