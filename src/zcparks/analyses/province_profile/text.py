"""The province profile in words: sentences filled from the profile's tables; nothing is fixed."""

from __future__ import annotations

import html
import math

import numpy as np
import pandas as pd

from zcparks.analyses.province_profile import LABELS as L
from zcparks.analyses.province_profile import statistics_code
from zcparks.methods import trends
from zcparks.models.cohorts import OTHER, CohortRule
from zcparks.views import cohort_text, links, sources
from zcparks.views.cohort_text import rule_text

LMDI_INPUTS = ("co2_total_scope1", "co2_by_fuel: Process", "total_energy_consumption", "gdp_constant_2020")
"""The panel series behind the LMDI split (its source line)."""


def unit_name(unit: str, parks: pd.DataFrame, provinces: pd.DataFrame, lang: str) -> str:
    """The unit's name in ``lang``: as the park list names it (e.g. the XPCC), else its statistics province's name."""
    mine = parks["unit_id"] == unit
    if mine.any():
        return parks.loc[mine, f"unit_{lang}"].iloc[0]
    return province_name(statistics_code(unit), provinces, lang)


def province_name(code: str, provinces: pd.DataFrame, lang: str) -> str:
    """The province's name in ``lang`` (``zcparks.data.provinces()``)."""
    return provinces.set_index("province_code").loc[code, f"name_{lang}"]


def rounded(df: pd.DataFrame, digits: int) -> pd.DataFrame:
    """``df`` as the page shows it: numbers rounded to ``digits`` decimals (its CSV download keeps these values)."""
    return df.round(digits)


def lmdi_source(lang: str) -> str:
    """The source line of the LMDI chart (:data:`LMDI_INPUTS`)."""
    return sources.line(list(LMDI_INPUTS), lang)


def parks_text(unit_name: str, parks_t: pd.DataFrame, cohort: str, lang: str) -> str:
    """How many parks the unit has and which cohort they belong to."""
    part = L.t("cohort_other", lang) if cohort == OTHER else L.t("cohort_part", lang,
                                                                  cohort=L.code("cohort", cohort, lang))
    return L.t("parks_text", lang, unit=unit_name, n=len(parks_t), cohort_part=part)


def park_links(parks_t: pd.DataFrame, lang: str) -> str:
    """A line linking the page of each of the unit's parks, as escaped HTML (empty when it has none)."""
    if parks_t.empty:
        return ""
    items = ("、" if lang == "zh" else ", ").join(
        links.anchor(links.park_href(r["park_id"], lang), f"{r['park_id']} {r[f'park_name_{lang}']}")
        for _, r in parks_t.iterrows())
    return f'<p class="zc-note">{html.escape(L.t("park_pages", lang))} {items}</p>'


def _pct(years: np.ndarray, values: np.ndarray) -> float:
    return math.expm1(float(np.polyfit(years, np.log(values), 1)[0])) * 100


def trend_text(frame: pd.DataFrame, name: str, unit_name: str, lang: str) -> str:
    """The province's log-linear change a year beside the national median's (at least ``MIN_YEARS`` years)."""
    p = frame[(frame["series"] == "province")].dropna(subset=["value"])
    med = frame[frame["series"] == "national_median"].dropna(subset=["value"])
    if len(p) < trends.MIN_YEARS or (p["value"] <= 0).any() or (med["value"] <= 0).any():
        return L.t("trend_none", lang, variable=name, unit=unit_name)
    return L.t("trend_text", lang, variable=name, unit=unit_name, y0=int(p["year"].min()), y1=int(p["year"].max()),
               n=len(p), pct=_pct(p["year"].to_numpy(float), p["value"].to_numpy(float)),
               median=_pct(med["year"].to_numpy(float), med["value"].to_numpy(float)))


def grid_text(table: pd.DataFrame, na: str, lang: str) -> str:
    """The latest year's factor of the province against the national one."""
    return cohort_text.grid_text(table, na, L, lang)


def lmdi_text(lmdi: pd.DataFrame, y0: int, y1: int, lang: str) -> str:
    """The LMDI terms in words (or why there are none)."""
    if lmdi.empty:
        return L.t("lmdi_none", lang, y0=y0, y1=y1)
    v = lmdi.set_index("term")["mt_co2"].to_dict()
    return L.t("lmdi_text", lang, y0=y0, y1=y1, **v)


def rule_words(rule: CohortRule, provinces: pd.DataFrame, lang: str) -> str:
    """The cohort's rule in words in ``lang``, as the east-vs-west report prints it."""
    return rule_text(rule, L, provinces, lang)
