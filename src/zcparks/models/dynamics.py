"""Change over time for two province cohorts: trend tests per metric, and the LMDI split of CO2.

* :func:`trend_table`: for each metric with at least :data:`~zcparks.methods.trends.MIN_YEARS` years in
  the period, the primary test (per-province log slopes, exact permutation test, Holm across metrics) and the
  secondary one (panel ``log(metric) ~ year × cohort`` with province effects, CR2 and Satterthwaite df) side by side.
* :func:`lmdi_table`: each cohort's scope-1 CO2 change between two years, chained year by year, split into activity
  (real GDP), structure (provinces' shares of cohort GDP), energy intensity, carbon intensity of energy CO2, process
  CO2 (cement, kept out of carbon intensity) and a revision term for the flagged breaks chosen by ``breaks``.

Units: slopes are log points per year (≈ % per year / 100); LMDI terms are Mt CO2.
"""

from __future__ import annotations

import math
from dataclasses import replace

import pandas as pd

from zcparks.errors import ParameterError
from zcparks.methods import lmdi, stats, trends
from zcparks.models.cohorts import Membership
from zcparks.models.context import Metric, metric_values

__all__ = ["CO2", "PROCESS", "ENERGY", "GDP", "BREAKS", "LMDI_TERMS", "metric_years", "at_year", "metric_long",
           "trend_table", "lmdi_inputs", "lmdi_table", "province_lmdi"]

CO2 = "co2_total_scope1"  # Mt, CEADs scope 1 (energy + process)
PROCESS = "co2_by_fuel: Process"  # Mt, cement process CO2 (CEADs)
ENERGY = "total_energy_consumption"  # 10^4 tce
GDP = "gdp_constant_2020"  # 10^8 yuan at constant 2020 prices
BREAKS = ("census", "all", "none")  # which flagged breaks go to the revision term
LMDI_TERMS = ("activity", "structure", "energy_intensity", "carbon_intensity", "process", "revision")


def metric_years(m: Metric, panel: pd.DataFrame, start: int, end: int) -> list[int]:
    """The years in ``[start, end]`` in which every input of ``m`` has provincial values (grid factors: none)."""
    if m.source != "panel":
        return []
    have = None
    for v in m.inputs():
        ys = set(panel.loc[panel["variable"] == v, "year"].astype(int))
        have = ys if have is None else have & ys
    return sorted(y for y in (have or set()) if start <= y <= end)


def at_year(m: Metric, panel: pd.DataFrame, end: int, grid_years: list[int] | None = None) -> Metric | None:
    """``m`` at the latest year up to ``end`` with data, never later than its own year; None if there is none.

    Args:
        m: the metric.
        panel: the provincial panel.
        end: the last year the report may use (``end_year``).
        grid_years: the years of the grid-factor table (2021-2023; they share no year with CEADs CO2), for a
            grid-factor metric; None keeps its own year.
    """
    if m.source != "panel":
        if grid_years is None:
            return m
        ok = [y for y in grid_years if y <= min(end, m.year)]
        return replace(m, year=max(ok)) if ok else None
    years = metric_years(m, panel, 0, min(end, m.year))
    return replace(m, year=years[-1]) if years else None


def metric_long(m: Metric, panel: pd.DataFrame, years: list[int], codes: list[str]) -> pd.DataFrame:
    """``m`` for each of ``codes`` in each of ``years`` where it has a value: ``province_code``, ``year``, ``value``."""
    rows = []
    for y in years:
        vals, _, _ = metric_values(replace(m, year=y), panel)
        rows += [{"province_code": c, "year": y, "value": float(vals[c])} for c in codes
                 if c in vals.index and pd.notna(vals[c])]
    return pd.DataFrame(rows, columns=["province_code", "year", "value"])


def _balanced(df: pd.DataFrame) -> tuple[pd.DataFrame, list[int]]:
    """Keep the years in which every province with any value has one, so that all slopes span one window.

    A province without any value (Tibet in CEADs) is left out; one that ends early (e.g. Xinjiang's energy in 2020)
    shortens the window for all, rather than giving slopes over different periods.
    """
    n = df["province_code"].nunique()
    per_year = df.groupby("year")["province_code"].nunique()
    common = sorted(int(y) for y, k in per_year.items() if k == n)
    return df[df["year"].isin(common)], common


def trend_table(membership: Membership, panel: pd.DataFrame, metrics: tuple[Metric, ...], start: int, end: int
                ) -> pd.DataFrame:
    """The trend difference (first cohort − second) per metric, both tests, Holm across the tested metrics.

    Every province's slope spans one window: the years of ``[start, end]`` in which all the cohorts' provinces with
    data have a value (:func:`_balanced`; the window is the row's ``first_year``-``last_year``). A metric with fewer
    than :data:`trends.MIN_YEARS` such years (grid factors, full-load hours) gets a row saying so and no test; a
    metric that defines a cohort (threshold rule) is not tested either.

    Returns:
        One row per metric: ``metric``, ``unit``, ``first_year``, ``last_year``, ``n_years``, ``n_first``,
        ``n_second`` (provinces), ``slope_first``, ``slope_second`` (mean per-province slope, log points/yr),
        ``diff``, ``p_exact``, ``p_holm``, ``hedges_g``, ``coef``, ``ci_low``, ``ci_high``, ``p_cr2``, ``df``,
        ``n_obs``, ``suppressed`` (why untested, else empty).
    """
    first, second = (r.code for r in membership.rules[:2])
    a, b = membership.province_codes(first), membership.province_codes(second)
    defining = {r.threshold[0] for r in membership.rules if r.threshold}
    rows = []
    for m in metrics:
        years = metric_years(m, panel, start, end)
        row = {"metric": m.code, "unit": m.unit, "first_year": years[0] if years else None,
               "last_year": years[-1] if years else None, "n_years": len(years), "suppressed": ""}
        if m.source != "panel":
            row["suppressed"] = "no trend (3 years)"
        elif len(years) < trends.MIN_YEARS:
            row["suppressed"] = f"fewer than {trends.MIN_YEARS} years"
        elif m.inputs() & defining:
            row["suppressed"] = "defines a cohort"
        if row["suppressed"]:
            rows.append(row)
            continue
        long = metric_long(m, panel, years, a + b)
        df, common = _balanced(long.assign(treated=long["province_code"].isin(a)))
        row.update(first_year=common[0] if common else None, last_year=common[-1] if common else None,
                   n_years=len(common))
        if len(common) < trends.MIN_YEARS:
            rows.append({**row, "suppressed": f"fewer than {trends.MIN_YEARS} common years"})
            continue
        s = trends.slopes(df)
        test = trends.slope_test(df)
        pt = trends.panel_trend(df)
        row.update(n_first=test.n_a, n_second=test.n_b, slope_first=float(s.reindex(a).mean()),
                   slope_second=float(s.reindex(b).mean()), diff=test.diff, p_exact=test.p_exact,
                   hedges_g=test.hedges_g, coef=pt.coef, ci_low=pt.ci_low, ci_high=pt.ci_high, p_cr2=pt.p, df=pt.df,
                   n_obs=pt.n_obs)
        rows.append(row)
    cols = ["metric", "unit", "first_year", "last_year", "n_years", "n_first", "n_second", "slope_first",
            "slope_second", "diff", "p_exact", "p_holm", "hedges_g", "coef", "ci_low", "ci_high", "p_cr2", "df",
            "n_obs", "suppressed"]
    table = pd.DataFrame(rows).reindex(columns=cols)
    for c in ("first_year", "last_year", "n_years", "n_first", "n_second", "n_obs"):  # counts stay whole numbers
        table[c] = table[c].astype("Int64")
    tested = table["p_exact"].notna()
    if tested.any():
        table.loc[tested, "p_holm"] = stats.holm(list(table.loc[tested, "p_exact"]))
    return table


def _series(panel: pd.DataFrame, variable: str) -> pd.DataFrame:
    return panel[panel["variable"] == variable].set_index(["province_code", "year"])


def lmdi_inputs(panel: pd.DataFrame, codes: list[str], years: list[int], breaks: str = "census"
                ) -> tuple[dict, dict, list[str]]:
    """Per-province factors for :func:`zcparks.methods.lmdi.cohort_chain`, and the moved break terms.

    Energy CO2 is scope-1 CO2 minus process CO2 (both Mt). A flagged break (``flag_class == "break"``) in energy
    moves that step's energy- and carbon-intensity terms of the province to ``revision``; one in CO2 moves its
    carbon-intensity term. ``breaks`` chooses which: ``census`` (breaks whose cause is a named economic-census
    revision; the default), ``all`` (also "cause unknown", which may be real shocks) or ``none``.

    Returns:
        ``(provinces, moved, dropped)``: the factors, the moved terms, and province codes left out because a value
        is missing in one of the years (named in the report).

    Raises:
        ParameterError: an unknown ``breaks`` value, or no province with every value.
    """
    if breaks not in BREAKS:
        raise ParameterError(f"breaks {breaks!r}: expected one of {', '.join(BREAKS)}")
    co2, proc, energy, gdp = (_series(panel, v) for v in (CO2, PROCESS, ENERGY, GDP))
    provinces, moved, dropped = {}, {}, []
    for c in codes:
        try:
            f = {y: {"gdp": float(gdp.loc[(c, y), "value"]), "energy": float(energy.loc[(c, y), "value"]),
                     "co2_energy": float(co2.loc[(c, y), "value"] - proc.loc[(c, y), "value"]),
                     "co2_process": float(proc.loc[(c, y), "value"])} for y in years}
        except KeyError:
            dropped.append(c)
            continue
        if any(math.isnan(x) for v in f.values() for x in v.values()):
            dropped.append(c)
            continue
        provinces[c] = f
        if breaks == "none":
            continue
        for series, terms in ((energy, ("energy_intensity", "carbon_intensity")), (co2, ("carbon_intensity",))):
            for y in years[1:]:
                row = series.loc[(c, y)]  # present: every year was read above
                if row["flag_class"] == "break" and (breaks == "all" or "census" in str(row["qa_flag"])):
                    moved.setdefault((c, y), {}).update({t: "revision" for t in terms})
    if not provinces:
        raise ParameterError(f"LMDI {years[0]}-{years[-1]}: no province has every value ({CO2}, {PROCESS}, "
                             f"{ENERGY}, {GDP})")
    return provinces, moved, dropped


def lmdi_table(membership: Membership, panel: pd.DataFrame, start: int, end: int, breaks: str = "census"
               ) -> pd.DataFrame:
    """Each cohort's CO2 change from ``start`` to ``end`` split into the :data:`LMDI_TERMS` (Mt CO2).

    Returns:
        One row per cohort and term (``total`` last): ``cohort``, ``term``, ``mt_co2``, ``provinces`` (used),
        ``dropped`` (comma-separated codes without every value), ``start``, ``end``.
    """
    if end - start < 1:
        raise ParameterError(f"LMDI needs end_year > base_year, got {start} and {end}")
    years = list(range(start, end + 1))
    rows = []
    for r in membership.rules[:2]:
        provinces, moved, dropped = lmdi_inputs(panel, membership.province_codes(r.code), years, breaks)
        terms = lmdi.cohort_chain(years, provinces, moved)
        for t in (*LMDI_TERMS, "total"):
            rows.append({"cohort": r.code, "term": t, "mt_co2": terms.get(t, 0.0), "provinces": len(provinces),
                         "dropped": ",".join(dropped), "start": start, "end": end})
    return pd.DataFrame(rows)


def province_lmdi(panel: pd.DataFrame, code: str, start: int, end: int, breaks: str = "census") -> pd.DataFrame:
    """One province's CO2 change from ``start`` to ``end`` split into the :data:`LMDI_TERMS` but structure (Mt CO2).

    Returns:
        One row per term (``total`` last): ``term``, ``mt_co2``, ``start``, ``end``; empty if a value is missing.
    """
    years = list(range(start, end + 1))
    try:
        provinces, moved, _ = lmdi_inputs(panel, [code], years, breaks)
    except ParameterError:
        return pd.DataFrame(columns=["term", "mt_co2", "start", "end"])
    terms = lmdi.cohort_chain(years, provinces, moved)
    return pd.DataFrame([{"term": t, "mt_co2": terms.get(t, 0.0), "start": start, "end": end}
                         for t in (*LMDI_TERMS, "total") if t != "structure"])
