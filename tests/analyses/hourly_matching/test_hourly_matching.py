"""The hourly-matching report's analysis on the real 2020 profiles: per-park records, the cohort comparison, the
supply options and the validation tables; plus the shared supply module on small cases with known answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from zcparks.analyses import hourly_matching as hm
from zcparks.errors import ParameterError
from zcparks.models import supply as sp


@pytest.fixture(scope="module")
def ctx():
    return hm.setup()


@pytest.fixture(scope="module")
def needs(ctx):
    return hm.cohort_needs(ctx, sp.Mix(), "auto", sp.Design())


def test_mix_parts_add_up_and_bad_shares_are_named():
    parts = sp.Mix(pv_share=0.6, offshore_share=0.5, line_share=0.2).parts()
    assert parts == pytest.approx({"pv": 0.48, "onwind": 0.16, "offwind": 0.16, "line": 0.2})
    assert sum(parts.values()) == pytest.approx(1.0)
    with pytest.raises(ParameterError, match="parameter line_share: 1.5; expected a share between 0 and 1"):
        sp.Mix(line_share=1.5)
    with pytest.raises(ParameterError, match="parameter line_loss"):
        sp.Mix(line_loss=1.0)


def test_flat_load_5050_research_figures_for_the_four_provinces(ctx):
    """The closing-note figures: flat load, 100 % annual volume, 50/50 PV and calibrated wind, rt 0.81, periodic."""
    got = {}
    for code in ("150000", "620000", "320000", "440000"):
        shape, low = ctx.profiles.supply(code, sp.Mix())
        assert shape.mean() == pytest.approx(1.0) and low == []
        for h in (0.0, 4.0):
            d = hm.m.dispatch(shape, np.ones(8760), h / 4, h)
            got[(code, h)] = round(float(d.matched_share()[0]), 3)
    assert got == {("150000", 0.0): 0.703, ("150000", 4.0): 0.821, ("620000", 0.0): 0.694, ("620000", 4.0): 0.814,
                   ("320000", 0.0): 0.692, ("320000", 4.0): 0.796, ("440000", 0.0): 0.684, ("440000", 4.0): 0.798}


def test_park_record_is_consistent_and_deterministic(ctx):
    park = hm.chosen_parks(["ZCP-18"], ctx).iloc[0]
    rec, d = hm.park_result(park, ctx, sp.Mix(), hm.AUTO, sp.Design(), "spec-provisional")
    assert rec["load_class"] == "continuous_process"  # traditional energy-intensive
    assert rec["annual_share"] == pytest.approx(1.0)
    assert rec["matched_share"] + rec["import_share"] == pytest.approx(1.0)
    assert rec["self_use_share"] + rec["export_share"] == pytest.approx(1.0)
    assert rec["export_share"] == pytest.approx(rec["surplus_share"])
    # E = grid import x Jiangsu's provincial factor; Q all electricity at the calorific 0.1229 kgce/kWh
    mwh = rec["mean_mw"] * 8760
    assert rec["e_t"] == pytest.approx(rec["gross_import_e_t"])
    assert rec["intensity"] == pytest.approx(rec["e_t"] / (mwh * 0.1229))
    rec2, _ = hm.park_result(park, ctx, sp.Mix(), hm.AUTO, sp.Design(), "spec-provisional")
    assert rec2 == rec


def test_tibet_falls_back_to_the_other_calibre_with_the_reason(ctx):
    tibet = ctx.parks[ctx.parks["province_code"] == "540000"].iloc[0]
    rec, _ = hm.park_result(tibet, ctx, sp.Mix(), hm.AUTO, sp.Design(), "spec-provisional")
    assert rec["refused_reason"] == "factor_not_published" and rec["calibre"] == "text-copy"


def test_unknown_parks_and_offshore_without_a_profile_are_named(ctx):
    with pytest.raises(ParameterError, match=r"parameter park_ids: unknown park\(s\) \['ZCP-99'\]"):
        hm.chosen_parks(["ZCP-99"], ctx)
    with pytest.raises(ParameterError, match="parameter offshore_share: province 620000 has no offshore wind profile"):
        ctx.profiles.supply("620000", sp.Mix(offshore_share=0.5))
    assert list(hm.chosen_parks(["auto"], ctx)["province_code"]) == ["150000", "620000", "320000", "440000"]


def test_storage_curve_rises_and_the_frontier_trades_overbuild_for_storage(ctx):
    parks = hm.chosen_parks(["ZCP-18"], ctx)
    curve = hm.storage_curve(parks, ctx, sp.Mix(), "continuous_process", sp.Design())
    assert (np.diff(curve["matched_share"]) >= -1e-12).all()
    f = hm.frontier_frame(parks, ctx, sp.Mix(), "continuous_process", sp.Design(), 0.9)
    reached = f.dropna()
    assert np.isnan(f.loc[f["overbuild"] == 1.0, "storage_h"]).all()  # 90 % not reached at 100 % volume
    assert len(reached) >= 3 and (np.diff(reached["storage_h"]) <= 0).all()


def test_east_coast_cohort_needs_more_storage_than_the_western_bases(needs):
    s = hm.cohort_summary(needs).set_index(["cohort", "target"])
    east, west = s.loc[("east_coast_manufacturing", 0.8)], s.loc[("west_wind_solar_bases", 0.8)]
    assert east["median_storage_h"] > west["median_storage_h"]
    assert east["provinces"] == 8 and west["provinces"] == 5
    ninety = needs[needs["target"] == 0.9]
    assert ninety["storage_h"].isna().sum() + (ninety["storage_h"] > 12).sum() > 0  # storage alone mostly fails


def test_median_counts_provinces_that_never_reach_the_target_as_above_every_size():
    t = pd.DataFrame({"cohort": ["a"] * 3, "target": [0.9] * 3, "storage_h": [2.0, np.nan, np.nan],
                      "overbuild": [np.nan, 1.2, 1.4], "storage_h_at_overbuild": [np.nan, 6.0, 8.0]})
    s = hm.cohort_summary(t).iloc[0]
    assert np.isnan(s["median_storage_h"]) and s["reached_by_storage"] == 1
    assert s["median_overbuild"] == pytest.approx(1.3) and s["median_storage_h_at_overbuild"] == pytest.approx(7.0)


def test_line_supply_is_the_source_shape_and_its_loss_only_scales_the_generation(ctx):
    o = hm.east_options(ctx, sp.Mix(line_loss=0.1), "auto", sp.Design())
    line = o[o["option"] == "line"]
    assert line["matched_share"].nunique() == 1  # every east-coast province gets Inner Mongolia's shape
    assert line["source_generation"].iloc[0] == pytest.approx(1 / 0.9)
    no_off = o[(o["option"] == "offshore") & o["matched_share"].isna()]
    assert set(no_off["province_code"]) <= set(ctx.parks["province_code"]) and len(no_off) == 0  # all 8 coastal


def test_validation_tables(ctx):
    y = ctx.profiles.yields
    wind = y[y["technology"] == "wind"]
    assert (wind["calibrated_h"] - wind["observed_h"]).abs().max() / wind["observed_h"].min() < 0.01
    assert {"500000", "510000", "360000", "110000", "530000"} <= set(wind.loc[wind["low_confidence"], "province_code"])
    t = hm.timing(hm.chosen_parks(["auto"], ctx), ctx)
    assert t["ok"].all()


def test_frames_for_the_charts(ctx):
    park = hm.chosen_parks(["ZCP-09"], ctx).iloc[0]
    _, d = hm.park_result(park, ctx, sp.Mix(), hm.AUTO, sp.Design(), "spec-provisional")
    heat = hm.heatmap_frame(d)
    assert len(heat) == 365 and all(len(c) == 24 for c in heat["cover"])
    cover = np.array(heat["cover"].tolist()).ravel()
    assert cover.max() <= 1.0 + 1e-9 and cover.mean() == pytest.approx(float(d.matched_share()[0]), abs=0.05)
    week = hm.week_frame(d, "summer")
    assert week["time"].min() == pd.Timestamp("2020-07-13 01:00") and len(week) == 5 * 168
    stored = week["series"] == "stored_mwh"  # energy in its own column: never on the power axis
    assert week.loc[stored, "value_mw"].isna().all() and week.loc[~stored, "value_mwh"].isna().all()
    assert week.loc[stored, "value_mwh"].max() <= float(d.soc.max()) + 1e-4 and week.loc[~stored, "value_mw"].notna().all()
    dur = hm.duration_frame(d)
    load = dur[dur["series"] == "load"]["value_mw"].to_numpy()
    assert (np.diff(load) <= 0).all()


def test_pv_rescaled_to_an_observed_year_reports_its_factor_and_refuses_estimated_years(ctx):
    parks = hm.chosen_parks(["ZCP-18"], ctx)  # Jiangsu
    t = hm.pv_rescaling(parks, ctx, 2019).iloc[0]
    observed = ctx.profiles.solar_hours.query("year == 2019 and province_code == '320000'")["hours"].iloc[0]
    assert t["target_h"] == observed and t["rescaled_h"] == pytest.approx(observed, rel=1e-6)
    assert t["pv_factor"] == pytest.approx(observed / t["raw_h"], rel=0.05)  # a few capped hours move k a little
    shape, _ = ctx.profiles.supply("320000", sp.Mix(pv_share=1.0, pv_year=2019))
    assert shape.mean() == pytest.approx(1.0) and shape.max() <= 1.0 / ctx.profiles.pv_cf("320000", 2019).mean() + 1e-9
    with pytest.raises(ParameterError, match="parameter pv_year: 2021 has no observed PV full-load hours for province "
                                             "320000; expected 0 .* 2018, 2019, 2020"):
        ctx.profiles.supply("320000", sp.Mix(pv_year=2021))
    assert hm.pv_rescaling(parks, ctx, 0).empty
