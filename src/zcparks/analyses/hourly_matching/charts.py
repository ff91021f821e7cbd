"""Charts of the hourly-matching report.

Heat maps, duration curves, weeks, storage curves, the frontier, the cohort comparison, the east-coast supply options
and the validation of the profiles.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from zcparks.analyses.hourly_matching import LABELS as L
from zcparks.report.charts import WIDTH, category_color, id_color

MONTH_STARTS = [1, 32, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335]
"""Day of the year (2020 without 29 February) on which each month starts: the heat map's axis ticks."""


def heatmap(frame: pd.DataFrame, name: str, lang: str) -> alt.Chart:
    """Day x hour of the share of load met by green power (0 white to 1 dark green)."""
    title = L.t("heatmap_title", lang, name=name)
    return alt.Chart(frame).transform_flatten(["hour", "cover"]).mark_rect().encode(
        x=alt.X("day:O", title=L.field("day", lang),
                axis=alt.Axis(values=MONTH_STARTS, labelAngle=0, labelOverlap=True)),
        y=alt.Y("hour:O", title=L.field("hour", lang), axis=alt.Axis(values=[0, 6, 12, 18, 23])),
        color=alt.Color("cover:Q", title=L.field("cover", lang), scale=alt.Scale(domain=[0, 1], scheme="greens"),
                        legend=alt.Legend(orient="bottom", format=".0%")),
        tooltip=[alt.Tooltip("day:O", title=L.field("day", lang)), alt.Tooltip("hour:O", title=L.field("hour", lang)),
                 alt.Tooltip("cover:Q", title=L.field("cover", lang), format=".0%")],
    ).properties(width=WIDTH - 120, height=200, title=title, description=title)


def _series_color(codes: list[str], lang: str) -> alt.Color:
    return category_color("series", L, "series", lang, codes, title="", orient="bottom")


def _park_color(frame: pd.DataFrame) -> alt.Color:
    names = dict(zip(frame["park_id"], frame["park_name"], strict=True))
    return id_color("park_id", names, orient="bottom", columns=2, labelLimit=320)


def duration(frame: pd.DataFrame, name: str, lang: str) -> alt.Chart:
    """Duration curves of load, green supply and grid import."""
    codes = list(dict.fromkeys(frame["series"]))
    df = frame.assign(series_name=frame["series"].map(lambda c: L.code("series", c, lang)))
    title = L.t("duration_title", lang, name=name)
    return alt.Chart(df).mark_line().encode(
        x=alt.X("hours:Q", title=L.field("hours", lang), scale=alt.Scale(domain=[0, 8760])),
        y=alt.Y("value_mw:Q", title=L.field("value_mw", lang)),
        color=_series_color(codes, lang),
        tooltip=[alt.Tooltip("series_name:N", title=L.field("series", lang)), alt.Tooltip("hours:Q"),
                 alt.Tooltip("value_mw:Q", format=".3f")],
    ).properties(width=WIDTH - 200, height=220, title=title, description=title)


def week(frame: pd.DataFrame, which: str, day: str, name: str, lang: str) -> alt.VConcatChart:
    """One week hour by hour: load, green supply, discharge and grid import (MW) above, stored energy (MWh) below.

    Two panels on one time axis, so that energy is never read off a power axis.
    """
    codes = list(dict.fromkeys(frame["series"]))
    df = frame.assign(series_name=frame["series"].map(lambda c: L.code("series", c, lang)))
    title = L.t("week_title", lang, week=L.t(f"week_{which}", lang), day=day, name=name)
    base = alt.Chart(df).mark_line(interpolate="step-before")
    x = alt.X("time:T", title=L.field("time", lang), axis=alt.Axis(format="%m-%d", labelAngle=0, tickCount="day"))

    def panel(column: str, height: int) -> alt.Chart:
        return base.transform_filter(f"isValid(datum.{column})").encode(
            x=x, y=alt.Y(f"{column}:Q", title=L.field(column, lang)), color=_series_color(codes, lang),
            tooltip=[alt.Tooltip("series_name:N", title=L.field("series", lang)),
                     alt.Tooltip("time:T", format="%m-%d %H:00"),
                     alt.Tooltip(f"{column}:Q", title=L.field(column, lang), format=".3f")],
        ).properties(width=WIDTH - 200, height=height)

    return alt.vconcat(panel("value_mw", 220), panel("value_mwh", 90), spacing=8).properties(
        title=title, description=title)


def storage_curve(frame: pd.DataFrame, target: float, lang: str) -> alt.LayerChart:
    """Matched share against storage hours, one line per park, with the target as a rule."""
    title = L.t("curve_title", lang)
    lines = alt.Chart(frame).mark_line().encode(
        x=alt.X("storage_h:Q", title=L.field("storage_h", lang)),
        y=alt.Y("matched_share:Q", title=L.field("matched_share", lang), axis=alt.Axis(format=".0%"),
                scale=alt.Scale(zero=False)),
        color=_park_color(frame),
        tooltip=[alt.Tooltip("park_name:N", title=None), alt.Tooltip("storage_h:Q", title=L.field("storage_h", lang)),
                 alt.Tooltip("matched_share:Q", title=L.field("matched_share", lang), format=".1%")],
    )
    rule = alt.Chart(pd.DataFrame({"target": [target]})).mark_rule(strokeDash=[4, 4], color="#555").encode(
        y="target:Q")
    return (lines + rule).properties(width=WIDTH - 200, height=260, title=title, description=title)


def frontier(frame: pd.DataFrame, target: float, lang: str) -> alt.Chart:
    """The iso-share frontier: overbuild against the least storage hours reaching the target, per park."""
    title = L.t("frontier_title", lang, target=target)
    return alt.Chart(frame.dropna(subset=["storage_h"])).mark_line(point=True).encode(
        x=alt.X("storage_h:Q", title=L.field("storage_h", lang)),
        y=alt.Y("overbuild:Q", title=L.field("overbuild", lang), scale=alt.Scale(zero=False)),
        color=_park_color(frame),
        tooltip=[alt.Tooltip("park_name:N", title=None), alt.Tooltip("overbuild:Q", title=L.field("overbuild", lang)),
                 alt.Tooltip("storage_h:Q", title=L.field("storage_h", lang))],
    ).properties(width=WIDTH - 200, height=260, title=title, description=title)


def cohort_needs(frame: pd.DataFrame, lang: str) -> alt.Chart:
    """Storage each province needs for each target at 100 % annual volume, coloured by cohort (reached ones only)."""
    codes = list(dict.fromkeys(frame["cohort"]))
    df = frame.dropna(subset=["storage_h"]).assign(
        cohort_name=lambda x: x["cohort"].map(lambda c: L.code("cohort", c, lang)),
        target_label=lambda x: x["target"].map(lambda t: f"{t:.0%}"))
    title = L.t("cohort_chart_title", lang)
    return alt.Chart(df).mark_circle(size=90, opacity=0.8).encode(
        x=alt.X("storage_h:Q", title=L.field("storage_h", lang)),
        y=alt.Y("cohort_name:N", title=None, axis=alt.Axis(labelLimit=200)),
        color=category_color("cohort", L, "cohort", lang, codes, title="", orient="bottom"),
        row=alt.Row("target_label:N", title=L.field("target", lang)),
        tooltip=[alt.Tooltip("province_name:N", title=None), alt.Tooltip("storage_h:Q", title=L.field("storage_h", lang))],
    ).properties(width=WIDTH - 320, height=70, title=title)


def options(frame: pd.DataFrame, lang: str) -> alt.Chart:
    """Matched share of each east-coast province under the three supply options."""
    codes = list(dict.fromkeys(frame["option"]))
    df = frame.dropna(subset=["matched_share"]).assign(
        option_name=lambda x: x["option"].map(lambda c: L.code("option", c, lang)))
    title = L.t("options_title", lang)
    return alt.Chart(df).mark_circle(size=90).encode(
        x=alt.X("matched_share:Q", title=L.field("matched_share", lang), axis=alt.Axis(format=".0%"),
                scale=alt.Scale(zero=False)),
        y=alt.Y("province_name:N", title=None),
        color=category_color("option", L, "option", lang, codes, title="", orient="bottom"),
        tooltip=[alt.Tooltip("province_name:N", title=None), alt.Tooltip("option_name:N", title=None),
                 alt.Tooltip("matched_share:Q", format=".1%")],
    ).properties(width=WIDTH - 320, height=28 * df["province_name"].nunique(), title=title, description=title)


def yields(frame: pd.DataFrame, lang: str) -> alt.Chart:
    """Raw ERA5 / observed full-load hours per province, PV and onshore wind (1 = agreement)."""
    df = frame.assign(tech=frame["technology"].map(lambda c: L.code("technology", c, lang)))
    techs = list(dict.fromkeys(frame["technology"]))
    title = L.t("yields_title", lang)
    points = alt.Chart(df).mark_circle(size=70).encode(
        x=alt.X("raw_ratio:Q", title=L.field("raw_ratio", lang)),
        y=alt.Y("province_name:N", title=None, sort=alt.EncodingSortField("raw_ratio", op="min")),
        color=id_color("technology", {c: L.code("technology", c, lang) for c in techs}, orient="bottom"),
        tooltip=[alt.Tooltip("province_name:N", title=None), alt.Tooltip("tech:N", title=None),
                 alt.Tooltip("observed_h:Q", title=L.field("observed_h", lang), format=",.0f"),
                 alt.Tooltip("raw_h:Q", title=L.field("raw_h", lang), format=",.0f"),
                 alt.Tooltip("calibrated_h:Q", title=L.field("calibrated_h", lang), format=",.0f")],
    )
    one = alt.Chart(pd.DataFrame({"x": [1.0]})).mark_rule(strokeDash=[4, 4], color="#555").encode(x="x:Q")
    return (points + one).properties(width=WIDTH - 320, height=16 * df["province_name"].nunique(), title=title,
                                     description=title)
