"""Units as a vocabulary: every unit of every metadata.yaml parses; indicator factors match their inputs' units."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

import zcparks.data as d
from zcparks.data import indicators, metadata, units
from zcparks.data.build import check_metadata_units
from zcparks.errors import SanityCheckError


def test_every_metadata_unit_parses():
    declared = {c.unit for m in metadata.all_sources() for f in m.files
                for c in {**f.columns, **f.extra_columns}.values() if c.unit}
    declared |= {u for m in metadata.all_sources() for f in m.files for v in f.variables for u in v.units if u}
    assert len(declared) >= 20  # 24 distinct spellings in data/raw/*/metadata.yaml on 2026-12-01
    for unit in declared:
        units.parse(unit)
    assert check_metadata_units() == len(declared)


def test_every_indicator_unit_and_factor_is_checked():
    units.check_factors(i.factor for i in indicators.INDICATORS)
    for ind in indicators.INDICATORS:
        units.parse(ind.unit)
    indicators.check_units(d.panel(derived=False))  # the real inputs carry the units the factors expect
    derived = d.panel()
    assert set(derived.loc[derived["variable"] == "co2_per_energy", "unit"]) == {"tCO2/tce"}


def test_a_wrong_factor_or_a_wrong_input_unit_stops_the_build():
    wrong = dataclasses.replace(indicators.INDICATORS[0],
                                factor=dataclasses.replace(units.MT_CO2_PER_10K_TCE, value=1.0))
    with pytest.raises(units.UnitError, match="MT_CO2_PER_10K_TCE = 1.0 is wrong.*implies 100"):
        indicators.check_units(d.panel(derived=False), (wrong,))
    panel = pd.DataFrame({"variable": ["co2_total_scope1", "total_energy_consumption"],
                          "unit": ["Mt CO2", "10^4 t"]})  # energy in physical tonnes, not tce
    with pytest.raises(SanityCheckError, match="denominator total_energy_consumption is in '10\\^4 t', but factor "
                                               "MT_CO2_PER_10K_TCE converts from '10\\^4 tce'"):
        indicators.check_units(panel, (indicators.INDICATORS[0],))


def test_source_spellings_of_one_unit_are_the_same_quantity():
    assert units.same_quantity("10,000 tce", "10^4 tce")  # provincial panel vs CEADs spellings
    assert units.same_quantity("100 million kWh", "10^8 kWh")
    assert not units.same_quantity("10^4 kWh", "100 million kWh")
