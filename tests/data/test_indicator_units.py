"""Units as a vocabulary: every unit of every metadata.yaml parses; indicator factors match their inputs' units."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

import zcparks.data as d
from zcparks.data import dictionary, indicators, metadata, units
from zcparks.data.build import check_metadata_units
from zcparks.errors import SanityCheckError


def test_every_metadata_unit_parses():
    declared = {c.unit for m in metadata.all_sources() for f in m.files
                for c in {**f.columns, **f.extra_columns}.values() if c.unit}
    declared |= {u for m in metadata.all_sources() for f in m.files for v in f.variables for u in v.units if u}
    assert len(declared) >= 20  # 29 distinct spellings in data/raw/*/metadata.yaml on 2026-12-01
    for unit in declared:
        units.parse(unit)
    assert check_metadata_units() == len(declared)


def test_every_indicator_unit_and_factor_is_checked():
    derived = dictionary.load().derived()
    units.check_factors(dictionary.factor_of(i) for i in derived)
    indicators.check_units(d.panel(derived=False), derived)  # the real inputs carry the units the factors expect
    p = d.panel()
    assert set(p.loc[p["variable"] == "co2_per_energy", "unit"]) == {"tCO2/tce"}


def test_a_wrong_factor_or_a_wrong_input_unit_stops_the_build():
    dic = dictionary.load()
    ind = dic.variables["co2_per_energy"]
    wrong = dataclasses.replace(ind, derived={**ind.derived, "factor": "SHARE_OF_10K_KW"})
    with pytest.raises(SanityCheckError, match="co2_per_energy.*not the result '%' of factor SHARE_OF_10K_KW"):
        indicators.check_units(d.panel(derived=False), [wrong])
    panel = pd.DataFrame({"variable": ["co2_total_scope1", "total_energy_consumption"],
                          "unit": ["Mt CO2", "10^4 t"]})  # energy in physical tonnes, not tce
    with pytest.raises(SanityCheckError, match="denominator total_energy_consumption is in '10\\^4 t', but factor "
                                               "MT_CO2_PER_10K_TCE converts from '10\\^4 tce'"):
        indicators.check_units(panel, [ind])


def test_source_spellings_of_one_unit_are_the_same_quantity():
    assert units.same_quantity("10,000 tce", "10^4 tce")  # provincial panel vs CEADs spellings
    assert units.same_quantity("100 million kWh", "10^8 kWh")
    assert not units.same_quantity("10^4 kWh", "100 million kWh")


def test_every_panel_variable_has_one_canonical_unit_from_the_dictionary():
    dic = dictionary.load()
    p = d.panel()
    for name, unit in p.groupby("variable")["unit"].first().items():
        entry = dic.get(name)
        if entry.unit != dictionary.AS_PUBLISHED and not entry.derived:
            assert units.same_quantity(unit, entry.unit), name
    gen = p[p["variable"] == "generation_thermal"]
    assert set(gen["unit"]) == {"10^8 kWh"}  # converted once from the file's 10^4 kWh
    raw = d.read_raw("power", "crea_nbs_generation_by_province_annual.csv")
    v = raw.query("province_en == 'Jiangsu' and year == 2020 and variable == 'generation_thermal'")["value"].item()
    assert gen.query("province_code == '320000' and year == 2020")["value"].item() == pytest.approx(v / 1e4)
