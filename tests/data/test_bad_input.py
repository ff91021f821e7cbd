"""Every kind of bad raw input gets an error naming file, line, column and what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from zcparks.data.raw import EncodingNotice, read_raw
from zcparks.errors import DataError

GDP = "nbs_gdp_current_2006_2024_v2025.csv"


def _gdp(root: Path) -> Path:
    return root / "data" / "raw" / "provincial_panel" / GDP


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_gbk_file_is_decoded_with_a_notice(scratch_root):
    path = _gdp(scratch_root)
    utf8 = path.read_text(encoding="utf-8")
    path.write_bytes(utf8.encode("gbk"))
    with pytest.warns(EncodingNotice, match="nbs_gdp_current_2006_2024_v2025.csv.*GB18030/GBK"):
        df = read_raw("provincial_panel", GDP)
    assert df.loc[0, "province_zh"] == "北京"
    assert df.loc[0, "value"] == 8618.9


def test_undecodable_bytes_are_rejected_with_the_line(scratch_root):
    path = _gdp(scratch_root)
    data = path.read_bytes().replace(b"\xe5\x8c\x97\xe4\xba\xac", b"\xff\xfe", 1)  # 北京 -> junk
    path.write_bytes(data)
    with pytest.raises(DataError, match=r"line 2: byte 0xff .* neither UTF-8 nor GB18030"):
        read_raw("provincial_panel", GDP)


def test_missing_column(scratch_root):
    path = _gdp(scratch_root)
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(",".join(line.split(",")[:5]) for line in lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"header: missing column 'unit'.*expected columns: province_en"):
        read_raw("provincial_panel", GDP)


def test_renamed_column(scratch_root):
    _edit(_gdp(scratch_root), "province_en,province_zh,year,variable,value,unit",
          "province_en,province_zh,year,variable,val,unit")
    with pytest.raises(DataError) as exc:
        read_raw("provincial_panel", GDP)
    msg = str(exc.value)
    assert "missing column 'value'; found 'val' instead (renamed?)" in msg
    assert "unexpected column" not in msg  # reported once, as a rename
    assert GDP in msg


def test_non_numeric_value(scratch_root):
    _edit(_gdp(scratch_root), "Beijing,北京,2007,gdp_current,10730.4", "Beijing,北京,2007,gdp_current,10,730.4x")
    with pytest.raises(DataError) as exc:
        read_raw("provincial_panel", GDP)
    # the stray comma makes a 7th field: a malformed CSV, reported with its line
    assert "line 3: malformed CSV: 7 fields, expected 6" in str(exc.value)


@pytest.mark.parametrize(("value", "message"), [
    ("n/a", r"line 3, column 'value': value 'n/a' is not a number"),
    ("inf", r"line 3, column 'value': value 'inf' for 'gdp_current' is not a finite number"),
    ("nan", r"line 3, column 'value': value 'nan' is not a number; leave the cell empty for a missing value"),
])
def test_non_numeric_value_in_a_well_formed_row(scratch_root, value, message):
    _edit(_gdp(scratch_root), "Beijing,北京,2007,gdp_current,10730.4", f"Beijing,北京,2007,gdp_current,{value}")
    with pytest.raises(DataError, match=message):
        read_raw("provincial_panel", GDP)


def test_bad_year_is_reported_once_without_internal_errors(scratch_root):
    _edit(_gdp(scratch_root), "Beijing,北京,2015,", "Beijing,北京,2O15,")
    with pytest.raises(DataError) as exc:
        read_raw("provincial_panel", GDP)
    assert str(exc.value).splitlines()[1:] == ["  - line 11, column 'year': value '2O15' is not a whole number"]


def test_chinese_province_name_must_match(scratch_root):
    _edit(_gdp(scratch_root), "Beijing,北京,2008,", "Beijing,北惊,2008,")
    with pytest.raises(DataError, match=r"line 4, column 'province_zh': '北惊' does not match province_en "
                                        r"'Beijing'; expected '北京'"):
        read_raw("provincial_panel", GDP)


def test_problems_are_listed_in_line_order(scratch_root):
    path = _gdp(scratch_root)
    text = path.read_text(encoding="utf-8")
    text = text.replace("Beijing,北京,2015,gdp_current,26034.1", "Beijing,北京,2015,gdp_current,x", 1)
    text = text.replace("Beijing,北京,2007,gdp_current,10730.4", "Beijing,北京,2007,gdp_current,y", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as exc:
        read_raw("provincial_panel", GDP)
    lines = str(exc.value).splitlines()[1:]
    assert [x.split(",")[0] for x in lines] == ["  - line 3", "  - line 11"]


def test_duplicate_key(scratch_root):
    path = _gdp(scratch_root)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(3, lines[1])  # Beijing 2006 again, at line 4
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        read_raw("provincial_panel", GDP)
    msg = str(exc.value)
    assert "line 4: duplicate key (province_en='Beijing', year='2006', variable='gdp_current')" in msg
    assert "line 2: duplicate key" in msg


def test_unknown_province_suggests_close_names(scratch_root):
    _edit(_gdp(scratch_root), "Guangdong,", "Guangdogn,", count=1)
    with pytest.raises(DataError, match=r"column 'province_en': unknown province 'Guangdogn'; did you mean 'Guangdong'"):
        read_raw("provincial_panel", GDP)


def test_negative_energy_value(scratch_root):
    path = scratch_root / "data" / "raw" / "provincial_panel" / "thirdparty_wangmeng_panel_1990_2025.csv"
    text = path.read_text(encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), start=1) if ",total_energy_consumption," in t)
    old = text.splitlines()[line - 1]
    parts = old.split(",")
    parts[4] = "-" + parts[4]
    path.write_text(text.replace(old, ",".join(parts), 1), encoding="utf-8")
    with pytest.raises(DataError, match=rf"line {line}, column 'value': negative value .* for "
                                        r"'total_energy_consumption'; expected a value >= 0"):
        read_raw("provincial_panel", "thirdparty_wangmeng_panel_1990_2025.csv")


def test_unit_that_does_not_match_the_metadata(scratch_root):
    _edit(_gdp(scratch_root), "100 million yuan (current prices)", "10 thousand yuan", count=1)
    with pytest.raises(DataError) as exc:
        read_raw("provincial_panel", GDP)
    assert "line 2, column 'unit'" in str(exc.value) and "expected '100 million yuan (current prices)'" in str(exc.value)


def test_unknown_variable_must_be_declared(scratch_root):
    _edit(_gdp(scratch_root), "2006,gdp_current,", "2006,gdp_curent,", count=1)
    with pytest.raises(DataError, match=r"unknown variable 'gdp_curent'; did you mean 'gdp_current'"):
        read_raw("provincial_panel", GDP)


def test_bad_value_in_a_wide_table(scratch_root):
    path = scratch_root / "data" / "raw" / "pilot_parks" / "parks.csv"
    _edit(path, ",park_in_park,2025,2028,", ",park-in-park,2025,2028,")
    with pytest.raises(DataError, match=r"line 2, column 'scope': value 'park-in-park' not allowed; "
                                        r"expected one of park_in_park, whole_park"):
        read_raw("pilot_parks", "parks.csv")


def test_missing_raw_file(scratch_root):
    _gdp(scratch_root).unlink()
    with pytest.raises(DataError, match=r"(?s)nbs_gdp_current_2006_2024_v2025.csv: .*file not found"):
        read_raw("provincial_panel", GDP)


def test_a_grid_factor_in_g_per_kwh_is_rejected_with_file_line_and_column(scratch_root):
    from zcparks.data import regions
    from zcparks.data.build import build_panel
    from zcparks.data.catalog import CROSSWALK, REGIONS
    from zcparks.errors import SanityCheckError

    path = scratch_root / "data" / "raw" / "power" / "mee_grid_emission_factors_2021_2023.csv"
    _edit(path, "Anhui,安徽,2021,grid_average_co2_emission_factor,0.7075,",
          "Anhui,安徽,2021,grid_average_co2_emission_factor,707.5,")  # g/kWh instead of kg/kWh
    provinces = regions.provinces_table(read_raw(*CROSSWALK), read_raw(*REGIONS))
    with pytest.raises(SanityCheckError, match=r"mee_grid_emission_factors_2021_2023.csv, line 21, column 'value': 707.5 "
                                               r"tCO2/MWh for 'grid_average_co2_emission_factor' is outside the plausible "
                                               r"range 0-1.5 tCO2/MWh"):
        build_panel(provinces)


def test_full_width_digits_are_read_with_a_notice_naming_line_and_column(scratch_root):
    from zcparks.data.raw import NormalisedNotice

    _edit(_gdp(scratch_root), "Beijing,北京,2007,gdp_current,10730.4", "Beijing,北京,2007,gdp_current,１０７３０．４")
    with pytest.warns(NormalisedNotice, match=r"line 3, column 'value': '１０７３０．４' read as '10730.4'"):
        df = read_raw("provincial_panel", GDP)
    assert df.loc[(df["province_en"] == "Beijing") & (df["year"] == 2007), "value"].item() == 10730.4
    _edit(_gdp(scratch_root), "Beijing,北京,2008,gdp_current,12167.6", "Beijing,北京,2008,gdp_current,１０ｘ")
    with pytest.warns(NormalisedNotice), pytest.raises(DataError, match=r"line 4, column 'value': value '10x' is not "
                                                                        r"a number"):
        read_raw("provincial_panel", GDP)


def test_spaces_around_a_number_are_dropped_with_a_notice(scratch_root):
    from zcparks.data.raw import NormalisedNotice

    _edit(_gdp(scratch_root), "Beijing,北京,2007,gdp_current,10730.4,", "Beijing,北京,2007,gdp_current, 10730.4 ,")
    with pytest.warns(NormalisedNotice, match=r"line 3, column 'value': ' 10730.4 ' read as '10730.4'"):
        df = read_raw("provincial_panel", GDP)
    assert df.loc[(df["province_en"] == "Beijing") & (df["year"] == 2007), "value"].item() == 10730.4


def test_a_derived_value_outside_its_range_stops_the_build():
    import dataclasses

    import zcparks.data as d
    from zcparks.data import dictionary, indicators
    from zcparks.errors import SanityCheckError

    ind = dataclasses.replace(dictionary.load().variables["co2_per_energy"], range=(0.0, 1.0))  # real values reach 3+
    with pytest.raises(SanityCheckError, match=r"indicator co2_per_energy: \d+ value\(s\) outside the plausible range "
                                               r"0-1 tCO2/tce"):
        indicators.derive(d.panel(derived=False), dictionary.load(), [ind])


def test_a_metadata_key_naming_an_unknown_column_says_which_file_key_and_columns(scratch_root):
    from zcparks.data import metadata

    meta = scratch_root / "data" / "raw" / "power" / "metadata.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text.replace("key: [province_en, year, variable]", "key: [province_en, yeer, variable]", 1),
                    encoding="utf-8")
    with pytest.raises(DataError, match=r"(?s)power/metadata.yaml.*key names unknown column\(s\) \['yeer'\]; the columns "
                                        r"are province_en, province_zh, year, variable, value, unit"):
        metadata.load("power")
