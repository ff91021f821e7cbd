"""Charts the cohort analyses share: the cohort map, LMDI bars, trend lines and province strips.

Colours come from the shared vocabulary (``views/labels.yaml``: one colour per cohort and per LMDI term), so a
cohort or a term looks the same in every report and in both languages. Every chart takes tidy frames of codes and
a :class:`~zcparks.report.labels.Labels`; words are looked up at the edge.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from zcparks.models.cohorts import OTHER, Membership
from zcparks.report.charts import WIDTH, category_color, label_expr
from zcparks.report.labels import Labels
from zcparks.views import maps


def cohort_color(L: Labels, lang: str, codes: list[str], **legend: object) -> alt.Color:
    """The cohort colour of column ``cohort`` (codes) for ``codes``; legend names in ``lang``."""
    return category_color("cohort", L, "cohort", lang, codes, **legend)


def cohort_map(m: Membership, parks: pd.DataFrame, L: Labels, lang: str, title: str,
               highlight: str | None = None) -> alt.LayerChart:
    """China's standard map: each cohort's provinces outlined in its colour, every park a point coloured by cohort.

    Args:
        m: the cohorts (parks in neither are drawn as ``other``).
        parks: ``zcparks.data.parks()`` (``park_id``, ``name_en/zh``, ``lon``, ``lat``).
        L: the analysis's labels.
        lang: ``en`` or ``zh``.
        title: the chart title.
        highlight: a province code to shade (a locator map), or None.
    """
    codes = [r.code for r in m.rules] + [OTHER]
    colors = {c: L.color("cohort", c) for c in codes}
    pts = m.parks.merge(parks[["park_id", "name_en", "name_zh", "lon", "lat"]], on="park_id")
    pts = pd.DataFrame({"park_id": pts["park_id"], "name": pts[f"name_{lang}"], "lon": pts["lon"], "lat": pts["lat"],
                        "cohort": pts["cohort"], "cohort_name": pts["cohort"].map(lambda c: L.code("cohort", c, lang))})
    layers = [maps.provinces_layer(fill="#f3f5f7", stroke="#b8c0c8", strokeWidth=0.5), maps.dash_line_layer()]
    if highlight:
        layers.append(maps.provinces_layer(fill="#ffe8a3", stroke="#b8860b", strokeWidth=1.2).transform_filter(
            f"datum.properties.province_code == '{highlight}'"))
    layers += maps.cohort_outlines({r.code: m.province_codes(r.code) for r in m.rules}, colors)
    color = cohort_color(L, lang, codes, orient="bottom", columns=1, labelLimit=400)
    layers.append(maps.park_points(pts, color, [alt.Tooltip("park_id:N", title=L.field("park_id", lang)),
                                                alt.Tooltip("name:N", title=L.field("park_name", lang)),
                                                alt.Tooltip("cohort_name:N", title=L.field("cohort", lang))]))
    return alt.layer(*layers).properties(width=WIDTH, height=520, title=title, description=title)


def lmdi_bars(lmdi: pd.DataFrame, L: Labels, lang: str, title: str) -> alt.Chart:
    """Horizontal bars of the LMDI terms (Mt CO2), one panel per cohort, the total as a dark bar.

    Args:
        lmdi: ``term``, ``mt_co2`` and optionally ``cohort`` (one panel each), as
            :func:`zcparks.models.dynamics.lmdi_table` or ``province_lmdi`` give.
        L: the labels.
        lang: ``en`` or ``zh``.
        title: the chart title.
    """
    terms = list(dict.fromkeys(lmdi["term"]))
    by_cohort = "cohort" in lmdi.columns
    df = pd.DataFrame({"term": lmdi["term"], "term_name": lmdi["term"].map(lambda t: L.code("term", t, lang)),
                       "cohort": lmdi["cohort"].map(lambda c: L.code("cohort", c, lang)) if by_cohort else "",
                       "mt_co2": lmdi["mt_co2"].round(1)})
    unit = L.field("mt_co2", lang)
    bars = alt.Chart(df).mark_bar().encode(
        y=alt.Y("term_name:N", sort=[L.code("term", t, lang) for t in terms], title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X("mt_co2:Q", title=unit),
        color=category_color("term", L, "term", lang, terms, legend=None),
        tooltip=[alt.Tooltip("cohort:N", title=L.field("cohort", lang)),
                 alt.Tooltip("term_name:N", title=L.field("term", lang)),
                 alt.Tooltip("mt_co2:Q", title=unit, format=",.1f")],
    ).properties(width=WIDTH - 320, height=24 * len(terms))
    if not by_cohort:
        return bars.properties(title=title, description=title)
    return bars.facet(row=alt.Row("cohort:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left",
                                                                             labelFontWeight="bold")),
                      title=title).properties(description=title)


def trend_lines(long: pd.DataFrame, L: Labels, lang: str, title: str, value_title: str) -> alt.LayerChart:
    """Province lines (thin) and cohort province means (thick) of one metric over the years.

    Args:
        long: ``province_code``, ``name`` (in ``lang``), ``year``, ``value``, ``cohort`` (codes).
        L: the labels.
        lang: ``en`` or ``zh``.
        title: the chart title.
        value_title: the y-axis title with its unit.
    """
    codes = list(dict.fromkeys(long["cohort"]))
    df = long.assign(cohort_name=long["cohort"].map(lambda c: L.code("cohort", c, lang)))
    color = cohort_color(L, lang, codes, orient="bottom", labelLimit=400)
    mean = df.groupby(["cohort", "cohort_name", "year"], as_index=False)["value"].mean()
    x = alt.X("year:O", title=L.field("year", lang))
    thin = alt.Chart(df).mark_line(strokeWidth=0.8, opacity=0.45).encode(
        x=x, y=alt.Y("value:Q", title=value_title, scale=alt.Scale(zero=False)), detail="province_code:N",
        color=color,
        tooltip=[alt.Tooltip("name:N", title=L.field("province_name", lang)), alt.Tooltip("year:O"),
                 alt.Tooltip("value:Q", title=value_title, format=",.3f")])
    thick = alt.Chart(mean).mark_line(strokeWidth=3, point=True).encode(
        x=x, y="value:Q", color=color,
        tooltip=[alt.Tooltip("cohort_name:N", title=L.field("cohort", lang)), alt.Tooltip("year:O"),
                 alt.Tooltip("value:Q", title=value_title, format=",.3f")])
    return alt.layer(thin, thick).properties(width=WIDTH - 120, height=320, title=title, description=title)


def province_strips(values: pd.DataFrame, L: Labels, lang: str, title: str) -> alt.FacetChart:
    """Per metric, one point per province coloured by cohort and a tick at each cohort's province mean.

    Args:
        values: ``metric_label`` (with unit and year), ``name``, ``cohort`` (codes), ``value``.
        L: the labels.
        lang: ``en`` or ``zh``.
        title: the chart title.
    """
    codes = list(dict.fromkeys(values["cohort"]))
    df = values.assign(cohort_name=values["cohort"].map(lambda c: L.code("cohort", c, lang)))
    y = alt.Y("cohort:N", title=None, axis=alt.Axis(labels=False, ticks=False))
    pts = alt.Chart().mark_circle(size=70, opacity=0.85).encode(
        x=alt.X("value:Q", title=None, scale=alt.Scale(zero=False)), y=y,
        color=cohort_color(L, lang, codes, orient="bottom", labelLimit=400),
        tooltip=[alt.Tooltip("name:N", title=L.field("province_name", lang)),
                 alt.Tooltip("cohort_name:N", title=L.field("cohort", lang)),
                 alt.Tooltip("value:Q", title=L.field("value", lang), format=",.3f")])
    ticks = alt.Chart().mark_tick(thickness=3, size=22, color="black").encode(x="mean(value):Q", y=y)
    return alt.layer(pts, ticks, data=df).properties(width=WIDTH - 260, height=50).facet(
        row=alt.Row("metric_label:N", title=None, sort=list(dict.fromkeys(df["metric_label"])),
                    header=alt.Header(labelAngle=0, labelAlign="left", labelLimit=240)),
    ).resolve_scale(x="independent").properties(title=title, description=title)


SERIES = ("province", "national_median", "cohort_mean")
SERIES_COLORS = {"province": "#d62728", "national_median": "#222222", "cohort_mean": "#1f77b4"}


def trend(frame: pd.DataFrame, name: str, unit: str, L: Labels, lang: str) -> alt.Chart:
    """The province (red), the national median (black) and its cohort's province mean (blue), by year."""
    unit = L.code("unit_label", unit, lang)
    present = [s for s in SERIES if s in set(frame["series"])]
    labels = {s: L.t(f"common.series_{s}", lang) for s in present}
    df = frame.assign(series_name=frame["series"].map(labels))
    title = L.t("common.trend_title", lang, variable=name, unit=unit)
    return alt.Chart(df).mark_line(point=True).encode(
        x=alt.X("year:O", title=L.field("year", lang)),
        y=alt.Y("value:Q", title=unit, scale=alt.Scale(zero=False)),
        color=alt.Color("series:N", title=None, legend=alt.Legend(orient="bottom", labelExpr=label_expr(labels)),
                        scale=alt.Scale(domain=list(present), range=[SERIES_COLORS[s] for s in present])),
        tooltip=[alt.Tooltip("series_name:N", title=L.field("series", lang)), alt.Tooltip("year:O"),
                 alt.Tooltip("value:Q", title=unit, format=",.3f")],
    ).properties(width=WIDTH - 200, height=220, title=title, description=title)


def capacity_mix(table: pd.DataFrame, names: dict[str, str], L: Labels, lang: str) -> alt.Chart:
    """Horizontal bars of the capacity shares (%)."""
    df = table.assign(label=table["variable"].map(names))
    title = L.t("common.mix_title", lang, year=int(table["year"].iloc[0]))
    return alt.Chart(df).mark_bar(color="#4c78a8").encode(
        y=alt.Y("label:N", sort=list(df["label"]), title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X("share_pct:Q", title=L.field("share_pct", lang)),
        tooltip=[alt.Tooltip("label:N", title=None), alt.Tooltip("share_pct:Q", format=".1f"),
                 alt.Tooltip("value:Q", title="10^4 kW", format=",.0f")],
    ).properties(width=WIDTH - 320, height=24 * len(df), title=title, description=title)


def show_capacity_mix(show: Any, mix: pd.DataFrame, variables: pd.DataFrame, L: Labels, lang: str) -> None:
    """A province's capacity shares as bars (%) with their source line, or a note that none is published.

    Args:
        show: the page's display module (``zcparks.report.display``), passed in by the page's section function.
        mix: the shares (``zcparks.models.context.power_mix``): variable, share (%).
        variables: the variable dictionary (``zcparks.data.variables()``), for the names.
        L: the page's labels (``common.mix_none``).
        lang: ``en`` or ``zh``.
    """
    from zcparks.views import sources

    if mix.empty:
        show.note(L.t("common.mix_none", lang))
        return
    names = variables.set_index("variable")
    show.chart(capacity_mix(mix, {v: names.loc[v, f"name_{lang}"] for v in mix["variable"]}, L, lang), lang,
               source=sources.line(list(mix["variable"]), lang))
