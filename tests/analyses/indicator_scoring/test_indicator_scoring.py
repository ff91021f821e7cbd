"""Indicator scoring: hand-computed core-indicator cases, band edges, refused calibres, dilution, rule sets, the
province lens and the `zcparks score` command. The hand calculations are written out in each test."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import zcparks.data as d
from zcparks.analyses import indicator_scoring as sc
from zcparks.analyses.indicator_scoring import text
from zcparks.cli import main
from zcparks.data import balance
from zcparks.errors import ParameterError
from zcparks.models import accounting as acc


@pytest.fixture(scope="module")
def ctx():
    return sc.setup()


@pytest.fixture(scope="module")
def archetypes():
    return {sc.park_key(b): b for b in sc.balances()}


def park(year_fields: dict, province: str = "320000") -> balance.Balance:
    return balance.from_dict({"park": {"name_en": "t", "name_zh": "测", "province_code": province},
                              "years": {2025: {"process_co2_t": 0, **year_fields}}}, "test.yaml")


def national(ctx, kind: str, vintage: str) -> float:
    return ctx.factors.grid[(kind, vintage, "")]


def test_grid_power_intensity_and_largest_grid_share_match_the_hand_calculation(ctx):
    basis = ctx.factors.tce_per_mwh["calorific"]
    assert basis == 0.1229  # tce/MWh = kgce/kWh, from data/raw/policy
    avg23 = national(ctx, "national_average", "2023")
    assert avg23 == 0.5306
    assert avg23 / basis == pytest.approx(4.317, abs=5e-4)  # 0.5306 / 0.1229 = 4.3173 tCO2/tce
    assert 100 * acc.max_grid_share(0.2, avg23, basis) == pytest.approx(4.63, abs=5e-3)  # 0.2 / 4.3173
    fossil22 = national(ctx, "national_fossil", "2022")
    assert fossil22 == 0.8325
    assert fossil22 / basis == pytest.approx(6.774, abs=5e-4)  # 0.8325 / 0.1229 = 6.7738
    assert 100 * acc.max_grid_share(0.2, fossil22, basis) == pytest.approx(2.95, abs=5e-3)  # 0.2 / 6.7738


def test_an_all_electric_park_at_the_largest_share_sits_exactly_on_the_threshold(ctx):
    # 1 000 000 MWh a year (122 900 tce: no national band), so use a 2 000 000 MWh park: 245 800 tce, band 0.2
    share = acc.max_grid_share(0.2, 0.5306, 0.1229)
    b = park({"electricity": {"grid_mwh": 2e6 * share, "direct_green_mwh": 2e6 * (1 - share)}})
    c = acc.Calibre("national_average", "2023", "calorific", "grid", "grid")
    r = acc.core(acc.account(b.years[2025], "320000", c, ctx.factors), ctx.rules)
    assert r["q_tce"] == pytest.approx(245_800)
    assert r["intensity"] == pytest.approx(0.2) and r["verdict"] == "pass"


def test_certified_zero_carbon_power_dilutes_the_indicator_and_the_split_says_so(ctx):
    cal = ctx.calibre("spec-provisional")
    # E = 100 000 t (process CO2), Q = 400 000 tce of direct green power: I = 0.25 in the 0.2 band -> fail
    before = park({"electricity": {"grid_mwh": 0, "direct_green_mwh": 400_000 / 0.1229}, "process_co2_t": 100_000})
    a0 = acc.account(before.years[2025], "320000", cal, ctx.factors)
    r0 = acc.core(a0, ctx.rules)
    assert (a0.e_t, a0.q_tce) == (pytest.approx(100_000), pytest.approx(400_000))
    assert r0["intensity"] == pytest.approx(0.25) and r0["verdict"] == "fail"
    assert r0["reduction_needed_t"] == pytest.approx(100_000 - 0.2 * 400_000)  # 20 000 t
    # adding 100 000 tce of zero-carbon power: Q = 500 000, I = 0.20 -> pass, with E unchanged
    after = park({"electricity": {"grid_mwh": 0, "direct_green_mwh": 500_000 / 0.1229}, "process_co2_t": 100_000})
    a1 = acc.account(after.years[2025], "320000", cal, ctx.factors)
    r1 = acc.core(a1, ctx.rules)
    assert r1["intensity"] == pytest.approx(0.20) and r1["verdict"] == "pass"
    split = sc.dilution(a0.e_t, a0.q_tce, a1.e_t, a1.q_tce)
    assert split["d_e"] == pytest.approx(0.0, abs=1e-12)  # all of the change is ΔQ
    assert split["d_q"] == pytest.approx(-0.05) and split["d_i"] == pytest.approx(-0.05)


def test_the_dilution_split_is_exact_and_symmetric():
    s = sc.dilution(100.0, 50.0, 150.0, 100.0)  # I: 2.0 -> 1.5
    # ΔE part: ½ (50/50 + 50/100) = 0.75; ΔQ part: ½ ((100/100 − 100/50) + (150/100 − 150/50)) = −1.25
    assert s["d_e"] == pytest.approx(0.75) and s["d_q"] == pytest.approx(-1.25)
    assert s["d_e"] + s["d_q"] == pytest.approx(s["d_i"]) == pytest.approx(-0.5)


def _account(e: float, q: float) -> acc.Account:
    return acc.Account(e, 0.0, 0.0, 0.0, q, 0.0, 0.0, 0.5, 0.0, 0.0)


def test_one_million_tce_is_in_the_0_3_band(ctx):
    below, at = acc.core(_account(0.25 * 999_999, 999_999), ctx.rules), acc.core(_account(0.25e6, 1e6), ctx.rules)
    assert (below["threshold"], below["verdict"]) == (0.2, "fail")
    assert (at["threshold"], at["verdict"]) == (0.3, "pass")


def test_no_national_threshold_below_200_000_tce(ctx):
    assert acc.core(_account(0.1 * 199_999, 199_999), ctx.rules)["verdict"] == "no_threshold"
    assert acc.core(_account(0.1 * 199_999, 199_999), ctx.rules)["reduction_needed_t"] is None
    assert acc.core(_account(0.1 * 200_000, 200_000), ctx.rules)["threshold"] == 0.2
    assert acc.core_threshold(199_999, ctx.rules) is None


def test_counting_trades_at_zero_against_an_average_factor_is_refused_with_its_reason(ctx, archetypes):
    b = archetypes["east_grid_certificates"]
    bad = acc.Calibre("national_average", "2023", "calorific", "zero", "grid")
    assert acc.refusal(bad, ctx.factors, "320000") == "double_counting_trade"
    with pytest.raises(ValueError, match="refused for this park: double_counting_trade"):
        acc.account(b.years[2027], "320000", bad, ctx.factors)
    assert acc.refusal(acc.with_switch(bad, "grid_factor", "national_residual"), ctx.factors, "320000") is None
    certificates_at_zero = acc.Calibre("provincial", "2023", "calorific", "grid", "zero")
    assert acc.refusal(certificates_at_zero, ctx.factors, "320000") == "double_counting_certificates"
    fact = sc.factorial(b, 2027, ctx)
    refused = fact[fact["key"] == bad.key()]
    assert refused["refused"].item() == "double_counting_trade" and pd.isna(refused["intensity"].item())
    ex = sc.exclusions(fact)
    assert set(ex["reason"]) == {"double_counting_trade", "double_counting_certificates", "factor_not_published"}
    assert ex["n"].sum() == fact["refused"].notna().sum() == 62  # of 120 combinations
    assert "0.6096" in sc.LABELS.code("reason", "double_counting_trade", "en")
    # the min–max range is taken over valid combinations only
    ok = fact[fact["refused"].isna()]
    assert sc.summary_range(fact)["min"] == ok["intensity"].min()


def test_unpublished_factors_are_refused(ctx):
    residual21 = acc.Calibre("national_residual", "2021", "calorific", "zero", "zero")
    assert acc.refusal(residual21, ctx.factors, "320000") == "factor_not_published"
    tibet = acc.Calibre("provincial", "2023", "calorific", "grid", "grid")
    assert acc.refusal(tibet, ctx.factors, "540000") == "factor_not_published"
    assert ctx.factors.grid_factor(tibet, "XPCC") == ctx.factors.grid_factor(tibet, "650000")  # XPCC -> Xinjiang


def test_reference_calibres_follow_their_sources(ctx):
    tc, sp = ctx.calibre("text-copy"), ctx.calibre("spec-provisional")
    assert (tc.grid_factor, tc.vintage, tc.green_trade, tc.certificates) == ("national_fossil", "2022", "zero", "zero")
    assert (sp.grid_factor, sp.vintage, sp.green_trade, sp.certificates) == ("provincial", "2023", "grid", "grid")
    assert acc.refusal(tc, ctx.factors, "320000") is None and acc.refusal(sp, ctx.factors, "320000") is None
    with pytest.raises(KeyError, match="unknown calibre 'x'"):
        ctx.calibre("x")


def test_west_archetype_under_national_and_inner_mongolia_rules_by_hand(ctx, archetypes):
    b = archetypes["west_direct_supply"]
    y = b.years[2027]
    assert (y.electricity["grid_mwh"], y.electricity["direct_green_mwh"], y.process_co2_t) == (120_000, 3_000_000, 10_000)
    # spec-provisional: Inner Mongolia's 2023 provincial factor 0.6479 tCO2/MWh on all grid power
    e = 120_000 * 0.6479 + 10_000  # 87 748 t
    q = (120_000 + 3_000_000) * 0.1229  # 383 448 tce: in the 200 000–1 000 000 band
    i = e / q  # 0.2288
    rt = sc.ruleset_table(b, 2027, ctx.calibre("spec-provisional"), ctx, sc.rulesets_for(b, ["auto"])).set_index("ruleset")
    assert list(rt.index) == ["national", "inner_mongolia_regional_0.4", "inner_mongolia_regional_0.6"]
    assert rt["core_value"].tolist() == pytest.approx([i, i, i])
    assert rt.loc["national", ["core_threshold", "core_outcome"]].tolist() == [0.2, "fail"]  # 0.2288 > 0.2
    assert rt.loc["inner_mongolia_regional_0.4", ["core_threshold", "core_outcome"]].tolist() == [0.4, "pass"]
    assert rt.loc["inner_mongolia_regional_0.6", ["core_threshold", "core_outcome"]].tolist() == [0.6, "pass"]
    assert rt.loc["inner_mongolia_regional_0.4", "n_not_evaluable"] == 1  # its 13 guiding indicators are unpublished
    # text-copy: certificates (80 000 MWh) at zero, the rest at the 2022 fossil factor 0.8325
    e_tc = (120_000 - 80_000) * 0.8325 + 10_000  # 43 300 t -> 0.1129: passes the national 0.2
    rt_tc = sc.ruleset_table(b, 2027, ctx.calibre("text-copy"), ctx, ["national"]).set_index("ruleset")
    assert rt_tc.loc["national", "core_value"] == pytest.approx(e_tc / q)
    assert rt_tc.loc["national", "core_outcome"] == "pass"


def test_guiding_indicators_by_hand_with_not_applicable_and_not_evaluable(ctx, archetypes):
    b = archetypes["east_grid_certificates"]
    ev = sc.evaluate(b, 2027, ctx.calibre("spec-provisional"), ctx, "national").set_index("indicator")
    assert ev.loc["solid_waste_use", "value"] == pytest.approx(100 * 35_500 / 42_000)  # 84.5 % >= 80
    assert ev.loc["solid_waste_use", "outcome"] == "pass"
    assert ev.loc["water_reuse", "value"] == pytest.approx(100 * 10.6 / 13)  # 81.5 % >= 80
    assert ev.loc["waste_heat_use", "value"] == pytest.approx(100 * 160 / 300)  # 53.3 % >= 50
    assert ev.loc["product_energy_grade", "outcome"] == "not_applicable"
    # clean energy: only the 200 000 MWh of direct green counts (trades and certificates at the grid factor here)
    a = acc.account(b.years[2027], "320000", ctx.calibre("spec-provisional"), ctx.factors)
    assert ev.loc["clean_energy_share", "value"] == pytest.approx(100 * 200_000 * 0.1229 / a.q_tce)
    assert ev.loc["clean_energy_share", "outcome"] == "fail"
    js = sc.evaluate(b, 2027, ctx.calibre("spec-provisional"), ctx, "jiangsu_guide").set_index("indicator")
    assert js.loc["va_co2_intensity", "value"] == pytest.approx(a.e_t / 6_000_000)
    dc = archetypes["data_centre"]
    js_dc = sc.evaluate(dc, 2027, ctx.calibre("spec-provisional"), ctx, "jiangsu_guide").set_index("indicator")
    assert js_dc.loc["va_energy_intensity", "outcome"] == "not_evaluable"  # no value added in the balance
    assert js_dc.loc["guiding_unpublished", "outcome"] == "not_evaluable"


def test_tornado_orders_switches_by_swing_and_marks_refused_values(ctx, archetypes):
    b = archetypes["west_direct_supply"]
    t = sc.tornado(b, 2027, ctx, ctx.calibre("spec-provisional"))
    swings = t.drop_duplicates("switch")["swing"].tolist()
    assert swings == sorted(swings, reverse=True) and list(t["switch"].unique()[:2]) == ["certificates", "tce_basis"]
    # the park buys no trades, so counting them at zero changes nothing and is not refused
    trade = t[t["switch"] == "green_trade"].set_index("value")
    assert trade["refused"].isna().all() and trade.loc["zero", "intensity"] == trade.loc["grid", "intensity"]
    # its 80 000 MWh of certificates at zero would be double counting against the provincial average, so the
    # tornado pairs them with the residual mix: (120 000 − 80 000) × 0.6096 + 10 000 over 383 448 tce
    cert = t[(t["switch"] == "certificates") & (t["value"] == "zero")].iloc[0]
    assert cert["paired_with"] == "national_residual" and pd.isna(cert["refused"])
    assert cert["intensity"] == pytest.approx((40_000 * 0.6096 + 10_000) / 383_448)
    basis = t[t["switch"] == "tce_basis"].set_index("value")
    assert basis.loc["coal_equivalent", "flips"] and basis.loc["coal_equivalent", "verdict"] == "pass"
    bars = sc.tornado_bars(t)
    assert bars["default_intensity"].iloc[0] == pytest.approx(87_748 / 383_448)


def test_relative_only_change_and_boundary_scenario(ctx, archetypes):
    cal = ctx.calibre("spec-provisional")
    ch = sc.change(archetypes["east_grid_certificates"], ctx, cal, 2025, 2027)
    assert ch["d_i"] < 0 < ch["d_e_t"] and ch["pattern"] == "relative_only"  # intensity falls, emissions rise
    assert ch["d_e"] + ch["d_q"] == pytest.approx(ch["d_i"])
    be = sc.boundary_effects(archetypes["west_direct_supply"], ctx, cal).iloc[0]
    # the ferroalloy unit: 30 000 t coal (1.9003 t CO2/t), 100 000 MWh grid (0.6479), 25 000 t process CO2
    assert be["e_full_t"] - be["e_without_t"] == pytest.approx(30_000 * 1.9003 + 100_000 * 0.6479 + 25_000)
    assert be["i_without"] < be["i_full"]


def test_cliffs_show_every_band(ctx, archetypes):
    b = archetypes["data_centre"]
    a = acc.account(b.years[2027], "520000", ctx.calibre("spec-provisional"), ctx.factors)
    cl = sc.cliffs(a, ctx.rules)
    assert cl["threshold"].tolist()[1:] == [0.2, 0.3] and pd.isna(cl["threshold"].iloc[0])
    assert cl["own"].tolist() == [True, False, False] and cl["verdict"].iloc[0] == "no_threshold"
    assert cl["distance_tce"].iloc[1] == pytest.approx(a.q_tce - 200_000)


def test_province_lens_is_flat_under_a_national_factor_and_varies_under_provincial(ctx):
    flat = sc.province_lens(ctx, ctx.calibre("text-copy"))
    assert not sc.lens_varies(flat)
    assert flat["max_share_0.2"].dropna().unique() == pytest.approx([100 * 0.2 * 0.1229 / 0.8325])  # 2.95 %
    prov = sc.province_lens(ctx, ctx.calibre("spec-provisional")).set_index("province_code")
    assert sc.lens_varies(prov.reset_index())
    assert prov.loc["530000", "max_share_0.2"] == pytest.approx(100 * 0.2 * 0.1229 / 0.1333)  # Yunnan 2023: 18.44 %
    assert pd.isna(prov.loc["540000", "max_share_0.2"])  # Tibet: no published factor
    assert "2.95 %" in text.lens_sentence(flat, ctx.calibre("text-copy"), ctx, "en", False)


def test_near_zero_reference_from_the_panel():
    ref = sc.near_zero_reference(d.panel(), d.accounting_factors())
    assert (ref["year"], ref["n_provinces"]) == (2019, 30)
    assert ref["panel_value"] == pytest.approx(2.216, abs=1e-3)  # Σ CEADs scope-1 CO2 / Σ provincial energy
    assert ref["official"] == 2.1 and ref["official_tenth"] == pytest.approx(0.21)


def test_years_outside_the_balance_name_the_parameter(archetypes):
    with pytest.raises(ParameterError, match=r"parameter year: 2030 is not a year of .*; its years are \[2025, 2027\]"):
        sc.years_for(archetypes["data_centre"], 2030)


def test_score_command_prints_tables_and_json(capsys):
    path = str(sc.archetype_path("west_direct_supply"))
    assert main(["score", path]) == 0
    out = capsys.readouterr().out
    assert "ILLUSTRATIVE" in out and "spec-provisional" in out and "inner_mongolia_regional_0.4" in out
    assert main(["score", path, "--all-calibres", "--json"]) == 0
    res = json.loads(capsys.readouterr().out)
    # no trades in this park: only certificates at zero against an average factor are refused (3 kinds × 3 vintages
    # × 2 tce bases × 2 trade settings = 36), and the 2021 residual mix is not published (2 × 2 × 2 = 8)
    assert res["rulesets_calibre"] == "spec-provisional" and len(res["results"]) == 120 - 36 - 8
    assert {r["reason"] for r in res["refused"]} == {"double_counting_certificates", "factor_not_published"}
    first = res["results"][0]
    assert first["calibre"] == "spec-provisional" and first["intensity"] == pytest.approx(87_748 / 383_448)


def test_score_command_errors_name_the_problem(capsys, tmp_path):
    bad = tmp_path / "b.yaml"
    bad.write_text("park: {name_en: x, name_zh: y, province_code: '320000'}\nyears: {2025: {electricity: "
                   "{grid_mwh: -1}, process_co2_t: 0}}\n", encoding="utf-8")
    assert main(["score", str(bad)]) == 1
    assert "years.2025.electricity.grid_mwh: -1 is negative; expected a number >= 0 (MWh)" in capsys.readouterr().err
    assert main(["score", str(sc.archetype_path("data_centre")), "--calibre", "foo"]) == 2
    assert "--calibre 'foo': expected one of ['spec-provisional', 'text-copy']" in capsys.readouterr().err


@pytest.mark.slow
def test_the_notebook_scores_a_user_balance_and_names_a_bad_field(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    from zcparks import records

    root = Path(__file__).resolve().parents[3]
    cli = [sys.executable, "-m", "zcparks.cli", "run", "indicator-scoring"]
    r = subprocess.run([*cli, "-p", "balance", "data/templates/park_balance.csv", "-p", "calibre", "text-copy",
                        "-p", "lang", "zh", "-o", str(tmp_path / "a")], cwd=root, capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    rec = records.read(next((tmp_path / "a").glob("*.ipynb")))
    b = balance.load(root / "data/templates/park_balance.csv")
    ctx = sc.setup()
    a = acc.account(b.years[2025], "320000", ctx.calibre("text-copy"), ctx.factors)
    assert rec["park_balance_core"] == pytest.approx(a.intensity)
    assert rec["park_balance_verdict"] == "no_threshold"  # 43 346 tce: below the lowest national band
    html = next((tmp_path / "a").glob("*.html")).read_text(encoding="utf-8")
    assert "示例园区" in html and "文本副本" in html
    assert "结论在何处翻转" in html and "逐一改变开关" in html  # the flip table's section and the tornado's title
    bad = tmp_path / "bad.yaml"
    bad.write_text("park: {name_en: x, name_zh: y, province_code: '320000'}\nyears: {2025: {electricity: "
                   "{grid_mwh: 10}}}\n", encoding="utf-8")
    r = subprocess.run([*cli, "-p", "balance", str(bad), "-o", str(tmp_path / "b")], cwd=root, capture_output=True,
                       text=True, timeout=300)
    assert r.returncode != 0
    first = next(line for line in r.stderr.splitlines() if line.startswith("zcparks run:"))
    assert "failed (DataError:" in first
    assert "years.2025.process_co2_t: missing; expected a number >= 0 (t CO2, 0 if none)" in first


def test_hand_computed_park_with_gas_heat_export_and_both_tce_bases(ctx):
    b = park({"fuels": {"natural_gas": 100, "diesel": 10},  # 10^4 m3 and t
              "electricity": {"grid_mwh": 50_000, "direct_green_mwh": 10_000, "exported_fossil_mwh": 5_000},
              "heat": {"bought_gj": 20_000, "sold_gj": 5_000, "bought_nonfossil_gj": 1_000,
                       "supplier_factor_tco2_per_gj": 0.09}, "process_co2_t": 700})
    y = b.years[2025]
    # regional grid of Jiangsu: East China 2023 = 0.5500 tCO2/MWh (data/raw/power/mee_grid_emission_factors_2021_2023.csv)
    c = acc.Calibre("regional", "2023", "calorific", "grid", "grid")
    a = acc.account(y, "320000", c, ctx.factors)
    assert a.grid_factor_tco2_per_mwh == 0.5500
    e = 100 * 21.622 + 10 * 3.0959 + (50_000 - 5_000) * 0.55 + (20_000 - 5_000) * 0.11 + 700
    q = 100 * 13.3 + 10 * 1.4571 + (50_000 + 10_000 - 5_000) * 0.1229 + (20_000 + 1_000 - 5_000) / 29_307 * 1000
    assert (a.e_t, a.q_tce) == (pytest.approx(e), pytest.approx(q))
    sup = acc.account(y, "320000", acc.with_switch(c, "heat_factor", "supplier"), ctx.factors)
    assert sup.e_t == pytest.approx(e - 15_000 * (0.11 - 0.09))
    coal = acc.account(y, "320000", acc.with_switch(c, "tce_basis", "coal_equivalent"), ctx.factors)
    assert coal.q_tce == pytest.approx(q + 55_000 * (0.30 - 0.1229))  # the approximate ≈0.30 kgce/kWh
    assert coal.e_t == pytest.approx(e)  # the basis moves Q only


def test_regional_calibre_with_trades_at_zero_is_refused_but_not_without_trades(ctx):
    regional = acc.Calibre("regional", "2022", "calorific", "zero", "grid")
    with_trades = park({"electricity": {"grid_mwh": 100, "green_trade_mwh": 10}}).years[2025]
    without = park({"electricity": {"grid_mwh": 100}}).years[2025]
    assert acc.refusal(regional, ctx.factors, "320000", with_trades) == "double_counting_trade"
    assert acc.refusal(regional, ctx.factors, "320000", without) is None
    assert acc.refusal(regional, ctx.factors, "320000") == "double_counting_trade"  # claim assumed without a year


def test_hunan_stages_its_core_thresholds(ctx):
    # 1.0 / 0.7 / 0.3 for 2–100万 tce (kept as written: 20 000 tce), 1.1 / 0.8 / 0.5 from 1 000 000 tce
    assert [acc.core_threshold(500_000, ctx.rules, f"hunan_{y}") for y in (2027, 2030, 2035)] == [1.0, 0.7, 0.3]
    assert [acc.core_threshold(1_000_000, ctx.rules, f"hunan_{y}") for y in (2027, 2030, 2035)] == [1.1, 0.8, 0.5]
    assert acc.core_threshold(19_999, ctx.rules, "hunan_2030") is None
    assert acc.core(_account(0.75 * 500_000, 500_000), ctx.rules, "hunan_2027")["verdict"] == "pass"
    assert acc.core(_account(0.75 * 500_000, 500_000), ctx.rules, "hunan_2030")["verdict"] == "fail"


def test_a_tibet_park_falls_back_to_the_calibre_that_can_be_scored(ctx, archetypes, tmp_path, capsys):
    raw = sc.archetype_path("data_centre").read_text(encoding="utf-8").replace('"520000"', '"540000"')
    f = tmp_path / "tibet.yaml"
    f.write_text(raw, encoding="utf-8")
    b = balance.load(f)
    used, reason = sc.calibre_for(b, 2027, ctx, "spec-provisional")
    assert (used.name, reason) == ("text-copy", "factor_not_published")
    assert "cannot be scored for this park" in text.fallback_note(b, 2027, ctx, "spec-provisional", "en")
    assert main(["score", str(f)]) == 0
    assert "spec-provisional is refused for this park (factor_not_published); rule sets use text-copy" in \
        capsys.readouterr().out


def test_the_range_sentence_says_whether_and_how_the_verdict_depends_on_the_calibre(ctx, archetypes):
    west = sc.summary_range(sc.factorial(archetypes["west_direct_supply"], 2027, ctx))
    dc = sc.summary_range(sc.factorial(archetypes["data_centre"], 2027, ctx))
    assert text.range_sentence(west, "en").endswith(sc.LABELS.t("flip_yes", "en"))
    # the data centre never passes: 38 fail in the 0.2 band, 38 fall below 200 000 tce (no threshold)
    assert (dc["n_pass"], dc["n_fail"], dc["n_no_threshold"]) == (0, 38, 38)
    assert text.range_sentence(dc, "en").endswith(sc.LABELS.t("flip_band", "en"))
