"""The variable dictionary's generated reference page."""

from __future__ import annotations

from zcparks.data import dictionary


def test_the_variable_reference_is_generated_and_current():
    """docs/variables.md is what `zcparks vars-doc` writes from variables.yaml (no `make data` needed)."""
    from pathlib import Path

    doc = Path(__file__).resolve().parents[2] / "docs" / "variables.md"
    expected = dictionary.reference_markdown(dictionary.load())
    assert doc.read_text(encoding="utf-8") == expected, "docs/variables.md is stale: run `zcparks vars-doc`"
    assert ("| `co2_total_scope1` | CO2, IPCC sectoral approach (scope 1) | 二氧化碳排放（IPCC部门法，范围一） | "
            "Mt CO2 |") in expected
    for v in dictionary.load().variables.values():
        assert f"| `{v.name}`" in expected


def _tiny(offered_in_b=("@picks",), offered=None):
    base = {"name_zh": "甲", "concept": "c", "unit": "Mt CO2", "coverage": "scope1",
            "source": {"file": "x/a.csv", "variable": "a"}}
    return {"tags": {"coverage": {"scope1": "s"}, "price_basis": ["none"], "energy_basis": ["none"]},
            "offered": {"@picks": {"describe": {"en": "a pick ({values})", "zh": "选项（{values}）"}}}
            if offered is None else offered,
            "variables": {"a": {**base, "name_en": "A"},
                          "b": {**base, "name_en": "B", "concept": "d", "source": {"file": "x/a.csv", "variable": "b"},
                                "offered_in": list(offered_in_b)}}}


def test_a_report_offers_the_tagged_variables_of_a_declared_set_with_their_names():
    sets = dictionary.parse(_tiny()).offered_sets()
    assert sets == {"@picks": {"values": ["b"], "aliases": {}, "labels": {"b": {"en": "B", "zh": "甲"}},
                               "describe": {"en": "a pick ({values})", "zh": "选项（{values}）"}}}


def test_an_undeclared_or_unused_offered_set_is_refused():
    import pytest

    from zcparks.errors import SanityCheckError

    with pytest.raises(SanityCheckError, match=r"variables.b.offered_in: unknown set\(s\) \['@other'\]"):
        dictionary.parse(_tiny(offered_in_b=("@other",)))
    with pytest.raises(SanityCheckError, match=r"offered.@picks: no variable is offered in this set"):
        dictionary.parse(_tiny(offered_in_b=()))


def test_provincial_trends_offers_the_dictionarys_trend_variables():
    from zcparks.report import params

    cs = params.choice_set("@trend_variables")
    assert list(cs.values) == dictionary.load().offered_sets()["@trend_variables"]["values"]
    assert {"co2_total_scope1", "co2_per_gdp", "electricity_consumption_total"} <= set(cs.values)
    assert cs.label("co2_per_gdp", "zh") == dictionary.load().variables["co2_per_gdp"].name_zh
