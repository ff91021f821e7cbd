"""The data layer returns the real numbers of the raw files."""

from __future__ import annotations

import pandas as pd
import pytest

import zcparks.data as d
from zcparks.data import regions


def test_52_parks_with_stable_ids():
    parks = d.parks()
    assert parks["park_id"].tolist() == [f"ZCP-{i:02d}" for i in range(1, 53)]
    assert parks.loc[0, "name_zh"] == "北京经济技术开发区"
    assert parks["scope"].value_counts().to_dict() == {"park_in_park": 46, "whole_park": 6}


def test_all_31_provinces_plus_xpcc_have_a_park():
    parks = d.parks()
    assert parks["unit_id"].nunique() == 32
    xpcc = parks[parks["is_xpcc"]]
    assert xpcc["park_id"].tolist() == ["ZCP-52"]
    assert xpcc["unit_id"].item() == "XPCC"
    assert xpcc["province_code"].item() == "650000"  # mapped to Xinjiang for statistics
    assert parks.groupby("unit_id").size()["130000"] == 3  # Hebei has three parks


def test_park_locations_from_the_standard_map():
    parks = d.parks().set_index("park_id")
    daxing = parks.loc["ZCP-01"]
    assert daxing["loc_precision"] == "county" and daxing["loc_unit_zh"] == "大兴区"
    assert daxing["lon"] == pytest.approx(116.41, abs=0.05)
    assert daxing["lat"] == pytest.approx(39.65, abs=0.05)
    assert parks.loc["ZCP-04", "loc_precision"] == "prefecture"  # Baoding: county unknown
    assert parks["loc_precision"].value_counts().to_dict() == {"county": 27, "prefecture": 25}  # ZCP-45 unsourced
    assert not parks["county_basis"].fillna("").str.contains("knowledge").any()  # every county code is cited
    assert parks.loc["ZCP-45", "loc_precision"] == "prefecture"


def test_provinces_regions_and_coast():
    prov = d.provinces()
    assert len(prov) == 31 and prov["province_code"].is_unique
    assert prov["nbs_region"].value_counts().to_dict() == {"West": 12, "East": 10, "Central": 6, "Northeast": 3}
    assert sorted(prov.loc[prov["coastal"], "name_en"]) == sorted(
        ["Liaoning", "Hebei", "Tianjin", "Shandong", "Jiangsu", "Shanghai", "Zhejiang", "Fujian",
         "Guangdong", "Guangxi", "Hainan"]
    )
    bj = prov.set_index("province_code").loc["110000"]
    assert (bj["name_zh"], bj["name_en"], bj["grid_region"]) == ("北京市", "Beijing", "North China")
    assert d.vocabulary()["codes"]["grid_region"][bj["grid_region"]]["zh"] == "华北"


def test_grid_factors_real_values():
    g = d.grid_factors()
    nat = g[(g["level"] == "national") & (g["factor"] == "grid_average_co2_emission_factor")]
    assert nat.set_index("year")["value_tco2_per_mwh"].to_dict() == {2021: 0.5568, 2022: 0.5366, 2023: 0.5306}
    bj = g[(g["province_code"] == "110000")].set_index("year")["value_tco2_per_mwh"]
    assert bj[2023] == 0.5554
    extra = g[g["factor"] == "national_avg_factor_excl_market_traded_nonfossil"].set_index("year")
    assert extra.loc[2023, "value_tco2_per_mwh"] == 0.6096
    assert set(g.loc[g["level"] == "regional_grid", "region_en"]) == set(regions.GRID_REGIONS)


def test_ceads_total_and_sector_sum():
    p = d.panel()
    co2 = p[(p["variable"] == "co2_total_scope1") & (p["year"] == 2019)]
    assert len(co2) == 30  # no Tibet in CEADs
    assert co2["value"].sum() == pytest.approx(10864.41, abs=0.01)  # Mt CO2, as in PROVENANCE.md
    bj = co2.set_index("province_code").loc["110000"]
    assert bj["value"] == pytest.approx(89.184484, rel=1e-6) and bj["unit"] == "Mt CO2"


def test_each_vintage_keeps_its_own_name_and_no_third_party_value_is_selected_as_primary():
    p = d.panel()
    bj = p[(p["province_code"] == "110000") & (p["year"] == 2017)].set_index("variable")
    assert bj.loc["gdp_current", "value"] == 31325.9
    assert bj.loc["gdp_current", "source"] == "provincial_panel/nbs_gdp_current_2006_2024_v2025.csv"
    assert bj.loc["gdp_current_v2018", "value"] == 28014.94
    assert bj.loc["gdp_current_thirdparty", "value"] == 28000.4
    gdp = p[p["variable"] == "gdp_current"]
    assert (gdp["year"].min(), gdp["year"].max()) == (2006, 2024)  # v2025 only: no splice with v2018 or third party
    assert set(gdp["source"]) == {"provincial_panel/nbs_gdp_current_2006_2024_v2025.csv"}


def test_one_value_per_key_and_every_value_has_a_unit():
    p = d.panel()
    assert not p.duplicated(["province_code", "year", "variable"]).any()
    assert p["unit"].notna().all()
    assert p.groupby("variable")["unit"].nunique().max() == 1


def test_derived_indicator_units_and_values():
    p = d.panel().set_index(["province_code", "year", "variable"])
    # Beijing 2019: 89.184484 Mt CO2 / 7360.3 x 10^4 tce = 1.2117 t CO2 per tce
    v = p.loc[("110000", 2019, "co2_per_energy")]
    assert v["unit"] == "tCO2/tce"
    assert v["value"] == pytest.approx(89.184484 * 100 / 7360.3, rel=1e-7)


def test_third_party_quality_flags_travel_with_values():
    p = d.panel(all_sources=True).set_index(["province_code", "year", "variable", "selected"])
    bad = p.loc[("640000", 2020, "total_energy_consumption", False)]  # known bad cell (0.79), as published
    assert bad["value"] == 0.79 and "year-on-year ratio" in bad["qa_flag"]
    shown = p.loc[("640000", 2020, "total_energy_consumption", True)]  # selected: blocked, so missing
    assert pd.isna(shown["value"]) and shown["flag_class"] == "blocked" and "published value 0.79" in shown["qa_flag"]


def test_boundaries_are_web_ready():
    b = d.boundaries()
    assert len(b) == 34 and b["mainland"].sum() == 31
    import shapely

    poly = b.geometry.iloc[0].geoms[0] if b.geometry.iloc[0].geom_type == "MultiPolygon" else b.geometry.iloc[0]
    assert not shapely.is_ccw(poly.exterior)  # clockwise exterior rings for Vega
    assert len(d.dash_line()) == 1


def test_a_raw_variable_missing_from_the_dictionary_stops_the_build(scratch_root):
    from zcparks.data.build import build_panel
    from zcparks.errors import SanityCheckError

    meta = scratch_root / "data/raw/provincial_panel/metadata.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("{name: so2_emissions,", "{name: so2_emissions_x,"),
                    encoding="utf-8")
    raw = scratch_root / "data/raw/provincial_panel/thirdparty_wangmeng_panel_1990_2025.csv"
    raw.write_text(raw.read_text(encoding="utf-8").replace(",so2_emissions,", ",so2_emissions_x,"), encoding="utf-8")
    with pytest.raises(SanityCheckError, match=r"thirdparty_wangmeng_panel_1990_2025.csv: variable 'so2_emissions_x' "
                                               r"is not in the variable dictionary.*no data for \['so2_emissions'\]"):
        build_panel(d.provinces())


def test_capacity_by_type_gives_the_panels_own_wind_solar_share_and_no_zero_for_a_known_plant():
    from zcparks.data.indicators import capacity_by_type

    panel = d.panel()
    cap = capacity_by_type(panel)
    share = ((cap["capacity_wind_ge_6mw"] + cap["capacity_solar_all_sizes"]) / cap.sum(axis=1, min_count=5) * 100)
    ref = panel[panel["variable"] == "wind_solar_share_capacity"].set_index(["province_code", "year"])["value"]
    both = share.dropna().to_frame("split").join(ref.rename("panel"), how="outer")
    assert both.notna().all().all() and (both["split"] - both["panel"]).abs().max() < 1e-9
    assert pd.isna(cap.loc[("370000", 2023), "capacity_nuclear_ge_6mw"])  # Shandong has nuclear plants: unknown
    assert cap.loc[("620000", 2023), "capacity_nuclear_ge_6mw"] == 0.0  # Gansu: none in any year, none generated
