"""The LMDI decomposition on the built panel: chained and cohort decompositions over real provinces add up to the
total change."""

from __future__ import annotations

import math

import pytest

import zcparks.data as d
from zcparks.methods import lmdi


def test_lmdi_chained_over_real_provinces_adds_up_to_the_total_change():
    p = d.panel()
    p = p[p["variable"].isin(["co2_total_scope1", "total_energy_consumption", "gdp_constant_2020"])]
    wide = p.pivot_table(index=["province_code", "year"], columns="variable", values="value")
    checked = 0
    for code in ("110000", "320000", "440000", "620000", "650000"):
        df = wide.loc[code].dropna().loc[2005:2019]
        years = list(df.index)
        assert len(years) == 15, (code, years)
        factors = {y: {"activity": df.at[y, "gdp_constant_2020"],
                       "energy_intensity": df.at[y, "total_energy_consumption"] / df.at[y, "gdp_constant_2020"],
                       "carbon_intensity": df.at[y, "co2_total_scope1"] / df.at[y, "total_energy_consumption"]}
                   for y in years}
        terms = lmdi.chain(years, factors)
        parts = terms["activity"] + terms["energy_intensity"] + terms["carbon_intensity"]
        assert math.isclose(parts, terms["total"], rel_tol=0, abs_tol=1e-9 * max(1.0, abs(terms["total"])))
        assert terms["total"] == pytest.approx(df.at[2019, "co2_total_scope1"] - df.at[2005, "co2_total_scope1"])
        moved = lmdi.chain(years, factors, moved={2013: {"energy_intensity": "revision"}})
        assert moved["revision"] != 0 and sum(v for k, v in moved.items() if k != "total") == pytest.approx(
            terms["total"], abs=1e-9)
        checked += 1
    assert checked == 5


def test_the_cohort_decomposition_adds_up_over_real_provinces():
    p = d.panel()
    p = p[p["variable"].isin(["co2_total_scope1", "total_energy_consumption", "gdp_constant_2020"])]
    wide = p.pivot_table(index=["province_code", "year"], columns="variable", values="value")
    years = list(range(2005, 2020))
    prov = {c: {y: {"gdp": wide.at[(c, y), "gdp_constant_2020"], "energy": wide.at[(c, y), "total_energy_consumption"],
                    "co2_energy": wide.at[(c, y), "co2_total_scope1"]} for y in years}
            for c in ("120000", "130000", "320000", "330000", "350000", "370000", "440000", "460000")}
    t = lmdi.cohort_chain(years, prov, moved={("320000", 2013): {"energy_intensity": "revision"}})
    assert sum(v for k, v in t.items() if k != "total") == pytest.approx(t["total"], abs=1e-9 * abs(t["total"]))
    assert t["revision"] != 0 and t["process"] == 0.0
