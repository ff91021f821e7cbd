"""The provincial-trends analysis in words: sentences from the slope summary and the outlook; nothing is fixed."""

from __future__ import annotations

from typing import Any

import pandas as pd

from zcparks.analyses.provincial_trends import LABELS as L


def province_names(provinces: pd.DataFrame, lang: str) -> pd.Series:
    """Province names in ``lang`` by province code (``zcparks.data.provinces()``)."""
    return provinces.set_index("province_code")[f"name_{lang}"]


def coverage_table(cov: pd.DataFrame, slopes: pd.DataFrame, names: pd.Series) -> pd.DataFrame:
    """The page's table of one variable: each province's coverage beside its slope, named, values to 4 decimals.

    Args:
        cov: :func:`~zcparks.analyses.provincial_trends.coverage` (years, missing years, flags, third-party values).
        slopes: :func:`~zcparks.analyses.provincial_trends.slope_table` (slope in log points a year, % a year).
        names: province names by code (:func:`province_names`).

    Returns:
        ``province_name`` then the columns of both tables (``province_code`` and the slope's own year count left
        out), in the coverage table's order.
    """
    table = cov.merge(slopes.drop(columns="years_with_data"), on="province_code", how="left")
    table.insert(0, "province_name", table["province_code"].map(names))
    return table.drop(columns="province_code").round(4)


def variable_name(variables: pd.DataFrame, variable: str, lang: str) -> str:
    """The dictionary's name of ``variable`` in ``lang``."""
    return str(variables.set_index("variable").loc[variable, f"name_{lang}"])


def slopes_text(summary: dict[str, Any], name: str, y0: int, y1: int, names: pd.Series, lang: str) -> str:
    """The slope summary of one variable (:func:`~zcparks.analyses.provincial_trends.summary`)."""
    if not summary.get("n"):
        return L.t("no_slopes", lang, variable=name, y0=y0, y1=y1)
    return L.t("slopes_text", lang, variable=name, y0=y0, y1=y1, n=summary["n"], rising=summary["rising"],
               falling=summary["falling"], median=summary["median_pct"], rise=names[summary["fastest_rise"]],
               rise_pct=summary["fastest_rise_pct"], fall=names[summary["fastest_fall"]],
               fall_pct=summary["fastest_fall_pct"])


def finding_text(panel: pd.DataFrame, variables: pd.DataFrame, codes: list[str], y0: int, y1: int,
                 names: pd.Series, lang: str, variable: str) -> str:
    """The page's finding, for its first screen: the slope summary of its first variable (:func:`slopes_text`)."""
    from zcparks.analyses import provincial_trends as pt

    summary = pt.summary(pt.slope_table(pt.series(panel, variable, codes, y0, y1)))
    return slopes_text(summary, variable_name(variables, variable, lang), y0, y1, names, lang)


def outlook_text(o: dict[str, Any], name: str, kind: str, unit: str, left_out: list[str], names: pd.Series,
                 lang: str) -> str:
    """The extrapolation and its backtest in words (or why there is none)."""
    if "error" in o:
        return L.t("outlook_error", lang, variable=name, error=o["error"])
    end = o["path"].iloc[-1]
    verdict = L.t("beats_naive" if o["mase"] < 1 else "not_beats_naive", lang)
    text = L.t("outlook_text", lang, kind=L.t(f"kind_{kind}", lang), variable=name, last=o["last_year"],
               to=int(end["year"]), method=L.t(f"method_{o['method']}", lang), central=end["central"],
               unit=L.code("unit_label", unit, lang),
               low=end["low"], high=end["high"], origins=o["origins"], mase=o["mase"], verdict=verdict)
    if left_out:
        text += L.t("total_left_out", lang, names=L.join([names.get(c, c) for c in left_out], lang))
    return text
