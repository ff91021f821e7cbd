"""Translation at the edge: catalogues, duplicates, and localise() on small frames with known answers."""

from __future__ import annotations

import pandas as pd
import pytest

from zcparks.report.labels import Catalog, LabelError, Labels, page_catalog

DOC = {
    "labels": {"title": {"en": "Parks by {what}", "zh": "按{what}统计"}},
    "fields": {"region": {"en": "Region", "zh": "区域"}, "name": {"en": "Name", "zh": "名称"},
               "n": {"en": "Count", "zh": "数量"}, "ok": {"en": "OK", "zh": "通过"}},
    "codes": {"region": {"E": {"en": "East", "zh": "东部", "color": "#111"}, "W": {"en": "West", "zh": "西部"}}},
}


@pytest.fixture
def labels() -> Labels:
    return Labels(page_catalog().merge(Catalog.from_doc(DOC, "toy.yaml", prefix="toy."), "toy.yaml"), prefix="toy.")


def test_localise_picks_the_language_names_codes_and_booleans(labels):
    df = pd.DataFrame({"name_en": ["A", "B"], "name_zh": ["甲", "乙"], "region": ["E", None], "n": [3, 4],
                       "ok": [True, False], "2023": [0.5, 0.6]})
    zh = labels.localise(df, "zh")
    assert list(zh.columns) == ["名称", "区域", "数量", "通过", "2023"]
    assert zh["名称"].tolist() == ["甲", "乙"] and zh.iloc[0, 1] == "东部" and pd.isna(zh.iloc[1, 1])
    assert zh["通过"].tolist() == ["是", "否"] and zh["数量"].tolist() == [3, 4]
    en = labels.localise(df, "en")
    assert en["Name"].tolist() == ["A", "B"] and en["OK"].tolist() == ["yes", "no"]
    other = labels.localise(pd.DataFrame({"where": ["E"]}).rename(columns={"where": "region"}), "en")
    assert other.iloc[0, 0] == "East"


def test_codes_from_reads_codes_of_another_field(labels):
    df = pd.DataFrame({"n": [1], "home": ["W"]})
    with pytest.raises(LabelError, match="field 'home' has no label"):
        labels.localise(df, "en", codes_from={"home": "region"})
    labels.catalog.fields["home"] = {"en": "Home", "zh": "所在"}
    assert labels.localise(df, "zh", codes_from={"home": "region"}).iloc[0, 1] == "西部"


def test_texts_fields_codes_and_colours(labels):
    assert labels.t("title", "en", what="region") == "Parks by region"
    assert labels.t("page.contents", "zh") == "目录"
    assert labels.color("region", "E") == "#111" and labels.codes("region") == ["E", "W"]
    assert labels.join(["a", "b"], "en") == "a, b" and labels.join(["a", "b"], "zh") == "a、b"
    with pytest.raises(LabelError, match="label 'toy.nope' has no 'en' text"):
        labels.t("nope", "en")
    with pytest.raises(LabelError, match="code 'X' of field 'region' has no label"):
        labels.code("region", "X", "en")
    with pytest.raises(LabelError, match="code 'W' of field 'region' has no color"):
        labels.color("region", "W")
    with pytest.raises(LabelError, match="field 'colour' has no label"):
        labels.localise(pd.DataFrame({"colour": ["red"]}), "en")


def test_a_key_defined_twice_or_a_missing_language_fails():
    toy = Catalog.from_doc(DOC, "toy.yaml")
    with pytest.raises(LabelError, match=r"b.yaml: field\(s\) \['n'\] defined twice"):
        toy.merge(Catalog.from_doc({"fields": {"n": {"en": "N", "zh": "数"}}}, "b.yaml"), "b.yaml")
    with pytest.raises(LabelError, match=r"codes \['E'\] of field 'region' defined twice"):
        toy.merge(Catalog.from_doc({"codes": {"region": {"E": {"en": "e", "zh": "东"}}}}, "c.yaml"), "c.yaml")
    with pytest.raises(LabelError, match="d.yaml: 'x' needs a non-empty text for each of en, zh"):
        Catalog.from_doc({"labels": {"x": {"en": "only English"}}}, "d.yaml")
    with pytest.raises(LabelError, match=r"unknown section\(s\) \['label'\]"):
        Catalog.from_doc({"label": {}}, "e.yaml")


def test_every_analysis_catalogue_merges_without_duplicates_and_covers_both_languages():
    from zcparks.report import registry

    for a in registry.analyses().values():
        module = __import__(a.package, fromlist=["LABELS"])
        cat = module.LABELS.catalog
        own = [k for k in cat.texts if k.startswith(f"{a.slug}.")]
        assert own, f"{a.slug}: no labels of its own"
        for entries in (cat.texts, cat.fields):
            assert all(set(v) - {"color"} == {"en", "zh"} for v in entries.values())


def test_json_in_script_elements_cannot_break_out():
    import json

    from zcparks.report.charts import spec_html
    from zcparks.report.htmlsafe import script_json

    payload = {"name": "<!--<script>alert(1)</script>", "note": "a & b > c", "sep": "\u2028\u2029"}
    text = script_json(payload)
    assert not any(c in text for c in "<>&\u2028\u2029") and json.loads(text) == payload
    html = spec_html({"description": "park <!--<script", "data": {"values": [{"name": payload["name"]}]}}, "zc-x")
    body = html.split('data-zc-chart="zc-x">', 1)[1].rsplit("</script>", 1)[0]
    assert "<" not in body and json.loads(body)["data"]["values"][0]["name"] == payload["name"]
