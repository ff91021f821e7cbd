"""Province-weighted vs park-weighted means and pooled ratios, on a tiny case with known answers and on real data."""

from __future__ import annotations

import pandas as pd
import pytest

import zcparks.data as d
from zcparks.models import cohorts, context


@pytest.fixture
def tiny() -> cohorts.Membership:
    parks = pd.DataFrame({"park_id": ["P1", "P2", "P3", "P4"], "province_code": ["A", "A", "B", "C"],
                          "industry_class": ["mixed"] * 4})
    provinces = pd.DataFrame({"province_code": ["A", "B", "C"], "nbs_region": ["East", "East", "West"],
                              "coastal": [True, True, False]})
    return cohorts.assign(parks, provinces, [cohorts.CohortRule("east", regions=("East",))])


def test_province_weighted_is_the_statistic_and_park_weighted_is_shown_beside_it(tiny):
    m = context.cohort_means(pd.Series({"A": 1.0, "B": 4.0, "C": 100.0}), tiny)
    assert m.to_dict("records") == [{"cohort": "east", "provinces": 2, "missing": "", "province_mean": 2.5,
                                     "park_mean": 2.0}]
    missing = context.cohort_means(pd.Series({"A": 1.0}), tiny)
    assert missing.loc[0, "missing"] == "B" and missing.loc[0, "provinces"] == 1


def test_pooled_ratio_beside_the_mean_of_ratios(tiny):
    r = context.pooled_ratio(pd.Series({"A": 10.0, "B": 30.0}), pd.Series({"A": 5.0, "B": 10.0}), tiny)
    assert r.loc[0, "pooled"] == pytest.approx(40 / 15) and r.loc[0, "mean_of_ratios"] == pytest.approx(2.5)


def test_real_2023_grid_factor_by_default_cohort():
    m = cohorts.assign(d.parks(), d.provinces(), [cohorts.rule(c) for c in cohorts.DEFAULTS])
    gf = d.grid_factors()
    gf = gf[(gf["level"] == "province") & (gf["factor"] == "grid_average_co2_emission_factor") & (gf["year"] == 2023)]
    by_prov = gf.set_index("province_code")["value_tco2_per_mwh"]
    means = context.cohort_means(by_prov, m).set_index("cohort")
    east = by_prov.reindex(m.province_codes("east_coast_manufacturing"))
    west = by_prov.reindex(m.province_codes("west_wind_solar_bases"))
    assert means.loc["east_coast_manufacturing", "province_mean"] == pytest.approx(east.mean())
    assert means.loc["west_wind_solar_bases", "province_mean"] == pytest.approx(west.mean())
    assert means.loc["east_coast_manufacturing", "provinces"] == 8 and means.loc["west_wind_solar_bases",
                                                                                    "provinces"] == 5


def test_the_metric_table_on_a_tiny_panel_with_known_answers():
    parks = pd.DataFrame({"park_id": ["P1", "P2", "P3", "P4", "P5"], "province_code": ["A", "B", "C", "D", "D"],
                          "industry_class": ["mixed"] * 5})
    provinces = pd.DataFrame({"province_code": list("ABCD"), "nbs_region": ["East", "East", "West", "West"],
                              "coastal": [True, True, False, False]})
    m = cohorts.assign(parks, provinces, [cohorts.CohortRule("east", regions=("East",)),
                                          cohorts.CohortRule("west", regions=("West",))])
    rows = []
    for code, co2, energy in (("A", 2.0, 1.0), ("B", 6.0, 2.0), ("C", 10.0, 2.0), ("D", 12.0, 3.0)):
        rows += [{"province_code": code, "year": 2019, "variable": "co2", "value": co2, "unit": "Mt CO2"},
                 {"province_code": code, "year": 2019, "variable": "energy", "value": energy, "unit": "10^4 tce"}]
    panel = pd.DataFrame(rows)
    metric = context.Metric("co2_per_tce", 2019, "tCO2/tce", numerator="co2", denominator="energy", vs_national=True)
    t = context.cohort_metrics(m, panel, metrics=(metric,)).set_index("cohort")
    # Mt / 10^4 tce = 100 t/tce: A 200, B 300 (east mean 250, pooled 8/3*100); C 500, D 400 (west mean 450)
    assert t.loc["east", "province_mean"] == pytest.approx(250) and t.loc["west", "province_mean"] == pytest.approx(450)
    assert t.loc["east", "pooled"] == pytest.approx(800 / 3) and t.loc["west", "park_mean"] == pytest.approx(1300 / 3)
    assert t.loc["east", "national"] == pytest.approx(3000 / 8)
    assert t.loc["east", "mean_to_national"] == pytest.approx(250 / 375)
    assert t.loc["east", "diff"] == pytest.approx(-200) and t.loc["east", "p_exact"] == pytest.approx(1 / 3)


def test_a_metric_that_defines_a_cohort_is_not_tested():
    hours = cohorts.CohortRule("windy", regions=("West",), threshold=("utilization_hours_wind", 2019, 2200))
    m = cohorts.assign(d.parks(), d.provinces(), [cohorts.rule("east_coast_manufacturing"), hours], panel=d.panel())
    t = context.cohort_metrics(m, d.panel(), d.grid_factors())
    wind = t[(t["metric"] == "wind_full_load_hours") & (t["cohort"] == "east_coast_manufacturing")].iloc[0]
    assert wind["suppressed"] == "defines a cohort" and wind["p_exact"] != wind["p_exact"]  # NaN: no test
    grid = t[(t["metric"] == "grid_factor") & (t["cohort"] == "east_coast_manufacturing")].iloc[0]
    assert grid["suppressed"] == "" and 0 < grid["p_exact"] <= 1


def test_the_default_table_on_real_data():
    m = cohorts.assign(d.parks(), d.provinces(), [cohorts.rule(c) for c in cohorts.DEFAULTS])
    t = context.cohort_metrics(m, d.panel(), d.grid_factors()).set_index(["metric", "cohort"])
    scope1 = t.loc[("co2_per_tce_scope1", "east_coast_manufacturing")]
    panel = d.panel()
    direct = panel[(panel["variable"] == "co2_per_energy") & (panel["year"] == 2019)].set_index("province_code")["value"]
    assert scope1["province_mean"] == pytest.approx(direct.reindex(m.province_codes("east_coast_manufacturing")).mean())
    assert scope1["provinces"] == 8 and scope1["year"] == 2019
    assert set(t.index.get_level_values("metric")) == {x.code for x in context.DEFAULT_METRICS}
    tested = t["p_exact"].dropna()
    assert len(tested) == len(context.DEFAULT_METRICS)
    assert (t["p_holm"].dropna() >= tested - 1e-15).all() and t["p_holm"].max() <= 1  # Holm never lowers a p


def test_the_sensitivity_table_changes_with_the_cohort_rule():
    s = context.sensitivity(d.parks(), d.provinces(), d.panel(), d.grid_factors())
    assert len(s) == len(context.SENSITIVITY_PAIRS) * len(context.DEFAULT_METRICS)
    default = s[(s["second"] == "west_wind_solar_bases") & (s["first"] == "east_coast_manufacturing")]
    symmetric = s[s["second"] == "west_wind_solar_bases_manufacturing"]
    assert set(default["provinces_second"]) == {5} and set(symmetric["provinces_second"]) == {4}  # Gansu drops out
    d_gf = default.set_index("metric").loc["grid_factor"]
    s_gf = symmetric.set_index("metric").loc["grid_factor"]
    assert d_gf["mean_second"] != s_gf["mean_second"] and d_gf["mean_first"] == s_gf["mean_first"]
