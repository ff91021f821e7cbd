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
