"""The east-vs-west comparison in words: every sentence is filled from a result table; no conclusion is fixed.

Significance wording follows the numbers: a level difference reads as evidence when its Holm-adjusted exact p is
below :data:`ALPHA`; a trend difference when both the exact test (Holm-adjusted) and the CR2 test are below it;
"suggestive" when both are below it only before Holm's correction; "one test only" when just one is.
"""

from __future__ import annotations

import math

import pandas as pd

from zcparks.analyses.east_vs_west import LABELS as L
from zcparks.analyses.east_vs_west import Setup
from zcparks.models.cohorts import OTHER, Membership
from zcparks.models.context import Metric
from zcparks.views import sources
from zcparks.views.cohort_text import rule_text

ALPHA = 0.05
LMDI_INPUTS = ("co2_total_scope1", "co2_by_fuel: Process", "total_energy_consumption", "gdp_constant_2020")
"""The panel series behind the LMDI split (its source line)."""


def _p(p: float) -> str:
    return "—" if p is None or p != p else (f"{p:.3f}" if p >= 0.001 else "< 0.001")


def _num(x: float) -> str:
    if x is None or x != x:
        return "—"
    return f"{x:,.0f}" if abs(x) >= 100 else (f"{x:,.2f}" if abs(x) >= 1 else f"{x:.3f}")


def cohort_name(code: str, lang: str) -> str:
    """The cohort's name in ``lang``."""
    return L.code("cohort", code, lang)


def membership_text(m: Membership, lang: str) -> str:
    """Who is compared with whom, with park and province counts, and how many parks are "other"."""
    a, b = (r.code for r in m.rules[:2])
    text = L.t("membership", lang, first=cohort_name(a, lang), second=cohort_name(b, lang),
               n_first_parks=len(m.park_ids(a)), n_first=len(m.province_codes(a)),
               n_second_parks=len(m.park_ids(b)), n_second=len(m.province_codes(b)),
               n_other=int((m.parks["cohort"] == OTHER).sum()))
    split = m.parks[m.parks["cohort"] == b].groupby("industry_class").size().sort_values(ascending=False)
    items = [f"{L.code('industry_class', k, lang)} {v}" for k, v in split.items()]
    return text + " " + L.t("west_split", lang, split=L.join(items, lang))


def level_sentences(levels: pd.DataFrame, lang: str) -> list[str]:
    """One sentence per metric of :func:`~zcparks.analyses.east_vs_west.levels`: the means, the test, the verdict."""
    out = []
    for metric, g in levels.groupby("metric", sort=False):
        a, b = g.iloc[0], g.iloc[1]
        common = {"metric": L.code("metric", metric, lang), "year": int(a["year"]), "a": _num(a["province_mean"]),
                  "b": _num(b["province_mean"]), "unit": L.code("unit_label", a["unit"], lang)}
        if a["suppressed"] or a["p_exact"] != a["p_exact"]:
            out.append(L.t("level_untested", lang, why=a["suppressed"] or "—", **common))
            continue
        splits = math.comb(int(a["provinces"]) + int(b["provinces"]), int(a["provinces"]))
        key = "level_sig" if a["p_holm"] < ALPHA else "level_ns"
        out.append(L.t(key, lang, diff=_num(a["diff"]), p=_p(a["p_exact"]), p_holm=_p(a["p_holm"]),
                       g=_num(a["hedges_g"]), splits=f"{splits:,}", **common))
    return out


def trend_sentence(trends: pd.DataFrame, metric: str, lang: str) -> str | None:
    """The trend result of ``metric`` in words (None when it was not tested)."""
    t = trends.set_index("metric")
    if metric not in t.index or t.loc[metric, "suppressed"]:
        return None
    r = t.loc[metric]
    k = int(trends["p_exact"].notna().sum())
    raw = int(r["p_exact"] < ALPHA) + int(r["p_cr2"] < ALPHA)
    if r["p_holm"] < ALPHA and r["p_cr2"] < ALPHA:
        key = "trend_sig"
    elif raw == 2:
        key = "trend_suggestive"  # both tests below 5 %, the exact one not after Holm's correction
    else:
        key = "trend_one" if raw == 1 else "trend_ns"
    verdict = L.t(key, lang)
    return L.t("trend_text", lang, metric=L.code("metric", metric, lang), y0=int(r["first_year"]),
               y1=int(r["last_year"]), ra=math.expm1(r["slope_first"]) * 100, rb=math.expm1(r["slope_second"]) * 100,
               diff=r["diff"], p=_p(r["p_exact"]), k=k, p_holm=_p(r["p_holm"]), coef=r["coef"], lo=r["ci_low"],
               hi=r["ci_high"], p_cr2=_p(r["p_cr2"]), df=r["df"], verdict=verdict)


def trend_sentences(trends: pd.DataFrame, lang: str) -> list[str]:
    """One sentence per tested metric of :func:`~zcparks.analyses.east_vs_west.trends`, in the table's order."""
    return [x for m in trends["metric"] if (x := trend_sentence(trends, m, lang))]


def with_names(df: pd.DataFrame, column: str, names: pd.Series, lang: str) -> pd.DataFrame:
    """``df`` with a column of comma-separated province codes (e.g. ``missing``) written as names in ``lang``."""
    def one(v: object) -> object:
        if not isinstance(v, str) or not v or v == "not in the data":
            return L.t("not_in_data", lang) if v == "not in the data" else v
        return L.join([names.get(c, c) for c in v.split(",")], lang)

    return df.assign(**{column: df[column].map(one)})


def rounded(df: pd.DataFrame, digits: int) -> pd.DataFrame:
    """``df`` as the page shows it: numbers rounded to ``digits`` decimals (its CSV download keeps these values)."""
    return df.round(digits)


def named(df: pd.DataFrame, column: str, provinces: pd.DataFrame, lang: str, digits: int) -> pd.DataFrame:
    """``df`` as the page shows it: rounded to ``digits`` decimals, the province codes of ``column`` as names.

    Args:
        df: a result table with a column of comma-separated province codes (``missing``, ``dropped``).
        column: that column.
        provinces: ``zcparks.data.provinces()``.
        lang: ``en`` or ``zh``.
        digits: decimals kept.
    """
    return with_names(df.round(digits), column, provinces.set_index("province_code")[f"name_{lang}"], lang)


def skipped_text(skipped: tuple[str, ...], end_year: int, lang: str) -> str:
    """The chosen metrics left out for want of data up to ``end_year``."""
    return L.t("skipped", lang, end_year=end_year, metrics=L.join([L.code("metric", c, lang) for c in skipped], lang))


def levels_source(s: Setup, lang: str) -> str:
    """The source line of the level strips: the panel series of the chosen metrics, and the MEE for grid factors."""
    return sources.line([v for m in s.metrics if m.source == "panel" for v in sorted(m.inputs())], lang,
                        extra=[L.t("common.source_mee", lang)])


def metric_source(m: Metric, lang: str) -> str:
    """The source line of a chart of one metric: the panel series it is made of."""
    return sources.line(sorted(m.inputs()), lang)


def lmdi_source(lang: str) -> str:
    """The source line of the LMDI chart (:data:`LMDI_INPUTS`)."""
    return sources.line(list(LMDI_INPUTS), lang)


def utilisation_method(util: pd.DataFrame, lang: str) -> str:
    """How the utilisation rates of :func:`~zcparks.analyses.east_vs_west.utilisation` are averaged (months a year)."""
    return L.t("util_method", lang, months=int(util["months"].max()))


def lmdi_sentences(lmdi: pd.DataFrame, provinces: pd.DataFrame, lang: str) -> list[str]:
    """Per cohort: the total change and every LMDI term (Mt CO2), and the provinces left out."""
    names = provinces.set_index("province_code")[f"name_{lang}"]
    out = []
    for cohort, g in lmdi.groupby("cohort", sort=False):
        v = g.set_index("term")["mt_co2"].to_dict()
        text = L.t("lmdi_text", lang, cohort=cohort_name(cohort, lang), y0=int(g["start"].iloc[0]),
                   y1=int(g["end"].iloc[0]), **v)
        dropped = [c for c in str(g["dropped"].iloc[0]).split(",") if c]
        if dropped:
            text += L.t("lmdi_dropped", lang, names=L.join([names.get(c, c) for c in dropped], lang))
        out.append(text)
    return out


def rules_in_words(table: pd.DataFrame, m: Membership, provinces: pd.DataFrame, lang: str) -> pd.DataFrame:
    """:func:`~zcparks.analyses.east_vs_west.rules_table` with each rule in words in ``lang``.

    The exact rule stays in the run manifest's parameters and in ``CohortRule.describe``.
    """
    words = {r.code: rule_text(r, L, provinces, lang) for r in m.rules} | {OTHER: L.t("common.rule_neither", lang)}
    return table.assign(rule=table["cohort"].map(words))


def sensitivity_text(t: pd.DataFrame, lang: str) -> str:
    """The spread of the headline trend across the pairs of :func:`~zcparks.analyses.east_vs_west.dynamics_sensitivity`."""
    ok = t.dropna(subset=["p_exact"])
    return L.t("sensitivity_text", lang, n=len(ok), lo=ok["diff"].min(), hi=ok["diff"].max(), plo=_p(ok["p_exact"].min()),
               phi=_p(ok["p_exact"].max()), k=int((ok["p_exact"] < ALPHA).sum()))
