"""The chat face: facts read from the message, the one deciding question, and the verdicts."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from navigator.foerdercheck.chat import clarify, pending_field
from navigator.foerdercheck.extract import extract, parse_reply
from navigator.types import Source
from tests.conftest import TODAY

P82 = "weiterbildung-beschaeftigte-82-sgb-iii"
KI_QUESTION = "Gibt es Zuschüsse, wenn wir unsere Leute in KI weiterbilden?"


@dataclass(frozen=True)
class Turn:
    role: str
    content: str


def sources(checker, *ids: str) -> list[Source]:
    out = []
    for n, pid in enumerate(ids, 1):
        e = checker.entries[pid]
        out.append(
            Source(
                n,
                e.id,
                e.title,
                e.organisation,
                e.kind,
                str(e.url),
                e.summary,
                {},
                e.status(TODAY),
                "2026-11-26",
            )
        )
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (KI_QUESTION, {"applicant": "company", "employment_status": "employed"}),
        ("Wir sind 30 Leute in Hagen.", {"company_size": 30, "applicant": "company", "region": "hagen"}),
        ("Unser Handwerksbetrieb hat 1.200 Beschäftigte", {"company_size": 1200, "is_craft": True}),
        ("We are a team of 45 employees", {"company_size": 45, "applicant": "company"}),
        ("Ich bin solo-selbstständig", {"solo_self_employed": True, "applicant": "person"}),
        (
            "Ich bin arbeitslos und bekomme Arbeitslosengeld",
            {"employment_status": "unemployed", "receives_alg1": True},
        ),
        ("Ich bekomme Bürgergeld vom Jobcenter", {"receives_buergergeld": True}),
        ("Ich bekomme Arbeitslosengeld II", {"receives_buergergeld": True}),
        (
            "Mein zu versteuerndes Einkommen ist 42.000 Euro, ich bin ledig",
            {"taxable_income": 42000, "joint_assessment": False},
        ),
        (
            "38.000 Euro Jahreseinkommen, gemeinsam veranlagt",
            {"taxable_income": 38000, "joint_assessment": True},
        ),
        ("Ich bin 34 Jahre alt", {"age": 34}),
        ("Jahrgang 1990", {"birth_year": 1990}),
        ("Ich wohne in Iserlohn", {"region": "maerkischer-kreis", "residence_nrw": True}),
        ("Ich habe einen ausländischen Berufsabschluss", {"foreign_qualification": True}),
        ("I have a master's in mechanical engineering from India", {"foreign_qualification": True}),
        ("Ich habe eine Ausbildung als Elektriker in Syrien gemacht", {"foreign_qualification": True}),
        ("How do I get my degree recognised?", {"foreign_qualification": True}),
        ("Ich möchte mich selbstständig machen", {"founding_planned": True}),
        ("Der Kurs hat noch nicht begonnen", {"course_started": False}),
        (
            "I am unemployed and 45 years old",
            {"employment_status": "unemployed", "age": 45, "applicant": "person"},
        ),
    ],
)
def test_extract_reads_stated_facts(text, expected):
    found = extract(text, TODAY)
    assert {k: found.get(k) for k in expected} == expected


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Ich verdiene 42.000 Euro im Jahr", "taxable_income"),  # gross pay is not taxable income
        ("Einkommen 60.000 brutto", "taxable_income"),
        ("Ich bekomme Arbeitslosengeld II", "receives_alg1"),
        ("Der Kurs findet in Hagen statt", "residence_nrw"),  # where the course is, not where one lives
        ("Wie komme ich an Geld für eine Weiterbildung?", "employment_status"),
        ("Wir haben 2024 angefangen", "company_size"),
        ("Ich bin verheiratet", "joint_assessment"),  # married couples may still be assessed separately
        ("Ich habe mein Studium in Hagen gemacht", "foreign_qualification"),
    ],
)
def test_extract_never_guesses(text, absent):
    assert absent not in extract(text, TODAY)


@pytest.mark.parametrize(
    ("field", "reply", "value"),
    [
        ("company_size", "etwa 30", 30),
        ("company_size", "wir sind 1.200", 1200),
        ("residence_nrw", "Ja, in Hagen", True),
        ("receives_alg1", "nein", False),
        ("receives_alg1", "так", True),
        ("receives_alg1", "لا", False),
        ("applicant", "für meinen Betrieb", "company"),
        ("applicant", "für mich selbst", "person"),
        ("company_size", "weiß ich nicht", None),
        ("residence_nrw", "vielleicht", None),
    ],
)
def test_parse_reply_to_a_question(field, reply, value):
    assert parse_reply(field, reply) == value


def test_funding_question_without_company_size_asks_for_it(checker):
    srcs = sources(checker, P82, "qualifizierungsgeld", "bildungsscheck-2-0", "zukunftszentrum-ki-nrw")
    result = clarify(KI_QUESTION, [], srcs, "de", checker=checker)
    assert result is not None and result.ask
    assert result.question.field == "company_size"
    assert result.question.text == "Wie viele Beschäftigte hat Ihr Betrieb?"
    assert result.question_text().splitlines()[0].endswith("Wie viele Beschäftigte hat Ihr Betrieb?")
    assert result.question_text().splitlines()[1] == result.question.help  # the plain line under it
    assert dict(result.profile) == {"applicant": "company", "employment_status": "employed"}
    verdicts = {r.programme.id: r.outcome for r in result.results}
    assert verdicts["bildungsscheck-2-0"] == "does_not_fit"
    assert "zukunftszentrum-ki-nrw" not in verdicts  # no eligibility rules: not the check's business


def test_the_answer_is_read_and_the_verdict_states_the_share(checker):
    srcs = sources(checker, P82, "qualifizierungsgeld", "bildungsscheck-2-0")
    first = clarify(KI_QUESTION, [], srcs, "de", checker=checker)
    history = [Turn("user", KI_QUESTION), Turn("assistant", first.question_text())]
    assert pending_field(history, checker) == "company_size"
    second = clarify("wir sind 30", history, srcs, "de", checker=checker)
    assert second.conversation and (second.question is None or second.question.field != "company_size")
    assert second.profile["company_size"] == 30
    p82 = next(r for r in second.results if r.programme.id == P82)
    assert any("kein Eigenanteil" in b.text for b in p82.benefits)
    facts = second.prompt_facts()
    assert "kein Eigenanteil des Betriebs" in facts and "50 % der Lehrgangskosten" not in facts
    assert "Bildungsscheck NRW 2.0: Passt nicht" in facts
    assert "Stattdessen: Weiterbildungsförderung Beschäftigter (§ 82 SGB III)" in facts


@pytest.mark.parametrize(("size", "share"), [(30, "kein Eigenanteil"), (200, "50 %"), (800, "75 %")])
def test_stated_company_size_gives_the_band_without_asking_about_it(checker, size, share):
    message = f"Wir sind {size} Mitarbeiter. Gibt es Zuschüsse, wenn wir unsere Leute in KI weiterbilden?"
    result = clarify(message, [], sources(checker, P82), "de", checker=checker)
    assert result.question is None or result.question.field != "company_size"
    p82 = result.results[0]
    assert any(share in b.text for b in p82.benefits if "Lehrgangskosten" in b.text)


def test_unanswered_question_is_not_asked_again(checker):
    srcs = sources(checker, P82)
    first = clarify(KI_QUESTION, [], srcs, "de", checker=checker)
    history = [Turn("user", KI_QUESTION), Turn("assistant", first.question_text())]
    again = clarify("Das weiß ich gerade nicht.", history, srcs, "de", checker=checker)
    assert again is not None and (again.question is None or again.question.field != "company_size")
    assert "company_size" not in again.profile and again.profile["applicant"] == "company"
    assert again.skipped == ("company_size",)


def test_question_comes_in_the_users_language(checker):
    srcs = sources(checker, P82, "bildungsscheck-2-0")
    en = clarify("Are there grants if we train our staff in AI?", [], srcs, "en", checker=checker)
    assert en.question.text == "How many employees does your company have?"
    assert en.question_text().startswith("One quick question")
    uk = clarify("Чи є гранти, якщо ми навчаємо наших працівників?", [], srcs, "uk", checker=checker)
    assert uk.ask and uk.question_text().startswith("Коротке запитання")


def test_gruendungszuschuss_vs_einstiegsgeld_in_the_chat(checker):
    srcs = sources(checker, "gruendungszuschuss", "einstiegsgeld")
    result = clarify(
        "Ich bekomme Bürgergeld und will mich selbstständig machen. Bekomme ich Gründungszuschuss?",
        [],
        srcs,
        "de",
        checker=checker,
    )
    verdicts = {r.programme.id: r.outcome for r in result.results}
    assert verdicts["einstiegsgeld"] == "fits_if"
    # ALG I is not mentioned: the check asks, it does not assume "no".
    assert verdicts["gruendungszuschuss"] == "answer_missing"
    assert result.question.field == "receives_alg1"


def test_ended_programme_in_the_sources_says_what_instead(checker):
    result = clarify(
        "Bekomme ich noch einen Bildungsscheck?",
        [],
        sources(checker, "bildungsscheck-alt"),
        "de",
        checker=checker,
    )
    assert result.results[0].outcome == "ended"
    assert "Stattdessen: Bildungsscheck NRW 2.0" in result.prompt_facts()


def test_no_clarification_for_non_funding_questions_or_without_programmes(checker):
    assert (
        clarify("Wer berät uns zur Digitalisierung?", [], sources(checker, P82), "de", checker=checker)
        is None
    )
    office = next(e.id for e in checker.entries.values() if e.kind == "office")
    assert clarify(KI_QUESTION, [], sources(checker, office), "de", checker=checker) is None


# -- when the deciding question is worth asking ------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "ids"),
    [
        # An overview for a group, not the asker's own case.
        ("Welche Stipendien gibt es für Leute, die ein Start-up gründen?", ["gruendungsstipendium-nrw"]),
        ("Förderprogramme Digitalisierung Handwerk NRW", ["mid-digitalisierung"]),
        # How to apply, what it is, whether it still runs, paying back: the same answer for everyone.
        ("Wie beantrage ich den Bildungsgutschein?", ["bildungsgutschein"]),
        ("Was ist eigentlich der Bildungsscheck und gibt es ihn für mich?", ["bildungsscheck-2-0"]),
        ("Muss ich das Aufstiegs-BAföG später zurückzahlen?", ["aufstiegs-bafoeg"]),
        ("How do I apply for the start-up scholarship?", ["gruendungsstipendium-nrw"]),
    ],
)
def test_questions_not_about_the_askers_eligibility_are_answered_directly(checker, message, ids):
    result = clarify(message, [], sources(checker, *ids), "de", checker=checker)
    assert result is None or not result.ask


def test_a_side_hit_among_the_sources_is_not_quizzed(checker):
    # The user wants a digitalisation grant; the second source is a scholarship for graduates.
    message = (
        "Wir sind eine kleine Firma und wollen unsere Buchhaltung digitalisieren. Gibt es dafür Zuschüsse?"
    )
    result = clarify(
        message, [], sources(checker, "mid-digitalisierung", "aufstiegsstipendium"), "de", checker=checker
    )
    assert result is not None and not result.ask
    assert {r.programme.id for r in result.results} == {"mid-digitalisierung", "aufstiegsstipendium"}


def test_who_asks_is_not_asked_when_the_programme_serves_one_kind_of_asker(checker):
    message = "Wir wollen eine neue Software im Betrieb einführen, bekommen wir dafür Geld vom Land?"
    result = clarify(message, [], sources(checker, "mid-digitalisierung"), "de", checker=checker)
    assert result.question is None or result.question.field != "applicant"


def test_who_asks_is_asked_when_the_named_programmes_serve_different_askers(checker):
    # The scholarship is for founders in person, MID for companies: the answer hangs on who asks.
    message = "Können wir das Gründungsstipendium oder MID-Digitalisierung bekommen?"
    srcs = sources(checker, "gruendungsstipendium-nrw", "mid-digitalisierung")
    result = clarify(message, [], srcs, "de", checker=checker)
    assert result.ask and result.question.field == "applicant"


def test_how_much_asks_only_for_a_fact_that_changes_the_amount(checker):
    plain = clarify(
        "Wie viel gibt mir der Bildungsscheck für meinen Kurs?",
        [],
        sources(checker, "bildungsscheck-2-0"),
        "de",
        checker=checker,
    )
    assert (
        plain is None or not plain.ask
    )  # the same share for everyone who gets it: say it, with the conditions
    banded = clarify(
        "Wie viel bekommen wir, wenn wir unsere Leute zu Schweißern weiterbilden?",
        [],
        sources(checker, P82),
        "de",
        checker=checker,
    )
    assert banded.ask and banded.question.field == "company_size"


@pytest.mark.parametrize(
    ("message", "ids", "field"),
    [
        (
            "Meine Anerkennung kostet mit Übersetzungen fast 900 Euro. Bekomme ich dafür einen Zuschuss?",
            ["anerkennungszuschuss"],
            "taxable_income",
        ),
        (
            "Ich bin arbeitslos und will einen Imbiss eröffnen. Bekomme ich den Gründungszuschuss?",
            ["gruendungszuschuss"],
            "receives_alg1",
        ),
    ],
)
def test_an_eligibility_question_that_hangs_on_one_fact_asks_it(checker, message, ids, field):
    result = clarify(message, [], sources(checker, *ids), "de", checker=checker)
    assert result.ask and result.question.field == field


def test_a_fact_stated_before_the_question_does_not_make_it_a_funding_question(checker):
    message = "Ich bekomme Grundsicherungsgeld und bin nach Hemer gezogen. Welches Amt ist jetzt für mich da?"
    result = clarify(message, [], sources(checker, "grundsicherungsgeld"), "de", checker=checker)
    assert result is None or not result.ask


def test_a_soft_rule_is_not_worth_a_question(checker):
    # Aufstiegs-BAföG can still be applied for once the course runs: whether it began decides nothing.
    message = "Ich will meinen Industriemeister machen. Gibt es dafür Geld vom Staat?"
    result = clarify(message, [], sources(checker, "aufstiegs-bafoeg"), "de", checker=checker)
    assert result.question is None or result.question.field != "course_started"


def test_once_a_share_is_known_further_amount_rows_are_not_asked(checker):
    # Under 50 employees the company pays no share anyway; the 45+ row would change nothing.
    message = "Wir haben 12 Beschäftigte und wollen eine Kollegin zur Meisterin weiterbilden. Wer zahlt das?"
    result = clarify(message, [], sources(checker, P82), "de", checker=checker)
    assert result.question is None or result.question.field not in {"age", "company_size"}


def test_a_kmu_is_not_asked_for_its_size_against_the_kmu_limit(checker):
    message = (
        "Wir sind ein KMU und suchen ein gefördertes Coaching zur Arbeitsorganisation. Gibt es das für uns?"
    )
    result = clarify(message, [], sources(checker, "inqa-coaching"), "de", checker=checker)
    assert result.question is None or result.question.field != "company_size"
