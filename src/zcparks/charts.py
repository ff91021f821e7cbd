"""Altair charts for the reports, and how a notebook shows them offline.

A chart is shown as a ``<div>`` plus its Vega-Lite spec in a ``<script type="application/json">``
(``show``); no JavaScript is repeated per chart. The report page loads the Vega bundle and the
shared datasets (province polygons, dash line) once, from ``reports/assets/`` (site mode) or
inlined (standalone mode), and renders every chart. Large shared datasets are referenced by
name (``alt.Data(name=...)``) instead of being copied into each spec.
"""

from __future__ import annotations

import html
import json
import uuid
from typing import Any

import altair as alt
import pandas as pd

from zcparks.labels import t

SHARED_DATASETS = ("zc_provinces", "zc_dashline")  # filled in by the page (see report.py)
FONT = {"en": "'Noto Sans', 'Helvetica Neue', Arial, sans-serif",
        "zh": "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif"}
REGION_COLORS = {"East": "#1f77b4", "Central": "#ff7f0e", "West": "#2ca02c", "Northeast": "#9467bd"}
WIDTH = 720


def configure(chart: alt.TopLevelMixin, lang: str) -> alt.TopLevelMixin:
    """Fonts (a CJK face for zh) and a quiet style shared by every chart."""
    font = FONT[lang]
    return (
        chart.configure(font=font)
        .configure_axis(labelFont=font, titleFont=font, labelFontSize=11, titleFontSize=12)
        .configure_legend(labelFont=font, titleFont=font)
        .configure_title(font=font, fontSize=15, anchor="start")
        .configure_view(strokeWidth=0)
    )


def spec_html(spec: dict[str, Any]) -> str:
    """The HTML a chart is shown as: a target div and the spec as JSON (``</`` escaped)."""
    chart_id = f"zc-chart-{uuid.uuid4().hex[:10]}"
    payload = json.dumps(spec, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return (
        f'<div class="zc-chart" id="{chart_id}" role="img" aria-label="{html.escape(spec.get("description", ""))}">'
        f"</div>\n"
        f'<script type="application/json" data-zc-chart="{chart_id}">{payload}</script>'
    )


def show(chart: alt.TopLevelMixin, lang: str):
    """Display ``chart`` in a notebook (and so in the report), configured for ``lang``."""
    from IPython.display import HTML, display

    display(HTML(spec_html(configure(chart, lang).to_dict())))


# --------------------------------------------------------------------------- the 52-park charts


def _label_map(keys, lang: str) -> dict[str, str]:
    return {k: t(k, lang) for k in keys}


def parks_map(parks: pd.DataFrame, lang: str, highlight: str = "all") -> alt.LayerChart:
    """China's standard map (conic equal-area) with park points: colour = NBS region, shape = scope.

    ``parks`` needs park_id, name, unit_name, nbs_region, scope, lon, lat, loc_precision.
    ``highlight`` is a province code (or XPCC) whose parks are drawn larger, or "all".
    """
    regions = list(REGION_COLORS)
    region_lbl = _label_map(regions, lang)
    scope_lbl = _label_map(["park_in_park", "whole_park"], lang)
    pts = parks.assign(
        region_label=parks["nbs_region"].map(region_lbl),
        scope_label=parks["scope"].map(scope_lbl),
        loc_label=parks["loc_precision"].map(lambda p: t(f"loc_{p}", lang)),
        size=[140 if highlight in ("all", u) else 40 for u in parks["unit_id"]],
    )[["park_id", "name", "unit_name", "region_label", "scope_label", "loc_label", "lon", "lat", "size"]]

    projection = {"type": "conicEqualArea", "rotate": [-105, 0, 0], "parallels": [25, 47]}
    base = alt.Chart(alt.Data(name="zc_provinces")).mark_geoshape(
        fill="#eef1f4", stroke="#9aa5b1", strokeWidth=0.5
    ).project(**projection)
    dash = alt.Chart(alt.Data(name="zc_dashline")).mark_geoshape(
        filled=False, stroke="#6b7785", strokeWidth=1
    ).project(**projection)
    layers = [base, dash]
    if highlight not in ("all", "XPCC"):  # shade the chosen province (the XPCC has no polygon of its own)
        layers.append(alt.Chart(alt.Data(name="zc_provinces")).mark_geoshape(
            fill="#ffe8a3", stroke="#b8860b", strokeWidth=1.2
        ).transform_filter(f"datum.properties.province_code == '{highlight}'").project(**projection))
    points = alt.Chart(pts).mark_point(filled=True, opacity=0.9, stroke="white", strokeWidth=0.6).encode(
        longitude="lon:Q",
        latitude="lat:Q",
        color=alt.Color("region_label:N", title=t("nbs_region", lang),
                        scale=alt.Scale(domain=[region_lbl[r] for r in regions], range=list(REGION_COLORS.values()))),
        shape=alt.Shape("scope_label:N", title=t("scope", lang),
                        scale=alt.Scale(domain=list(scope_lbl.values()), range=["circle", "square"])),
        size=alt.Size("size:Q", legend=None, scale=None),
        tooltip=[
            alt.Tooltip("park_id:N", title=t("park_id", lang)),
            alt.Tooltip("name:N", title=t("park", lang)),
            alt.Tooltip("unit_name:N", title=t("provincial_unit", lang)),
            alt.Tooltip("scope_label:N", title=t("scope", lang)),
            alt.Tooltip("loc_label:N", title=t("location_precision", lang)),
        ],
    ).project(**projection)
    return alt.layer(*layers, points).properties(
        width=WIDTH, height=560, title=t("map_title", lang), description=t("map_title", lang)
    )


def count_bars(counts: pd.DataFrame, category: str, lang: str, color_by_region: bool = False,
               title: str | None = None, keep_order: bool = False) -> alt.Chart:
    """Horizontal bars of ``counts`` (columns: label, n[, nbs_region]): sorted by n, or as given."""
    enc: dict[str, Any] = {
        "y": alt.Y("label:N", sort=list(counts["label"]) if keep_order else "-x", title=None,
                   axis=alt.Axis(labelLimit=300)),
        "x": alt.X("n:Q", title=t("parks_count", lang), axis=alt.Axis(tickMinStep=1, format="d")),
        "tooltip": [alt.Tooltip("label:N", title=t(category, lang)), alt.Tooltip("n:Q", title=t("parks_count", lang))],
    }
    if color_by_region:
        regions = list(REGION_COLORS)
        enc["color"] = alt.Color(
            "region_label:N", title=t("nbs_region", lang),
            scale=alt.Scale(domain=[t(r, lang) for r in regions], range=list(REGION_COLORS.values())),
        )
        counts = counts.assign(region_label=counts["nbs_region"].map(lambda r: t(r, lang)))
    else:
        enc["color"] = alt.value("#4c78a8")
    height = max(60, 18 * len(counts))
    title = title or t("parks_by", lang).format(what=t(category, lang).lower() if lang == "en" else t(category, lang))
    return alt.Chart(counts).mark_bar().encode(**enc).properties(
        width=WIDTH // 2 if not color_by_region else WIDTH - 200, height=height, title=title, description=title,
    )


def construction_timeline(parks: pd.DataFrame, lang: str) -> alt.Chart:
    """One bar per park from construction start to end (years), grouped and coloured by NBS region."""
    regions = list(REGION_COLORS)
    df = parks.assign(region_label=parks["nbs_region"].map(lambda r: t(r, lang)))[
        ["park_id", "name", "region_label", "construction_start", "construction_end"]]
    order = parks.sort_values(["construction_end", "park_id"])["park_id"].tolist()
    return alt.Chart(df).mark_bar(height=7).encode(
        y=alt.Y("park_id:N", sort=order, title=None, axis=alt.Axis(labelFontSize=8)),
        x=alt.X("construction_start:Q", title=t("year", lang),
                scale=alt.Scale(domain=[int(df["construction_start"].min()), int(df["construction_end"].max())]),
                axis=alt.Axis(format="d", tickMinStep=1)),
        x2="construction_end:Q",
        color=alt.Color("region_label:N", title=t("nbs_region", lang),
                        scale=alt.Scale(domain=[t(r, lang) for r in regions], range=list(REGION_COLORS.values()))),
        tooltip=[alt.Tooltip("park_id:N", title=t("park_id", lang)), alt.Tooltip("name:N", title=t("park", lang)),
                 alt.Tooltip("construction_start:Q", title=t("construction_start", lang), format="d"),
                 alt.Tooltip("construction_end:Q", title=t("construction_end", lang), format="d")],
    ).properties(width=WIDTH - 160, height=9 * len(df), title=t("construction_period", lang),
                 description=t("construction_period", lang))
