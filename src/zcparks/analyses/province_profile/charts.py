"""Charts of the province profile: the locator map with the cohorts, trend lines, the capacity mix and LMDI bars."""

from __future__ import annotations

import altair as alt
import pandas as pd

from zcparks.analyses._common import cohort_charts
from zcparks.analyses._common.cohorts import Membership
from zcparks.analyses.province_profile import LABELS as L
from zcparks.report.charts import WIDTH

SERIES = ("province", "national_median", "cohort_mean")
SERIES_COLORS = {"province": "#d62728", "national_median": "#222222", "cohort_mean": "#1f77b4"}


def locator(m: Membership, parks: pd.DataFrame, code: str, unit_name: str, lang: str) -> alt.LayerChart:
    """China's map with the province shaded, the cohorts outlined and every park a point."""
    return cohort_charts.cohort_map(m, parks, L, lang, L.t("map_title", lang, unit=unit_name), highlight=code)


def trend(frame: pd.DataFrame, name: str, unit: str, lang: str) -> alt.Chart:
    """The province (red), the national median (black) and its cohort's province mean (blue), by year."""
    unit = L.code("unit_label", unit, lang)
    present = [s for s in SERIES if s in set(frame["series"])]
    labels = {s: L.t(f"series_{s}", lang) for s in present}
    df = frame.assign(series=frame["series"].map(labels))
    title = L.t("trend_title", lang, variable=name, unit=unit)
    return alt.Chart(df).mark_line(point=True).encode(
        x=alt.X("year:O", title=L.field("year", lang)),
        y=alt.Y("value:Q", title=unit, scale=alt.Scale(zero=False)),
        color=alt.Color("series:N", title=None, legend=alt.Legend(orient="bottom"),
                        scale=alt.Scale(domain=[labels[s] for s in present],
                                        range=[SERIES_COLORS[s] for s in present])),
        tooltip=[alt.Tooltip("series:N", title=L.field("series", lang)), alt.Tooltip("year:O"),
                 alt.Tooltip("value:Q", title=unit, format=",.3f")],
    ).properties(width=WIDTH - 200, height=220, title=title, description=title)


def mix(table: pd.DataFrame, names: dict[str, str], lang: str) -> alt.Chart:
    """Horizontal bars of the capacity shares (%)."""
    df = table.assign(label=table["variable"].map(names))
    title = L.t("mix_title", lang, year=int(table["year"].iloc[0]))
    return alt.Chart(df).mark_bar(color="#4c78a8").encode(
        y=alt.Y("label:N", sort=list(df["label"]), title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X("share_pct:Q", title=L.field("share_pct", lang)),
        tooltip=[alt.Tooltip("label:N", title=None), alt.Tooltip("share_pct:Q", format=".1f"),
                 alt.Tooltip("value:Q", title="10^4 kW", format=",.0f")],
    ).properties(width=WIDTH - 320, height=24 * len(df), title=title, description=title)


def lmdi_bars(lmdi: pd.DataFrame, y0: int, y1: int, lang: str) -> alt.Chart:
    """The province's LMDI terms (Mt CO2)."""
    return cohort_charts.lmdi_bars(lmdi, L, lang, L.t("lmdi_title", lang, y0=y0, y1=y1))
