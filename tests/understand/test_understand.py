"""`understand()`: the place sets the region and leaves the topic; the asker sets the audiences."""

from __future__ import annotations

import dataclasses

import pytest

from navigator.understand import understand
from navigator.understand.asker import asker_types


def test_a_place_sets_the_region_and_is_removed_from_the_topic() -> None:
    u = understand("Ich bin arbeitslos in Lüdenscheid und möchte eine Umschulung machen.", "de")
    assert u.region == "maerkischer-kreis"
    assert u.towns == ("luedenscheid",)
    assert "Lüdenscheid" not in u.topic_query
    assert "Umschulung" in u.topic_query
    assert u.keywords == ()  # German questions need no German keywords


def test_places_in_other_scripts_and_turkish_suffixes() -> None:
    assert understand("أعيش في هاغن وأبحث عن عمل", "ar").region == "hagen"
    assert understand("Hagen'de işsizim", "tr").topic_query == "işsizim"
    assert understand("Я живу в Ізерлоні", "uk").region == "maerkischer-kreis"


def test_a_neighbour_sets_no_region_and_the_last_place_decides() -> None:
    assert understand("Ich wohne in Dortmund", "de").region is None
    # The last place named decides (a follow-up names the new place last).
    assert (
        understand("Jobcenter in Hagen? Und wenn ich in Ennepetal wohne?", "de").region == "ennepe-ruhr-kreis"
    )


def test_ki_is_spelled_out_in_the_topic() -> None:
    u = understand("zwei Mitarbeiter in KI weiterbilden – Zuschüsse?", "de")
    assert "künstliche Intelligenz" in u.topic_query
    assert " KI " not in f" {u.topic_query} "


def test_non_german_question_gets_german_keywords() -> None:
    u = understand("I lost my job in Iserlohn. Can the employment agency pay for a forklift course?", "en")
    assert {"arbeitslos", "Agentur für Arbeit", "Staplerschein"} <= set(u.keywords)
    assert u.keyword_query.startswith(u.keywords[0])


@pytest.mark.parametrize(
    ("text", "asker"),
    [
        ("Wir sind ein Betrieb mit 12 Leuten und wollen unsere Mitarbeiter schulen", "company"),
        ("Our company wants to train staff in AI", "company"),
        ("Şirketimiz için destek", "company"),
        ("Ich arbeite als Lagerist und will mich weiterbilden", "employee"),
        ("Ich bin arbeitslos", "jobseeker"),
        ("Mein Vertrag läuft aus, wo melde ich mich arbeitssuchend?", "jobseeker"),  # the common "ss"
        ("I'm unemployed", "jobseeker"),
        ("İşsizim", "jobseeker"),
        ("أنا عاطل عن العمل", "jobseeker"),
        ("Я безробітна", "jobseeker"),
        ("Я ищу работу", "jobseeker"),
        ("بیکار هستم", "jobseeker"),
        ("Szukam pracy", "jobseeker"),
        ("Caut un loc de muncă", "jobseeker"),
        ("Ich will mich selbstständig machen", "founder"),
        ("Ich bin 17 und suche einen Ausbildungsplatz", "young"),
        ("Ich bin geflüchtet und habe einen Abschluss aus Syrien", "migrant"),
        ("Nach der Elternzeit möchte ich wieder arbeiten", "returner"),
        # Everyday wording: a worker with an employer problem, a small firm, a parent, a returner.
        ("عندي مشكلة مع صاحب الشغل، ما عم يدفعلي", "employee"),
        ("my boss hasnt paid me for 2 months", "employee"),
        ("منو اخراج کردن و حقوق آخرمو ندادن", "employee"),
        ("12 kisilik bir sirketiz", "company"),
        ("عندي شركة صغيرة وبدي وظف لاجئين", "company"),
        ("my son is 17 and wants an apprenticeship", "young"),
        ("I've been a stay-at-home dad for 7 years", "returner"),
        ("Am rămas fără loc de muncă", "jobseeker"),
    ],
)
def test_asker_types_in_every_language(text: str, asker: str) -> None:
    assert asker in asker_types(text)


def test_no_cue_no_asker() -> None:
    u = understand("Was ist der Bildungsscheck?", "de")
    assert u.askers == () and u.audiences == ()


def test_the_understanding_is_immutable() -> None:
    u = understand("Hagen", "de")
    with pytest.raises(dataclasses.FrozenInstanceError):
        u.region = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    "text",
    [
        "Tischlerei in Hemer sucht Azubis",
        "Ich bin Elektromeister in Halver und will zum ersten Mal ausbilden.",
        "Wir sind ein Friseursalon in Hagen",
        "We run a small bakery in Schwelm",
        "Lüdenscheid'de oto tamirhanem var",
        "عندي صالون حلاقة في هاغن",
        "У меня автомастерская в Изерлоне",
        "Mam warsztat samochodowy w Hagen",
        "Am o brutărie în Iserlohn",
    ],
)
def test_a_craft_business_names_the_craft_sector_in_every_language(text: str) -> None:
    assert understand(text, "de").sectors == ("handwerk",)


@pytest.mark.parametrize(
    "text",
    [
        "IT-Firma in Hemer sucht Azubis",
        "Wir sind eine Gesellschaft mit 20 Beschäftigten",  # "Gesellschaft" is no journeyman ("Geselle")
        "می‌خواهم با یک انسان حرف بزنم",  # Persian "to talk" (حرف زدن), not a craft (حرفة)
    ],
)
def test_no_trade_no_sector(text: str) -> None:
    assert understand(text, "de").sectors == ()


def test_a_cue_inside_a_longer_cue_of_another_type_does_not_count() -> None:
    # "صاحب العمل" alone is an employer; "a problem with the employer" is a worker.
    assert asker_types("ولدي مشكلة مع صاحب العمل") == ("employee",)
    assert asker_types("أنا صاحب عمل في هاغن") == ("company",)


def test_the_place_stays_in_the_dense_query_only_when_the_question_asks_where() -> None:
    topic = understand("Ich bin arbeitslos in Lüdenscheid und möchte eine Umschulung.", "de")
    assert not topic.asks_where and "Lüdenscheid" not in topic.dense_query
    where = understand("Wo finde ich die Beratung in Hagen?", "de")
    assert where.asks_where and where.dense_query == where.message
    assert understand("Куди мені звернутися у Швельмі?", "uk").asks_where
    assert understand("Hagen'de Jobcenter nerede?", "tr").asks_where


def test_a_question_in_a_weak_language_is_embedded_as_its_german_keywords() -> None:
    u = understand("من تو ایزرلون بیکار شدم. باید برم جاب سنتر یا اداره کار؟", "fa")
    assert {"arbeitslos", "Jobcenter", "Agentur für Arbeit"} <= set(u.keywords)
    assert u.dense_query == u.keyword_query


def test_english_is_embedded_as_asked_with_its_german_keywords() -> None:
    u = understand("Can the employment agency pay for a forklift course?", "en")
    assert u.dense_query.startswith(u.topic_query) and u.dense_query.endswith(u.keyword_query)


def test_the_german_keywords_keep_the_place_when_the_question_asks_where() -> None:
    u = understand("Straciłem pracę w Iserlohn. Gdzie jest urząd pracy?", "pl")
    assert u.asks_where and u.dense_query == f"{u.keyword_query} Iserlohn"


def test_a_german_question_is_embedded_as_asked() -> None:
    u = understand("Ich bin arbeitslos und möchte eine Umschulung.", "de")
    assert u.keywords == () and u.dense_query == u.topic_query
