"""Words shared by the cohort and profile reports, in English or Chinese: cohort rules, the grid-factor sentence."""

from __future__ import annotations

import pandas as pd

from zcparks.models.cohorts import CohortRule
from zcparks.report.labels import Labels


def rule_text(rule: CohortRule, L: Labels, provinces: pd.DataFrame, lang: str) -> str:
    """A cohort's rule in words in ``lang`` (regions, coastal flag, provinces, threshold, industry classes).

    Args:
        rule: the rule.
        L: the calling analysis's labels (the shared ``common.rule_*`` texts and the vocabulary's codes).
        provinces: ``zcparks.data.provinces()`` (names of listed provinces).
        lang: ``en`` or ``zh``.
    """
    names = provinces.set_index("province_code")[f"name_{lang}"]
    parts = []
    if rule.regions:
        parts.append(L.t("common.rule_regions", lang, regions=L.join([L.code("nbs_region", r, lang)
                                                                       for r in rule.regions], lang)))
    if rule.coastal is not None:
        parts.append(L.t("common.rule_coastal" if rule.coastal else "common.rule_inland", lang))
    if rule.provinces:
        parts.append(L.t("common.rule_provinces", lang, names=L.join([names.get(c, c) for c in rule.provinces],
                                                                       lang)))
    if rule.threshold:
        var, year, minimum = rule.threshold
        parts.append(L.t("common.rule_threshold", lang, variable=L.code("metric", "wind_full_load_hours", lang)
                         if var == "utilization_hours_wind" else var, year=year, minimum=minimum))
    parts.append(L.t("common.rule_industries", lang, classes=L.join([L.code("industry_class", c, lang)
                                                                      for c in rule.industries], lang))
                 if rule.industries else L.t("common.rule_any_industry", lang))
    return ("；" if lang == "zh" else "; ").join(parts)


def grid_text(table: pd.DataFrame, na: str, L: Labels, lang: str) -> str:
    """The latest year's provincial grid factor against the national one, in the caller's ``grid_text`` wording.

    Args:
        table: :func:`zcparks.models.context.grid_factor_table`.
        na: the words for a factor that is not published (e.g. Tibet).
        L: the calling analysis's labels (its own ``grid_text`` key: year, value, national).
        lang: ``en`` or ``zh``.
    """
    last = table.iloc[-1]
    value = na if pd.isna(last["province_factor"]) else f"{last['province_factor']:.4f}"
    return L.t("grid_text", lang, year=int(last["year"]), value=value, national=float(last["national_factor"]))
