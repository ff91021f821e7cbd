"""Hourly profiles on the real ERA5 2020 data: PV against observed hours, wind calibrated to observed hours, the
PV-only matched shares of the research notes, and the illustrative load archetypes."""

from __future__ import annotations

import numpy as np
import pytest

import zcparks.data as d
from zcparks.models import matching as m
from zcparks.models import profiles as pr


@pytest.fixture(scope="module")
def observed():
    h = d.hours_annual()
    h = h[(h["year"] == 2020) & (h["status"] == "observed")]
    return {t: h[h["technology"] == t].set_index("province_code")["hours"] for t in ("solar", "wind")}


def test_calendar_has_8760_hours_and_the_pv_peak_follows_the_sun():
    pv = d.hourly_cf("pv")
    assert pv.shape == (8760, 31) and d.hourly_cf("offwind").shape == (8760, 11)
    day = lambda code: pv[code].to_numpy().reshape(365, 24).mean(axis=0).argmax()  # noqa: E731
    assert day("110000") == 13 and day("650000") == 15  # Beijing ~12:14, Xinjiang ~14:10 solar noon; hour-ending


def test_pv_model_against_observed_hours_within_25_percent_in_at_least_28_provinces(observed):
    pv = d.hourly_cf("pv")
    ratio = pv.sum() / observed["solar"].reindex(pv.columns)
    assert int(((ratio - 1).abs() <= 0.25).sum()) >= 28
    assert ratio.median() == pytest.approx(1.05, abs=0.02)  # data/raw/hourly_profiles/PROVENANCE.md, checks done


def test_calibrated_wind_hours_equal_the_observed_hours_in_every_province(observed):
    wind = d.hourly_cf("onwind")
    low = []
    for code in wind.columns:
        target = float(observed["wind"][code])
        c = pr.calibrate_wind(wind[code].to_numpy(), target)
        assert c.cf.sum() == pytest.approx(target, rel=0.01) and c.cf.min() >= 0 and c.cf.max() <= 1
        assert np.all(np.diff(c.cf[np.argsort(wind[code].to_numpy(), kind="stable")]) >= -1e-12)  # order kept
        if c.low_confidence:
            low.append(code)
    # raw / observed below 0.5: Chongqing 0.12, Sichuan, Jiangxi, Beijing, Yunnan (data/raw/hourly_profiles/PROVENANCE.md)
    assert {"500000", "510000", "360000", "110000", "530000"} <= set(low)


def test_pv_rescaling_is_capped_at_one_and_reports_its_factor():
    cf = np.array([0.0, 0.5, 0.9, 0.2] * 10)
    c = pr.rescale_pv(cf, 20.0)  # raw 16 h -> 20 h: 0.9 x k would pass 1 and is capped
    assert c.cf.sum() == pytest.approx(20.0) and c.cf.max() == 1.0 and c.parameter > 1.25
    with pytest.raises(ValueError, match="cannot be reached"):
        pr.rescale_pv(cf, 31.0)


def test_pv_only_flat_load_at_full_annual_volume_matches_the_research_notes():
    pv = d.hourly_cf("pv")
    shares = {}
    for code in ("150000", "320000"):
        gen = pv[code].to_numpy() / pv[code].mean()  # 100 % of a flat 1 MW load's annual volume
        r = m.dispatch(gen, np.ones(8760), 0, 0)
        shares[code] = float(r.matched_share()[0])
        assert r.annual_share()[0] == pytest.approx(1.0)
    assert shares["150000"] == pytest.approx(0.42, abs=0.01)  # Inner Mongolia
    assert shares["320000"] == pytest.approx(0.39, abs=0.01)  # Jiangsu
    assert max(shares.values()) < 1.0  # 100 % annual green share is not 100 % hourly


@pytest.mark.parametrize("name", sorted(pr.ARCHETYPES))
def test_load_archetypes_have_mean_one_and_their_pattern(name):
    s = pr.load_shape(name)
    assert s.shape == (8760,) and s.mean() == pytest.approx(1.0) and (s > 0).all()
    if name == "two_shift":
        # 2020-01-01 (Wednesday) 10:00 is a working hour; Saturday 4 January 10:00 is at the weekend factor
        assert s[3 * 24 + 10] == pytest.approx(0.6 * s[10], rel=0.01) and s[2] < s[10]
    if name == "continuous_process":
        assert s.max() / s.min() < 1.07  # flat but for the seasonal swing


def test_the_2018_load_is_aligned_to_the_2020_weekdays():
    js = d.hourly_load()["320000"].to_numpy()
    from zcparks.data import hourly

    aligned = hourly.align_load_to_weather_year(js)
    assert aligned[0] == js[48] and aligned[-48] == js[0]  # 2018-01-03 (a Wednesday) starts the 2020 year
    assert js.sum() / 1e6 == pytest.approx(612.8, abs=0.1)  # TWh, the 2018 consumption of Jiangsu


def test_the_provincial_pv_peak_falls_within_an_hour_of_solar_noon_at_every_park():
    parks = d.parks()
    pv = d.hourly_cf("pv")
    bad = []
    for p in parks.itertuples():
        c = pr.timing_check(pv[p.province_code].to_numpy(), p.lon, p.lat)
        if not c["ok"]:
            bad.append((p.park_id, round(c["diff_h"], 2)))
    assert bad == []
    beijing = pr.solar_noon_h(116.4, 39.9)
    assert beijing == pytest.approx(12.24, abs=0.02)  # 12:14 Beijing time, as data/raw/hourly_profiles/PROVENANCE.md gives


def test_delivery_over_a_line_applies_its_loss():
    assert pr.delivered_over_line(np.array([0.5, 1.0]), 0.06) == pytest.approx([0.47, 0.94])
    with pytest.raises(ValueError, match="line loss 1.2"):
        pr.delivered_over_line(np.array([0.5]), 1.2)
