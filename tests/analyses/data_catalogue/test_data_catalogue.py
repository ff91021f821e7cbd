"""The data-catalogue analysis: real counts of the catalogue, and a synthetic panel with known coverage."""

from __future__ import annotations

import pandas as pd

import zcparks.data as d
from zcparks.analyses import data_catalogue as dc
from zcparks.analyses.data_catalogue import text


def test_real_figures():
    panel, variables, flagged = d.panel(), d.variables(), d.flagged_cells()
    facts = dc.key_facts(panel, variables, flagged)
    assert facts["full_from"] == 1999 and facts["gaps"] == {2000: 29, 2001: 29, 2002: 28}
    assert facts["n_blocked"] == (flagged["flag_class"] == "blocked").sum() > 10
    en = text.key_facts_text(facts, "en")
    assert "every year 1999-2019" in en and "2002: 28 provinces" in en
    assert "2002年28个省份" in text.key_facts_text(facts, "zh")
    blocked = dc.flagged_table(flagged, d.provinces(), "blocked").set_index(["province_name_en", "year", "variable"])
    ningxia = blocked.loc[("Ningxia", 2020, "total_energy_consumption")]
    assert ningxia["published"] == 0.79 and "below 1/5" in ningxia["reason_en"] and "五分之一" in ningxia["reason_zh"]
    breaks = dc.flagged_table(flagged, d.provinces(), "break").set_index(["province_name_en", "year", "variable"])
    assert "census of 2013" in breaks.loc[("Hubei", 2013, "total_energy_consumption"), "reason_en"]
    assert "原因不明" in breaks.loc[("Jilin", 2015, "total_energy_consumption"), "reason_zh"]
    seams = dc.seams(panel, variables).set_index("variable")["seam_year"].to_dict()
    assert seams == {"gdp_constant_2020": 2020, "gdp_deflator_2020": 2006, "population_yearend_linked": 2015,
                     "co2_apparent_total_linked": 2020}
    gaps = dc.gdp_gaps(d.gdp_seams(), d.provinces())
    assert gaps.iloc[0]["province_name_en"] == "Jilin" and gaps.iloc[0]["revision_gap_pct"] == -23.5


def test_coverage_counts_on_a_synthetic_panel():
    variables = pd.DataFrame({"variable": ["a", "b", "fam"], "kind": ["source", "derived", "family"],
                              "name_en": ["A", "B", "F"], "name_zh": ["甲", "乙", "族"]})
    panel = pd.DataFrame({"variable": ["a", "a", "a", "b", "fam: x"], "year": [2000, 2000, 2001, 2001, 2000],
                          "province_code": ["1", "2", "1", "1", "1"], "value": [1.0, 2.0, None, 3.0, 4.0]})
    cov = dc.coverage(panel, variables, 2000).set_index(["variable", "year"])["provinces"].to_dict()
    assert cov == {("a", 2000): 2, ("a", 2001): 0, ("b", 2000): 0, ("b", 2001): 1}  # blocked (None) does not count


def test_download_links_name_listed_tables_only():
    from zcparks.report.jobs import load_config

    sizes = {stem: 1000 for stem in dc.DOWNLOADS}
    html = text.downloads_html(sizes, "zh")
    listed = load_config().downloads
    assert all(f"zc-download:{stem}.csv" in html and f"{stem}.csv" in listed for stem in dc.DOWNLOADS)
    assert "下载省级面板（CSV，1 kB）" in html
