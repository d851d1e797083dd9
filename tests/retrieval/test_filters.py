import pytest

from navigator.errors import ConfigError
from navigator.retrieval.filters import Filters


def test_parse_accepts_comma_lists_and_rejects_unknown_values():
    f = Filters.parse(audience="kmu,beschaeftigte", region="hagen")
    assert f.audiences == ("kmu", "beschaeftigte") and f.regions == ("hagen",)
    with pytest.raises(ConfigError, match="unknown region 'dortmund'"):
        Filters.parse(region="dortmund")


def test_where_combines_dimensions_with_and_values_with_or():
    where = Filters(audiences=("kmu", "gruendung"), regions=("hagen",)).where(min_end_ord=20261126)
    assert where == {
        "$and": [
            {"$or": [{"aud_kmu": True}, {"aud_gruendung": True}]},
            {"reg_hagen": True},
            {"end_ord": {"$gte": 20261126}},
        ]
    }
    assert Filters().where(min_end_ord=None) is None


def test_matches_is_the_same_rule_in_python():
    meta = {"aud_kmu": True, "reg_hagen": True, "kind": "office", "end_ord": 20250101}
    assert Filters(audiences=("kmu",)).matches(meta, min_end_ord=None)
    assert not Filters(audiences=("kmu",)).matches(meta, min_end_ord=20261126)
    assert not Filters(regions=("maerkischer-kreis",)).matches(meta, min_end_ord=None)
    assert not Filters(kinds=("event",)).matches(meta, min_end_ord=None)
