"""The 52-park overview (notebook 01): views, counts and the check against press claims.

Everything here works on ``zcparks.data`` tables and returns plain DataFrames in the
chosen language (``lang`` = 'en' or 'zh'); the notebook only displays them.
"""

from __future__ import annotations

import pandas as pd

from zcparks import regions
from zcparks.labels import t


def parks_view(parks: pd.DataFrame, provinces: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Parks with display names in ``lang`` and the NBS region of their statistical province."""
    prov = provinces.set_index("province_code")
    name_col = "name_zh" if lang == "zh" else "name_en"
    unit_name = parks["unit_id"].map(prov[name_col])
    unit_name = unit_name.where(~parks["is_xpcc"], regions.XPCC_ZH if lang == "zh" else parks["unit_en"])
    return parks.assign(
        name=parks[name_col],
        unit_name=unit_name,
        nbs_region=parks["province_code"].map(prov["nbs_region"]),
        yangtze_belt=parks["province_code"].map(prov["yangtze_river_economic_belt"]) & ~parks["is_xpcc"],
    )


def counts(view: pd.DataFrame, by: str, lang: str) -> pd.DataFrame:
    """Number of parks per value of ``by`` (label in ``lang``), sorted by count then label.

    ``by`` is one of unit (provincial unit, with its NBS region), nbs_region, scope,
    industry_class, construction_end.
    """
    if by == "unit":
        out = view.groupby(["unit_id", "unit_name", "nbs_region"], as_index=False).size()
        out = out.rename(columns={"unit_name": "label", "size": "n"})
        return out.sort_values(["n", "unit_id"], ascending=[False, True], ignore_index=True)
    out = view.groupby(by, as_index=False).size().rename(columns={"size": "n"})
    if by == "construction_end":
        out["label"] = out[by].astype(str)
        return out.sort_values(by, ignore_index=True)[["label", "n"]]
    out["label"] = out[by].map(lambda k: t(k, lang))
    return out.sort_values(["n", "label"], ascending=[False, True], ignore_index=True)[["label", "n"]]


def measure(view: pd.DataFrame, what: str) -> int:
    """Count in the list data what a press claim counts (see press_claims.csv column measure)."""
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


def claims_check(view: pd.DataFrame, claims: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Each press/official claim beside the same count in the list data, and whether they agree."""
    rows = []
    for c in claims.itertuples():
        got = measure(view, c.measure)
        rows.append({
            t("claim", lang): c.claim,
            t("claimed", lang): int(c.value),
            t("in_list", lang): got,
            t("agrees", lang): t("yes" if got == c.value else "no", lang),
            t("claim_status", lang): t(c.status, lang),
            t("source", lang): c.source,
        })
    return pd.DataFrame(rows)


def verification_counts(view: pd.DataFrame, lang: str) -> pd.DataFrame:
    """How many parks have their list membership confirmed by a source independent of the list text."""
    out = view.groupby("verified_by", as_index=False).size().rename(columns={"size": "n"})
    out["label"] = out["verified_by"].map(lambda k: t(k, lang))
    out = out.sort_values("n", ascending=False, ignore_index=True)[["label", "n"]]
    return out.rename(columns={"label": t("verified_by", lang), "n": t("parks_count", lang)})


def parks_table(view: pd.DataFrame, lang: str, highlight: str = "all") -> pd.DataFrame:
    """The full list, one row per park, headers and categories in ``lang``.

    With ``highlight`` set to a unit (province code or XPCC), its parks come first.
    """
    v = view.copy()
    v["_first"] = (v["unit_id"] != highlight) if highlight != "all" else False
    v = v.sort_values(["_first", "seq"])
    return pd.DataFrame({
        t("park_id", lang): v["park_id"],
        t("park", lang): v["name"],
        t("provincial_unit", lang): v["unit_name"],
        t("nbs_region", lang): v["nbs_region"].map(lambda r: t(r, lang)),
        t("scope", lang): v["scope"].map(lambda s: t(s, lang)),
        t("construction_period", lang): v["construction_start"].astype(str) + "–" + v["construction_end"].astype(str),
        t("industry_class", lang): v["industry_class"].map(lambda k: t(k, lang)),
        t("verified_by", lang): v["verified_by"].map(lambda k: t(k, lang)),
        t("location_precision", lang): v["loc_precision"].map(lambda p: t(f"loc_{p}", lang)),
    })


def key_facts(view: pd.DataFrame, lang: str, highlight: str = "all") -> str:
    """One paragraph of key figures, every number computed from ``view`` (and the highlighted unit)."""
    n = len(view)
    units = view["unit_id"].nunique()
    pip = int((view["scope"] == "park_in_park").sum())
    whole = int((view["scope"] == "whole_park").sum())
    start_min, start_max = int(view["construction_start"].min()), int(view["construction_start"].max())
    end_min, end_max = int(view["construction_end"].min()), int(view["construction_end"].max())
    confirmed = int((view["verified_by"] != "list_text only").sum())
    top = view.groupby("unit_name").size()
    top_n = int(top.max())
    top_units = sorted(top[top == top_n].index)
    starts = str(start_min) if start_min == start_max else f"{start_min}–{start_max}"
    hl = view[view["unit_id"] == highlight]
    hl_text = ""
    if len(hl):
        ids = "、".join(hl["park_id"]) if lang == "zh" else ", ".join(hl["park_id"])
        hl_text = (f"本报告突出显示{hl['unit_name'].iloc[0]}：{len(hl)} 个园区（{ids}），"
                   "在地图上以黄色标出，并在表中列于最前。"
                   if lang == "zh" else
                   f" Highlighted in this report: {hl['unit_name'].iloc[0]}, {len(hl)} park(s) ({ids}), shaded on the "
                   "map and listed first in the table.")
    if lang == "zh":
        return (
            f"名单共 {n} 个园区，覆盖 {units} 个省级单位（31 个省、自治区、直辖市和新疆生产建设兵团）。"
            f"其中园中园 {pip} 个、园区整体 {whole} 个。建设期均始于 {starts} 年，结束于 {end_min}–{end_max} 年。"
            f"{'、'.join(top_units)}各有 {top_n} 个园区。"
            f"{n} 个园区中有 {confirmed} 个的入选情况得到名单文本以外来源的证实。{hl_text}"
        )
    return (
        f"The list has {n} parks in {units} provincial units (31 provinces and the Xinjiang Production and "
        f"Construction Corps): {pip} park-in-park sites and {whole} whole parks. Every construction period starts "
        f"in {starts} and ends between {end_min} and {end_max}. {', '.join(top_units)} have {top_n} parks each. "
        f"For {confirmed} of the {n} parks, membership of the list is confirmed by a source independent of the list text."
        f"{hl_text}"
    )
