"""The park profile on the real data: the facts table in both languages, sources, and the matching summary."""

from __future__ import annotations

import pytest

from zcparks.analyses import park_profile as pk
from zcparks.analyses.park_profile import text
from zcparks.errors import ParameterError
from zcparks.models import parkmatch


@pytest.fixture(scope="module")
def ctx():
    return parkmatch.setup()


def test_facts_in_both_languages_mark_english_only_values_on_zh_pages(ctx):
    park = pk.park_row("ZCP-01", ctx.parks)
    en, zh = text.facts_table(park, "en"), text.facts_table(park, "zh")
    assert len(en) == len(zh) == len(pk.FACT_FIELDS)
    zh_values = dict(zip(pk.FACT_FIELDS, zh["value"], strict=True))
    assert zh_values["name"] == "北京经济技术开发区" and zh_values["construction_period"] == "2025–2028"
    assert zh_values["main_industries"].endswith("（英文原文）")
    assert "（英文原文）" not in "".join(en["value"])
    assert len(pk.sources(park)) >= 3 and "https://www.ndrc.gov.cn" in text.sources_html(park, "en")


def test_unknown_park_is_named(ctx):
    with pytest.raises(ParameterError, match="parameter park: unknown park 'ZCP-53'"):
        pk.park_row("ZCP-53", ctx.parks)


def test_matching_summary_of_a_park(ctx):
    s = pk.matching(pk.park_row("ZCP-18", ctx.parks), ctx, 4.0, "spec-provisional")
    rec = s["record"]
    assert 0 < s["share_no_storage"] < rec["matched_share"] < 1
    by = {n["target"]: n for n in s["needs"]}
    assert by[0.8]["storage_h"] is not None and by[0.8]["storage_h"] > 4  # Jiangsu needs more than 4 h for 80 %
    assert by[0.9]["storage_h"] is None or by[0.9]["storage_h"] > 12
    assert by[0.9]["overbuild"] is not None
    words = text.matching_text(s, "zh")
    assert len(words) == 3 and "储能" in words[0]
    h = by[0.8]["storage_h"]  # the least size tried that reaches 80 %: the need lies between it and the one before
    assert f"需要多于 {h - 1:g} 小时、至多 {h:g} 小时的储能（按 1 小时的步长测算）" in words[1]
    assert f"more than {h - 1:g} h and at most {h:g} h of storage" in text.matching_text(s, "en")[1]


def test_the_storage_sentences_say_the_bounds_of_the_sizes_tried():
    record = {"load_class": "two_shift", "matched_share": 0.7}
    needs = [{"target": 0.8, "storage_h": 0.0, "overbuild": None, "storage_h_at_overbuild": None},
             {"target": 0.85, "storage_h": 3.0, "overbuild": None, "storage_h_at_overbuild": None},
             {"target": 0.9, "storage_h": None, "overbuild": 1.3, "storage_h_at_overbuild": 6.0},
             {"target": 0.95, "storage_h": None, "overbuild": None, "storage_h_at_overbuild": None}]
    s = {"record": record, "storage_h": 4.0, "share_no_storage": 0.6, "needs": needs, "storage_step_h": 1.0}
    en = text.matching_text(s, "en")
    assert en[1] == "80% hourly match is reached at 100 % annual volume without storage."
    assert en[2] == ("85% hourly match needs more than 2 h and at most 3 h of storage at 100 % annual volume "
                     "(sizes tried in steps of 1 h).")
    assert en[3].endswith("an overbuild of 1.3× reaches it with at most 6 h (overbuild tried in steps of 0.1×, "
                          "storage in steps of 1 h).")
    assert en[4] == "95% is not reached with up to 2× overbuild and 12 h of storage."


def test_the_data_centre_class_is_sized_by_the_data_centre_archetype(ctx):
    dc = ctx.parks[ctx.parks["industry_class"] == "computing_data_centre"].iloc[0]
    key, mw = parkmatch.size_mw(dc)
    assert key == "data_centre" and mw == pytest.approx(1_600_000 / 8760)
