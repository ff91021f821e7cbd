"""Charts of the pilot-parks analysis: the map of the 52 parks, counts, construction periods.

Each chart takes the analysis's tidy frames and a language; names of codes, titles and
colours come from the labels (one colour per NBS region, from the data vocabulary).
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from zcparks.analyses.pilot_parks import LABELS as L
from zcparks.report.charts import DEFAULT_COLOR, WIDTH, category_color, label_expr
from zcparks.views import maps

SCOPES = ("park_in_park", "whole_park")
# which column names a count of parks by ``by`` (see counts()), and which field gives its header
_COUNT_FIELD = {"unit": "unit_name", "nbs_region": "nbs_region", "scope": "scope", "industry_class": "industry_class",
                "construction_end": "construction_end"}


def _code_names(series: pd.Series, field: str, lang: str) -> pd.Series:
    return series.map(lambda c: L.code(field, c, lang))


def parks_map(view: pd.DataFrame, lang: str, highlight: str = "all") -> alt.LayerChart:
    """China's standard map (conic equal-area) with park points: colour = NBS region, shape = scope.

    Args:
        view: the parks view (park_id, park_name_*, unit_name_*, unit_id, nbs_region, scope, lon, lat,
            loc_precision).
        lang: ``en`` or ``zh``.
        highlight: a unit id (province code or XPCC) whose parks are drawn larger (its province shaded), or ``all``.
    """
    pts = pd.DataFrame({
        "park_id": view["park_id"], "name": view[f"park_name_{lang}"], "unit_name": view[f"unit_name_{lang}"],
        "nbs_region": view["nbs_region"], "scope": view["scope"],
        "region_label": _code_names(view["nbs_region"], "nbs_region", lang),
        "scope_label": _code_names(view["scope"], "scope", lang),
        "loc_label": _code_names(view["loc_precision"], "loc_precision", lang),
        "lon": view["lon"], "lat": view["lat"],
        "size": [140 if highlight in ("all", u) else 40 for u in view["unit_id"]],
    })
    layers = [maps.provinces_layer(fill="#eef1f4", stroke="#9aa5b1", strokeWidth=0.5), maps.dash_line_layer()]
    if highlight not in ("all", "XPCC"):  # shade the chosen province (the XPCC has no polygon of its own)
        layers.append(maps.provinces_layer(fill="#ffe8a3", stroke="#b8860b", strokeWidth=1.2).transform_filter(
            f"datum.properties.province_code == '{highlight}'"))
    points = alt.Chart(pts).mark_point(filled=True, opacity=0.9, stroke="white", strokeWidth=0.6).encode(
        longitude="lon:Q",
        latitude="lat:Q",
        color=category_color("nbs_region", L, "nbs_region", lang),
        shape=alt.Shape("scope:N", title=L.field("scope", lang),
                        scale=alt.Scale(domain=list(SCOPES), range=["circle", "square"]),
                        legend=alt.Legend(labelExpr=label_expr({s: L.code("scope", s, lang) for s in SCOPES}))),
        size=alt.Size("size:Q", legend=None, scale=None),
        tooltip=[
            alt.Tooltip("park_id:N", title=L.field("park_id", lang)),
            alt.Tooltip("name:N", title=L.field("park_name", lang)),
            alt.Tooltip("unit_name:N", title=L.field("unit_name", lang)),
            alt.Tooltip("region_label:N", title=L.field("nbs_region", lang)),
            alt.Tooltip("scope_label:N", title=L.field("scope", lang)),
            alt.Tooltip("loc_label:N", title=L.field("loc_precision", lang)),
        ],
    ).project(**maps.PROJECTION)
    title = L.t("map_title", lang)
    return alt.layer(*layers, points).properties(width=WIDTH, height=560, title=title, description=title)


def _count_labels(counts: pd.DataFrame, by: str, lang: str) -> pd.Series:
    if by == "unit":
        return counts[f"unit_name_{lang}"]
    if by == "construction_end":
        return counts[by].astype(str)
    return _code_names(counts[by], by, lang)


def count_bars(counts: pd.DataFrame, by: str, lang: str, color_by_region: bool = False,
               keep_order: bool = False) -> alt.Chart:
    """Horizontal bars of a count of parks.

    Args:
        counts: ``counts(view, by)``.
        by: what was counted (see :func:`~zcparks.analyses.pilot_parks.counts`).
        lang: ``en`` or ``zh``.
        color_by_region: colour the bars by NBS region (needs the ``nbs_region`` column).
        keep_order: keep the rows' order instead of sorting by count.
    """
    field = _COUNT_FIELD[by]
    df = pd.DataFrame({"label": _count_labels(counts, by, lang), "n": counts["n"]})
    n_title = L.field("n", lang)
    enc: dict[str, Any] = {
        "y": alt.Y("label:N", sort=list(df["label"]) if keep_order else "-x", title=None,
                   axis=alt.Axis(labelLimit=300)),
        "x": alt.X("n:Q", title=n_title, axis=alt.Axis(tickMinStep=1, format="d")),
        "tooltip": [alt.Tooltip("label:N", title=L.field(field, lang)), alt.Tooltip("n:Q", title=n_title)],
    }
    if color_by_region:
        enc["color"] = category_color("nbs_region", L, "nbs_region", lang)
        df["nbs_region"] = counts["nbs_region"]
    else:
        enc["color"] = alt.value(DEFAULT_COLOR)
    what = L.field(field, lang)
    title = L.t("parks_by", lang, what=what.lower() if lang == "en" else what)
    return alt.Chart(df).mark_bar().encode(**enc).properties(
        width=WIDTH // 2 if not color_by_region else WIDTH - 200, height=max(60, 18 * len(df)), title=title,
        description=title,
    )


def construction_timeline(view: pd.DataFrame, lang: str) -> alt.Chart:
    """One bar per park from construction start to end (years), coloured by NBS region, sorted by end year.

    Args:
        view: the parks view (park_id, park_name_*, nbs_region, construction_start, construction_end).
        lang: ``en`` or ``zh``.
    """
    df = pd.DataFrame({
        "park_id": view["park_id"], "name": view[f"park_name_{lang}"],
        "nbs_region": view["nbs_region"],
        "construction_start": view["construction_start"], "construction_end": view["construction_end"],
    })
    order = view.sort_values(["construction_end", "park_id"])["park_id"].tolist()
    title = L.field("construction_period", lang)
    return alt.Chart(df).mark_bar(height=9).encode(
        y=alt.Y("park_id:N", sort=order, title=None, axis=alt.Axis(labelFontSize=11)),
        x=alt.X("construction_start:Q", title=L.field("year", lang),
                scale=alt.Scale(domain=[int(df["construction_start"].min()), int(df["construction_end"].max())]),
                axis=alt.Axis(format="d", tickMinStep=1)),
        x2="construction_end:Q",
        color=category_color("nbs_region", L, "nbs_region", lang),
        tooltip=[alt.Tooltip("park_id:N", title=L.field("park_id", lang)),
                 alt.Tooltip("name:N", title=L.field("park_name", lang)),
                 alt.Tooltip("construction_start:Q", title=L.field("construction_start", lang), format="d"),
                 alt.Tooltip("construction_end:Q", title=L.field("construction_end", lang), format="d")],
    ).properties(width=WIDTH - 160, height=13 * len(df), title=title, description=title)
