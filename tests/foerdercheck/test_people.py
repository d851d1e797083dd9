"""Issue 22: the Förder-Check speaks to people (questions in one voice, ranked results, offices by town)."""

from __future__ import annotations

import re

import pytest

from navigator import vocab
from navigator.foerdercheck import Checker, Profile, phrases
from navigator.foerdercheck.questions import build_question
from navigator.foerdercheck.ranking import rank
from navigator.foerdercheck.regions import region_of_town

UI_LANGUAGES = ("de", "en", "tr", "uk", "ar")
# Terms a person cannot be expected to know; each question that uses one explains it.
TERMS = ("zu versteuernde", "sozialversicherungspflichtig", "strukturwandel", "veranlagt", "§ 82")


@pytest.mark.parametrize("lang", UI_LANGUAGES)
@pytest.mark.parametrize("asker", ["person", "company"])
def test_every_question_has_a_plain_line_and_options_that_answer_it(lang, asker):
    for name in vocab.ELIGIBILITY_FIELDS:
        q = build_question(name, lang, asker=asker)
        assert q.text.endswith(("?", "؟")), (name, q.text)
        assert q.help, f"{name} ({lang}) has no explanation"
        if q.type == "bool":
            assert [o.value for o in q.options] == ["true", "false"]
        if q.type == "enum":
            assert len(q.options) >= 2 and all(o.label for o in q.options)
        if lang != "de":
            assert q.help != phrases.phrase(f"explain.{name}", "de"), f"{name} help not translated to {lang}"


def test_questions_address_the_asker_as_sie_and_explain_their_terms():
    for asker in ("person", "company"):
        for name in vocab.ELIGIBILITY_FIELDS:
            q = build_question(name, "de", asker=asker)
            assert not re.search(r"\b(du|dein\w*|die Person)\b", q.text), q.text
            for term in TERMS:
                if term in q.text.casefold():
                    assert term.split()[-1] in q.help.casefold() or term in q.help.casefold(), (
                        q.text,
                        q.help,
                    )


def test_a_company_is_asked_about_its_staff_with_answers_a_company_can_give():
    q = build_question("employment_status", "de", asker="company")
    assert "sozialversicherungspflichtig" in q.text
    assert "Minijob" in q.help
    assert [o.value for o in q.options] == ["employed", "unemployed", "in_training"]


def test_towns_map_to_their_kreis():
    assert region_of_town("Iserlohn") == "maerkischer-kreis"
    assert region_of_town("Wir sitzen in Lüdenscheid.") == "maerkischer-kreis"
    assert region_of_town("Hagen") == "hagen"
    assert region_of_town("Witten") == "ennepe-ruhr-kreis"
    assert region_of_town("Berlin") is None


def _company(checker: Checker, **more):
    profile = {"applicant": "company", "company_size": 30, "employment_status": "employed"}
    return checker.check(Profile.parse({**profile, **more}), topics=["weiterbildung"])


def test_the_region_is_asked_when_it_decides_whom_to_contact(checker):
    profile = {"applicant": "company", "company_size": 30, "employment_status": "employed"}
    skipped: list[str] = []
    for _ in range(12):  # "Weiß ich nicht" to everything else, as a hurried person does
        report = checker.check(Profile.parse(profile), topics=["weiterbildung"], skip=skipped)
        assert report.next_question is not None, "the region was never asked"
        if report.next_question.field == "region":
            break
        skipped.append(report.next_question.field)
    assert "weiterbildung-beschaeftigte-82-sgb-iii" in report.next_question.programmes
    assert [o.value for o in report.next_question.options][:3] == [
        "hagen",
        "maerkischer-kreis",
        "ennepe-ruhr-kreis",
    ]
    assert "Iserlohn" in report.next_question.options[1].label


def test_an_iserlohn_company_sees_the_iserlohn_office_not_hagen(checker):
    report = _company(checker, funded_82_last_two_years=False, region="maerkischer-kreis")
    offices = [o.id for o in report.by_id()["weiterbildung-beschaeftigte-82-sgb-iii"].offices]
    assert "arbeitgeber-service-iserlohn" in offices
    assert "arbeitgeber-service-hagen" not in offices


def test_a_company_gets_its_own_grant_first_and_employee_offers_labelled(checker):
    ranked = rank(_company(checker, funded_82_last_two_years=False), checker.entries)
    assert ranked.first is not None and ranked.first.programme.id == "weiterbildung-beschaeftigte-82-sgb-iii"
    assert ranked.relation.get("bildungsurlaub-nrw") == "employees"
    assert "bildungsurlaub-nrw" not in {r.programme.id for r in ranked.fits + ranked.almost}


def test_an_unemployed_person_gets_the_bildungsgutschein_first_not_a_degree_scholarship(checker):
    profile = Profile.parse({"applicant": "person", "employment_status": "unemployed", "region": "hagen"})
    ranked = rank(checker.check(profile, topics=["weiterbildung"]), checker.entries)
    assert ranked.first is not None and ranked.first.programme.id == "bildungsgutschein"
    offices = [o.id for o in ranked.first.offices]
    assert "jobcenter-hagen" in offices or "agentur-fuer-arbeit-hagen" in offices
    assert "agentur-fuer-arbeit-iserlohn" not in offices
