"""The grid-factors analysis: real MEE/NBS values, and a synthetic table with known answers."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import zcparks.data as d
from zcparks.analyses import grid_factors as gf
from zcparks.analyses.grid_factors import text


def test_real_figures():
    f, p = d.grid_factors(), d.provinces()
    facts = gf.key_facts(f, p, 2023)
    assert facts["national"] == 0.5306 and facts["low"] == "530000" and facts["high"] == "120000"
    assert facts["missing"] == ["540000"]  # Tibet: not in the MEE tables
    en = text.key_facts_text(facts, p, "en")
    assert "0.5306 tCO2/MWh" in en and "0.1333 (Yunnan)" in en and "0.6796 (Tianjin)" in en
    assert "Tibet: not available" in en
    assert "西藏自治区暂无数据" in text.key_facts_text(facts, p, "zh")
    table = gf.province_table(f, p).set_index("province_name_en")
    assert math.isnan(table.loc["Tibet", "2023"])
    assert table.loc["Hebei", "change"] == round(0.6516 - 0.7901, 4)
    assert gf.national(f).to_dict() == {2021: 0.5568, 2022: 0.5366, 2023: 0.5306}


def test_regional_table_order_is_by_code_in_both_languages():
    reg = gf.regional_table(d.grid_factors())
    assert reg["region"].tolist()[:3] == ["national"] * 3
    assert reg["factor"].tolist()[:3] == ["grid_average_co2_emission_factor",
                                          "national_avg_factor_excl_market_traded_nonfossil",
                                          "national_fossil_power_co2_emission_factor"]
    assert reg["region"].tolist()[3:] == sorted(reg["region"].tolist()[3:]) and len(reg) == 10
    zh = gf.LABELS.localise(reg, "zh", codes_from={"region": "grid_region"})
    assert zh.iloc[0, 0] == "全国平均" and list(zh.columns[:2]) == ["区域电网", "因子"]


def _toy() -> tuple[pd.DataFrame, pd.DataFrame]:
    provinces = pd.DataFrame({"province_code": ["110000", "120000", "540000"], "name_en": ["A", "B", "C"],
                              "name_zh": ["甲", "乙", "丙"], "grid_region": ["North China"] * 3})
    rows = [("province", "110000", 2023, 0.2), ("province", "120000", 2023, 0.8), ("national", None, 2023, 0.5),
            ("province", "110000", 2022, 0.4)]
    factors = pd.DataFrame({"level": [r[0] for r in rows], "province_code": [r[1] for r in rows],
                            "year": [r[2] for r in rows], "value_tco2_per_mwh": [r[3] for r in rows],
                            "factor": gf.AVG, "region_en": None})
    return factors, provinces


def test_synthetic_key_facts():
    factors, provinces = _toy()
    facts = gf.key_facts(factors, provinces, 2023)
    assert (facts["low"], facts["high"]) == ("110000", "120000")
    assert facts["ratio"] == pytest.approx(4.0) and facts["n_provinces"] == 2
    assert facts["missing"] == ["540000"] and facts["national_excl"] is None
    assert text.key_facts_text(facts, provinces, "en").endswith("C: not available (not in the MEE tables).")
    table = gf.province_table(factors, provinces).set_index("province_name_en")
    assert table.loc["A", "change"] == pytest.approx(-0.2) and math.isnan(table.loc["B", "change"])
