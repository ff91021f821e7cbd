"""The engine pieces behind pages for readers, on small cases with known answers."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd
import pytest

from zcparks.report import charts, display, render
from zcparks.report.htmlsafe import mark_english
from zcparks.report.jobs import Headline
from zcparks.report.labels import Catalog, Labels


def _labels() -> Labels:
    return Labels(Catalog(
        fields={"grid": {"en": "Regional grid", "zh": "区域电网"}},
        codes={"grid": {"north": {"en": "North", "zh": "华北", "color": "#111111"},
                        "east": {"en": "East", "zh": "华东", "color": "#222222"}}},
    ))


def test_a_category_colour_is_keyed_by_codes_with_names_in_the_legend():
    L = _labels()
    en, zh = (charts.category_color("grid", L, "grid", lang).to_dict() for lang in ("en", "zh"))
    assert en["scale"] == zh["scale"] == {"domain": ["north", "east"], "range": ["#111111", "#222222"]}
    assert en["field"] == "grid" and en["title"] == "Regional grid" and zh["title"] == "区域电网"
    assert json.loads(zh["legend"]["labelExpr"].split(")[")[0][1:]) == {"north": "华北", "east": "华东"}
    assert charts.category_color("grid", L, "grid", "en", ["east"]).to_dict()["scale"]["range"] == ["#222222"]
    assert "legend" in charts.category_color("grid", L, "grid", "en", legend=None).to_dict()


def test_id_colours_follow_the_order_of_the_ids():
    c = charts.id_color("park_id", {"ZCP-18": "A", "ZCP-09": "B"}).to_dict()
    assert c["scale"] == {"domain": ["ZCP-18", "ZCP-09"], "range": list(charts.PALETTE[:2])}


def test_column_titles_come_from_the_encodings_and_tooltips():
    chart = alt.Chart(pd.DataFrame({"a": [1], "b": ["x"], "c": [2]})).mark_bar().encode(
        x=alt.X("a:Q", title="Factor (tCO2/MWh)"), y="b:N", tooltip=[alt.Tooltip("c:Q", title="Count")])
    assert charts.column_titles(chart.to_dict()) == {"a": "Factor (tCO2/MWh)", "c": "Count"}


def test_table_cells_keep_their_raw_values():
    page = display.table_html(pd.DataFrame({"v": [0.123456789, None], "s": ["=1", "x"]}))
    assert '<td data-v="0.123456789" data-t="n">0.123457</td>' in page
    assert '<td data-v="">—</td>' in page and '<td data-v="=1">=1</td>' in page


def test_english_on_a_chinese_page_is_marked_and_short_latin_is_not():
    assert mark_english("ERA5 的 tCO2/MWh 值", "zh") == "ERA5 的 tCO2/MWh 值"
    out = mark_english("来源：number of parks on the first list", "zh")
    assert out == '来源：<span lang="en">number of parks on the first list</span><small class="zc-orig">（英文原文）</small>'
    assert mark_english("number of parks on the first list", "en") == "number of parks on the first list"
    linked = mark_english('<a href="https://a.b/c">https://a.b/c d e</a>', "zh")
    assert linked == '<a href="https://a.b/c">https://a.b/c d e</a>'  # links stay as they are


def test_a_headline_must_use_exactly_its_records():
    Headline(report="r", values={"x": ".1f"}, en="x is {x}", zh="x 为 {x}")
    with pytest.raises(ValueError, match=r"the zh text uses \['y'\], expected exactly the records of values"):
        Headline(report="r", values={"x": ".1f"}, en="x is {x}", zh="x 为 {y}")


def test_the_citation_names_title_version_commit_and_date():
    man = {"git_commit": "0123456789abcdef", "built_at": "2026-12-01 10:00 UTC", "version": "0.1.0"}
    assert render.citation("Grid factors", man, "en") == (
        "zcparks contributors (2026). Grid factors. zcparks 0.1.0, commit 0123456789ab. Built 2026-12-01 10:00 UTC.")
    assert "《电网因子》" in render.citation("电网因子", man, "zh")


def test_source_citations_in_table_cells_and_notes_read_without_repository_names(monkeypatch):
    import pandas as pd

    commit = "cc162f03245330da2512fe2dfbcfe6b65c0326c7"
    page = display.table_html(pd.DataFrame({"source": [f"repo x path a.txt commit {commit}", "(PROVENANCE §3)"]}))
    assert ">repo x path a.txt commit cc162f0</td>" in page and ">(the provenance notes (3))</td>" in page
    assert f'data-v="repo x path a.txt commit {commit}"' in page  # the CSV download keeps the note as written
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj.data))
    display.note(f"text-copy: x @ {commit}; facts.md §A")
    assert shown == ['<p class="zc-note">text-copy: x @ cc162f0; facts.md section A</p>']
