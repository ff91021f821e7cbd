"""The data layer for trend analysis: dictionary verdicts, vintages and seams, real GDP, blocked cells, estimates."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

import zcparks.data as d
from zcparks.data import dictionary, indicators, quality, realgdp
from zcparks.errors import SanityCheckError

TIBET, NINGXIA, HAINAN, SHANDONG = "540000", "640000", "460000", "370000"


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return d.panel()


def _cell(panel, code, year, variable):
    return panel.set_index(["province_code", "year", "variable"]).loc[(code, year, variable)]


# ---------------------------------------------------------------- blocked cells and breaks


def test_ningxia_2020_energy_per_gdp_is_missing_and_flagged(panel):
    cell = _cell(panel, NINGXIA, 2020, "energy_per_gdp")
    assert pd.isna(cell["value"]) and cell["flag_class"] == "blocked"
    assert "total_energy_consumption blocked" in cell["qa_flag"]
    energy = _cell(panel, NINGXIA, 2020, "total_energy_consumption")
    assert pd.isna(energy["value"]) and "published value 0.79" in energy["qa_flag"]


def test_no_blocked_cell_has_a_value(panel):
    assert panel.loc[panel["flag_class"] == "blocked", "value"].isna().all()
    assert not (panel["value"].abs() == np.inf).any()


def test_revision_jumps_are_breaks_with_a_cause(panel):
    e = panel[(panel["variable"] == "total_energy_consumption") & (panel["flag_class"] == "break")]
    e = e.set_index(["province_code", "year"])["qa_flag"]
    for code, year in (("420000", 2013), ("430000", 2013), ("370000", 2013), ("150000", 2018)):
        assert "economic census" in e[(code, year)]
    assert "cause unknown" in e[("220000", 2015)]  # Jilin 2015: no census year, so no cause is claimed


def test_outlier_and_break_rules_on_a_toy_series():
    toy = pd.DataFrame({"province_code": "A", "variable": "x", "year": range(2000, 2009),
                        "value": [10, 11, 12, 0.1, 13, 14, 15, 16, 17.0]})
    assert quality.outliers(toy, ["x"], 7, 5.0).tolist() == [False, False, False, True] + [False] * 5
    steady = [10, 11, 12, 13, 14, 15, 16, 17, 18.0]
    three = pd.concat([toy.assign(value=steady), toy.assign(province_code="C", value=steady),
                       toy.assign(province_code="B", value=[10, 11, 12, 13, 14, 15, 30, 31, 32.0])], ignore_index=True)
    flagged = quality.breaks(three, ["x"], 0.10)
    assert three.loc[flagged.index, ["province_code", "year"]].values.tolist() == [["B", 2006]]


# ---------------------------------------------------------------- real GDP


def test_toy_chain_link_has_the_known_answer():
    factors = realgdp.growth_factors(pd.Series({2020: 102.3}), pd.Series({2021: 8.0}), last_index_year=2020)
    real = realgdp.constant_gdp(100.0, factors, base=2020)
    assert real[2019] == pytest.approx(97.75, abs=0.005)
    assert real[2020] == 100.0 and real[2021] == pytest.approx(108.0)


def test_constant_gdp_equals_nominal_in_the_base_year_for_every_province(panel):
    y = panel[panel["year"] == 2020].pivot_table(index="province_code", columns="variable", values="value")
    assert len(y["gdp_constant_2020"].dropna()) == 31
    assert np.allclose(y["gdp_constant_2020"], y["gdp_current"], rtol=1e-12)
    assert np.allclose(y["gdp_deflator_2020"], 1.0)


def test_deflator_has_no_jump_at_the_vintage_seam_beyond_the_revision_gap(panel):
    w = panel.pivot_table(index=["province_code", "year"], columns="variable", values="value")
    seams = d.gdp_seams()
    gaps = seams[seams["seam"] == "nominal_v2018_to_v2025"].set_index("province_code")["revision_gap"]
    fifth = seams[seams["seam"] == "nominal_first_published_to_v2025"]["revision_gap"]
    assert 0.01 < fifth.median() < 0.03  # the 5th-census revision of about 2 %, reported per province
    assert gaps.min() < -0.2  # the seam is real: Jilin's v2025 GDP is 23 % below v2018 in 2006
    for code in gaps.index:
        p = w.loc[code]
        step = np.log(p.loc[2006, "gdp_deflator_2020"] / p.loc[2005, "gdp_deflator_2020"])
        within_v2018 = np.log((p.loc[2006, "gdp_current_v2018"] / p.loc[2006, "gdp_constant_2020"])
                              / (p.loc[2005, "gdp_current_v2018"] / p.loc[2005, "gdp_constant_2020"]))
        naive = np.log((p.loc[2006, "gdp_current"] / p.loc[2006, "gdp_constant_2020"])
                       / (p.loc[2005, "gdp_current_v2018"] / p.loc[2005, "gdp_constant_2020"]))
        assert step == pytest.approx(within_v2018, abs=1e-12)  # the seam step is a within-vintage change
        assert naive - step == pytest.approx(np.log1p(gaps[code]), abs=1e-9)  # what a splice would add


def test_secondary_share_is_first_published_over_first_published(panel):
    c = panel.set_index(["province_code", "year", "variable"])["value"]
    share = c[("320000", 2023, "secondary_industry_share")]
    va = c[("320000", 2023, "secondary_industry_va_first_published")]
    gdp = c[("320000", 2023, "gdp_current_first_published")]
    expect = 100 * va / gdp
    assert share == pytest.approx(expect)


# ---------------------------------------------------------------- vintages and seams


def test_no_selected_series_mixes_producers_without_a_seam_marker(panel):
    src = panel[~panel["source"].str.startswith("zcparks.data.") & panel["seam_year"].isna()]
    per = src.groupby("variable")["source"].nunique()
    assert per.max() == 1  # one file per series unless a seam is marked
    linked = panel[panel["variable"].isin(dictionary.load().links)]
    assert linked["seam_year"].notna().all()
    assert set(linked.loc[linked["variable"] == "co2_apparent_total_linked", "seam_year"]) == {2020.0}
    real = panel[panel["variable"] == "gdp_constant_2020"]
    assert set(real["seam_year"]) == {2020.0}  # NBS index to 2019, first-published growth from 2020


def test_the_co2_vintages_stay_apart(panel):
    gd = panel[(panel["province_code"] == "440000") & (panel["year"] == 2019)].set_index("variable")["value"]
    assert gd["co2_apparent_total"] == pytest.approx(569.0, abs=0.05)  # primary CEADs 1997-2019 release
    assert gd["co2_apparent_total_ceads_later"] == pytest.approx(552.3, abs=0.05)  # later release, third-party copy
    assert panel.loc[panel["variable"] == "co2_apparent_total", "year"].max() == 2019


# ---------------------------------------------------------------- unknown is not zero; Tibet


def test_hainan_and_shandong_nuclear_is_unknown_not_zero(panel):
    nuc = panel[(panel["variable"] == "capacity_nuclear_ge_6mw") & panel["province_code"].isin([HAINAN, SHANDONG])]
    assert nuc.empty
    share = panel[panel["variable"] == "wind_solar_share_capacity"]
    assert not share["province_code"].isin([HAINAN, SHANDONG, TIBET]).any()
    assert share["province_code"].nunique() == 28
    assert share["qa_flag"].str.contains("assumed 0 for capacity_nuclear_ge_6mw").any()  # e.g. Beijing, with its reason


def test_tibet_is_missing_never_zero(panel):
    t = panel[(panel["province_code"] == TIBET)
              & panel["variable"].isin(["co2_total_scope1", "total_energy_consumption", "co2_per_energy"])]
    assert t["value"].dropna().gt(0).all()  # Tibet 2017 energy exists in the third-party panel; never a 0
    assert not panel[(panel["province_code"] == TIBET) & (panel["variable"] == "co2_total_scope1")].shape[0]


# ---------------------------------------------------------------- verdicts


def _toy(name, num, den, factor="MT_CO2_PER_10K_TCE", unit="tCO2/tce"):
    base = dictionary.load().variables["co2_per_energy"]
    return dataclasses.replace(base, name=name, unit=unit,
                               derived={"numerator": num, "denominator": den, "factor": factor})


def test_verdicts_ok_ok_with_label_and_refused():
    dic = dictionary.load()
    assert dictionary.verdict(dic, dic.variables["energy_per_gdp"])[0] == dictionary.OK
    v, label = dictionary.verdict(dic, dic.variables["co2_per_energy"])
    assert v == dictionary.OK_WITH_LABEL and "Scope-1" in label["en"] and label["zh"]
    refused = _toy("co2_apparent_per_energy", ["co2_apparent_total"], ["total_energy_consumption"])
    with pytest.raises(SanityCheckError, match="co2_apparent_per_energy refused: co2_apparent_total .*"
                                               "total_energy_consumption .*not comparable"):
        indicators.derive(d.panel(derived=False), dic, [refused])
    prices = _toy("mixed_prices", ["gdp_current"], ["gdp_constant_2020"], "SHARE_OF_10K_KW", "%")
    with pytest.raises(SanityCheckError, match="gdp_current is at current prices but gdp_constant_2020 at constant_2020"):
        dictionary.check_verdicts(dic, [prices])


def test_an_ok_with_label_indicator_builds_and_carries_its_label(panel):
    rows = panel[panel["variable"] == "co2_per_energy"]
    assert len(rows) > 600 and rows["qa_flag"].str.contains("label: Scope-1").all()
    table = d.variables().set_index("variable")
    assert table.loc["co2_per_energy", "verdict"] == "ok_with_label" and table.loc["co2_per_energy", "label_zh"]


def test_every_panel_variable_is_in_the_dictionary(panel):
    dic = dictionary.load()
    for name in panel["variable"].unique():
        dic.get(name)
    table = d.variables()
    assert {"name_en", "name_zh", "unit", "coverage", "price_basis", "producer", "vintage", "licence"} <= set(table)
    assert table.loc[table["kind"] == "source", "licence"].str.len().gt(0).all()


# ---------------------------------------------------------------- coverage, trade adjustment, estimates


def test_coverage_of_co2_energy_and_real_gdp(panel):
    need = ["co2_total_scope1", "total_energy_consumption", "gdp_constant_2020"]
    ok = panel[panel["variable"].isin(need) & panel["value"].notna()]
    n = ok.groupby(["year", "province_code"])["variable"].nunique().eq(3).groupby(level="year").sum()
    assert all(n[y] == 30 for y in range(2003, 2020))
    # the only gaps 2000-2002 are CEADs cells found bad (blocked): Ningxia 2000-2002, Hainan 2002
    assert (n[2000], n[2001], n[2002]) == (29, 29, 28)
    blocked = panel[(panel["variable"] == "co2_total_scope1") & (panel["flag_class"] == "blocked")]
    assert sorted(zip(blocked["province_code"], blocked["year"], strict=True)) == [
        (HAINAN, 2002), (NINGXIA, 2000), (NINGXIA, 2001), (NINGXIA, 2002)]


def test_trade_adjusted_co2_sums_to_scope1_within_the_documented_terms(panel):
    y = panel[panel["year"] == 2019]
    adj = y.loc[y["variable"] == "co2_trade_adjusted", "value"]
    s1 = y.loc[y["variable"] == "co2_total_scope1", "value"]
    assert len(adj) == len(s1) == 30
    terms = d.trade_terms().set_index("year").loc[2019]
    assert adj.sum() == pytest.approx(s1.sum() + terms["unassigned_mt"], abs=1e-6)
    assert terms["unassigned_mt"] == pytest.approx(
        terms["pool_intensity_t_per_mwh"] * terms["imbalance_100m_kwh"] / 10, rel=1e-9)  # e_pool x imbalance
    assert abs(terms["unassigned_mt"]) / s1.sum() < 0.02
    imp = y[(y["variable"] == "electricity_net_import")].set_index("province_code")["value"]
    assert imp["440000"] > 0 > imp["150000"]  # Guangdong imports, Inner Mongolia exports
    assert (y.loc[y["variable"] == "co2_trade_adjusted", "flag_class"] == "note").all()


def test_annual_hour_estimates_are_labelled_and_apart_from_observed_values():
    h = d.hours_annual()
    solar = h[h["technology"] == "solar"]
    assert set(solar.loc[solar["status"] == "observed", "year"]) == {2018, 2019, 2020}
    est = solar[solar["status"] == "estimate"]
    assert set(est["year"]) == {2021, 2022, 2023, 2024} and est["loo_mean_abs_error_pct"].notna().all()
    assert not h.duplicated(["province_code", "year", "technology"]).any()  # never both for one year
    assert "utilisation_rate" not in " ".join(d.panel()["variable"].unique())  # no annual curtailment made up
    m = d.utilisation_monthly()
    assert {"wind", "solar"} == set(m["technology"]) and m["curtailment_pct"].between(0, 100).all()


def test_nov_ratio_estimate_on_a_toy_case():
    nov = pd.Series({2018: 90.0, 2019: 95.0, 2020: 100.0, 2021: 110.0})
    annual = pd.Series({2018: 100.0, 2019: 100.0, 2020: 100.0})
    from zcparks.data.monthly import nov_ratio_estimates

    est, loo = nov_ratio_estimates(nov, annual)
    assert est[2021] == pytest.approx(110 / 0.95)
    assert loo[2018] == pytest.approx(90 / 0.975 / 100 - 1)


def test_a_total_that_does_not_match_its_parts_is_blocked(panel):
    share = _cell(panel, "120000", 2018, "secondary_industry_share")  # Tianjin: GDP census-revised, sectors not
    assert pd.isna(share["value"]) and share["flag_class"] == "blocked"
    assert _cell(panel, "120000", 2019, "secondary_industry_share")["value"] == pytest.approx(35.23, abs=0.01)
    toy = pd.DataFrame({"province_code": "A", "year": [2000, 2000, 2001, 2001], "variable": ["t", "p", "t", "p"],
                        "value": [10.0, 10.1, 10.0, 12.0]})
    assert quality.sum_mismatch(toy, "t", ["p"], 0.02).tolist() == [False, False, True, False]


def test_the_first_value_after_blocked_years_is_a_break(panel):
    after = _cell(panel, NINGXIA, 2003, "co2_total_scope1")  # after the blocked 2000-2002
    assert after["flag_class"] == "break" and "first value after blocked years" in after["qa_flag"]


def test_computed_estimates_carry_their_labels_and_net_import_reaches_2024(panel):
    dic = dictionary.load()
    assert dictionary.verdict(dic, dic.variables["co2_trade_adjusted"])[0] == dictionary.OK_WITH_LABEL
    rows = panel[panel["variable"] == "co2_trade_adjusted"]
    assert rows["qa_flag"].str.contains("label: ").all() and rows["qa_flag"].str.contains("estimate").all()
    net = panel[panel["variable"] == "electricity_net_import"]
    assert net["year"].max() == 2024 and net["qa_flag"].str.contains("grid losses").all()
