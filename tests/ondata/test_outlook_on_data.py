"""Outlook on the built data (Jiangsu's scope-1 CO2, 2000-2019): intervals contain the central path and widen with
the horizon; the backtest reports MASE vs naive."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import zcparks.data as d
from zcparks.methods import outlook


@pytest.fixture(scope="module")
def co2_jiangsu() -> pd.Series:
    p = d.panel()
    s = p[(p["variable"] == "co2_total_scope1") & (p["province_code"] == "320000")].set_index("year")["value"]
    return s.loc[2000:2019]


@pytest.mark.parametrize("method", outlook.METHODS)
def test_the_interval_contains_the_path_and_widens_with_the_horizon(co2_jiangsu, method):
    o = outlook.extrapolate(co2_jiangsu, 2030, method=method)
    assert o.label == "extrapolation" and o.last_year == 2019 and o.path["year"].tolist() == list(range(2020, 2031))
    assert ((o.path["low"] < o.path["central"]) & (o.path["central"] < o.path["high"])).all()
    width = (o.path["high"] - o.path["low"]).to_numpy()
    assert (np.diff(width) > 0).all()
    assert (o.path["low"] > 0).all()


def test_the_backtest_reports_mase_against_the_naive_forecast(co2_jiangsu):
    b = outlook.backtest(co2_jiangsu, horizon=3)
    assert b["origins"] == 10 and b["horizon"] == 3 and b["mase"] == pytest.approx(b["mae"] / b["mae_naive"])
    trend = pd.Series(np.exp(0.05 * np.arange(20)), index=range(2000, 2020))  # a clean trend: drift beats "no change"
    assert outlook.backtest(trend, method="drift")["mase"] < 0.1
