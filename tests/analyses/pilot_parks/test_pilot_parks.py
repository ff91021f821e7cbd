"""The pilot-parks analysis: real values of the 52-park list, and small synthetic cases with known answers."""

from __future__ import annotations

import pandas as pd
import pytest

import zcparks.data as d
from zcparks.analyses import pilot_parks as pilot
from zcparks.analyses.pilot_parks import text


@pytest.fixture(scope="module")
def view() -> pd.DataFrame:
    return pilot.parks_view(d.parks(), d.provinces())


def test_counts_on_the_real_list(view):
    units = pilot.counts(view, "unit")
    assert units["n"].sum() == 52 and len(units) == 32
    assert sorted(units.loc[units["n"] == 3, "unit_id"]) == ["130000", "220000", "350000", "450000"]
    assert pilot.counts(view, "construction_end").set_index("construction_end")["n"].to_dict() == {
        2027: 6, 2028: 15, 2029: 6, 2030: 25}
    assert pilot.counts(view, "scope").set_index("scope")["n"].to_dict() == {"park_in_park": 46, "whole_park": 6}
    with pytest.raises(ValueError, match="counts by 'colour'; expected one of unit, nbs_region"):
        pilot.counts(view, "colour")


def test_claims_are_checked_with_codes(view):
    checks = pilot.claims_check(view, d.press_claims()).set_index("claim")
    assert checks.loc["parks in the 11 provinces of the Yangtze River Economic Belt", "in_list"] == 14
    assert not checks.loc["parks built as a park-in-park (园中园)", "agrees"]  # 46 in the list vs 47 claimed
    assert checks["agrees"].sum() == 9 and checks["agrees"].dtype == bool
    assert set(checks["claim_status"]) <= {"reported", "unconfirmed"}
    assert pilot.verification_counts(view).set_index("verified_by")["n"].to_dict() == {
        "list_text only": 27, "list_text + media": 23, "list_text + gov_report (indirect)": 2}


def test_translation_happens_at_display(view):
    table = pilot.parks_table(view, highlight="320000")
    assert list(table["park_id"][:2]) == ["ZCP-18", "ZCP-19"]  # Jiangsu first
    zh = pilot.LABELS.localise(table, "zh")
    assert list(zh.columns[:4]) == ["编号", "园区", "省级单位", "国家统计局区域"]
    assert zh.loc[0, "省级单位"] == "江苏省" and zh.loc[0, "建设范围"] in ("园中园", "园区整体")
    en = pilot.LABELS.localise(pilot.claims_check(view, d.press_claims()), "en")
    assert list(en.columns) == ["Claim", "Claimed", "In the list data", "Agrees", "Claim status", "Source"]
    assert set(en["Agrees"]) == {"yes", "no"}
    xpcc = pilot.LABELS.localise(table, "zh").set_index("编号").loc["ZCP-52", "省级单位"]
    assert xpcc == "新疆生产建设兵团"


def test_key_facts_are_numbers_and_the_text_is_made_from_them(view):
    facts = pilot.key_facts(view, "320000")
    assert (facts["n"], facts["units"], facts["park_in_park"], facts["whole_park"]) == (52, 32, 46, 6)
    assert facts["highlight_ids"] == ["ZCP-18", "ZCP-19"] and facts["top_n"] == 3
    zh = text.key_facts_text(facts, view, "zh")
    assert "本报告突出显示江苏省：2 个园区（ZCP-18、ZCP-19）" in zh
    en = text.key_facts_text(pilot.key_facts(view), view, "en")
    assert en.startswith("The list has 52 parks in 32 provincial units") and "Highlighted" not in en
    assert "Fujian, Guangxi, Hebei, Jilin have 3 parks each" in en


def _toy() -> pd.DataFrame:
    """Four parks in two units, with known counts."""
    return pd.DataFrame({
        "park_id": ["ZCP-01", "ZCP-02", "ZCP-03", "ZCP-04"], "seq": [1, 2, 3, 4],
        "unit_id": ["110000", "110000", "XPCC", "320000"],
        "unit_name_en": ["Beijing", "Beijing", "XPCC", "Jiangsu"], "unit_name_zh": ["北京市", "北京市", "兵团", "江苏省"],
        "nbs_region": ["East", "East", "West", "East"], "scope": ["park_in_park", "whole_park", "park_in_park",
                                                                 "park_in_park"],
        "construction_start": [2026, 2026, 2025, 2026], "construction_end": [2030, 2028, 2030, 2027],
        "verified_by": ["list_text only", "list_text + media", "list_text only", "list_text only"],
        "yangtze_belt": [False, False, False, True], "industry_class": ["mixed"] * 4,
    })


def test_synthetic_counts_and_measures():
    toy = _toy()
    assert pilot.counts(toy, "unit")[["unit_id", "n"]].values.tolist() == [["110000", 2], ["320000", 1], ["XPCC", 1]]
    assert pilot.counts(toy, "construction_end")["construction_end"].tolist() == [2027, 2028, 2030]
    assert [pilot.measure(toy, m) for m in ("parks", "provincial_units", "yangtze_belt", "scope:whole_park",
                                            "unit:110000")] == [4, 3, 1, 1, 2]
    with pytest.raises(ValueError, match="unknown measure 'colour'"):
        pilot.measure(toy, "colour")
    facts = pilot.key_facts(toy)
    assert (facts["start_min"], facts["start_max"], facts["end_min"], facts["end_max"]) == (2025, 2026, 2027, 2030)
    assert facts["confirmed"] == 1 and facts["top_units"] == ["110000"] and facts["highlight_ids"] == []
    assert "starts in 2025–2026" in text.key_facts_text(facts, toy, "en")
