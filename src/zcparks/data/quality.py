"""Quality rules on panel cells: blocked outliers and flagged series breaks (``rules`` of ``variables.yaml``).

Flag classes (the panel's ``flag_class`` column):

* ``blocked``: the cell is out of selection. Its value becomes missing and every derived indicator of that
  province-year is missing too; the published value stays in ``qa_flag``. A blocked cell never reaches a chart
  or a regression.
* ``break``: the value is kept, but the change from the previous year is probably a revision, not a real change.
  Trend code can skip or mark it. Each break names its cause, or says "cause unknown".
* ``note``: information only (e.g. a flag of the third-party compilers).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

BLOCKED, BREAK, NOTE = "blocked", "break", "note"
RANK = {"": 0, NOTE: 1, BREAK: 2, BLOCKED: 3}


def _join(a: pd.Series, b: pd.Series) -> pd.Series:
    """Join two text columns with ``"; "``, skipping empty parts."""
    both = (a != "") & (b != "")
    return a.where(~both, a + "; " + b).where(a != "", b)


def add_flag(panel: pd.DataFrame, mask: pd.Series, flag_class: str, text: pd.Series | str) -> pd.DataFrame:
    """Add a flag to the rows of ``mask``: the text is appended to ``qa_flag``; the stronger class wins.

    Args:
        panel: long panel with ``qa_flag`` and ``flag_class``.
        mask: rows to flag.
        flag_class: ``blocked``, ``break`` or ``note``.
        text: the reason (one string, or one per row).

    Returns:
        The panel (a copy); blocked rows get a missing value.
    """
    out = panel.copy()
    text = pd.Series(text, index=out.index) if isinstance(text, str) else text.reindex(out.index).fillna("")
    out.loc[mask, "qa_flag"] = _join(out.loc[mask, "qa_flag"], f"{flag_class}: " + text[mask])
    stronger = out["flag_class"].isin([c for c, r in RANK.items() if r < RANK[flag_class]])  # vectorised RANK[c] <
    out.loc[mask & stronger, "flag_class"] = flag_class
    if flag_class == BLOCKED:
        out.loc[mask, "value"] = np.nan
    return out


def outliers(panel: pd.DataFrame, variables: list[str], window: int, max_ratio: float) -> pd.Series:
    """Cells far from the median of their province's centred window (the ``outlier`` rule).

    Args:
        panel: long panel (province_code, year, variable, value).
        variables: the variables to check.
        window: window length in years (odd; centred on the cell).
        max_ratio: a cell below median / max_ratio or above median * max_ratio is an outlier.

    Returns:
        Boolean mask over ``panel``'s rows.
    """
    sel = panel["variable"].isin(variables) & panel["value"].notna()
    p = panel[sel].sort_values(["variable", "province_code", "year"])
    med = p.groupby(["variable", "province_code"])["value"].transform(
        lambda s: s.rolling(window, center=True, min_periods=3).median())
    ratio = p["value"] / med
    bad = (ratio < 1 / max_ratio) | (ratio > max_ratio)
    return bad.reindex(panel.index, fill_value=False)


def breaks(panel: pd.DataFrame, variables: list[str], threshold: float) -> pd.DataFrame:
    """Year-on-year changes far from that year's median change across provinces (the ``break`` rule).

    Only consecutive years count; blocked (missing) cells and their neighbours are skipped.

    Args:
        panel: long panel (province_code, year, variable, value).
        variables: the variables to check.
        threshold: the largest allowed distance, in log points, from the median change of all provinces.

    Returns:
        The flagged rows (index of ``panel``) with columns change (log points) and median (log points).
    """
    p = panel[panel["variable"].isin(variables) & (panel["value"] > 0)].sort_values(["variable", "province_code", "year"])
    g = p.groupby(["variable", "province_code"])
    change = np.log(p["value"]) - np.log(g["value"].shift())
    change[(p["year"] - g["year"].shift()) != 1] = np.nan
    median = change.groupby([p["variable"], p["year"]]).transform("median")
    far = (change - median).abs() > threshold
    return pd.DataFrame({"change": change[far], "median": median[far]})


def sum_mismatch(panel: pd.DataFrame, total: str, parts: list[str], tolerance: float) -> pd.Series:
    """Cells of ``total`` that differ from the sum of ``parts`` (same province and year) by more than ``tolerance``.

    Args:
        panel: long panel.
        total: the variable that should equal the sum.
        parts: the variables that add up to it (all must be present for a check).
        tolerance: the largest allowed relative difference (e.g. 0.02 for 2 %).

    Returns:
        Boolean mask over ``panel``'s rows (True on the ``total`` cells that fail).
    """
    w = panel[panel["variable"].isin([total, *parts])].pivot_table(
        index=["province_code", "year"], columns="variable", values="value")
    if total not in w or any(p not in w for p in parts):
        return pd.Series(False, index=panel.index)
    ok = w[[total, *parts]].notna().all(axis=1)
    rel = (w[parts].sum(axis=1) / w[total] - 1).abs()
    bad = set(w.index[ok & (rel > tolerance)])
    keys = pd.Series(list(zip(panel["province_code"], panel["year"], strict=True)), index=panel.index)
    return (panel["variable"] == total) & keys.isin(bad)


def after_blocked(panel: pd.DataFrame, variables: list[str]) -> pd.Series:
    """The first unblocked cell after a run of blocked cells of the same series (its change is not comparable).

    Returns:
        Boolean mask over ``panel``'s rows.
    """
    p = panel[panel["variable"].isin(variables)].sort_values(["variable", "province_code", "year"])
    prev_blocked = p.groupby(["variable", "province_code"])["flag_class"].shift().eq(BLOCKED)
    hit = prev_blocked & p["flag_class"].ne(BLOCKED) & p["value"].notna()
    return hit.reindex(panel.index, fill_value=False)
