"""Real GDP: chain-linked constant-price GDP and an implicit deflator, each within one vintage.

Method (documented in docs/data.md):

* **Growth factors** g(t) = GDP(t) / GDP(t-1) at comparable prices: the NBS GDP index (previous year = 100) up to
  2019, and the first-published year-on-year growth (Wind) from 2020. The switch of producer at 2019/2020 is a
  seam: ``gdp_constant_2020`` carries ``seam_year`` 2020.
* **Chain index** I(base) = 1, I(t) = I(t-1) g(t) forwards and I(t-1) = I(t) / g(t) backwards.
* **Constant-price GDP** ``gdp_constant_<base>`` (t) = nominal GDP (NBS v2025) in the base year x I(t). Nominal GDP is
  never spliced across vintages.
* **Deflator** ``gdp_deflator_<base>`` = nominal / constant, computed within one vintage: v2025 for 2006-2024; for the
  years before 2006 the v2018 deflator (v2018 nominal / constant) is linked by its ratio at the overlap year 2006
  (``seam_year`` 2006). So the deflator's change across the seam is the v2018 change, free of the census revision.
  The revision gap at the seam (v2025 / v2018 nominal GDP in 2006, minus 1) is reported by :func:`seam_gaps`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from zcparks.data import units as u

INDEX_UNIT = "previous year = 100 (comparable prices)"
GROWTH_UNIT = "% (year on year, comparable prices)"
LAST_INDEX_YEAR = 2019
DEFLATOR_SEAM = 2006


def growth_factors(index: pd.Series, growth_pct: pd.Series, last_index_year: int = LAST_INDEX_YEAR) -> pd.Series:
    """Year-on-year real growth factors of one province: the index to ``last_index_year``, then the growth rate.

    Args:
        index: GDP index by year, previous year = 100.
        growth_pct: real growth by year, percent.
        last_index_year: the last year taken from ``index``.

    Returns:
        Growth factor (e.g. 1.023) by year.
    """
    k_index = u.factor(INDEX_UNIT, "fraction (comparable prices)")
    k_growth = u.factor(GROWTH_UNIT, "fraction (year on year, comparable prices)")
    a = index[index.index <= last_index_year] * k_index
    b = 1 + growth_pct[growth_pct.index > last_index_year] * k_growth
    return pd.concat([a, b]).sort_index()


def chain_index(factors: pd.Series, base: int) -> pd.Series:
    """Chain index with I(base) = 1 from year-on-year growth factors (factor of year t = level t / level t-1).

    The chain stops at the first gap in the years on either side of the base.

    Args:
        factors: growth factor by year.
        base: the base year.

    Returns:
        I(t) by year, for the contiguous years around ``base`` the factors reach.

    Raises:
        ValueError: no chain can reach the base year.
    """
    f = factors.dropna()
    level = {base: 1.0}
    t = base
    while t + 1 in f.index:
        level[t + 1] = level[t] * f[t + 1]
        t += 1
    t = base
    while t in f.index:
        level[t - 1] = level[t] / f[t]
        t -= 1
    if len(level) == 1 and base not in f.index and base + 1 not in f.index:
        raise ValueError(f"no growth factor reaches the base year {base}")
    return pd.Series(level).sort_index()


def constant_gdp(nominal_base: float, factors: pd.Series, base: int) -> pd.Series:
    """Constant-price GDP of one province: nominal GDP in the base year times the chain index.

    Example with a known answer: nominal 2020 = 100, index 2020 = 102.3 and 2021 = 108.0 give 97.75 in 2019
    and 108.0 in 2021.
    """
    return nominal_base * chain_index(factors, base)


def build(panel: pd.DataFrame, base: int = 2020) -> pd.DataFrame:
    """``gdp_constant_<base>`` and ``gdp_deflator_<base>`` for every province with nominal GDP in the base year.

    Args:
        panel: selected panel rows with gdp_current, gdp_current_v2018, gdp_index_prev_year and
            gdp_real_growth_first_published.
        base: base year of the constant prices (2020 by default).

    Returns:
        Long rows (province_code, year, variable, value, unit, source, qa_flag, flag_class, seam_year).
    """
    wide = panel.pivot_table(index=["province_code", "year"], columns="variable", values="value")
    rows = []
    for code, block in wide.groupby(level="province_code"):
        b = block.droplevel("province_code")
        nominal = b.get("gdp_current", pd.Series(dtype=float)).dropna()
        if base not in nominal.index:
            continue
        f = growth_factors(b.get("gdp_index_prev_year", pd.Series(dtype=float)).dropna(),
                           b.get("gdp_real_growth_first_published", pd.Series(dtype=float)).dropna())
        real = constant_gdp(float(nominal[base]), f, base)
        d25 = (nominal / real).dropna()
        v18 = b.get("gdp_current_v2018", pd.Series(dtype=float)).dropna()
        d18 = (v18 / real).dropna()
        deflator = d25.copy()
        if DEFLATOR_SEAM in d18.index and DEFLATOR_SEAM in d25.index:
            early = d18[d18.index < DEFLATOR_SEAM] * (d25[DEFLATOR_SEAM] / d18[DEFLATOR_SEAM])
            deflator = pd.concat([early, d25]).sort_index()
        for name, series, unit, seam in (
            (f"gdp_constant_{base}", real, f"100 million yuan (constant {base} prices)", LAST_INDEX_YEAR + 1),
            (f"gdp_deflator_{base}", deflator, f"dimensionless ({base} = 1)", DEFLATOR_SEAM),
        ):
            crosses = series.index.min() < seam <= series.index.max()
            rows.append(pd.DataFrame({
                "province_code": code, "year": series.index.astype(int), "variable": name, "value": series.to_numpy(),
                "unit": unit, "source": f"zcparks.data.realgdp.{name}", "qa_flag": "", "flag_class": "",
                "seam_year": np.where(crosses, seam, np.nan),
            }))
    return pd.concat(rows, ignore_index=True)


def seam_gaps(panel: pd.DataFrame, year: int = DEFLATOR_SEAM) -> pd.DataFrame:
    """The revision gaps at the seams of real GDP and its deflator, per province.

    * ``nominal_v2018_to_v2025`` in ``year`` (2006): v2025 / v2018 nominal GDP - 1 (the census revisions the
      deflator link keeps out);
    * ``nominal_first_published_to_v2025`` in 2019: v2025 / first-published nominal GDP - 1 (mostly the 5th-census
      revision, which the 2006-2019 deflator absorbs as price change);
    * ``growth_index_minus_first_published`` in 2019: NBS index growth - first-published growth, in percentage points
      (the switch of growth source at the 2020 seam of ``gdp_constant_2020``).

    Returns:
        Columns province_code, seam, year, revision_gap (fraction; percentage points for the growth gap), unit.
    """
    w = panel.pivot_table(index=["province_code", "year"], columns="variable", values="value")
    rows = []
    for seam, y, num, den, kind in (
        ("nominal_v2018_to_v2025", year, "gdp_current", "gdp_current_v2018", "ratio"),
        ("nominal_first_published_to_v2025", LAST_INDEX_YEAR, "gdp_current", "gdp_current_first_published", "ratio"),
        ("growth_index_minus_first_published", LAST_INDEX_YEAR, "gdp_index_prev_year",
         "gdp_real_growth_first_published", "pp"),
    ):
        if num not in w or den not in w:
            continue
        sub = w.xs(y, level="year")[[num, den]].dropna()
        gap = sub[num] / sub[den] - 1 if kind == "ratio" else (sub[num] - 100) - sub[den]
        rows.append(pd.DataFrame({"province_code": gap.index, "seam": seam, "year": y, "revision_gap": gap.to_numpy(),
                                  "unit": "fraction" if kind == "ratio" else "percentage points"}))
    return pd.concat(rows, ignore_index=True)
