"""The hourly matching engine: the 4-hour toy case by hand, hourly balance closure, state-of-charge bounds, the
greedy dispatch against a linear-programming optimum, the vectorised engine against a plain loop, determinism.

All on toy and synthetic weeks; the engine on the built hourly data is in tests/ondata/test_matching_on_data.py."""

from __future__ import annotations

import numpy as np
import pytest

from zcparks.models import matching as m

TOY_LOAD = [1.0, 1.0, 1.0, 1.0]
TOY_PV = [0.0, 2.0, 2.0, 0.0]


def test_toy_case_by_hand():
    # no storage: only hours 2 and 3 are met, 2 of 4 MWh
    assert m.dispatch(TOY_PV, TOY_LOAD, 0, 0).matched_share() == pytest.approx([0.50])
    # 1 MW / 2 MWh at efficiency 1: from empty the surplus of hours 2-3 (2 MWh) serves hour 4 only -> 3/4
    empty = m.dispatch(TOY_PV, TOY_LOAD, 1, 2, efficiency=(1.0, 1.0), start="empty")
    assert empty.matched_share() == pytest.approx([0.75])
    # periodic: the year starts with what it ends with (1 MWh), which serves hour 1 too -> 4/4
    periodic = m.dispatch(TOY_PV, TOY_LOAD, 1, 2, efficiency=(1.0, 1.0))
    assert periodic.matched_share() == pytest.approx([1.00]) and periodic.soc_start == pytest.approx([1.0])
    # 0.9 / 0.9 from empty: 0.9 + 0.9 = 1.8 MWh stored; delivering 1 MWh takes 1/0.9, leaving 0.689 MWh
    lossy = m.dispatch(TOY_PV, TOY_LOAD, 1, 2, efficiency=(0.9, 0.9), start="empty")
    assert lossy.matched_share() == pytest.approx([0.75])
    assert lossy.soc[0, -1] == pytest.approx(1.8 - 1 / 0.9) == pytest.approx(0.689, abs=5e-4)
    assert m.efficiencies(0.81) == pytest.approx((0.9, 0.9))


def week(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A synthetic week (168 h) of PV-like and wind-like supply against a two-shift load, MW (deterministic)."""
    rng = np.random.default_rng(seed)
    h = np.arange(168)
    pv = np.clip(np.sin((h % 24 - 6) / 12 * np.pi), 0, None) * rng.uniform(0.3, 1.0, 7).repeat(24)
    wind = np.clip(0.4 + 0.3 * np.sin(h / 17.0 + seed) + rng.normal(0, 0.15, 168), 0, 1)
    load = np.where((h % 24 >= 6) & (h % 24 < 22), 1.2, 0.6)
    return 1.1 * pv + 0.9 * wind, load


def test_every_hour_closes_and_the_battery_stays_within_its_capacity():
    gen, load = week(1)
    d = m.dispatch(np.stack([gen, gen * 2]), load, np.array([0.5, 2.0]), np.array([2.0, 10.0]), round_trip=0.85)
    np.testing.assert_allclose(d.used + d.curtailed + d.charge, d.gen, atol=1e-6)
    np.testing.assert_allclose(d.used + d.discharge + d.grid_import, d.load, atol=1e-6)
    assert (d.soc >= -1e-12).all() and (d.soc <= np.array([[2.0], [10.0]]) + 1e-12).all()
    assert (d.charge <= np.array([[0.5], [2.0]]) + 1e-12).all() and (d.curtailed >= -1e-12).all()
    assert (d.grid_import >= -1e-12).all()
    # no grid charging: the battery only ever charges from surplus green power
    assert (d.charge <= d.gen - d.used + 1e-12).all()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_greedy_dispatch_equals_the_linear_programming_minimum_import(seed, lp_min_import):
    gen, load = week(seed)
    d = m.dispatch(gen, load, 0.8, 4.0, efficiency=(0.92, 0.92), start="empty")
    assert d.grid_import.sum() == pytest.approx(lp_min_import(gen, load, 0.8, 4.0, 0.92), rel=1e-6, abs=1e-6)


def test_vectorised_engine_equals_the_plain_loop_and_is_deterministic():
    gen, load = week(4)
    sizes = np.array([0.0, 1.0, 3.0, 8.0])
    d = m.dispatch(np.tile(gen, (4, 1)), load, sizes / 2, sizes, round_trip=0.81, start="empty")
    for i, e in enumerate(sizes):
        share, soc_end = m.dispatch_loop(list(gen), list(load), e / 2, e, round_trip=0.81)
        assert d.matched_share()[i] == pytest.approx(share) and d.soc[i, -1] == pytest.approx(soc_end)
    again = m.dispatch(np.tile(gen, (4, 1)), load, sizes / 2, sizes, round_trip=0.81, start="empty")
    assert np.array_equal(d.grid_import, again.grid_import)
    shares = d.matched_share()
    assert (np.diff(shares) >= -1e-12).all()  # more storage never lowers the matched share


@pytest.mark.parametrize("start", ["empty", "periodic"])
def test_a_dispatch_without_a_battery_equals_the_zero_battery_of_the_hour_loop(start):
    """No battery at all skips the hour loop; its zero scenario inside a mixed run goes through the loop."""
    gen, load = week(7)
    alone = m.dispatch(gen, load, 0.0, 0.0, start=start)  # no scenario has a battery: the loop is skipped
    no_power = m.dispatch(gen, load, 0.0, 5.0, start=start)
    mixed = m.dispatch(np.tile(gen, (2, 1)), load, np.array([0.0, 1.0]), np.array([0.0, 4.0]), start=start)
    for d in (alone, no_power):
        for field in ("used", "charge", "discharge", "curtailed", "grid_import", "soc"):
            np.testing.assert_array_equal(getattr(d, field)[0], getattr(mixed, field)[0])
        np.testing.assert_array_equal(d.soc_start, [0.0])
    assert alone.charge.sum() == 0 and alone.discharge.sum() == 0
    np.testing.assert_array_equal(alone.grid_import[0], np.maximum(load - gen, 0))
    r = m.matched_shares(gen, load, np.array([0]), np.array([0.0]), np.array([0.0]), start=start)
    assert r["matched_share"][0] == pytest.approx(np.minimum(gen, load).sum() / load.sum(), rel=1e-12)
    assert mixed.matched_share()[1] > mixed.matched_share()[0]  # the battery in the same run is used


def test_bad_inputs_are_refused():
    with pytest.raises(ValueError, match="round-trip efficiency 1.2"):
        m.efficiencies(1.2)
    with pytest.raises(ValueError, match="gen: expected finite numbers >= 0"):
        m.dispatch([-1.0, 1.0], [1.0, 1.0], 0, 0)
    with pytest.raises(ValueError, match="start 'full'; expected periodic or empty"):
        m.dispatch([1.0], [1.0], 0, 0, start="full")


@pytest.mark.parametrize("start", ["empty", "periodic"])
def test_the_sweep_totals_equal_the_hourly_dispatch(start):
    gens = np.stack([week(5)[0], week(6)[0] * 1.5])
    load = week(5)[1]
    rows = np.array([0, 0, 1, 1])
    energy = np.array([0.0, 4.0, 2.0, 12.0])
    power = energy / 4
    r = m.matched_shares(gens, load, rows, power, energy, round_trip=0.85, start=start)
    d = m.dispatch(gens[rows], load, power, energy, round_trip=0.85, start=start)
    np.testing.assert_allclose(r["matched_share"], d.matched_share(), rtol=1e-12)
    np.testing.assert_allclose(r["import_mwh"], d.grid_import.sum(-1), atol=1e-9)
    np.testing.assert_allclose(r["curtailed_mwh"], d.curtailed.sum(-1), atol=1e-9)
    np.testing.assert_allclose(r["soc_start"], d.soc_start, atol=1e-9)


def test_storage_for_a_target_and_the_iso_share_frontier_on_the_toy_case():
    # toy: share 0.5 without storage, 1.0 periodic with 2 MWh (2 h of the 1 MW mean load) at efficiency 1
    hours = np.array([0.0, 0.5, 1.0, 2.0])
    size, shares = m.storage_for_target(TOY_PV, TOY_LOAD, 0.9, hours, duration_h=2.0, round_trip=1.0)
    # h hours = h MWh at h/2 MW: the two night hours get min(h/2, 1) MWh each -> (2 + 2 min(h/2, 1)) / 4
    assert shares == pytest.approx([0.5, 0.625, 0.75, 1.0]) and size == 2.0
    assert m.storage_for_target(TOY_PV, TOY_LOAD, 0.9, np.array([0.0]), round_trip=1.0)[0] is None
    shape = np.array(TOY_PV) / np.mean(TOY_PV)  # 100 % annual volume
    # overbuilding PV cannot serve the night hours, so the battery's power sets the answer at every overbuild
    f = m.frontier(shape, np.array(TOY_LOAD), 0.9, np.array([1.0, 1.8, 3.0]), hours, duration_h=2.0, round_trip=1.0)
    assert f.tolist() == [2.0, 2.0, 2.0]
    assert np.isnan(m.frontier(shape, np.array(TOY_LOAD), 0.9, np.array([1.0]), hours[:2], duration_h=2.0,
                               round_trip=1.0)).all()  # not reached on this grid


def test_direct_supply_checks_by_hand():
    # toy without storage: 4 MWh generated, 2 used, 2 sent out; load 4 MWh
    r = m.matched_shares(np.array([TOY_PV]), np.array(TOY_LOAD), np.array([0]), np.array([0.0]), np.array([0.0]))
    c = m.direct_supply_checks(r)
    assert c["self_use_share"] == pytest.approx([0.5]) and not c["self_use_ok"][0]  # rule >= 60 %
    assert c["export_share"] == pytest.approx([0.5]) and not c["export_ok"][0]  # rule <= 20 %
    assert c["green_of_load"] == pytest.approx([0.5]) and c["green_of_load_ok"][0]  # rule >= 30 %


def test_needs_reports_storage_or_else_the_overbuild():
    shape = np.array(TOY_PV) / np.mean(TOY_PV)
    rec = m.needs({"toy": shape}, np.array(TOY_LOAD), (0.7, 0.99), np.array([0.0, 1.0, 2.0]), np.array([1.0, 2.0]),
                  max_hours=1.0, duration_h=2.0, round_trip=1.0)
    # 0.7: 1 h (1 MWh at 0.5 MW) gives 0.75; 0.99 needs 2 h, above max_hours, and no overbuild helps the nights
    assert rec[0] == {"key": "toy", "target": 0.7, "storage_h": 1.0, "overbuild": None, "storage_h_at_overbuild": None}
    assert rec[1]["storage_h"] == 2.0 and rec[1]["overbuild"] is None
