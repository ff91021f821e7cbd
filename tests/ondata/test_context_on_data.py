"""Province-weighted means, the metric table and the sensitivity table by cohort on the built data."""

from __future__ import annotations

import pytest

import zcparks.data as d
from zcparks.models import cohorts, context


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
