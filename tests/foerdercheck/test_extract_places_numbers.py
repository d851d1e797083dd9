"""The fact reader reads places in every script (gazetteer) and numbers with their meaning."""

from __future__ import annotations

import pytest

from navigator.foerdercheck.extract import extract
from navigator.foerdercheck.extract.pay import gross_income
from navigator.foerdercheck.extract.places import places


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("Ich wohne in Hemer", "maerkischer-kreis"),
        ("أعيش في هاغن", "hagen"),
        ("Hagen'de oturuyorum", "hagen"),
        ("Я живу в Люденшайді", "maerkischer-kreis"),
        ("من در هاگن زندگی می کنم", "hagen"),
        ("I live in Schwelm", "ennepe-ruhr-kreis"),
        ("Mieszkam w Iserlohn", "maerkischer-kreis"),
    ],
)
def test_a_residence_in_the_region_in_every_script(text, region):
    assert places(text) == {"region": region, "residence_nrw": True}


def test_a_place_without_a_residence_verb_sets_only_the_region():
    assert places("Wir sind ein Betrieb in Iserlohn") == {"region": "maerkischer-kreis"}


def test_an_institutions_name_is_not_where_the_asker_is():
    assert places("Ich studiere an der FernUniversität Hagen") == {}


def test_a_neighbour_in_nrw_settles_the_residence_but_no_region():
    assert places("Ich wohne in Dortmund") == {"residence_nrw": True}


def test_the_last_place_of_the_region_decides():
    assert places("Ich habe in Hagen gearbeitet, wohne jetzt aber in Menden")["region"] == "maerkischer-kreis"


@pytest.mark.parametrize(
    ("text", "annual"),
    [
        ("ich verdiene 2.500 € brutto im monat", 30_000),
        ("i earn 3,000 euros gross a month", 36_000),
        ("mein jahresbrutto ist 38.000 euro", 38_000),
        ("ich verdiene 42.000 euro brutto", 42_000),
        ("ich verdiene 2000 brutto", None),  # a month's or a year's? left open
        ("ich arbeite 30 stunden, brutto weiß ich nicht", None),
    ],
)
def test_gross_pay_per_year(text, annual):
    assert gross_income(text) == annual


def test_gross_pay_is_not_taken_as_taxable_income():
    facts = extract("Ich verdiene 2.500 € brutto im Monat")
    assert facts["gross_income"] == 30_000
    assert "taxable_income" not in facts


def test_journeymen_to_be_trained_are_employed_and_not_the_company_size():
    facts = extract(
        "wir sind ne kleine schlosserei (12 leute), zwei gesellen sollen den schweißfachmann machen"
    )
    assert facts["company_size"] == 12
    assert facts["employment_status"] == "employed"


@pytest.mark.parametrize(
    "text",
    [
        "kendi kuaför salonumu açmak istiyorum",
        "Я хочу відкрити власну перукарню",
        "أريد أن أفتح صالون حلاقة",
        "Chcę założyć firmę",
    ],
)
def test_a_founding_plan_in_other_languages(text):
    assert extract(text)["founding_planned"] is True
