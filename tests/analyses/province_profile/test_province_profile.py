"""Province profiles: the XPCC takes Xinjiang's statistics, parks and cohorts by stable IDs, tables on real data."""

from __future__ import annotations

import pandas as pd
import pytest

import zcparks.data as d
from zcparks.analyses import province_profile as pp
from zcparks.analyses.province_profile import text
from zcparks.report import jobs


@pytest.fixture(scope="module")
def data():
    return d.parks(), d.provinces(), d.panel(), d.grid_factors()


def test_the_fan_out_has_32_units_in_two_languages_grouped_by_region():
    profiles = [j for j in jobs.jobs() if j.report == "province-profile"]
    assert len(profiles) == 64 and {j.params["province"] for j in profiles} >= {"320000", "XPCC"}
    assert {j.output for j in profiles if j.params["province"] == "XPCC"} == {"provinces/XPCC.en.html",
                                                                               "provinces/XPCC.zh.html"}


def test_xpcc_uses_xinjiang_statistics_and_its_own_parks(data):
    parks, provinces, panel, _ = data
    m = pp.default_membership(parks, provinces, panel)
    assert pp.statistics_code("XPCC") == "650000" and pp.statistics_code("320000") == "320000"
    own = pp.unit_parks("XPCC", parks, m)
    assert list(own["park_id"]) == ["ZCP-52"] and pp.cohort_of(own) == "west_wind_solar_bases"
    jiangsu = pp.unit_parks("320000", parks, m)
    assert pp.cohort_of(jiangsu) == "east_coast_manufacturing"
    assert pp.cohort_of(pp.unit_parks("420000", parks, m)) == "other"


def test_trend_frame_keeps_gaps_and_adds_the_cohort_mean(data):
    parks, provinces, panel, _ = data
    m = pp.default_membership(parks, provinces, panel)
    f = pp.trend_frame(panel, "co2_total_scope1", "320000", m, "east_coast_manufacturing", 2005, 2019)
    assert set(f["series"]) == {"province", "national_median", "cohort_mean"}
    prov = f[f["series"] == "province"].set_index("year")["value"]
    js = panel[(panel["variable"] == "co2_total_scope1") & (panel["province_code"] == "320000")].set_index("year")
    assert prov[2019] == js.loc[2019, "value"]
    tibet = pp.trend_frame(panel, "co2_total_scope1", "540000", m, "other", 2005, 2019)
    assert tibet[tibet["series"] == "province"].empty  # no CEADs values for Tibet: nothing is drawn or filled
    assert "fewer than 8 years" in text.trend_text(tibet, "CO2", "Tibet", "en")


def test_lmdi_of_one_province_adds_up_and_tibet_has_none(data):
    _, _, panel, _ = data
    s = pp.lmdi(panel, "320000", 2005, 2019).set_index("term")["mt_co2"]
    assert "structure" not in s.index
    assert s.drop("total").sum() == pytest.approx(s["total"], abs=1e-9)
    assert pp.lmdi(panel, "540000", 2005, 2019).empty


def test_power_mix_shares_sum_to_100_and_grid_table_keeps_missing(data):
    _, _, panel, factors = data
    mix = pp.power_mix(panel, "620000")
    assert mix["share_pct"].sum() == pytest.approx(100.0) and (mix["share_pct"] >= 0).all()
    g = pp.grid_factor_table(factors, "540000")
    assert g["province_factor"].isna().all() and g["national_factor"].notna().all()
    assert "not available" in text.grid_text(g, "not available", "en")
    assert isinstance(pp.grid_factor_table(factors, "320000").iloc[-1]["province_factor"], float)
    assert not pd.isna(pp.grid_factor_table(factors, "320000").iloc[-1]["province_factor"])
