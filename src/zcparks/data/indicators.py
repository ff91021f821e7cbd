"""Derived provincial indicators, computed in one place with their units.

Every indicator is a ratio of sums of panel variables times a named conversion factor
(:mod:`zcparks.data.units`). The factor states the units it converts from and to, and is
checked twice: against the units themselves (``units.check_factors``) and against the units
the input variables actually carry in the panel (:func:`check_units`, run by the data build).
A factor that does not match its units, or an input whose unit differs from what the factor
expects, stops the build.

Missing inputs give no value (unknown stays unknown). The only exception is a component
listed in ``zero_if_absent``: it counts as 0 for a province that has no value of it in
*any* year (e.g. no nuclear plants), and such rows carry a ``qa_flag`` saying so.
A derived value also carries the ``qa_flag`` of any flagged input.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from zcparks.data import units as u
from zcparks.errors import SanityCheckError


@dataclass(frozen=True)
class Ratio:
    """A derived indicator: ``factor * sum(numerator) / sum(denominator)``.

    Attributes:
        name: the panel variable it becomes.
        numerator: panel variables summed above the line (all in ``factor.numerator`` units).
        denominator: panel variables summed below the line (all in ``factor.denominator`` units).
        factor: the named conversion factor; its ``result`` is the indicator's unit.
        description: what it measures, with its coverage.
        zero_if_absent: components counted as 0 for a province that never has a value.
    """

    name: str
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    factor: u.Factor
    description: str
    zero_if_absent: tuple[str, ...] = ()

    @property
    def unit(self) -> str:
        """The indicator's unit (the factor's result unit)."""
        return self.factor.result


INDICATORS: tuple[Ratio, ...] = (
    Ratio("co2_per_energy", ("co2_total_scope1",), ("total_energy_consumption",), u.MT_CO2_PER_10K_TCE,
          "CO2 (CEADs sectoral, scope 1) per tonne of standard coal equivalent of total energy consumption"),
    Ratio("co2_per_gdp", ("co2_total_scope1",), ("gdp_current",), u.MT_CO2_PER_100M_YUAN,
          "CO2 (CEADs sectoral, scope 1) per 10,000 yuan of GDP at current prices"),
    Ratio("co2_per_capita", ("co2_total_scope1",), ("population_yearend",), u.MT_CO2_PER_10K_PERSONS,
          "CO2 (CEADs sectoral, scope 1) per year-end resident"),
    Ratio("energy_per_gdp", ("total_energy_consumption",), ("gdp_current",), u.TCE_10K_PER_100M_YUAN,
          "total energy consumption per 10,000 yuan of GDP at current prices"),
    Ratio("wind_solar_share_capacity",
          ("capacity_wind_6MW_plus_plants", "capacity_solar_installed_total"),
          ("capacity_thermal_6MW_plus_plants", "capacity_hydro_6MW_plus_plants", "capacity_nuclear_6MW_plus_plants",
           "capacity_wind_6MW_plus_plants", "capacity_solar_installed_total"),
          u.SHARE_OF_10K_KW,
          "wind + solar share of installed capacity (wind, thermal, hydro, nuclear: plants >= 6 MW; solar: all incl. "
          "distributed)",
          zero_if_absent=("capacity_hydro_6MW_plus_plants", "capacity_nuclear_6MW_plus_plants")),
    Ratio("wind_solar_share_generation",
          ("generation_wind", "generation_solar"),
          ("generation_thermal", "generation_hydro", "generation_nuclear", "generation_wind", "generation_solar"),
          u.SHARE_OF_10K_KWH,
          "wind + solar share of generation (NBS above designated size; wind generation only to 2017)",
          zero_if_absent=("generation_hydro", "generation_nuclear")),
    Ratio("non_fossil_share_generation", ("non_fossil_electricity_generation",), ("electricity_generation",),
          u.SHARE_OF_100M_KWH, "non-fossil share of electricity generation (third-party panel)"),
    Ratio("full_load_hours_thermal", ("generation_thermal",), ("capacity_thermal_6MW_plus_plants",),
          u.HOURS_OF_10K_KWH_PER_10K_KW,
          "thermal generation (above designated size) per unit of thermal capacity (plants >= 6 MW)"),
)

SOURCE = "zcparks.data.indicators"


def check_units(panel: pd.DataFrame, indicators: tuple[Ratio, ...] = INDICATORS) -> None:
    """Check each indicator's factor against its units and against the units its inputs carry.

    Args:
        panel: panel rows with ``variable`` and ``unit``.
        indicators: the indicators to check.

    Raises:
        SanityCheckError: a factor does not match its units, or an input's unit is not the one the factor
            converts from; the message names the indicator, the variable and both units.
    """
    u.check_factors(ind.factor for ind in indicators)
    unit_of = panel.groupby("variable")["unit"].first()
    problems = []
    for ind in indicators:
        for side, names, want in (("numerator", ind.numerator, ind.factor.numerator),
                                  ("denominator", ind.denominator, ind.factor.denominator or "")):
            for v in names:
                have = unit_of.get(v)
                if have is not None and not u.same_quantity(have, want):
                    problems.append(f"indicator {ind.name}: {side} {v} is in {have!r}, but factor "
                                    f"{ind.factor.name} converts from {want!r}")
    if problems:
        raise SanityCheckError("; ".join(problems))


def derive(panel: pd.DataFrame, indicators: tuple[Ratio, ...] = INDICATORS) -> pd.DataFrame:
    """Derived indicators as panel rows.

    Args:
        panel: the selected panel (one value per province_code, year, variable).
        indicators: the indicators to compute.

    Returns:
        Rows (province_code, year, variable, value, unit, source, qa_flag), ``unit`` = the factor's result.

    Raises:
        KeyError: an input variable is not in the panel.
        SanityCheckError: units do not match (see :func:`check_units`).
    """
    check_units(panel, indicators)
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
        val = ind.factor.value * num / den.replace(0, np.nan)
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
