"""Province-weighted vs park-weighted means and pooled ratios, on tiny cases with known answers; the same on the
built data is in tests/ondata/test_context_on_data.py."""

from __future__ import annotations

import pandas as pd
import pytest

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
