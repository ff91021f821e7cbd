"""The hourly matching engine on the built data: the core indicator of the toy case with the real accounting
factors, the greedy dispatch against a linear-programming optimum on real weeks, and the storage needs by cohort."""

from __future__ import annotations

import numpy as np
import pytest

import zcparks.data as d
from zcparks.models import cohorts as co
from zcparks.models import matching as m
from zcparks.models import profiles as pr
from zcparks.models.scoring import setup

TOY_LOAD = [1.0, 1.0, 1.0, 1.0]
TOY_PV = [0.0, 2.0, 2.0, 0.0]


def test_core_indicator_of_a_matched_scenario_by_hand():
    ctx = setup()
    r = m.matched_shares(np.array([TOY_PV]), np.array(TOY_LOAD), np.array([0]), np.array([0.0]), np.array([0.0]))
    # scaled to a 100 MW park: 200 MWh imported, 200 MWh matched, 200 MWh sent out, over 4 hours
    c = m.core_of_scenario(r, 0, "320000", ctx.calibre("spec-provisional"), ctx.factors, ctx.rules, scale_mw=100)
    assert c["e_t"] == pytest.approx(200 * 0.5827)  # Jiangsu's 2023 provincial factor
    assert c["q_tce"] == pytest.approx(400 * 0.1229) and c["intensity"] == pytest.approx(0.5827 / 0.1229 / 2)
    assert c["verdict"] == "no_threshold" and c["net_inflow_mwh"] == pytest.approx(0.0)
    assert c["gross_import_e_t"] == pytest.approx(c["e_t"])


def test_greedy_equals_the_lp_optimum_on_a_real_week_for_three_parks(lp_min_import):
    pv, wind = d.hourly_cf("pv"), d.hourly_cf("onwind")
    h = d.hours_annual()
    obs = h[(h["year"] == 2020) & (h["status"] == "observed") & (h["technology"] == "wind")].set_index("province_code")
    week_h = slice(24 * 180, 24 * 187)  # a summer week (from 29 June 2020)
    for code in ("150000", "320000", "440000"):  # Inner Mongolia, Jiangsu, Guangdong
        w = pr.calibrate_wind(wind[code].to_numpy(), float(obs.loc[code, "hours"])).cf
        gen = (0.5 * pv[code].to_numpy() / pv[code].mean() + 0.5 * w / w.mean())[week_h]
        load = np.ones(168)
        d_ = m.dispatch(gen, load, 1.0, 4.0, efficiency=(0.9, 0.9), start="empty")
        assert d_.grid_import.sum() == pytest.approx(lp_min_import(gen, load, 1.0, 4.0, 0.9), rel=1e-6, abs=1e-6)


def test_90_percent_needs_overbuild_where_storage_alone_does_not_suffice():
    pv, wind = d.hourly_cf("pv"), d.hourly_cf("onwind")
    h = d.hours_annual()
    obs = h[(h["year"] == 2020) & (h["status"] == "observed") & (h["technology"] == "wind")].set_index("province_code")
    code = "150000"  # Inner Mongolia, 50/50 PV and calibrated wind at 100 % of a flat load's annual volume
    w = pr.calibrate_wind(wind[code].to_numpy(), float(obs.loc[code, "hours"])).cf
    shape = 0.5 * pv[code].to_numpy() / pv[code].mean() + 0.5 * w / w.mean()
    hours = np.arange(0, 12.5, 0.5)
    s80, _ = m.storage_for_target(shape, np.ones(8760), 0.8, hours)
    s90, shares = m.storage_for_target(shape, np.ones(8760), 0.9, hours)
    assert s80 is not None and s90 is None and shares[-1] < 0.9  # 90 % not reached even with 12 h
    f = m.frontier(shape, np.ones(8760), 0.9, np.array([1.0, 1.5, 2.0]), hours)
    assert np.isnan(f[0]) and f[1] > f[2] >= 0  # reached with overbuild; more overbuild, less storage


def test_east_coast_provinces_need_more_storage_than_western_bases_for_80_percent():
    pv, wind = d.hourly_cf("pv"), d.hourly_cf("onwind")
    h = d.hours_annual()
    obs = h[(h["year"] == 2020) & (h["status"] == "observed") & (h["technology"] == "wind")].set_index("province_code")
    mem = co.assign(d.parks(), d.provinces(), [co.rule(c) for c in co.DEFAULTS])
    median = {}
    for c in co.DEFAULTS:
        shapes = {p: pr.mix_shape(pv[p].to_numpy(), pr.calibrate_wind(wind[p].to_numpy(), float(obs.loc[p, "hours"])).cf)
                  for p in mem.province_codes(c)}
        rec = m.needs(shapes, np.ones(8760), (0.8,), np.arange(0, 12.5, 0.5), np.array([1.0]))
        median[c] = float(np.median([r["storage_h"] for r in rec]))
    # 50/50 PV and calibrated wind at 100 % volume, flat load, 4-h battery, rt 0.81, periodic
    assert median == {"east_coast_manufacturing": 5.25, "west_wind_solar_bases": 3.5}
