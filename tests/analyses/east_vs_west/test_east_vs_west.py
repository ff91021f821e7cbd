"""The east-vs-west comparison: parameters change membership and numbers; real headline figures; the notebook runs
through the CLI and through plain papermill with a parameters file, and its records differ from the default run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import zcparks.data as d
from zcparks import records
from zcparks.analyses import east_vs_west as ew
from zcparks.analyses.east_vs_west import text
from zcparks.errors import ParameterError
from zcparks.report import registry

ROOT = Path(__file__).resolve().parents[3]
DEFAULTS = dict(east_rule="east_coast_manufacturing", west_rule="west_wind_solar_bases", wind_hours_year=2019,
                wind_hours_min=2000.0, metrics=["all"], base_year=2005, end_year=2023)


@pytest.fixture(scope="module")
def data():
    return d.parks(), d.provinces(), d.panel(), d.grid_factors()


def setup(data, **kw):
    parks, provinces, panel, _ = data
    return ew.setup(parks, provinces, panel, **{**DEFAULTS, **kw})


def test_the_metrics_choices_of_the_spec_are_the_metrics_of_the_package():
    spec_choices = registry.spec("east-vs-west").param("metrics").choices
    assert list(spec_choices) == [m.code for m in ew.context.DEFAULT_METRICS]


def test_default_headline_figures_on_real_data(data):
    s = setup(data)
    parks, provinces, panel, factors = data
    lv, tr, lm = ew.levels(s, panel, factors), ew.trends(s, panel), ew.lmdi(s, panel, "census")
    h = ew.headline(s, lv, tr, lm)
    assert (h["provinces_first"], h["provinces_second"]) == (8, 5)
    assert h["grid_factor_east_coast_manufacturing"] == pytest.approx(0.532275, abs=1e-6)
    assert h["grid_factor_west_wind_solar_bases"] == pytest.approx(0.49908, abs=1e-6)
    assert h["grid_factor_p_exact"] == pytest.approx(0.7218, abs=1e-4)
    assert h["trend_co2_per_tce_diff"] == pytest.approx(-0.0160, abs=1e-4)
    assert h["trend_co2_per_tce_p_exact"] == pytest.approx(0.0132, abs=1e-4)
    for cohort in ("east_coast_manufacturing", "west_wind_solar_bases"):  # the LMDI terms add up
        terms = sum(h[f"lmdi_{cohort}_{t}_mt"] for t in ew.dynamics.LMDI_TERMS)
        assert terms == pytest.approx(h[f"lmdi_{cohort}_total_mt"], abs=1e-6)
    assert h["lmdi_east_coast_manufacturing_total_mt"] == pytest.approx(1847.3, abs=0.1)


def test_changing_a_cohort_parameter_changes_membership_and_numbers(data):
    parks, provinces, panel, factors = data
    base, other = setup(data), setup(data, west_rule="west_wind_hours", wind_hours_min=2100.0)
    assert base.membership.province_codes("west_wind_solar_bases") == ["150000", "620000", "630000", "640000",
                                                                        "650000"]
    assert other.membership.province_codes("west_wind_hours") == ["150000", "450000", "510000", "530000", "540000",
                                                                   "650000"]
    a = ew.levels(base, panel, factors).set_index(["metric", "cohort"])["province_mean"]
    b = ew.levels(other, panel, factors).set_index(["metric", "cohort"])["province_mean"]
    assert a[("grid_factor", "west_wind_solar_bases")] != pytest.approx(b[("grid_factor", "west_wind_hours")])
    # the threshold rule defines the cohort by wind hours: that metric is not tested
    lv = ew.levels(other, panel, factors).set_index("metric")
    assert lv.loc["wind_full_load_hours"].iloc[0]["suppressed"] == "defines a cohort"
    higher = setup(data, west_rule="west_wind_hours", wind_hours_min=2400.0)
    assert len(higher.membership.province_codes("west_wind_hours")) < 6


def test_every_park_is_in_a_cohort_or_other(data):
    parks, provinces, _, _ = data
    t = ew.membership_table(setup(data).membership, parks, provinces)
    assert len(t) == 52 and t["park_id"].is_unique
    assert t["cohort"].value_counts().to_dict() == {"other": 30, "east_coast_manufacturing": 12,
                                                    "west_wind_solar_bases": 10}


def test_bad_parameters_are_named(data):
    with pytest.raises(ParameterError, match="base_year 2019 must be before end_year 2010"):
        setup(data, base_year=2019, end_year=2010)
    with pytest.raises(ParameterError, match="unknown.*co2_per_banana"):
        setup(data, metrics=["co2_per_banana"])


def test_sentences_follow_the_numbers(data):
    parks, provinces, panel, factors = data
    lv = ew.levels(setup(data), panel, factors)
    en = dict(zip(lv["metric"].drop_duplicates(), text.level_sentences(lv, "en"), strict=True))
    assert "No clear evidence" in en["grid_factor"] and "evidence of a real gap" in en["energy_per_real_gdp"]
    flipped = lv.copy()
    flipped.loc[flipped["metric"] == "grid_factor", "p_holm"] = 0.001
    en2 = dict(zip(lv["metric"].drop_duplicates(), text.level_sentences(flipped, "en"), strict=True))
    assert "evidence of a real gap" in en2["grid_factor"]
    zh = text.level_sentences(lv, "zh")
    assert all("省均值" in s for s in zh)


def test_power_mix_keeps_utility_scale_and_distributed_apart(data):
    _, _, panel, _ = data
    pm = ew.power_mix(setup(data), panel).set_index(["metric", "cohort"])
    assert set(pm.index.get_level_values("metric")) == {"wind_share_capacity_utility",
                                                        "solar_share_capacity_incl_distributed",
                                                        "wind_solar_share_generation", "solar_share_capacity_utility"}
    assert pm.loc[("solar_share_capacity_utility", "east_coast_manufacturing"), "missing"] == "not in the data"
    assert 0 < pm.loc[("wind_share_capacity_utility", "west_wind_solar_bases"), "province_mean"] < 100


@pytest.mark.slow
def test_cli_run_with_other_years_in_chinese_differs_from_the_default(tmp_path):
    cli = [sys.executable, "-m", "zcparks.cli", "run", "east-vs-west"]
    r0 = subprocess.run([*cli, "-o", str(tmp_path / "a")], cwd=ROOT, capture_output=True, text=True, timeout=300)
    r1 = subprocess.run([*cli, "-p", "base_year", "2010", "-p", "end_year", "2019", "-p", "lang", "zh", "-o",
                         str(tmp_path / "b")], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r0.returncode == 0 and r1.returncode == 0, r0.stderr[-2000:] + r1.stderr[-2000:]
    rec0 = records.read(next((tmp_path / "a").glob("*.ipynb")))
    rec1 = records.read(next((tmp_path / "b").glob("*.ipynb")))
    assert rec1["base_year"] == 2010 and rec1["end_year"] == 2019
    assert rec1["lmdi_east_coast_manufacturing_total_mt"] != pytest.approx(rec0["lmdi_east_coast_manufacturing_total_mt"])
    assert rec1["trend_co2_per_tce_diff"] != pytest.approx(rec0["trend_co2_per_tce_diff"])
    html = next((tmp_path / "b").glob("*.html")).read_text(encoding="utf-8")
    assert "省均值" in html and "2010" in html


@pytest.mark.slow
def test_plain_papermill_with_a_parameters_file(tmp_path):
    params = tmp_path / "params.yaml"
    params.write_text("base_year: 2010\nend_year: 2019\nmetrics: [grid_factor, co2_per_tce_scope1]\n",
                      encoding="utf-8")
    out = tmp_path / "out.ipynb"
    r = subprocess.run([str(Path(sys.executable).parent / "papermill"), "notebooks/04-east-vs-west.ipynb", str(out),
                        "-f", str(params), "--cwd", "notebooks"], cwd=ROOT, capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    rec = records.read(out)
    assert rec["base_year"] == 2010 and "co2_per_real_gdp_p_exact" not in rec
    assert rec["trend_co2_per_tce_diff"] == pytest.approx(-0.0159, abs=0.01)


def test_grid_factor_in_every_published_year(data):
    _, _, _, factors = data
    g = ew.grid_factor_years(setup(data), factors).set_index(["year", "cohort"])
    assert sorted({y for y, _ in g.index}) == [2021, 2022, 2023]
    assert g.loc[(2023, "east_coast_manufacturing"), "province_mean"] == pytest.approx(0.532275, abs=1e-6)
    assert g.loc[(2023, "west_wind_solar_bases"), "provinces"] == 5


def test_trend_wording_follows_both_tests(data):
    _, _, panel, _ = data
    tr = ew.trends(setup(data), panel)
    m = ew.HEADLINE_TREND
    assert "suggestive, not conclusive" in text.trend_sentence(tr, m, "en")  # p 0.013 / Holm 0.053 / CR2 0.009
    for p_holm, p_exact, p_cr2, words in ((0.01, 0.01, 0.01, "Both tests agree"), (0.2, 0.04, 0.3, "Only one"),
                                          (0.6, 0.3, 0.4, "No clear evidence")):
        t = tr.copy()
        t.loc[t["metric"] == m, ["p_holm", "p_exact", "p_cr2"]] = [p_holm, p_exact, p_cr2]
        assert words in text.trend_sentence(t, m, "en")
    assert text.trend_sentence(tr, "grid_factor", "en") is None  # 3 years: no trend test
