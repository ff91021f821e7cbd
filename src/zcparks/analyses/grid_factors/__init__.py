"""MEE/NBS electricity CO2 emission factors (notebook 02, slug ``grid-factors``): tables and key figures.

Factors are in tCO2/MWh (= kgCO2/kWh, :data:`zcparks.data.units.KG_PER_KWH_IS_T_PER_MWH`),
as published; Tibet is not in the MEE tables and stays missing ("not available"). Every
function returns a tidy frame of codes and numbers; wording is in :mod:`.text` and
``labels.yaml``, charts in :mod:`.charts`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from zcparks.views import labels_for

LABELS = labels_for(__file__)
AVG = "grid_average_co2_emission_factor"
EXCL = "national_avg_factor_excl_market_traded_nonfossil"


def provincial(factors: pd.DataFrame, provinces: pd.DataFrame) -> pd.DataFrame:
    """One row per province and year with its average factor (missing where not published).

    Args:
        factors: ``zcparks.data.grid_factors()``.
        provinces: ``zcparks.data.provinces()``.

    Returns:
        province_code, year, value_tco2_per_mwh, province_name_en/zh, grid_region (code).
    """
    prov = factors[(factors["level"] == "province") & (factors["factor"] == AVG)]
    years = sorted(factors["year"].unique())
    grid = pd.MultiIndex.from_product([provinces["province_code"], years], names=["province_code", "year"])
    out = prov.set_index(["province_code", "year"])[["value_tco2_per_mwh"]].reindex(grid).reset_index()
    p = provinces.set_index("province_code")
    return out.assign(province_name_en=out["province_code"].map(p["name_en"]),
                      province_name_zh=out["province_code"].map(p["name_zh"]),
                      grid_region=out["province_code"].map(p["grid_region"]))


def national(factors: pd.DataFrame, factor: str = AVG) -> pd.Series:
    """National factor by year.

    Args:
        factors: ``zcparks.data.grid_factors()``.
        factor: the factor kind (a code of the ``factor`` field), the average factor by default.

    Returns:
        tCO2/MWh indexed by year, in year order.
    """
    nat = factors[(factors["level"] == "national") & (factors["factor"] == factor)]
    return nat.set_index("year")["value_tco2_per_mwh"].sort_index()


def key_facts(factors: pd.DataFrame, provinces: pd.DataFrame, year: int) -> dict[str, Any]:
    """The figures of ``year``, all computed from the factors table.

    Args:
        factors: ``zcparks.data.grid_factors()``.
        provinces: ``zcparks.data.provinces()`` (a province without a factor is reported as missing).
        year: a year of the factors.

    Returns:
        year, national (tCO2/MWh), national_excl (without market-traded non-fossil power, or None), n_provinces
        (with a factor), low and high (province codes), low_value and high_value (tCO2/MWh), ratio (high / low),
        missing (province codes without a factor).
    """
    prov = provincial(factors, provinces)
    y = prov[prov["year"] == year].dropna(subset=["value_tco2_per_mwh"])
    lo, hi = y.loc[y["value_tco2_per_mwh"].idxmin()], y.loc[y["value_tco2_per_mwh"].idxmax()]
    excl = national(factors, EXCL)
    return {
        "year": year,
        "national": float(national(factors)[year]),
        "national_excl": float(excl[year]) if year in excl.index else None,
        "n_provinces": len(y),
        "low": lo["province_code"], "low_value": float(lo["value_tco2_per_mwh"]),
        "high": hi["province_code"], "high_value": float(hi["value_tco2_per_mwh"]),
        "ratio": float(hi["value_tco2_per_mwh"] / lo["value_tco2_per_mwh"]),
        "missing": sorted(set(provinces["province_code"]) - set(y["province_code"])),
    }


def headline(facts: dict[str, Any]) -> dict[str, Any]:
    """The figures the notebook records (``zcparks.record``) for sweeps and the index, named with their units.

    Args:
        facts: :func:`key_facts`.

    Returns:
        year, national_factor_tco2_per_mwh, national_excl_market_tco2_per_mwh (or None), provinces_with_factor,
        lowest_province / highest_province (codes), lowest / highest_factor_tco2_per_mwh, high_low_ratio.
    """
    return {
        "year": facts["year"], "national_factor_tco2_per_mwh": facts["national"],
        "national_excl_market_tco2_per_mwh": facts["national_excl"], "provinces_with_factor": facts["n_provinces"],
        "lowest_province": facts["low"], "lowest_factor_tco2_per_mwh": facts["low_value"],
        "highest_province": facts["high"], "highest_factor_tco2_per_mwh": facts["high_value"],
        "high_low_ratio": facts["ratio"],
    }


def province_table(factors: pd.DataFrame, provinces: pd.DataFrame) -> pd.DataFrame:
    """Provinces x years (tCO2/MWh, rounded to 4 decimals as published), the change over the period, the grid.

    Args:
        factors: ``zcparks.data.grid_factors()``.
        provinces: ``zcparks.data.provinces()``; every province gets a row, missing values stay missing.

    Returns:
        province_name_en/zh, grid_region, one column per year (``"2021"`` ...), change (last year minus first).
    """
    prov = provincial(factors, provinces)
    wide = prov.pivot(index=["province_code", "province_name_en", "province_name_zh", "grid_region"],
                      columns="year", values="value_tco2_per_mwh")
    years = list(wide.columns)
    wide["change"] = wide[years[-1]] - wide[years[0]]
    wide = wide.reset_index().drop(columns="province_code")
    wide.columns = [str(c) for c in wide.columns]
    return wide.round(4)


def regional_table(factors: pd.DataFrame) -> pd.DataFrame:
    """The national factors (three kinds) and the seven regional grids, by year.

    Returns:
        region (``national`` or a grid code), factor (kind code), one column per year; national rows first, in
        the vocabulary's order of factor kinds, then the grids in code order.
    """
    rows = factors[factors["level"].isin(["national", "regional_grid"])]
    rows = rows.assign(region=rows["region_en"].where(rows["level"] == "regional_grid", "national"))
    wide = rows.pivot(index=["level", "region", "factor"], columns="year", values="value_tco2_per_mwh").reset_index()
    kinds = LABELS.codes("factor")
    wide["_kind"] = wide["factor"].map(kinds.index)
    wide = wide.sort_values(["level", "region", "_kind"], kind="stable").drop(columns=["level", "_kind"])
    wide.columns = [str(c) for c in wide.columns]
    return wide.reset_index(drop=True)

