"""Analysis modules behind the notebooks, on the real data."""

from __future__ import annotations

import math

import zcparks.data as d
from zcparks import gridfactors, pilot


def test_pilot_counts_and_claims():
    view = pilot.parks_view(d.parks(), d.provinces(), "en")
    units = pilot.counts(view, "unit", "en")
    assert units["n"].sum() == 52 and len(units) == 32
    assert sorted(units.loc[units["n"] == 3, "unit_id"]) == ["130000", "220000", "350000", "450000"]
    assert pilot.counts(view, "construction_end", "en").set_index("label")["n"].to_dict() == {
        "2027": 6, "2028": 15, "2029": 6, "2030": 25}
    checks = pilot.claims_check(view, d.press_claims(), "en").set_index("Claim")
    assert checks.loc["parks in the 11 provinces of the Yangtze River Economic Belt", "In the list data"] == 14
    assert checks.loc["parks built as a park-in-park (园中园)", "Agrees"] == "no"  # 46 in the list vs 47 claimed
    assert (checks["Agrees"] == "yes").sum() == 9
    assert pilot.verification_counts(view, "en").set_index("Membership confirmed by")["Number of parks"].to_dict() == {
        "list text only": 27, "list text + media report": 23, "list text + government report (indirect)": 2}


def test_pilot_names_follow_the_language():
    zh = pilot.parks_view(d.parks(), d.provinces(), "zh").set_index("park_id")
    assert zh.loc["ZCP-52", "unit_name"] == "新疆生产建设兵团" and zh.loc["ZCP-01", "name"] == "北京经济技术开发区"
    view = pilot.parks_view(d.parks(), d.provinces(), "zh")
    table = pilot.parks_table(view, "zh", highlight="320000")
    assert list(table["编号"][:2]) == ["ZCP-18", "ZCP-19"]  # Jiangsu first
    assert "本报告突出显示江苏省：2 个园区（ZCP-18、ZCP-19）" in pilot.key_facts(view, "zh", "320000")
    assert "Highlighted" not in pilot.key_facts(pilot.parks_view(d.parks(), d.provinces(), "en"), "en")


def test_grid_factor_figures():
    f, p = d.grid_factors(), d.provinces()
    text = gridfactors.key_facts(f, p, 2023, "en")
    assert "0.5306 tCO2/MWh" in text and "0.1333 (Yunnan)" in text and "0.6796 (Tianjin)" in text
    assert "Tibet: not available" in text
    table = gridfactors.province_table(f, p, "en").set_index("Province")
    assert math.isnan(table.loc["Tibet", "2023"])
    assert table.loc["Hebei", "Change"] == round(0.6516 - 0.7901, 4)
    assert gridfactors.national(f).to_dict() == {2021: 0.5568, 2022: 0.5366, 2023: 0.5306}
