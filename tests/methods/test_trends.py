"""Trend tests on synthetic panels with known answers: a planted interaction is recovered; with none, the CR2 test
rejects at about its nominal 5 %."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from zcparks.errors import ParameterError
from zcparks.methods import trends


def panel(rng: np.random.Generator, diff: float, n_treated: int = 5, n_control: int = 8,
          years: range = range(2005, 2020)) -> pd.DataFrame:
    rows = []
    for i in range(n_treated + n_control):
        treated = i < n_treated
        level = rng.normal(3, 0.5)
        slope = -0.03 + (diff if treated else 0.0) + rng.normal(0, 0.01)
        ar = 0.0
        for y in years:
            ar = 0.5 * ar + rng.normal(0, 0.03)  # serially correlated noise within a province
            rows.append({"province_code": f"P{i:02d}", "year": y, "treated": treated,
                         "value": float(np.exp(level + slope * (y - 2005) + ar))})
    return pd.DataFrame(rows)


def test_the_panel_regression_recovers_a_planted_interaction():
    rng = np.random.default_rng(11)
    r = trends.panel_trend(panel(rng, diff=0.04))
    assert r.coef == pytest.approx(0.04, abs=0.012) and r.ci_low < 0.04 < r.ci_high
    assert r.p < 0.01 and r.n_clusters == 13 and r.n_obs == 195 and r.years == (2005, 2019)
    assert 2 < r.df < 13  # Satterthwaite: far fewer than n - p degrees of freedom
    s = trends.slope_test(panel(np.random.default_rng(11), diff=0.04))
    assert s.diff == pytest.approx(0.04, abs=0.012) and s.splits == 1287 and s.p_exact < 0.01


@pytest.mark.slow  # a size simulation: many panels, each with its CR2 test (about 5 s)
def test_with_no_true_difference_the_trend_test_rejects_in_3_to_7_percent():
    rng = np.random.default_rng(20261201)
    sims = 400
    rejected = sum(trends.panel_trend(panel(rng, diff=0.0)).p < 0.05 for _ in range(sims))
    assert 0.03 <= rejected / sims <= 0.07, rejected / sims


def test_short_or_non_positive_series_are_refused():
    rng = np.random.default_rng(1)
    with pytest.raises(ParameterError, match="at least 8 years per province; P00 has 3"):
        trends.panel_trend(panel(rng, 0.0, years=range(2021, 2024)))
    bad = panel(rng, 0.0)
    bad.loc[3, "value"] = 0.0
    with pytest.raises(ParameterError, match="log trend of non-positive values: P00 2008 = 0.0"):
        trends.slopes(bad)
