"""The 52-park overview (notebook 01, slug ``pilot-parks``): views, counts and the check against press claims.

Every function works on ``zcparks.data`` tables and returns a tidy frame of codes and
numbers (names in both languages as ``*_en`` / ``*_zh`` pairs); wording is in
:mod:`.text` and ``labels.yaml``, charts in :mod:`.charts`. The notebook shows frames with
``show.table(df, lang, LABELS)``, which translates them.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from zcparks.data import regions
from zcparks.views import labels_for

LABELS = labels_for(__file__)
COUNT_BY = ("unit", "nbs_region", "scope", "industry_class", "construction_end")


def parks_view(parks: pd.DataFrame, provinces: pd.DataFrame) -> pd.DataFrame:
    """Parks with their names in both languages and the NBS region of their statistical province.

    Args:
        parks: ``zcparks.data.parks()``.
        provinces: ``zcparks.data.provinces()``.

    Returns:
        ``parks`` plus park_name_en/zh, unit_name_en/zh (the provincial unit: a province or the XPCC),
        nbs_region (code) and yangtze_belt (bool; False for the XPCC, which is not a province of the belt).
    """
    prov = provinces.set_index("province_code")
    unit_en = parks["unit_id"].map(prov["name_en"]).where(~parks["is_xpcc"], parks["unit_en"])
    unit_zh = parks["unit_id"].map(prov["name_zh"]).where(~parks["is_xpcc"], regions.XPCC_ZH)
    return parks.assign(
        park_name_en=parks["name_en"], park_name_zh=parks["name_zh"],
        unit_name_en=unit_en, unit_name_zh=unit_zh,
        nbs_region=parks["province_code"].map(prov["nbs_region"]),
        yangtze_belt=parks["province_code"].map(prov["yangtze_river_economic_belt"]) & ~parks["is_xpcc"],
    )


def counts(view: pd.DataFrame, by: str) -> pd.DataFrame:
    """Number of parks (``n``) per value of ``by``, most first.

    Args:
        view: :func:`parks_view`.
        by: one of :data:`COUNT_BY`: ``unit`` (provincial unit, with its names and NBS region), ``nbs_region``,
            ``scope``, ``industry_class`` or ``construction_end`` (in year order).

    Returns:
        The ``by`` column(s) and ``n``.

    Raises:
        ValueError: ``by`` is not one of :data:`COUNT_BY`.
    """
    if by not in COUNT_BY:
        raise ValueError(f"counts by {by!r}; expected one of {', '.join(COUNT_BY)}")
    if by == "unit":
        out = view.groupby(["unit_id", "unit_name_en", "unit_name_zh", "nbs_region"], as_index=False).size()
        return out.rename(columns={"size": "n"}).sort_values(["n", "unit_id"], ascending=[False, True],
                                                             ignore_index=True)
    out = view.groupby(by, as_index=False).size().rename(columns={"size": "n"})
    if by == "construction_end":
        return out.sort_values(by, ignore_index=True)
    return out.sort_values(["n", by], ascending=[False, True], ignore_index=True)


def measure(view: pd.DataFrame, what: str) -> int:
    """Count in the list data what a press claim counts.

    Args:
        view: :func:`parks_view`.
        what: ``parks``, ``provincial_units``, ``yangtze_belt``, ``scope:<scope>`` or ``unit:<code>``
            (column ``measure`` of press_claims.csv).

    Raises:
        ValueError: an unknown measure.
    """
    if what == "parks":
        return len(view)
    if what == "provincial_units":
        return view["unit_id"].nunique()
    if what == "yangtze_belt":
        return int(view["yangtze_belt"].sum())
    kind, _, arg = what.partition(":")
    if kind == "scope":
        return int((view["scope"] == arg).sum())
    if kind == "unit":
        return int((view["unit_id"] == arg).sum())
    raise ValueError(f"unknown measure {what!r}")


def claims_check(view: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """Each press or official claim beside the same count in the list data.

    Args:
        view: :func:`parks_view`.
        claims: ``zcparks.data.press_claims()``.

    Returns:
        One row per claim: claim (its text, as published), claimed (the number claimed), in_list (the count in
        the list), agrees (bool), claim_status (code), source.
    """
    rows = []
    for c in claims.itertuples():
        got = measure(view, c.measure)
        rows.append({"claim": c.claim, "claimed": int(c.value), "in_list": got, "agrees": bool(got == c.value),
                     "claim_status": c.status, "source": c.source})
    return pd.DataFrame(rows)


def verification_counts(view: pd.DataFrame) -> pd.DataFrame:
    """How many parks (``n``) have their list membership confirmed by each kind of source (``verified_by``)."""
    out = view.groupby("verified_by", as_index=False).size().rename(columns={"size": "n"})
    return out.sort_values("n", ascending=False, ignore_index=True)


def parks_table(view: pd.DataFrame, highlight: str = "all") -> pd.DataFrame:
    """The full list, one row per park, in list order; the parks of ``highlight`` first.

    Args:
        view: :func:`parks_view`.
        highlight: a unit id (province code or ``XPCC``) whose parks come first, or ``all``.

    Returns:
        park_id, park_name_en/zh, unit_name_en/zh, nbs_region, scope, construction_period (``2026–2030``),
        industry_class, verified_by, loc_precision.
    """
    v = view.assign(_first=(view["unit_id"] != highlight) if highlight != "all" else False,
                    construction_period=view["construction_start"].astype(str) + "–"
                    + view["construction_end"].astype(str))
    cols = ["park_id", "park_name_en", "park_name_zh", "unit_name_en", "unit_name_zh", "nbs_region", "scope",
            "construction_period", "industry_class", "verified_by", "loc_precision"]
    return v.sort_values(["_first", "seq"])[cols].reset_index(drop=True)


def key_facts(view: pd.DataFrame, highlight: str = "all") -> dict[str, Any]:
    """The key figures of the list, every one computed from ``view``.

    Args:
        view: :func:`parks_view`.
        highlight: a unit id, or ``all``.

    Returns:
        n (parks), units (provincial units), park_in_park, whole_park, start_min/start_max and end_min/end_max
        (years), confirmed (parks confirmed beyond the list text), top_n (most parks of one unit) and top_units
        (their unit ids, in id order), highlight_ids (park ids of the highlighted unit; empty for ``all``).
    """
    per_unit = view.groupby("unit_id").size()
    top_n = int(per_unit.max())
    return {
        "n": len(view),
        "units": int(view["unit_id"].nunique()),
        "park_in_park": int((view["scope"] == "park_in_park").sum()),
        "whole_park": int((view["scope"] == "whole_park").sum()),
        "start_min": int(view["construction_start"].min()), "start_max": int(view["construction_start"].max()),
        "end_min": int(view["construction_end"].min()), "end_max": int(view["construction_end"].max()),
        "confirmed": int((view["verified_by"] != "list_text only").sum()),
        "top_n": top_n,
        "top_units": sorted(per_unit[per_unit == top_n].index),
        "highlight": highlight,
        "highlight_ids": view.loc[view["unit_id"] == highlight, "park_id"].tolist(),
    }
