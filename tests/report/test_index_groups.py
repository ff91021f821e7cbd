"""ID-set labels and groups: titles with {param} placeholders, and index sub-headings per group (``index_by``)."""

from __future__ import annotations

import re

import pytest

from zcparks.errors import ZcparksError
from zcparks.report import jobs as jobs_mod
from zcparks.report import params as schema
from zcparks.report import registry, site

PROVINCES = schema.ChoiceSet(
    "@provinces",
    values=("110000", "320000", "340000", "650000", "XPCC"),
    aliases={"Jiangsu": "320000", "江苏": "320000"},
    labels={"110000": {"en": "Beijing", "zh": "北京"}, "320000": {"en": "Jiangsu", "zh": "江苏"},
            "340000": {"en": "Anhui", "zh": "安徽"}, "650000": {"en": "Xinjiang", "zh": "新疆"},
            "XPCC": {"en": "Xinjiang Production and Construction Corps", "zh": "新疆生产建设兵团"}},
    groups={"110000": "East", "320000": "East", "340000": "Central", "650000": "West", "XPCC": "West"},
    group_labels={"East": {"en": "East", "zh": "东部"}, "Central": {"en": "Central", "zh": "中部"},
                  "West": {"en": "West", "zh": "西部"}, "Northeast": {"en": "Northeast", "zh": "东北"}},
)
PARKS = schema.ChoiceSet("@parks", values=("ZCP-01", "ZCP-02"))  # no labels, no groups
HELP = {"en": "help", "zh": "说明"}
PROVINCE = schema.Param("province", str, "all", HELP, choices="@provinces", extra_choices=("all",))
PROFILE = schema.NotebookSpec(
    "province-profile", 7, {"en": "Province profile: {province}", "zh": "省份概况：{province}"},
    {"en": "{province} in {lang}; {nothing} stays", "zh": "{province}"}, (),
    params=(schema.LANG, PROVINCE, schema.Param("park", str, "ZCP-01", HELP, choices="@parks"),
            schema.Param("provinces", list, ["all"], HELP, choices="@provinces", extra_choices=("all",))),
)
PLAIN = schema.NotebookSpec("plain", 8, {"en": "Plain report", "zh": "普通报告"}, {"en": "s", "zh": "s"}, ())


@pytest.fixture
def fake_sets(monkeypatch):
    """The named ID sets are these two (not data/processed/ids.json)."""
    monkeypatch.setattr(schema, "choice_sets", lambda: {"@provinces": PROVINCES, "@parks": PARKS})


@pytest.fixture
def fake_specs(monkeypatch, fake_sets):
    """The analyses are PROFILE and PLAIN."""
    specs = {"province-profile": PROFILE, "plain": PLAIN, "plain-again": PLAIN}

    def spec(name):
        if name not in specs:
            raise schema.ParameterError(f"unknown notebook {name!r}")
        return specs[name]

    monkeypatch.setattr(registry, "spec", spec)
    monkeypatch.setattr(registry, "analyses", lambda: specs)


def test_choice_set_labels_fall_back_to_the_value():
    assert PROVINCES.label("320000", "zh") == "江苏" and PROVINCES.label("320000") == "Jiangsu"
    assert PROVINCES.label("all", "zh") == "all" and PARKS.label("ZCP-01", "en") == "ZCP-01"
    assert PROVINCES.group_of("XPCC") == "West" and PROVINCES.group_of("all") is None
    assert PROVINCES.group_order() == ["East", "Central", "West", "Northeast"]
    assert PROVINCES.group_label("Central", "zh") == "中部" and PROVINCES.group_label("Mars", "zh") == "Mars"


def test_titles_show_the_label_of_an_id_set_value(fake_sets):
    assert PROFILE.title_in("en") == "Province profile: {province}"  # no job chosen: the title as written
    assert PROFILE.title_in("en", {"lang": "en", "province": "320000"}) == "Province profile: Jiangsu"
    assert PROFILE.title_in("zh", {"lang": "zh", "province": "320000"}) == "省份概况：江苏"
    assert PROFILE.title_in("en", {"province": "all"}) == "Province profile: all"  # an extra choice: as given
    # a placeholder that names no parameter (or has no value) is left alone; a plain value shows as it is
    assert PROFILE.subtitle_in("en", {"lang": "en", "province": "XPCC"}) == (
        "Xinjiang Production and Construction Corps in en; {nothing} stays")
    assert PLAIN.title_in("zh", {"lang": "zh"}) == "普通报告"
    many = schema.NotebookSpec("m", 9, {"en": "Profiles: {provinces}", "zh": "概况：{provinces}"},
                               {"en": "s", "zh": "s"}, (), params=PROFILE.params)
    assert many.title_in("en", {"provinces": ["320000", "340000"]}) == "Profiles: Jiangsu, Anhui"
    assert many.title_in("zh", {"provinces": ["320000", "340000"]}) == "概况：江苏、安徽"


def test_a_title_placeholder_must_name_a_parameter(tmp_path):
    bad = tmp_path / "pilot_parks" / "spec.yaml"
    bad.parent.mkdir()
    src = (registry.get("pilot-parks").package_dir / "spec.yaml").read_text(encoding="utf-8")
    en = "  en: China's first national zero-carbon park construction sites\n"
    assert en in src
    bad.write_text(src.replace(en, "  en: Parks of {province}\n", 1), encoding="utf-8")
    assert registry.load_spec(bad).title_in("en") == "Parks of {province}"
    bad.write_text(src.replace(en, "  en: Parks of {provnce}\n", 1), encoding="utf-8")
    with pytest.raises(ZcparksError, match=r"pilot_parks/spec.yaml: title.en has placeholder\(s\) \{provnce\} that "
                                           r"name no parameter; parameters: lang, province"):
        registry.load_spec(bad)


def _config(index_by="province", fan_out=None) -> jobs_mod.Config:
    return jobs_mod.Config.model_validate({
        "groups": {"overview": {"en": "Overview", "zh": "总览"}, "provinces": {"en": "Provinces", "zh": "省份"}},
        "reports": [
            {"id": "plain", "group": "overview", "fan_out": {"lang": ["en", "zh"]}, "output": "o/plain.{lang}.html"},
            {"id": "province-profile", "group": "provinces", "index_by": index_by,
             "fan_out": fan_out or {"lang": ["en", "zh"], "province": ["XPCC", "320000", "all", "340000", "110000"]},
             "output": "p/{province}.{lang}.html"},
            {"id": "plain-again", "group": "overview", "params": {"lang": "en"}, "output": "o/plain-again.html"},
        ],
    })


def test_index_by_must_be_a_fan_out_key(tmp_path, monkeypatch):
    monkeypatch.setenv("ZCPARKS_ROOT", str(tmp_path))
    (tmp_path / "reports.yaml").write_text(
        "groups: {provinces: {en: Provinces, zh: 省份}}\n"
        "reports:\n  - {id: province-profile, group: provinces, index_by: park, fan_out: {lang: [en]}, output: a.html}\n",
        encoding="utf-8")
    with pytest.raises(ZcparksError) as exc:
        jobs_mod.load_config()
    msg = str(exc.value)
    assert msg.startswith("reports.yaml: ") and "report 'province-profile': index_by 'park' is not one of its fan_out " \
        "keys (lang); expected the fan-out parameter whose ID-set groups split the index" in msg


@pytest.mark.parametrize(
    ("index_by", "fan_out", "message"),
    [
        ("lang", None, "reports.yaml, report 'province-profile': index_by 'lang' has choices en | zh; expected a "
                       "fan-out parameter whose choices are an ID set with groups"),
        ("park", {"park": ["ZCP-01"]}, "index_by 'park': ID set @parks has no groups in data/processed/ids.json"),
        ("provinces", {"provinces": [["320000"]]}, "index_by 'provinces' has a list parameter; expected"),
    ],
)
def test_index_by_must_name_a_parameter_of_a_grouped_id_set(fake_specs, index_by, fan_out, message):
    with pytest.raises(ZcparksError) as exc:
        jobs_mod.jobs(_config(index_by, fan_out))
    assert message in str(exc.value)


def _index(tmp_path, monkeypatch, lang):
    monkeypatch.setenv("ZCPARKS_ROOT", str(tmp_path))
    config = _config()
    monkeypatch.setattr(site, "load_config", lambda: config)
    all_jobs = jobs_mod.jobs(config)
    for j in all_jobs:  # every page built, so every row is a link
        j.html_path().parent.mkdir(parents=True, exist_ok=True)
        j.html_path().write_text("<html></html>", encoding="utf-8")
    return all_jobs, site.status_html(all_jobs, lang)


def _links_between(page: str, start: str, end: str | None) -> list[str]:
    i = page.index(start)
    j = page.index(end, i) if end else len(page)
    return re.findall(r'<a href="([^"]+)">', page[i:j])


def test_the_index_lists_an_index_by_report_under_its_groups(tmp_path, monkeypatch, fake_specs):
    all_jobs, page = _index(tmp_path, monkeypatch, "en")
    assert {j.index_by for j in all_jobs if j.report == "province-profile"} == {"province"}
    assert all(j.index_by is None for j in all_jobs if j.report == "plain")
    h3 = re.findall(r'<h3 id="([^"]+)">([^<]+)</h3>', page)
    assert h3 == [("group-provinces-East", "East"), ("group-provinces-Central", "Central"),
                  ("group-provinces-West", "West")]  # group_labels order; Northeast has no page
    east, central, west = ('<h3 id="group-provinces-East">', '<h3 id="group-provinces-Central">',
                           '<h3 id="group-provinces-West">')
    # each page sits under its region, in the set's value order (110000 before 320000, 650000-less West: XPCC)
    assert _links_between(page, east, central) == ["p/110000.en.html", "p/320000.en.html"]
    assert _links_between(page, central, west) == ["p/340000.en.html"]
    assert _links_between(page, west, None) == ["p/XPCC.en.html"]
    # a page in no group ("all") comes first, under the h2 but before the first h3
    assert _links_between(page, '<h2 id="group-provinces">', east) == ["p/all.en.html"]
    assert '<a href="p/320000.en.html">Province profile: Jiangsu</a>' in page
    assert '<a href="p/XPCC.en.html">Province profile: Xinjiang Production and Construction Corps</a>' in page
    assert "p/320000.zh.html" not in page  # one language per index
    # other reports: one table under their h2, no sub-heading
    overview = page[page.index('<h2 id="group-overview">'):page.index('<h2 id="group-provinces">')]
    assert "<h3" not in overview and overview.count("<table") == 1
    assert re.findall(r'<a href="([^"]+)">', overview) == ["o/plain.en.html", "o/plain-again.html"]


def test_the_chinese_index_uses_chinese_group_and_province_names(tmp_path, monkeypatch, fake_specs):
    _, page = _index(tmp_path, monkeypatch, "zh")
    assert re.findall(r"<h3 [^>]*>([^<]+)</h3>", page) == ["东部", "中部", "西部"]
    assert '<a href="p/320000.zh.html">省份概况：江苏</a>' in page
    east = _links_between(page, '<h3 id="group-provinces-East">', '<h3 id="group-provinces-Central">')
    assert east == ["p/110000.zh.html", "p/320000.zh.html"]


def test_an_index_without_index_by_is_unchanged(tmp_path, monkeypatch, fake_specs):
    monkeypatch.setenv("ZCPARKS_ROOT", str(tmp_path))
    config = _config()
    monkeypatch.setattr(site, "load_config", lambda: config)
    plain = [j for j in jobs_mod.jobs(config) if j.report.startswith("plain")]
    page = site.status_html(plain, "en")
    assert "<h3" not in page and page.count("<table") == 1 and "Plain report" in page


def test_the_data_build_gives_provinces_labels_and_nbs_region_groups():
    import zcparks.data as d
    from zcparks.data.build import id_sets

    cs = id_sets(d.provinces(), d.parks(), d.grid_factors())["choice_sets"]["@provinces"]
    assert set(cs["labels"]) == set(cs["groups"]) == set(cs["values"]) and len(cs["values"]) == 32
    assert cs["labels"]["320000"] == {"en": "Jiangsu", "zh": "江苏"}
    assert cs["labels"]["XPCC"] == {"en": "Xinjiang Production and Construction Corps", "zh": "新疆生产建设兵团"}
    assert cs["groups"]["320000"] == "East" and cs["groups"]["230000"] == "Northeast" and cs["groups"]["XPCC"] == "West"
    assert list(cs["group_labels"]) == ["East", "Central", "West", "Northeast"]  # the data vocabulary's order
    assert cs["group_labels"]["East"] == {"en": "East", "zh": "东部"} and cs["group_labels"]["Northeast"]["zh"] == "东北"
    assert set(cs["groups"].values()) == set(cs["group_labels"])
    loaded = schema.ChoiceSet("@provinces", tuple(cs["values"]), cs["aliases"], cs["describe"], labels=cs["labels"],
                              groups=cs["groups"], group_labels=cs["group_labels"])
    assert loaded.label("150000", "zh") == "内蒙古" and loaded.group_label("West", "zh") == "西部"


def test_a_script_in_a_province_name_is_escaped_on_the_index_and_the_status_page(tmp_path, monkeypatch, fake_specs):
    """The site pages come from autoescaped templates: a name from a data file is text, never markup."""
    hostile = "<script>alert(1)</script>&"
    labels = {**PROVINCES.labels, "320000": {"en": hostile, "zh": hostile}}
    monkeypatch.setattr(schema, "choice_sets", lambda: {
        "@provinces": schema.ChoiceSet("@provinces", values=PROVINCES.values, aliases=PROVINCES.aliases,
                                       labels=labels, groups=PROVINCES.groups, group_labels=PROVINCES.group_labels),
        "@parks": PARKS})
    all_jobs, status = _index(tmp_path, monkeypatch, "en")
    index = site.index_html(all_jobs, "en")
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;&amp;"
    for page in (index, status):
        assert "<script>alert" not in page
        assert f'<a href="p/320000.en.html">Province profile: {escaped}</a>' in page or \
            f'<a href="p/320000.en.html">{escaped}</a>' in page
    assert f'<a href="p/320000.en.html">{escaped}</a>' in index  # the browse list names the province
    assert index.count("<script>") == 1 and "<script>alert" not in index  # the filter script, nothing else
