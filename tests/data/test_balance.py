"""Park balances: the YAML and CSV templates read alike, and every bad field is named with what was expected."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from zcparks.data import balance
from zcparks.errors import DataError

ROOT = Path(__file__).resolve().parents[2]
GOOD = {
    "park": {"name_en": "Test park", "name_zh": "测试园区", "province_code": "320000"},
    "years": {2025: {"electricity": {"grid_mwh": 1000.0}, "process_co2_t": 0}},
}


def problems(raw: dict) -> list[str]:
    with pytest.raises(DataError) as err:
        balance.from_dict(raw, "bad.yaml")
    assert err.value.file == "bad.yaml"
    return err.value.problems


def test_yaml_and_csv_templates_are_the_same_balance():
    y = balance.load(ROOT / "data/templates/park_balance.yaml")
    c = balance.load(ROOT / "data/templates/park_balance.csv")
    assert (y.park, y.years, y.scenarios) == (c.park, c.years, c.scenarios)
    assert y.years[2025].fuels == {"natural_gas": 1000.0, "diesel": 50.0}
    assert y.years[2025].electricity["exported_fossil_mwh"] == 0.0
    assert y.years[2025].not_applicable == {"waste_heat_use": {"text": "example reason"}}


def test_left_out_energy_lines_are_zero_and_guiding_inputs_unknown():
    b = balance.from_dict(GOOD, "good.yaml")
    y = b.years[2025]
    assert y.electricity == {"grid_mwh": 1000.0, "green_trade_mwh": 0, "certificates_mwh": 0, "direct_green_mwh": 0,
                             "exported_fossil_mwh": 0}
    assert y.fuels == {} and y.guiding == {} and y.value_added_10k_yuan is None
    assert y.heat["supplier_factor_tco2_per_gj"] is None


def test_a_negative_field_is_named():
    raw = copy.deepcopy(GOOD)
    raw["years"][2025]["electricity"]["grid_mwh"] = -5
    assert problems(raw) == ["years.2025.electricity.grid_mwh: -5 is negative; expected a number >= 0 (MWh)"]


def test_missing_required_fields_are_named_all_at_once():
    raw = copy.deepcopy(GOOD)
    del raw["years"][2025]["process_co2_t"]
    del raw["park"]["name_zh"]
    raw["years"][2025]["electricity"] = {"green_trade_mwh": 3}
    got = problems(raw)
    assert "park.name_zh: missing; expected the park's name" in got
    assert "years.2025.electricity.grid_mwh: missing; expected a number >= 0 (MWh)" in got
    assert "years.2025.process_co2_t: missing; expected a number >= 0 (t CO2, 0 if none)" in got


def test_unknown_fuel_province_and_misspelled_field_are_named():
    raw = copy.deepcopy(GOOD)
    raw["park"]["province_code"] = "99"
    raw["years"][2025]["fuels"] = {"coal": 3}
    raw["years"][2025]["electricty"] = {}
    got = " | ".join(problems(raw))
    assert "park.province_code: '99' is not a province code" in got
    assert "years.2025.fuels: unknown field(s) ['coal']" in got and "'raw_coal'" in got
    assert "years.2025: unknown field(s) ['electricty']" in got


def test_claims_cannot_exceed_grid_power_and_uses_cannot_exceed_their_base():
    raw = copy.deepcopy(GOOD)
    raw["years"][2025]["electricity"].update(green_trade_mwh=800, certificates_mwh=300)
    raw["years"][2025]["guiding"] = {"water_use_m3": 10, "water_reused_m3": 11}
    got = problems(raw)
    assert any("green_trade_mwh + certificates_mwh = 1100 MWh exceeds grid_mwh = 1000 MWh" in p for p in got)
    assert "years.2025.guiding.water_reused_m3: 11 exceeds water_use_m3 = 10" in got


def test_text_infinity_and_bad_grade_are_refused():
    raw = copy.deepcopy(GOOD)
    raw["years"][2025]["electricity"]["direct_green_mwh"] = "lots"
    raw["years"][2025]["heat"] = {"bought_gj": float("inf")}
    raw["years"][2025]["guiding"] = {"product_grades": {"cement": 0}}
    got = " | ".join(problems(raw))
    assert "years.2025.electricity.direct_green_mwh: 'lots' is not a number" in got
    assert "years.2025.heat.bought_gj: inf is not a finite number (GJ)" in got
    assert "years.2025.guiding.product_grades.cement: 0 is not a quota grade; expected 1 (best) to 5" in got


def test_a_boundary_scenario_cannot_remove_more_than_the_park_has():
    raw = copy.deepcopy(GOOD)
    raw["scenarios"] = {"s": {"year": 2025, "subtract": {"electricity": {"grid_mwh": 2000}}}}
    assert problems(raw) == ["scenarios.s.subtract: electricity.grid_mwh: the unit's 2000 exceeds the park's 1000"]
    raw["scenarios"]["s"]["year"] = 2030
    assert problems(raw) == ["scenarios.s.year: 2030 is not a year of the balance; expected one of [2025]"]


def test_missing_file_and_unknown_format(tmp_path):
    with pytest.raises(DataError, match="no such balance file"):
        balance.load(tmp_path / "nope.yaml")
    (tmp_path / "b.json").write_text("{}")
    with pytest.raises(DataError, match="unknown balance format '.json'"):
        balance.load(tmp_path / "b.json")
    (tmp_path / "b.csv").write_text("year,field,value\n2025,electricity.grid_mwh,\n", encoding="utf-8")
    with pytest.raises(DataError, match="years.2025.electricity.grid_mwh: '' is not a number"):
        balance.load(tmp_path / "b.csv")


def test_a_reason_may_be_given_in_both_languages():
    raw = copy.deepcopy(GOOD)
    raw["years"][2025]["guiding"] = {"not_applicable": {"water_reuse": {"en": "no water use", "zh": "不用水"}}}
    assert balance.from_dict(raw, "ok.yaml").years[2025].not_applicable == {
        "water_reuse": {"en": "no water use", "zh": "不用水"}}
    raw["years"][2025]["guiding"] = {"not_applicable": {"water_reuse": {"fr": "x"}}}
    assert problems(raw) == ["years.2025.guiding.not_applicable.water_reuse: expected the reason as text, or as "
                             "{en: …, zh: …} (the rules ask for one)"]


def test_scenario_lines_are_checked_like_a_year():
    raw = copy.deepcopy(GOOD)
    raw["years"][2025]["fuels"] = {"natural_gas": 10}
    raw["scenarios"] = {"s": {"year": 2025, "subtract": {"fuels": {"natural_gas": -5, "kerosene": 1},
                                                          "electricity": {"grid_mwh": "lots"}}},
                        "t": {"year": "2025", "subtract": {"fuels": 5}}}
    got = problems(raw)
    assert "scenarios.s.subtract.fuels.natural_gas: -5 is negative; expected a number >= 0 (10^4 m3)" in got
    assert any(p.startswith("scenarios.s.subtract.fuels: unknown field(s) ['kerosene']") for p in got)
    assert any(p.startswith("scenarios.s.subtract.electricity.grid_mwh: 'lots' is not a number") for p in got)
    assert "scenarios.t.subtract.fuels: expected a mapping of fields, found int" in got  # the year "2025" is fine


def test_a_bad_year_does_not_also_blame_the_scenarios():
    raw = copy.deepcopy(GOOD)
    raw["years"][2025]["process_co2_t"] = -1
    raw["scenarios"] = {"s": {"year": 2025, "subtract": {"process_co2_t": 0}}}
    assert problems(raw) == ["years.2025.process_co2_t: -1 is negative; expected a number >= 0 (t CO2, 0 if none)"]


@pytest.mark.parametrize(("rows", "message"), [
    ("2025,fuels.diesel,1,5\n", "line 2: 4 cells; expected 3 (year,field,value)"),
    ("2025,process_co2_t,0\n2025,process_co2_t,1\n", "line 3: field 'process_co2_t' of 2025 is given twice (also line 2)"),
    ("2025,electricity,5\n2025,electricity.grid_mwh,1\n",
     "line 3: field 'electricity.grid_mwh' is both a value and a group of fields"),
])
def test_csv_rows_that_cannot_be_read_are_named_by_line(tmp_path, rows, message):
    f = tmp_path / "b.csv"
    f.write_text("year,field,value\n" + rows, encoding="utf-8")
    with pytest.raises(DataError) as err:
        balance.load(f)
    assert message in err.value.problems[0]


def test_csv_with_another_header_is_refused(tmp_path):
    f = tmp_path / "b.csv"
    f.write_text("year;field;value\n", encoding="utf-8")
    with pytest.raises(DataError, match="line 1: header .*expected the columns year,field,value"):
        balance.load(f)


def test_a_gbk_csv_gets_a_clear_message(tmp_path):
    f = tmp_path / "gbk.csv"
    f.write_bytes("year,field,value\n,park.name_zh,测试园区\n".encode("gbk"))
    with pytest.raises(DataError, match="not UTF-8 text .*save it as 'CSV UTF-8'"):
        balance.load(f)


def test_semicolons_and_a_capitalised_header(tmp_path):
    f = tmp_path / "b.csv"
    f.write_text("year;field;value\n", encoding="utf-8")
    with pytest.raises(DataError, match="separated by semicolons: use commas"):
        balance.load(f)
    f.write_text("Year,Field,Value\n2025,electricity.grid_mwh,5\n2025,process_co2_t,0\n,park.name_en,a\n"
                 ",park.name_zh,b\n,park.province_code,320000\n", encoding="utf-8")
    assert balance.load(f).years[2025].electricity["grid_mwh"] == 5.0


def test_a_province_name_gets_its_code_and_kwh_in_an_mwh_field_is_caught():
    raw = copy.deepcopy(GOOD)
    raw["park"]["province_code"] = "Guangdong"
    raw["years"][2025]["electricity"]["grid_mwh"] = 1.55e9
    got = problems(raw)
    assert any(p.startswith("park.province_code: 'Guangdong' is not a province code (Guangdong is 440000)") for p in got)
    assert any(p.startswith("years.2025.electricity.grid_mwh: 1,550,000,000 MWh is more than any province uses")
               and "was it entered in kWh?" in p for p in got)
    raw["park"]["province_code"] = ""
    assert any(p.startswith("park.province_code: missing; expected a GB/T 2260 code") for p in problems(raw))


def test_exporting_more_than_the_park_takes_in_is_refused():
    raw = copy.deepcopy(GOOD)
    raw["years"][2025]["electricity"]["exported_fossil_mwh"] = 9_000_000
    assert any(p.startswith("years.2025.electricity.exported_fossil_mwh: 9,000,000 MWh exceeds the park's grid + "
                            "direct green power (1,000 MWh)") for p in problems(raw))
