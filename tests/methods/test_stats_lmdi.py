"""Known answers for the small-sample statistics and the LMDI decomposition (analyses._common), on hand cases and
synthetic samples; the LMDI decompositions over real provinces are in tests/ondata/test_stats_lmdi_on_data.py."""

from __future__ import annotations

import random

import pytest

from zcparks.methods import lmdi, stats


def test_exact_permutation_test_and_welch_on_a_hand_case():
    r = stats.compare([1, 2, 3], [4, 5, 6])
    assert r.splits == 20 and r.p_exact == pytest.approx(0.100)  # 2 of the 20 splits are as extreme
    assert r.welch_t == pytest.approx(-3.674, abs=1e-3) and r.welch_df == pytest.approx(4.0)
    assert r.diff == -3.0
    assert r.hedges_g == pytest.approx(-3.0 * (1 - 3 / (4 * 6 - 9)))


def test_the_permutation_test_enumerates_all_1287_splits_of_8_vs_5():
    r = stats.compare([1.0, 2, 3, 4, 5, 6, 7, 8], [9.0, 10, 11, 12, 13])
    assert r.splits == 1287 and r.p_exact == pytest.approx(2 / 1287)  # only the observed split and its mirror


def test_identical_groups_give_p_one_and_no_t():
    r = stats.compare([2.0, 2.0], [2.0, 2.0])
    assert r.p_exact == 1.0 and r.welch_t is None and r.hedges_g is None


@pytest.mark.slow  # a size simulation: 400 exact permutation tests
def test_without_a_true_difference_the_exact_test_rejects_about_5_percent():
    rng = random.Random(20261201)
    rejections = sum(stats.permutation_p([rng.gauss(0, 1) for _ in range(8)],
                                         [rng.gauss(0, 1) for _ in range(5)])[0] <= 0.05 for _ in range(400))
    assert 0.03 <= rejections / 400 <= 0.075


def test_holm():
    assert stats.holm([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.06, 0.06])
    assert stats.holm([0.5, 0.9]) == [1.0, 1.0]


def test_lmdi_by_hand():
    terms = lmdi.decompose({"activity": 10, "energy_intensity": 2, "carbon_intensity": 3},
                           {"activity": 15, "energy_intensity": 1.6, "carbon_intensity": 2.7})
    assert terms["total"] == pytest.approx(4.8)
    assert terms["activity"] == pytest.approx(25.289, abs=1e-3)
    assert terms["energy_intensity"] == pytest.approx(-13.917, abs=1e-3)
    assert terms["carbon_intensity"] == pytest.approx(-6.571, abs=1e-3)


def test_lmdi_zeros_follow_ang_and_liu():
    assert lmdi.decompose({"a": 0, "b": 2}, {"a": 0, "b": 3}) == {"a": 0.0, "b": 0.0, "total": 0}
    start = lmdi.decompose({"a": 0.0, "b": 2.0}, {"a": 1.0, "b": 3.0})  # C goes 0 -> 3: all of it is a's
    assert start == {"a": 3.0, "b": 0.0, "total": 3.0}
    with pytest.raises(ValueError, match="negative"):
        lmdi.log_mean(-1, 2)


def test_the_cohort_decomposition_adds_up_and_shows_a_pure_structure_shift():
    # two provinces, same intensities; GDP shifts from the clean one (B) to the dirty one (A) at constant total
    prov = {"A": {2000: {"gdp": 50.0, "energy": 100.0, "co2_energy": 300.0, "co2_process": 10.0},
                  2001: {"gdp": 60.0, "energy": 120.0, "co2_energy": 360.0, "co2_process": 14.0}},
            "B": {2000: {"gdp": 50.0, "energy": 50.0, "co2_energy": 50.0},
                  2001: {"gdp": 40.0, "energy": 40.0, "co2_energy": 40.0}}}
    t = lmdi.cohort_chain([2000, 2001], prov)
    assert t["total"] == pytest.approx((360 + 14 + 40) - (300 + 10 + 50))
    assert t["activity"] == pytest.approx(0.0, abs=1e-12)  # cohort GDP unchanged
    assert t["energy_intensity"] == pytest.approx(0.0, abs=1e-12) and t["carbon_intensity"] == pytest.approx(0.0,
                                                                                                           abs=1e-12)
    assert t["structure"] == pytest.approx(50.0) and t["process"] == pytest.approx(4.0)  # 60 - 10 energy CO2 + 4
    parts = sum(v for k, v in t.items() if k != "total")
    assert parts == pytest.approx(t["total"], abs=1e-9)
