"""Provincial trends: gaps are kept and listed, slopes on known series, totals only over complete provinces,
third-party values after 2019 marked, the outlook labelled and backtested."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import zcparks.data as d
from zcparks.analyses import provincial_trends as pt
from zcparks.analyses.provincial_trends import text


def tiny(values: dict[str, list[float | None]], start: int = 2000) -> pd.DataFrame:
    rows = [{"province_code": c, "year": start + i, "value": v, "third_party": False, "flag_class": ""}
            for c, vs in values.items() for i, v in enumerate(vs)]
    return pd.DataFrame(rows).assign(value=lambda x: x["value"].astype(float), unit="Mt CO2")


def test_year_ranges():
    assert pt.year_ranges([2015, 2008, 2009, 2010]) == "2008-2010, 2015" and pt.year_ranges([]) == ""


def test_slopes_on_a_known_growth_rate_and_too_short_series():
    s = tiny({"A": [100 * 1.05 ** i for i in range(10)], "B": [1.0, 2.0, 3.0, None, None, None, None, None, None,
                                                              None]})
    t = pt.slope_table(s).set_index("province_code")
    assert t.loc["A", "pct_per_year"] == pytest.approx(5.0, abs=1e-9)
    assert math.isnan(t.loc["B", "slope"]) and t.loc["B", "note"] == "fewer than 8 years"
    cov = pt.coverage(s).set_index("province_code")
    assert cov.loc["B", "missing_years"] == "2003-2009" and cov.loc["A", "missing_years"] == ""


def test_a_total_counts_only_complete_provinces():
    s = tiny({"A": [1.0, 2.0, 3.0], "B": [10.0, None, 30.0]})
    agg, kind, left = pt.aggregate(s, additive=True)
    assert kind == "total" and left == ["B"] and list(agg) == [1.0, 2.0, 3.0]
    med, kind, _ = pt.aggregate(s, additive=False)
    assert kind == "median" and list(med) == [5.5, 2.0, 16.5]


def test_real_series_are_not_interpolated_and_third_party_values_are_marked():
    panel, provinces, variables = d.panel(), d.provinces(), d.variables()
    codes, _ = pt.province_codes(["all"], provinces)
    s = pt.series(panel, "co2_total_scope1", codes, 2000, 2019)
    assert len(s) == 31 * 20 and s[s["province_code"] == "540000"]["value"].isna().all()
    e = pt.series(panel, "total_energy_consumption", codes, 2015, 2023)
    assert e.loc[e["year"] > 2019, "third_party"].any() and not e.loc[e["year"] <= 2019, "third_party"].any()
    assert pt.is_additive(variables, "co2_total_scope1") and not pt.is_additive(variables, "co2_per_energy")
    assert pt.province_codes(["XPCC", "320000"], provinces) == (["320000", "650000"], ["XPCC"])


def test_outlook_is_labelled_and_backtested_on_real_data():
    panel, provinces = d.panel(), d.provinces()
    codes, _ = pt.province_codes(["all"], provinces)
    agg, kind, _ = pt.aggregate(pt.series(panel, "co2_total_scope1", codes, 2000, 2019), True)
    o = pt.outlook_of(agg, 2030)
    assert o["label"] == "extrapolation" and int(o["path"]["year"].iloc[-1]) == 2030
    width = (o["path"]["high"] - o["path"]["low"]).to_numpy()
    assert (np.diff(width) > 0).all() and o["mase"] > 0
    words = text.outlook_text(o, "CO2", kind, "Mt CO2", [], provinces.set_index("province_code")["name_en"], "en")
    assert words.startswith("Extrapolation, not a forecast") and "MASE" in words
    short = pt.outlook_of(agg.iloc[:5], 2030)
    assert "error" in short


def test_every_unit_a_cohort_report_shows_reads_in_both_languages():
    from zcparks.models import context
    from zcparks.report import registry

    variables = d.variables().set_index("variable")
    units = {variables.loc[v, "unit"] for v in registry.spec("provincial-trends").param("variables").allowed()}
    units |= {m.unit for m in context.DEFAULT_METRICS}
    units |= {variables.loc[v, "unit"] for v in ("co2_total_scope1", "co2_per_energy", "energy_per_gdp",
                                                 "secondary_industry_share")}  # the profile's trends
    for u in units:
        assert pt.LABELS.code("unit_label", u, "en") and pt.LABELS.code("unit_label", u, "zh")
    assert pt.LABELS.code("unit_label", "10^4 tce", "zh") == "万吨标准煤"
