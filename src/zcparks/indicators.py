"""Derived provincial indicators, computed in one place with their units.

Every indicator is a ratio of sums of panel variables times a unit factor. Unit factors
(all from the panel's source units):

* Mt CO2 / 10^4 tce            x 100 -> t CO2 per tce
* Mt CO2 / 10^8 yuan           x 100 -> t CO2 per 10^4 yuan
* Mt CO2 / 10^4 persons        x 100 -> t CO2 per person
* 10^4 tce / 10^8 yuan         x 1   -> tce per 10^4 yuan
* 10^4 kWh / 10^4 kW           x 1   -> hours
* shares                       x 100 -> %

Missing inputs give no value (unknown stays unknown). The only exception is a component
listed in ``zero_if_absent``: it counts as 0 for a province that has no value of it in
*any* year (e.g. no nuclear plants), and such rows carry a ``qa_flag`` saying so.
A derived value also carries the ``qa_flag`` of any flagged input.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Ratio:
    name: str
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    factor: float
    unit: str
    description: str
    zero_if_absent: tuple[str, ...] = ()


INDICATORS: tuple[Ratio, ...] = (
    Ratio("co2_per_energy", ("co2_total_scope1",), ("total_energy_consumption",), 100.0, "tCO2/tce",
          "CO2 (CEADs sectoral, scope 1) per tonne of standard coal equivalent of total energy consumption"),
    Ratio("co2_per_gdp", ("co2_total_scope1",), ("gdp_current",), 100.0, "tCO2 per 10,000 yuan (current prices)",
          "CO2 (CEADs sectoral, scope 1) per 10,000 yuan of GDP at current prices"),
    Ratio("co2_per_capita", ("co2_total_scope1",), ("population_yearend",), 100.0, "tCO2 per person",
          "CO2 (CEADs sectoral, scope 1) per year-end resident"),
    Ratio("energy_per_gdp", ("total_energy_consumption",), ("gdp_current",), 1.0, "tce per 10,000 yuan (current prices)",
          "total energy consumption per 10,000 yuan of GDP at current prices"),
    Ratio("wind_solar_share_capacity",
          ("capacity_wind_6MW_plus_plants", "capacity_solar_installed_total"),
          ("capacity_thermal_6MW_plus_plants", "capacity_hydro_6MW_plus_plants", "capacity_nuclear_6MW_plus_plants",
           "capacity_wind_6MW_plus_plants", "capacity_solar_installed_total"),
          100.0, "%",
          "wind + solar share of installed capacity (wind, thermal, hydro, nuclear: plants >= 6 MW; solar: all incl. "
          "distributed)",
          zero_if_absent=("capacity_hydro_6MW_plus_plants", "capacity_nuclear_6MW_plus_plants")),
    Ratio("wind_solar_share_generation",
          ("generation_wind", "generation_solar"),
          ("generation_thermal", "generation_hydro", "generation_nuclear", "generation_wind", "generation_solar"),
          100.0, "%",
          "wind + solar share of generation (NBS above designated size; wind generation only to 2017)",
          zero_if_absent=("generation_hydro", "generation_nuclear")),
    Ratio("non_fossil_share_generation", ("non_fossil_electricity_generation",), ("electricity_generation",),
          100.0, "%", "non-fossil share of electricity generation (third-party panel)"),
    Ratio("full_load_hours_thermal", ("generation_thermal",), ("capacity_thermal_6MW_plus_plants",), 1.0, "h",
          "thermal generation (above designated size) per unit of thermal capacity (plants >= 6 MW)"),
)

SOURCE = "zcparks.indicators"


def derive(panel: pd.DataFrame, indicators: tuple[Ratio, ...] = INDICATORS) -> pd.DataFrame:
    """Derived indicators as panel rows (province_code, year, variable, value, unit, source, qa_flag).

    ``panel`` is the selected panel (one value per province_code, year, variable).
    """
    wide = panel.pivot(index=["province_code", "year"], columns="variable", values="value")
    flags = panel[panel["qa_flag"].fillna("") != ""].pivot(
        index=["province_code", "year"], columns="variable", values="qa_flag"
    )
    present_ever = panel.groupby(["province_code", "variable"]).size()
    out = []
    for ind in indicators:
        used = list(dict.fromkeys(ind.numerator + ind.denominator))
        missing_vars = [v for v in used if v not in wide.columns]
        if missing_vars:
            raise KeyError(f"indicator {ind.name}: panel has no variable(s) {missing_vars}")
        block = wide[used].copy()
        note = pd.Series("", index=block.index)
        for v in ind.zero_if_absent:
            provs = block.index.get_level_values("province_code")
            absent = ~pd.Index(provs).isin(
                present_ever.xs(v, level="variable").index if v in present_ever.index.get_level_values(1) else []
            )
            fill = block[v].isna() & absent
            block.loc[fill, v] = 0.0
            note[fill] = note[fill] + f"assumed 0 for {v} (no value in any year); "
        num = block[list(ind.numerator)].sum(axis=1, min_count=len(ind.numerator))
        den = block[list(ind.denominator)].sum(axis=1, min_count=len(ind.denominator))
        val = ind.factor * num / den.replace(0, np.nan)
        if not flags.empty:
            fcols = [v for v in used if v in flags.columns]
            if fcols:
                inherited = flags.reindex(block.index)[fcols].apply(
                    lambda r: "; ".join(f"{c}: {x}" for c, x in r.dropna().items()), axis=1
                )
                note = note + inherited.fillna("")
        res = pd.DataFrame({"value": val, "qa_flag": note.str.strip().str.rstrip(";")}).dropna(subset=["value"])
        res = res.reset_index()
        res["variable"] = ind.name
        res["unit"] = ind.unit
        res["source"] = f"{SOURCE}.{ind.name}"
        out.append(res)
    cols = ["province_code", "year", "variable", "value", "unit", "source", "qa_flag"]
    return pd.concat(out, ignore_index=True)[cols]
