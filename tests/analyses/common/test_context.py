"""Province-weighted vs park-weighted means and pooled ratios, on a tiny case with known answers and on real data."""

from __future__ import annotations

import pandas as pd
import pytest

import zcparks.data as d
from zcparks.analyses._common import cohorts, context


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
