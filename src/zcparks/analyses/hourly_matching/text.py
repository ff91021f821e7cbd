"""The hourly-matching report in words: sentences filled from the analysis's records; nothing is fixed."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from zcparks.analyses.hourly_matching import LABELS as L
from zcparks.models import profiles as pr
from zcparks.models import supply as sp


def province_names(codes, provinces: pd.DataFrame, lang: str) -> list[str]:
    """Province names in ``lang`` for GB/T 2260 codes."""
    name = provinces.set_index("province_code")[f"name_{lang}"]
    return [str(name.get(c, c)) for c in codes]


def supply_words(mix: sp.Mix, provinces: pd.DataFrame, lang: str) -> str:
    """The supply mix in words (energy shares)."""
    parts = mix.parts()
    return L.t("supply_words", lang, **parts, line_from=province_names([mix.line_from], provinces, lang)[0])


def dispatch_note(start: str, lang: str) -> str:
    """How the battery is dispatched and started."""
    return L.t("dispatch_note", lang, start_words=L.t(f"start_{start}", lang))


def low_confidence(codes: list[str], provinces: pd.DataFrame, lang: str) -> str | None:
    """The low-confidence flag of the wind shapes used (None when all are fine)."""
    if not codes:
        return None
    return L.t("low_confidence", lang, names=L.join(province_names(sorted(set(codes)), provinces, lang), lang))


def park_sentence(rec: dict, mix: sp.Mix, design: sp.Design, provinces: pd.DataFrame, lang: str) -> str:
    """The park's matched share, grid import and surplus in one sentence."""
    return L.t("park_sentence", lang, annual=rec["annual_share"], supply=supply_words(mix, provinces, lang),
               storage=design.storage_h, load=L.code("load_class", rec["load_class"], lang),
               share=rec["matched_share"], import_=rec["import_share"], surplus=rec["surplus_share"])


def direct_supply(rec: dict, lang: str) -> str:
    """The three 650号 ratios and whether each rule is met."""
    ok = {True: L.t("ok_yes", lang), False: L.t("ok_no", lang)}
    return L.t("direct_supply", lang, self_use=rec["self_use_share"], self_use_ok=ok[rec["self_use_ok"]],
               export=rec["export_share"], export_ok=ok[rec["export_ok"]], green=rec["matched_share"],
               green_ok=ok[rec["green_of_load_ok"]])


def core_sentence(rec: dict, lang: str) -> str:
    """The illustrative core indicator of the all-electric park, with net inflow beside gross import x factor."""
    v = rec["verdict"]
    verdict = (L.t("verdict_none", lang) if v == "no_threshold"
               else L.t(f"verdict_{v}", lang, threshold=rec["threshold"]))
    text = L.t("core_sentence", lang, archetype=L.code("archetype", rec["archetype"], lang), mw=rec["mean_mw"],
               calibre=L.code("calibre", rec["calibre"], lang), value=rec["intensity"], verdict=verdict,
               net=rec["net_inflow_gwh"], gross=rec["gross_import_e_t"])
    if rec["refused_reason"]:
        text += " " + L.t("calibre_fallback", lang, calibre=L.code("calibre", rec["requested_calibre"], lang),
                          used=L.code("calibre", rec["calibre"], lang),
                          reason=L.t(f"refused_{rec['refused_reason']}", lang))
    return text


def target_sentence(name: str, curve: pd.DataFrame, frontier: pd.DataFrame, target: float, overbuild: float,
                    lang: str) -> str:
    """Whether the target is reached by storage at this overbuild, else the least overbuild that reaches it."""
    ok = curve[curve["matched_share"] >= target - 1e-12]
    if len(ok):
        return L.t("target_reached", lang, name=name, target=target, hours=float(ok["storage_h"].min()))
    f = frontier.dropna(subset=["storage_h"])
    f = f[f["overbuild"] > overbuild + 1e-9]
    words = (L.t("overbuild_reaches", lang, overbuild=float(f["overbuild"].iloc[0]), hours=float(f["storage_h"].iloc[0]))
             if len(f) else L.t("overbuild_none", lang))
    return L.t("target_not_reached", lang, name=name, target=target, overbuild_words=words)


def target_sentences(curve: pd.DataFrame, frontier: pd.DataFrame, target: float, overbuild: float, lang: str
                     ) -> list[str]:
    """:func:`target_sentence` for each park of the storage curve, in its order.

    Args:
        curve: :func:`~zcparks.analyses.hourly_matching.storage_curve` with park names (:func:`frame_names`).
        frontier: :func:`~zcparks.analyses.hourly_matching.frontier_frame`, likewise.
        target: the target hourly matched share (0–1).
        overbuild: this run's overbuild (annual green energy / annual load).
        lang: ``en`` or ``zh``.
    """
    return [target_sentence(g["park_name"].iloc[0], g, frontier[frontier["park_id"] == pid], target, overbuild, lang)
            for pid, g in curve.groupby("park_id", sort=False)]


def _need_words(row: pd.Series, lang: str) -> str:
    if not math.isnan(row["median_storage_h"]):
        return L.t("hours_value", lang, hours=row["median_storage_h"])
    if not math.isnan(row["median_overbuild"]):
        return L.t("not_reached_value", lang, overbuild=row["median_overbuild"],
                   hours=row["median_storage_h_at_overbuild"])
    return L.t("not_reached_plain", lang)


def cohort_sentences(summary: pd.DataFrame, lang: str) -> list[str]:
    """One sentence per target: the median province of each cohort."""
    out = []
    for target, g in summary.groupby("target"):
        by = g.set_index("cohort")
        out.append(L.t("cohort_sentence", lang, target=target,
                       east=_need_words(by.loc["east_coast_manufacturing"], lang),
                       west=_need_words(by.loc["west_wind_solar_bases"], lang)))
    return out


def options_intro(mix: sp.Mix, provinces: pd.DataFrame, lang: str) -> str:
    """What the three supply options of the east-coast provinces are."""
    return L.t("options_intro", lang, line_from=province_names([mix.line_from], provinces, lang)[0],
               loss=mix.line_loss, gen=1 / (1 - mix.line_loss))


def yields_sentence(yields: pd.DataFrame, provinces: pd.DataFrame, lang: str) -> str:
    """The PV and raw wind ratios in one sentence."""
    pv = yields[yields["technology"] == "solar"]
    wind = yields[yields["technology"] == "wind"]
    low = wind.loc[wind["low_confidence"], "province_code"]
    return L.t("yields_sentence", lang, pv_median=float(pv["raw_ratio"].median()),
               pv_ok=int(((pv["raw_ratio"] - 1).abs() <= 0.25).sum()), wind_median=float(wind["raw_ratio"].median()),
               low=L.join(province_names(low, provinces, lang), lang))


def archetype_note(lang: str) -> str:
    """The load archetypes' assumed parameters, in words."""
    items = []
    for key, a in pr.ARCHETYPES.items():
        bits = [L.t("arch_round_clock", lang) if a.working_hours is None else
                L.t("arch_shift", lang, a=a.working_hours[0], b=a.working_hours[1], off=a.off_shift)]
        if a.weekend != 1:
            bits.append(L.t("arch_weekend", lang, w=a.weekend))
        if a.daytime_bump:
            bits.append(L.t("arch_bump", lang, b=a.daytime_bump))
        bits.append(L.t("arch_seasonal", lang, s=a.seasonal))
        items.append(L.t("archetype_item", lang, name=L.code("load_class", key, lang),
                         words=L.t("list_sep", lang).join(bits)))
    return L.t("archetype_note", lang, items=L.t("item_sep", lang).join(items))


def frame_names(df: pd.DataFrame, provinces: pd.DataFrame, parks: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Replace province_code / park_id columns by names in ``lang`` for a table (codes stay in the first column)."""
    out = df.copy()
    if "park_id" in out.columns:
        name = parks.set_index("park_id")[f"name_{lang}"]
        out.insert(out.columns.get_loc("park_id") + 1, "park_name", out["park_id"].map(name))
    if "province_code" in out.columns:
        out["province_code"] = province_names(out["province_code"], provinces, lang)
        out = out.rename(columns={"province_code": "province_name"})
    for c in out.columns:
        if out[c].dtype == float and c not in ("storage_h", "overbuild", "storage_h_at_overbuild"):
            out[c] = np.round(out[c], 3)
    return out
