"""Facts read from a chat message, so the Förder-Check does not ask for what the user already said.

Each fact comes with near misses: a wrong fact is worse than a question, so negated, past,
planned, conditional and other people's facts stay unknown.
"""

from __future__ import annotations

import pytest

from navigator.foerdercheck.extract import extract
from tests.conftest import TODAY


def reads(text: str, **expected: object) -> None:
    found = extract(text, TODAY)
    assert {k: found.get(k) for k in expected} == expected


def leaves_unknown(text: str, field: str) -> None:
    assert field not in extract(text, TODAY)


# A finished apprenticeship, however it is worded.


@pytest.mark.parametrize(
    "text",
    [
        "Hab meine Ausbildung mit 1,3 abgeschlossen und bin 22.",
        "Ich habe meine Ausbildung zur Erzieherin letztes Jahr abgeschlossen.",
        "Meine Lehre habe ich 2019 abgeschlossen.",
        "Ich habe eine abgeschlossene Ausbildung als Koch.",
        "Kann ich mit einer abgeschlossenen Ausbildung als Industriekauffrau an der FernUni studieren?",
        "Ich habe die Gesellenprüfung im Sommer bestanden.",
        "Ich bin ausgelernter Tischler.",
        "I have completed my apprenticeship as an electrician.",
        "Ich habe meine Ausbildung bei der Firma Kirchhoff abgeschlossen.",
    ],
)
def test_a_finished_apprenticeship_is_read(text):
    reads(text, has_vocational_qualification=True)


@pytest.mark.parametrize(
    "text",
    [
        "Wenn ich meine Ausbildung abgeschlossen habe, will ich studieren.",  # a condition
        "Ich habe meine Ausbildung noch nicht abgeschlossen.",
        "Ich werde meine Ausbildung im Sommer abgeschlossen haben.",
        "Muss man die Ausbildung abgeschlossen haben?",  # a requirement, asked about
        "Braucht man dafür eine abgeschlossene Ausbildung?",
        "Meine Tochter hat ihre Ausbildung abgeschlossen.",  # someone else's
        "Ich glaube, meine Tochter hat die Ausbildung abgeschlossen.",
        "Ich habe meine Ausbildung abgebrochen.",
        "Mein Azubi ist bald ausgelernt.",
    ],
)
def test_an_unfinished_or_someone_elses_apprenticeship_is_not_read(text):
    leaves_unknown(text, "has_vocational_qualification")


def test_saying_there_is_no_finished_apprenticeship_still_reads_as_none():
    reads("Ich habe keine abgeschlossene Ausbildung", has_vocational_qualification=False)


# The age, when "Jahre" is left out.


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("Hab meine Ausbildung abgeschlossen und bin 22.", 22),
        ("Ich bin 17, wohne in Witten und suche einen Ausbildungsplatz.", 17),
        ("bin 16 und hab keinen plan", 16),
        ("I'm 45 and unemployed", 45),
        ("Мені 22 роки", 22),
        ("Мне 30 лет", 30),
        ("34 yaşındayım", 34),
    ],
)
def test_an_age_without_the_word_years_is_read(text, age):
    reads(text, age=age)


@pytest.mark.parametrize(
    "text",
    [
        "Ich bin 30 Stunden die Woche angestellt.",
        "Mein Sohn ist 17 Jahre alt.",
        "Ich habe eine 12-jährige Tochter.",
        "Unser Betrieb ist 12 Jahre alt.",
    ],
)
def test_hours_and_other_peoples_or_the_companys_age_are_not_the_askers_age(text):
    leaves_unknown(text, "age")


# How long the business has existed, in completed years: a rule "at least 2 years" must not be met
# by one and a half.


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Wir haben vor anderthalb Jahren gegründet.", 1),
        ("Wir haben vor eineinhalb Jahren gegründet.", 1),
        ("Ich habe vor zwei Jahren mein Café eröffnet.", 2),
        ("Ich habe mich vor 3 Jahren selbstständig gemacht.", 3),
        ("Unsere GmbH wurde vor einem halben Jahr gegründet.", 0),
        ("Wir haben vor 18 Monaten gegründet.", 1),
        ("Wir haben vor ein paar Monaten gegründet.", 0),
        ("Gegründet vor 5 Jahren, jetzt 12 Leute.", 5),
        ("Ich bin seit 4 Jahren solo-selbstständige Grafikdesignerin.", 4),
        ("Uns gibt es seit zehn Jahren.", 10),
        ("Unser Betrieb ist 12 Jahre alt.", 12),
        ("Wir haben dieses Jahr gegründet.", 0),
        ("We founded the company two years ago.", 2),
        ("Wir haben vor 2 Jahren gegründet und hatten bisher keine Beratung.", 2),
    ],
)
def test_the_age_of_the_business_is_read(text, years):
    reads(text, company_age_years=years)


@pytest.mark.parametrize(
    "text",
    [
        "Wir haben vor ein paar Jahren gegründet.",  # one year or five: the rules differ
        "Wir haben 2024 gegründet.",  # two years or three, depending on the month
        "Gibt es Zuschüsse, wenn man vor 2 Jahren gegründet hat?",  # a condition
        "Ich hatte vor 10 Jahren eine Firma gegründet.",  # not necessarily the business asked about
        "Vor 10 Jahren habe ich eine Firma gegründet, die ist aber pleite.",
        "Wir finden seit zwei Jahren keine Azubis mehr.",
        "Ich versuche seit 2 Jahren, mich selbstständig zu machen.",
        "Ich habe vor 3 Jahren meine Ausbildung abgeschlossen.",
        "Zwei Jahre nach der Gründung brauchen wir eine Beratung.",
    ],
)
def test_a_vague_past_or_unrelated_duration_is_not_the_age_of_the_business(text):
    leaves_unknown(text, "company_age_years")


def test_a_founded_business_is_not_a_planned_one():
    leaves_unknown("Zwei Jahre nach der Gründung brauchen wir eine Beratung.", "founding_planned")
    reads("Ich möchte ein Café gründen.", founding_planned=True)


# Whom a company wants to train: its employees or its trainees.


@pytest.mark.parametrize(
    ("text", "status"),
    [
        (
            "Wir sind ein Metallbetrieb mit 35 Leuten in Iserlohn und wollen zwei Mitarbeiter zur "
            "CNC-Fachkraft weiterbilden lassen.",
            "employed",
        ),
        ("Wir wollen 2 Mitarbeiter weiterbilden.", "employed"),
        ("Können wir drei Beschäftigte zur Meisterschule schicken und qualifizieren?", "employed"),
        ("Ich bin Mitarbeiterin in einer Kita und möchte eine Weiterbildung machen.", "employed"),
        ("Wir wollen unsere Azubis weiterbilden.", "in_training"),
        ("Unser Azubi droht durch die Zwischenprüfung zu fallen.", "in_training"),
        ("Ich bin Azubi im 2. Lehrjahr.", "in_training"),
        ("Ich mache eine Ausbildung in Lüdenscheid. Gibt es Geld für Azubis?", "in_training"),
    ],
)
def test_the_person_to_be_trained_is_read(text, status):
    reads(text, employment_status=status)


def test_the_number_of_staff_to_train_is_not_the_size_of_the_company():
    leaves_unknown("Wir wollen 2 Mitarbeiter weiterbilden.", "company_size")
    reads("Wir sind ein Betrieb mit 35 Leuten und wollen 2 Mitarbeiter weiterbilden.", company_size=35)
    reads("We run a small bakery (14 people) and want to send some staff on training.", company_size=14)


@pytest.mark.parametrize(
    "text",
    [
        "Ich habe keine Mitarbeiter, möchte mich aber weiterbilden.",  # solo, not employed
        "Wir wollen neue Mitarbeiter einstellen und schulen.",  # not hired yet
        "Wir finden keinen Azubi.",
        "Ich möchte eine Ausbildung machen.",  # a plan
        "Ich bin kein Azubi mehr.",
    ],
)
def test_staff_one_does_not_have_or_a_planned_apprenticeship_say_nothing_about_the_status(text):
    leaves_unknown(text, "employment_status")


# Unemployment, in every answer language.


@pytest.mark.parametrize(
    "text",
    [
        "Ich bin seit März arbeitslos.",
        "Ich bin langzeitarbeitslos.",
        "I have been out of work since spring.",
        "İşsizim ve meslek değiştirmek istiyorum.",
        "Altı aydır işsizim.",
        "Я безробітний і хочу пройти перепідготовку на IT-фахівця.",
        "Я безробітна.",
        "Я безработный, ищу курсы.",
        "أنا عاطل عن العمل وأريد دورة تدريبية لتغيير مهنتي.",
        "أنا عاطلة عن العمل.",
    ],
)
def test_unemployment_is_read_in_every_answer_language(text):
    reads(text, employment_status="unemployed")


@pytest.mark.parametrize(
    "text",
    [
        "Wo bekomme ich eine Berufsberatung, obwohl ich nicht arbeitslos bin?",
        "Ich war lange arbeitslos, jetzt habe ich eine Stelle.",
        "Ich werde im März arbeitslos.",
        "Ich habe mich arbeitsuchend gemeldet, mein Vertrag läuft im März aus.",  # still employed
        "Kann ich mich weiterbilden, ohne Arbeit zu verlieren?",
        "I am not unemployed.",
        "I was unemployed for a year.",
        "İşsiz değilim.",
        "İşsizlik sigortası nedir?",  # "unemployment insurance"
        "Я не безробітний.",
        "Я был безработным.",
        "Что такое пособие по безработице?",  # "unemployment benefit"
        "أنا لست عاطلا عن العمل.",
        "الجهاز عاطل.",  # "the device is broken"
    ],
)
def test_denied_past_future_or_generic_unemployment_is_not_read(text):
    leaves_unknown(text, "employment_status")


@pytest.mark.parametrize(
    "text",
    [
        "İşsizlik parası alıyorum ve kendi kuaför salonumu açmak istiyorum.",
        "Я отримую допомогу з безробіття.",
        "Я получаю пособие по безработице.",
        "أحصل على إعانة البطالة.",
    ],
)
def test_unemployment_benefit_is_read_in_every_answer_language(text):
    reads(text, receives_alg1=True)


def test_asking_what_unemployment_benefit_is_does_not_say_one_gets_it():
    leaves_unknown("Что такое пособие по безработице?", "receives_alg1")
    leaves_unknown("Я не получаю пособие по безработице.", "receives_alg1")


# Who asks: "I" makes the asker a person in every answer language, "our company" a company.


@pytest.mark.parametrize(
    "text",
    [
        "Я безробітний і хочу пройти перепідготовку.",
        "Мне 30 лет.",
        "Kendi kuaför salonumu açmak istiyorum.",
        "أنا عاطل عن العمل.",
    ],
)
def test_the_first_person_makes_the_asker_a_person_in_every_language(text):
    reads(text, applicant="person")


@pytest.mark.parametrize(
    "text",
    [
        "Я хочу навчити наших працівників.",
        "Я хочу обучить наших сотрудников.",
        "Şirketimiz için destek istiyorum.",
        "أنا أريد تدريب موظفينا.",
    ],
)
def test_our_company_or_staff_makes_the_asker_a_company_even_when_saying_i(text):
    reads(text, applicant="company")


# Self-employment is a status only once it has begun.


def test_a_plan_to_become_self_employed_is_not_self_employment():
    found = extract("Ich bekomme ALG 1 und will mich als Fotograf selbstständig machen.", TODAY)
    assert found["employment_status"] == "unemployed"  # from ALG I, not "self_employed" from the plan
    assert found["founding_planned"] is True
    leaves_unknown("Ich möchte gern selbstständig arbeiten.", "employment_status")
    leaves_unknown("Ich bin nicht solo-selbstständig.", "solo_self_employed")
    reads("Ich bin seit 2020 selbstständig.", employment_status="self_employed")


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Ich bekomme seit März ALG I und möchte mich weiterbilden.", "unemployed"),
        ("Ich beziehe Arbeitslosengeld.", "unemployed"),
        ("Ich bekomme kein Arbeitslosengeld mehr und arbeite jetzt in Teilzeit.", None),
        ("Ich bekomme Arbeitslosengeld II", None),  # Bürgergeld says nothing about having a job
    ],
)
def test_receiving_alg1_means_unemployed_as_the_law_requires(text, status):
    assert extract(text, TODAY).get("employment_status") == status
