"""The eligibility schema: `when` takes one condition or a range (a list), and values must fit the field."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from navigator.knowledge import Benefit, Condition, Criterion

SOURCE = {"url": "https://buzer.de/82_SGB_3.htm"}


def test_benefit_when_accepts_one_condition_or_a_range():
    one = Benefit.model_validate(
        {
            "label": "a",
            "text": "b",
            "source": SOURCE,
            "when": {"field": "company_size", "op": "lt", "value": 50},
        }
    )
    assert one.when == [Condition(field="company_size", op="lt", value=50)]
    band = Benefit.model_validate(
        {
            "label": "a",
            "text": "b",
            "source": SOURCE,
            "when": [
                {"field": "company_size", "op": "ge", "value": 50},
                {"field": "company_size", "op": "lt", "value": 500},
            ],
        }
    )
    assert [c.value for c in band.when] == [50, 500]
    assert Benefit.model_validate({"label": "a", "text": "b", "source": SOURCE}).when == []


def test_condition_values_must_fit_the_field_type():
    with pytest.raises(ValidationError, match="takes a whole number"):
        Condition(field="company_size", op="lt", value="fünfzig")
    with pytest.raises(ValidationError, match="unknown eligibility field 'mitarbeiter'"):
        Condition(field="mitarbeiter", op="lt", value=50)


def test_criterion_can_apply_only_when_a_condition_holds():
    rule = Criterion.model_validate(
        {
            "field": "joint_assessment",
            "op": "eq",
            "value": True,
            "met": "m",
            "not_met": "n",
            "question": "q",
            "source": SOURCE,
            "when": {"field": "taxable_income", "op": "gt", "value": 50000},
        }
    )
    assert rule.when[0].field == "taxable_income"
    with pytest.raises(ValidationError, match="takes true/false"):
        Criterion.model_validate(
            {**rule.model_dump(mode="json"), "when": [{"field": "residence_nrw", "op": "eq", "value": 1}]}
        )
