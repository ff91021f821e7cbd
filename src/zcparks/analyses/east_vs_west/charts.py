"""Charts of the east-vs-west analysis: the cohort map, province strips, the headline trend, LMDI bars, a choropleth."""

from __future__ import annotations

import altair as alt
import pandas as pd

from zcparks.analyses.east_vs_west import LABELS as L
from zcparks.analyses.east_vs_west import Setup
from zcparks.report.charts import WIDTH
from zcparks.report.labels import t as page_label
from zcparks.views import cohort_charts, maps


def cohort_map(s: Setup, parks: pd.DataFrame, lang: str) -> alt.LayerChart:
    """The two cohorts' provinces outlined, every park a point coloured by cohort (``other`` grey)."""
    return cohort_charts.cohort_map(s.membership, parks, L, lang, L.t("map_title", lang))


def strips(values: pd.DataFrame, provinces: pd.DataFrame, lang: str) -> alt.FacetChart:
    """One strip per metric (label with year and unit): provinces as points, cohort means as ticks."""
    names = provinces.set_index("province_code")[f"name_{lang}"]
    df = values.assign(name=values["province_code"].map(names),
                       metric_label=[f"{L.code('metric', m, lang)} ({y}, {L.code('unit_label', u, lang)})"
                                     for m, y, u in zip(values["metric"], values["year"], values["unit"], strict=True)])
    return cohort_charts.province_strips(df, L, lang, L.t("levels_title", lang))


def trend(series: pd.DataFrame, metric: str, unit: str, provinces: pd.DataFrame, lang: str) -> alt.LayerChart:
    """The metric's province lines and cohort means over the trend period."""
    names = provinces.set_index("province_code")[f"name_{lang}"]
    unit = L.code("unit_label", unit, lang)
    df = series.assign(name=series["province_code"].map(names))
    title = L.t("trend_title", lang, metric=L.code("metric", metric, lang), y0=int(df["year"].min()),
                y1=int(df["year"].max()))
    return cohort_charts.trend_lines(df, L, lang, title, f"{L.code('metric', metric, lang)} ({unit})")


def lmdi_bars(lmdi: pd.DataFrame, lang: str) -> alt.FacetChart:
    """The LMDI terms per cohort (Mt CO2)."""
    title = L.t("lmdi_title", lang, y0=int(lmdi["start"].iloc[0]), y1=int(lmdi["end"].iloc[0]))
    return cohort_charts.lmdi_bars(lmdi, L, lang, title)


def choropleth(s: Setup, by_province: pd.Series, metric: str, year: int, unit: str, parks: pd.DataFrame,
               provinces: pd.DataFrame, lang: str) -> alt.LayerChart:
    """A province choropleth of one metric, the cohorts' provinces outlined in their colours."""
    names = provinces.set_index("province_code")[f"name_{lang}"]
    unit = L.code("unit_label", unit, lang)
    title = L.t("choro_title", lang, metric=L.code("metric", metric, lang), year=year, unit=unit)
    base = maps.choropleth(by_province, lang, title=title, value_title=unit, names=names,
                           na_text=page_label("not_available", lang), scheme="greens", width=WIDTH, height=520)
    colors = {r.code: L.color("cohort", r.code) for r in s.membership.rules}
    outlines = maps.cohort_outlines({r.code: s.membership.province_codes(r.code) for r in s.membership.rules}, colors)
    return alt.layer(base, *outlines).properties(title=title, description=title)
