"""The check over the real rules: one test per rule that matters, and how questions are chosen."""

from __future__ import annotations

import datetime as dt

import pytest

from navigator.foerdercheck import Checker, Profile, ProfileError
from navigator.foerdercheck.bench import FULL_PROFILE, bench_check, questions_asked
from navigator.foerdercheck.rules import judge_criterion
from navigator.knowledge import Entry, text_in

P82 = "weiterbildung-beschaeftigte-82-sgb-iii"
ISSUE_PROGRAMMES = [
    P82,
    "qualifizierungsgeld",
    "bildungsgutschein",
    "bildungsscheck-2-0",
    "kompass-solo-selbststaendige",
    "aufstiegs-bafoeg",
    "weiterbildungsstipendium",
    "anerkennungszuschuss",
    "gruendungszuschuss",
    "einstiegsgeld",
    "gruendungsstipendium-nrw",
    "inqa-coaching",
    "einstiegsqualifizierung",
]


def check(checker: Checker, profile: dict, *ids: str, lang: str = "de"):
    report = checker.check(Profile.parse(profile), lang=lang, programmes=list(ids) or None)
    return report, report.by_id()


def company(size: int | None, **more):
    base = {"applicant": "company", "employment_status": "employed", "funded_82_last_two_years": False}
    return {**base, **({"company_size": size} if size is not None else {}), **more}


@pytest.mark.parametrize("programme", ISSUE_PROGRAMMES)
def test_every_programme_of_the_issue_has_sourced_rules(real_entries: list[Entry], programme: str):
    entry = next(e for e in real_entries if e.id == programme)
    assert entry.eligibility and entry.eligibility.criteria
    cited = {str(u) for u in entry.sources}
    for rule in entry.eligibility.criteria:
        assert str(rule.source.url) in cited, (programme, rule.field)
        assert text_in(rule.question, "de").endswith("?")


@pytest.mark.parametrize(
    ("size", "course_share", "absent"),
    [
        (30, "kein Eigenanteil des Betriebs", ["50 % der Lehrgangskosten", "75 % der Lehrgangskosten"]),
        (49, "kein Eigenanteil des Betriebs", ["50 % der Lehrgangskosten"]),
        (50, "50 % der Lehrgangskosten", ["kein Eigenanteil", "75 % der Lehrgangskosten"]),
        (200, "50 % der Lehrgangskosten", ["kein Eigenanteil", "75 % der Lehrgangskosten"]),
        (499, "50 % der Lehrgangskosten", ["75 % der Lehrgangskosten"]),
        (500, "75 % der Lehrgangskosten", ["kein Eigenanteil", "50 % der Lehrgangskosten"]),
        (800, "75 % der Lehrgangskosten", ["kein Eigenanteil", "50 % der Lehrgangskosten"]),
    ],
)
def test_82_sgb_iii_course_share_follows_the_size_band(checker, size, course_share, absent):
    _, results = check(checker, company(size), P82)
    texts = " | ".join(b.text for b in results[P82].benefits)
    assert results[P82].outcome == "fits_if"  # apply before the course starts
    assert course_share in texts
    for other in absent:
        assert other not in texts
    assert all(
        b.source.url == "https://buzer.de/82_SGB_3.htm" for b in results[P82].benefits if "Lehrgang" in b.text
    )


def test_82_sgb_iii_wage_subsidy_and_age_waiver_by_band(checker):
    small = check(checker, company(30, age=50), P82)[1][P82]
    middle = check(checker, company(200, age=50), P82)[1][P82]
    large = check(checker, company(800, age=50), P82)[1][P82]
    assert any("bis zu 75 %" in b.text for b in small.benefits)
    assert any("bis zu 50 %" in b.text for b in middle.benefits)
    assert not any("Arbeitsentgelt" in b.text for b in large.benefits)
    assert any("45 Jahre" in b.text for b in middle.benefits)
    assert not any("45 Jahre" in b.text for b in large.benefits)


def test_82_sgb_iii_shares_wait_for_the_company_size(checker):
    report, results = check(checker, company(None), P82)
    assert not any("Lehrgangskosten" in b.text for b in results[P82].benefits)
    assert {f for b in results[P82].open_benefits for f in b.depends_on} >= {"company_size"}
    assert report.next_question.field == "company_size"
    assert report.next_question.type == "int"


def test_82_sgb_iii_not_twice_within_two_years(checker):
    result = check(checker, company(30, funded_82_last_two_years=True), P82)[1][P82]
    assert result.outcome == "does_not_fit"
    broken = [c for c in result.criteria if c.status == "not_met"]
    assert [c.field for c in broken] == ["funded_82_last_two_years"]
    assert "zwei Jahren" in broken[0].text and "Nr. 3" in broken[0].source.section


@pytest.mark.parametrize(
    ("income", "joint", "outcome"),
    [
        (30_000, None, "fits"),
        (50_000, False, "fits"),
        (50_001, False, "does_not_fit"),
        (60_000, True, "fits"),
        (100_000, True, "fits"),
        (100_001, True, "does_not_fit"),
        (60_000, None, "answer_missing"),
    ],
)
def test_bildungsscheck_income_limit_single_and_joint(checker, income, joint, outcome):
    profile = {
        "applicant": "person",
        "residence_nrw": True,
        "taxable_income": income,
        "course_started": False,
        "prior_funding_this_year": False,
    }
    if joint is not None:
        profile["joint_assessment"] = joint
    report, results = check(checker, profile, "bildungsscheck-2-0")
    assert results["bildungsscheck-2-0"].outcome == outcome
    if outcome == "answer_missing":
        assert report.next_question.field == "joint_assessment"


@pytest.mark.parametrize(
    ("income", "joint", "outcome"),
    [
        (32_000, None, "fits_if"),
        (32_001, False, "does_not_fit"),
        (40_000, True, "fits_if"),
        (50_000, True, "fits_if"),
        (50_001, True, "does_not_fit"),
    ],
)
def test_anerkennungszuschuss_income_limit_single_and_joint(checker, income, joint, outcome):
    profile = {
        "applicant": "person",
        "foreign_qualification": True,
        "taxable_income": income,
        "receives_buergergeld": False,
        "receives_alg1": False,
    }
    if joint is not None:
        profile["joint_assessment"] = joint
    assert check(checker, profile, "anerkennungszuschuss")[1]["anerkennungszuschuss"].outcome == outcome


@pytest.mark.parametrize(
    ("profile", "field"),
    [
        ({"applicant": "person", "residence_nrw": True, "course_started": False}, "taxable_income"),
        ({"applicant": "person", "taxable_income": 20_000}, "residence_nrw"),
        ({"residence_nrw": True, "taxable_income": 20_000}, "applicant"),
    ],
)
def test_unknown_field_gives_answer_missing_and_its_question_never_a_guess(
    checker, real_entries, profile, field
):
    report, results = check(checker, profile, "bildungsscheck-2-0")
    result = results["bildungsscheck-2-0"]
    assert result.outcome == "answer_missing"
    assert not result.benefits or result.outcome != "fits"
    rule = next(
        c
        for e in real_entries
        if e.id == "bildungsscheck-2-0"
        for c in e.eligibility.criteria
        if c.field == field
    )
    assert report.next_question.field == field
    assert report.next_question.text == text_in(rule.question, "de")
    assert any(c.field == field and c.status == "unknown" for c in result.criteria)


def test_company_asking_for_bildungsscheck_is_sent_to_82(checker):
    result = check(checker, {"applicant": "company"}, "bildungsscheck-2-0")[1]["bildungsscheck-2-0"]
    assert result.outcome == "does_not_fit"
    assert [c.field for c in result.criteria if c.status == "not_met"] == ["applicant"]
    assert "Betriebe" in next(c.text for c in result.criteria if c.status == "not_met")
    assert [a.id for a in result.alternatives][:2] == [P82, "qualifizierungsgeld"]
    assert result.questions == ()  # decided: nothing more to ask


def test_gruendungszuschuss_needs_alg1_einstiegsgeld_needs_buergergeld(checker):
    founder = {"applicant": "person", "founding_planned": True, "alg1_remaining_days": 200}
    _, on_alg = check(
        checker,
        {**founder, "receives_alg1": True, "receives_buergergeld": False},
        "gruendungszuschuss",
        "einstiegsgeld",
    )
    _, on_bg = check(
        checker,
        {**founder, "receives_alg1": False, "receives_buergergeld": True},
        "gruendungszuschuss",
        "einstiegsgeld",
    )
    assert on_alg["gruendungszuschuss"].outcome == "fits_if"
    assert on_alg["einstiegsgeld"].outcome == "does_not_fit"
    assert [a.id for a in on_alg["einstiegsgeld"].alternatives] == ["gruendungszuschuss"]
    assert on_bg["gruendungszuschuss"].outcome == "does_not_fit"
    assert [a.id for a in on_bg["gruendungszuschuss"].alternatives] == ["einstiegsgeld"]
    assert on_bg["einstiegsgeld"].outcome == "fits_if"
    assert any("bevor Sie beginnen" in c for c in on_bg["einstiegsgeld"].conditions)


def test_ended_programme_only_says_since_when_and_what_instead(checker):
    _, results = check(checker, {"applicant": "person"}, "bildungsscheck-alt")
    result = results["bildungsscheck-alt"]
    assert result.outcome == "ended"
    assert result.note == "Beendet seit 30.06.2024. Stattdessen: Bildungsscheck NRW 2.0."
    assert [s.id for s in result.successors] == ["bildungsscheck-2-0"]
    assert result.criteria == () and result.benefits == ()


def test_ended_predecessors_follow_their_fitting_successor(checker):
    profile = {
        "applicant": "person",
        "residence_nrw": True,
        "taxable_income": 30_000,
        "course_started": False,
        "prior_funding_this_year": False,
    }
    results = checker.check(Profile.parse(profile), topics=["weiterbildung"]).results
    ids = [r.programme.id for r in results]
    assert "bildungsscheck-alt" in ids and "bildungspraemie" in ids
    assert all(
        r.outcome == "ended"
        for r in results[ids.index("bildungsscheck-alt") :]
        if r.programme.status == "ended"
    )
    assert results[-1].outcome == "ended"


def test_programme_ends_by_the_injected_day(real_entries):
    later = Checker(real_entries, dt.date(2027, 7, 1))
    result = later.check(Profile.parse({"applicant": "person"}), programmes=["anerkennungszuschuss"]).results[
        0
    ]
    assert result.outcome == "ended" and result.note == "Beendet seit 30.06.2027."
    assert "anerkennungszuschuss" not in [r.programme.id for r in later.check(Profile()).results]


def test_programme_not_yet_started_is_upcoming(real_entries):
    earlier = Checker(real_entries, dt.date(2025, 12, 1))
    result = earlier.check(Profile.parse({"applicant": "person"}), programmes=["bildungsscheck-2-0"]).results[
        0
    ]
    assert result.outcome == "upcoming" and result.note == "Startet am 01.02.2026."


def test_age_is_derived_from_the_birth_year_as_a_range(checker):
    facts = Profile.parse({"birth_year": 2001}).facts(dt.date(2026, 11, 26))
    assert facts.values["age"] == (24, 25) and facts.derived == {"age": "birth_year"}
    report, results = check(
        checker,
        {
            "applicant": "person",
            "birth_year": 2001,
            "has_vocational_qualification": True,
            "course_started": False,
            "employment_status": "employed",
        },
        "weiterbildungsstipendium",
    )
    assert results["weiterbildungsstipendium"].outcome == "fits_if"  # under 28 for sure, under 25 maybe
    assert report.next_question.field == "age"
    assert report.derived == {"age": [24, 25], "solo_self_employed": [False]}


def test_derived_facts_never_override_given_ones():
    facts = Profile.parse({"birth_year": 1990, "age": 20, "company_size": 5, "applicant": "person"}).facts(
        dt.date(2026, 11, 26)
    )
    assert facts.values["age"] == (20,) and facts.values["applicant"] == ("person",)
    assert Profile.parse({"company_size": 5}).facts(dt.date(2026, 1, 1)).values["applicant"] == ("company",)
    assert (
        "applicant"
        not in Profile.parse({"company_size": 5, "employment_status": "employed"})
        .facts(dt.date(2026, 1, 1))
        .values
    )
    solo = Profile.parse({"solo_self_employed": True}).facts(dt.date(2026, 1, 1))
    assert solo.values["employment_status"] == ("self_employed",)


def test_criteria_carry_texts_sources_and_offices_with_contacts(checker):
    result = check(checker, {"applicant": "person", "residence_nrw": False}, "bildungsscheck-2-0")[1][
        "bildungsscheck-2-0"
    ]
    broken = next(c for c in result.criteria if c.status == "not_met")
    assert broken.text.startswith("Den Bildungsscheck gibt es nur")
    assert (
        broken.source.url == "https://regionaachen.de/bildungsscheck2-0"
        and broken.source.date == "2026-11-26"
    )
    assert result.offices and all(o.url.startswith("http") for o in result.offices)
    p82 = check(checker, company(30), P82)[1][P82]
    assert any(o.contact for o in p82.offices) or all(o.url for o in p82.offices)
    assert "Arbeitgeber-Service" in (p82.apply or "")


def test_texts_follow_the_language_with_german_fallback(checker):
    en = check(checker, {"applicant": "company"}, "bildungsscheck-2-0", lang="en")[1]["bildungsscheck-2-0"]
    assert en.label == "Does not fit"
    assert en.criteria[0].text.startswith("There is no longer an education cheque for companies")
    tr_report, tr = check(checker, {}, "bildungsscheck-2-0", lang="tr")
    assert tr["bildungsscheck-2-0"].label == "Bilgi eksik"
    # The knowledge has de/en only: the generic Turkish question beats showing German.
    assert tr_report.next_question.text == "Kendiniz için mi yoksa bir işletme için mi soruyorsunuz?"
    assert [o.label for o in tr_report.next_question.options] == ["Kendim için", "Bir işletme için"]
    ar = check(checker, {"applicant": "company"}, "bildungsscheck-2-0", lang="ar")[1]["bildungsscheck-2-0"]
    assert ar.criteria[0].text.startswith("Für Betriebe")  # met/not-met texts fall back to German


def test_next_question_settles_the_most_open_programmes(checker):
    report = checker.check(Profile())
    open_ids = {r.programme.id for r in report.results if r.outcome == "answer_missing"}
    counts = {}
    for r in report.results:
        if r.outcome == "answer_missing":
            for name in r.open_fields:
                counts[name] = counts.get(name, 0) + 1
    assert report.next_question.field == max(counts, key=counts.get) == "applicant"
    assert set(report.next_question.programmes) <= open_ids
    assert len(report.next_question.programmes) == counts["applicant"]


def _programme(pid: str, rules: list[dict]) -> Entry:
    return Entry.model_validate(
        {
            "id": pid,
            "kind": "programme",
            "title": f"Programm {pid}",
            "organisation": "Test",
            "summary": "Ein Programm für den Test der Fragenwahl.",
            "audiences": ["kmu"],
            "topics": ["foerderung"],
            "regions": ["hagen"],
            "url": "https://example.org/",
            "sources": ["https://example.org/"],
            "reviewed": "2026-11-26",
            "eligibility": {
                "criteria": [
                    {
                        "met": "ja",
                        "not_met": "nein",
                        "question": f"{r['field']}?",
                        "source": {"url": "https://example.org/"},
                        **r,
                    }
                    for r in rules
                ]
            },
        }
    )


def test_next_question_ties_go_hard_before_soft_then_field_order():
    soft_age = {"field": "age", "op": "ge", "value": 18, "strength": "soft"}
    hard_nrw = {"field": "residence_nrw", "op": "eq", "value": True}
    hard_income = {"field": "taxable_income", "op": "le", "value": 1000}
    hard_age = {"field": "age", "op": "ge", "value": 18}
    # age and residence_nrw each open in two programmes; age only softly there, residence hard.
    checker = Checker(
        [
            _programme("a", [hard_income, soft_age, hard_nrw]),
            _programme("b", [hard_income, soft_age, hard_nrw]),
        ],
        dt.date(2026, 11, 26),
    )
    assert checker.check(Profile.parse({"taxable_income": 10})).next_question.field == "residence_nrw"
    # Equal counts and both hard: the vocabulary order decides (residence_nrw before age).
    checker = Checker([_programme("a", [hard_age]), _programme("b", [hard_nrw])], dt.date(2026, 11, 26))
    assert checker.check(Profile()).next_question.field == "residence_nrw"
    # A skipped field ("weiß ich nicht") is not asked again.
    assert checker.check(Profile(), skip={"residence_nrw"}).next_question.field == "age"
    assert checker.check(Profile(), skip={"residence_nrw", "age"}).next_question is None


def test_when_condition_is_asked_before_the_rule_it_guards(real_entries):
    rule = next(
        c
        for e in real_entries
        if e.id == "bildungsscheck-2-0"
        for c in e.eligibility.criteria
        if c.field == "joint_assessment"
    )
    facts = Profile().facts(dt.date(2026, 11, 26))
    assert judge_criterion(rule, facts).missing == ("taxable_income", "joint_assessment")
    low = Profile.parse({"taxable_income": 40_000}).facts(dt.date(2026, 11, 26))
    assert judge_criterion(rule, low).status == "not_applicable"


@pytest.mark.parametrize(
    ("truth", "topics", "most"),
    [
        (
            {
                "applicant": "company",
                "company_size": 30,
                "employment_status": "employed",
                "funded_82_last_two_years": False,
                "structural_change": False,
            },
            ["weiterbildung"],
            5,
        ),
        (
            {
                "applicant": "person",
                "foreign_qualification": True,
                "taxable_income": 20_000,
                "receives_buergergeld": False,
                "receives_alg1": False,
            },
            ["anerkennung"],
            5,
        ),
        (
            {
                **FULL_PROFILE,
                "age": 36,
                "employment_status": "unemployed",
                "receives_alg1": True,
                "founding_planned": True,
                "alg1_remaining_days": 200,
            },
            ["gruendung"],
            9,
        ),
    ],
)
def test_a_person_answers_a_handful_of_questions_not_twenty(checker, truth, topics, most):
    asked = questions_asked(checker, truth, topics=topics, until="verdict")
    assert asked[0] in ("applicant", "foreign_qualification")
    assert len(asked) == len(set(asked)) <= most
    final = checker.check(Profile.parse({k: truth[k] for k in asked if k in truth}), topics=topics)
    assert not [r for r in final.results if r.outcome == "answer_missing"]


def test_profile_rejects_unknown_fields_and_wrong_types():
    with pytest.raises(ProfileError) as err:
        Profile.parse({"mitarbeiter": 30})
    assert err.value.field == "mitarbeiter"
    for bad in (
        {"company_size": "dreißig"},
        {"company_size": True},
        {"residence_nrw": "ja"},
        {"applicant": "verein"},
        {"age": 230},
    ):
        with pytest.raises(ProfileError):
            Profile.parse(bad)
    assert Profile.from_texts({"taxable_income": "50.000", "residence_nrw": "ja", "age": ""}) == Profile(
        {"taxable_income": 50_000, "residence_nrw": True}
    )


def test_bench_check_full_profile_p95_within_50_ms(tmp_path):
    figures = bench_check(runs=100, today=dt.date(2026, 11, 26))
    assert figures["programmes"] >= 26
    assert figures["p95_ms"] <= 50, figures
