"""Provincial trends of panel variables (notebook 03, slug ``provincial-trends``): slopes, gaps and an outlook.

For each chosen variable: every chosen province's annual series (missing years stay missing and are listed), the
national median of the provinces in each year, per-province log-linear slopes (log points per year, ≈ % a year)
where a province has at least :data:`~zcparks.methods.trends.MIN_YEARS` years, and an **extrapolation**
(not a forecast) of an aggregate to ``outlook_to`` with its backtest against the naive "no change" forecast. Nothing
is interpolated. Values after 2019 taken only from a third-party copy are marked ``third_party``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from zcparks.errors import ParameterError
from zcparks.methods import outlook, trends
from zcparks.views import labels_for, sources

LABELS = labels_for(__file__)
THIRD_PARTY_AFTER = 2019  # CEADs and the NBS yearbook files on hand end here; later values come from copies


@dataclass(frozen=True)
class Selection:
    """What the page draws for each variable: the data, the chosen provinces and the years.

    Attributes:
        panel: ``zcparks.data.panel()``.
        variables: the variable dictionary, ``zcparks.data.variables()``.
        codes: the chosen province codes (:func:`province_codes`).
        start: first year shown.
        end: last year shown.
        outlook_to: last year of the extrapolation.
    """

    panel: pd.DataFrame
    variables: pd.DataFrame
    codes: list[str]
    start: int
    end: int
    outlook_to: int


def is_additive(variables: pd.DataFrame, variable: str) -> bool:
    """Whether provinces' values of ``variable`` add up to a national total (a quantity, not a ratio or hours)."""
    v = variables.set_index("variable").loc[variable]
    return v["kind"] in ("source", "computed", "link") and v["unit"] not in ("%", "h") and " per " not in v["unit"] \
        and "/" not in v["unit"]


def series(panel: pd.DataFrame, variable: str, provinces: list[str], start: int, end: int) -> pd.DataFrame:
    """``variable`` for each province and every year of ``[start, end]``, missing years as missing values.

    Args:
        panel: ``zcparks.data.panel()``.
        variable: a panel variable.
        provinces: province codes (the XPCC has no statistics of its own and is not accepted here).
        start: first year.
        end: last year.

    Returns:
        ``province_code``, ``year``, ``value``, ``unit``, ``third_party`` (True: after 2019 and only from a
        third-party copy), ``flag_class``.

    Raises:
        ParameterError: no value of ``variable`` in the period (names both).
    """
    sel = panel[(panel["variable"] == variable) & panel["year"].between(start, end)]
    if sel.empty:
        raise ParameterError(f"provincial-trends: no {variable} values in {start}-{end}")
    unit = str(sel["unit"].iloc[0])
    grid = pd.MultiIndex.from_product([provinces, range(start, end + 1)], names=["province_code", "year"])
    out = sel.set_index(["province_code", "year"])[["value", "source", "flag_class"]].reindex(grid).reset_index()
    third = bool(any("third party" in p or "third-party" in p for p in sources.producers([variable])))
    out["third_party"] = (out["year"] > THIRD_PARTY_AFTER) & out["value"].notna() & (
        third | out["source"].fillna("").str.contains("thirdparty"))
    out["unit"] = unit
    return out.drop(columns="source")


def national_median(panel: pd.DataFrame, variable: str, start: int, end: int) -> pd.Series:
    """The median over all provinces with a value, by year (the reference line of every chart)."""
    sel = panel[(panel["variable"] == variable) & panel["year"].between(start, end)]
    return sel.groupby("year")["value"].median()


def coverage(s: pd.DataFrame) -> pd.DataFrame:
    """Per province: years with a value, the missing years (as text, e.g. ``2008-2010, 2015``) and flags.

    Returns:
        ``province_code``, ``years_with_data``, ``missing_years``, ``flagged`` (values with a QA flag class),
        ``third_party`` (values after 2019 from a third-party copy).
    """
    rows = []
    for code, g in s.groupby("province_code", sort=False):
        missing = g.loc[g["value"].isna(), "year"].astype(int).tolist()
        rows.append({"province_code": code, "years_with_data": int(g["value"].notna().sum()),
                     "missing_years": year_ranges(missing), "flagged": int(g["flag_class"].fillna("").ne("").sum()),
                     "third_party": int(g["third_party"].sum())})
    return pd.DataFrame(rows)


def year_ranges(years: list[int]) -> str:
    """``[2008, 2009, 2010, 2015]`` -> ``"2008-2010, 2015"`` (empty list: empty text)."""
    out, run = [], []
    for y in sorted(years):
        if run and y == run[-1] + 1:
            run.append(y)
            continue
        if run:
            out.append(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]))
        run = [y]
    if run:
        out.append(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]))
    return ", ".join(out)


def slope_table(s: pd.DataFrame) -> pd.DataFrame:
    """Per-province log-linear slope over the years with data (at least ``MIN_YEARS``; positive values only).

    Returns:
        ``province_code``, ``years_with_data``, ``first_year``, ``last_year``, ``slope`` (log points/yr),
        ``pct_per_year`` (e^slope − 1, in %), ``note`` (why there is no slope, else empty); sorted by slope.
    """
    rows = []
    for code, g in s.dropna(subset=["value"]).groupby("province_code"):
        row = {"province_code": code, "years_with_data": len(g), "first_year": int(g["year"].min()),
               "last_year": int(g["year"].max()), "slope": float("nan"), "pct_per_year": float("nan"), "note": ""}
        if len(g) < trends.MIN_YEARS:
            row["note"] = f"fewer than {trends.MIN_YEARS} years"
        elif (g["value"] <= 0).any():
            row["note"] = "non-positive values"
        else:
            slope = float(np.polyfit(g["year"].to_numpy(float), np.log(g["value"].to_numpy(float)), 1)[0])
            row.update(slope=slope, pct_per_year=math.expm1(slope) * 100)
        rows.append(row)
    return pd.DataFrame(rows).sort_values("slope", na_position="last", kind="stable").reset_index(drop=True)


def aggregate(s: pd.DataFrame, additive: bool) -> tuple[pd.Series, str, list[str]]:
    """The series the outlook extrapolates: the provinces' total (additive variables) or the median province.

    A total counts only the provinces with every year, so that a missing year never looks like a fall.

    Returns:
        The series by year, its kind (``total`` / ``median``), and the provinces left out of a total.
    """
    wide = s.pivot(index="year", columns="province_code", values="value")
    wide = wide.dropna(how="all")
    if additive:
        complete = [c for c in wide.columns if wide[c].notna().all()]
        return wide[complete].sum(axis=1), "total", sorted(set(wide.columns) - set(complete))
    return wide.median(axis=1), "median", []


def outlook_of(agg: pd.Series, to_year: int, method: str = "damped_trend") -> dict[str, Any]:
    """The extrapolation of ``agg`` to ``to_year`` and its rolling-origin backtest (MASE against "no change").

    Returns:
        ``path`` (year, central, low, high), ``method``, ``label`` (``extrapolation``), ``last_year``, ``mase``,
        ``origins``; or ``{"error": why}`` when the series cannot be extrapolated (too short, a gap, ...).
    """
    try:
        o = outlook.extrapolate(agg, to_year, method)
        bt = outlook.backtest(agg, 3, method)
    except ParameterError as exc:
        return {"error": str(exc)}
    return {"path": o.path, "method": o.method, "label": o.label, "last_year": o.last_year, "mase": bt["mase"],
            "origins": bt["origins"]}


def summary(slopes: pd.DataFrame) -> dict[str, Any]:
    """Counts and extremes of the slopes.

    Returns:
        ``n``, ``rising``, ``falling``, ``median_pct``, ``fastest_rise``, ``fastest_rise_pct``, ``fastest_fall``,
        ``fastest_fall_pct`` (province codes and % a year), ``no_slope``.
    """
    ok = slopes.dropna(subset=["slope"])
    if ok.empty:
        return {"n": 0, "no_slope": len(slopes)}
    hi, lo = ok.iloc[-1], ok.iloc[0]
    return {"n": len(ok), "rising": int((ok["slope"] > 0).sum()), "falling": int((ok["slope"] < 0).sum()),
            "median_pct": float(math.expm1(ok["slope"].median()) * 100), "fastest_rise": hi["province_code"],
            "fastest_rise_pct": float(hi["pct_per_year"]), "fastest_fall": lo["province_code"],
            "fastest_fall_pct": float(lo["pct_per_year"]), "no_slope": len(slopes) - len(ok)}



def province_codes(chosen: list[str], provinces: pd.DataFrame) -> tuple[list[str], list[str]]:
    """The province codes of the ``provinces`` parameter (``["all"]``: every province).

    The XPCC has no statistics of its own and is replaced by Xinjiang (650000).

    Returns:
        The codes (in GB/T 2260 order), and the units replaced (``["XPCC"]`` or empty), for the report to say so.
    """
    if chosen == ["all"]:
        return sorted(provinces["province_code"]), []
    replaced = [c for c in chosen if c == "XPCC"]
    codes = {("650000" if c == "XPCC" else c) for c in chosen}
    return sorted(codes), replaced
