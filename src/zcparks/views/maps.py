"""Layers of China's standard map for Altair charts: province polygons and the South China Sea dash line.

The polygons are shared datasets of the page (``zc_provinces``, ``zc_dashline``: see
``shared_datasets`` in ``reports.yaml``), referenced by name so that no spec copies them.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

PROVINCES = "zc_provinces"
DASH_LINE = "zc_dashline"
# conic equal-area, centred on 105°E with standard parallels 25°N and 47°N: China's usual national projection
PROJECTION: dict[str, Any] = {"type": "conicEqualArea", "rotate": [-105, 0, 0], "parallels": [25, 47]}


def provinces_layer(**mark: Any) -> alt.Chart:
    """The province polygons, projected, with geoshape mark properties ``mark``."""
    return alt.Chart(alt.Data(name=PROVINCES)).mark_geoshape(**mark).project(**PROJECTION)


def dash_line_layer() -> alt.Chart:
    """The South China Sea dash line (drawn on every map of China)."""
    return alt.Chart(alt.Data(name=DASH_LINE)).mark_geoshape(
        filled=False, stroke="#6b7785", strokeWidth=1).project(**PROJECTION)


def choropleth(by_province: pd.Series, lang: str, *, title: str, value_title: str, names: pd.Series,
               na_text: str, fmt: str = ",.2f", scheme: str = "blues", domain: list[float] | None = None,
               width: int = 720, height: int = 560, name_title: str | None = None,
               legend_orient: str | None = "bottom") -> alt.LayerChart:
    """A province choropleth of one value per province, grey (with ``na_text``) where there is none.

    Args:
        by_province: the value by province_code (missing or absent: drawn grey).
        lang: ``en`` or ``zh`` (names of the polygons).
        title: the chart title (in ``lang``).
        value_title: the legend title, with the unit.
        names: province name in ``lang`` by province_code (tooltips).
        na_text: the tooltip text of a province without a value ("not available").
        fmt: the d3 format of the value.
        scheme: the Vega colour scheme.
        domain: a fixed colour domain ``[min, max]`` (small multiples share one).
        width: px.
        height: px.
        name_title: the tooltip title of the province name (None: no title).
        legend_orient: where the legend goes (None: Vega-Lite's default, on the right).
    """
    vals = pd.DataFrame({"province_code": by_province.index.astype(str), "value": by_province.to_numpy(float)})
    vals = vals.dropna(subset=["value"])
    vals["name"] = vals["province_code"].map(names)
    base = provinces_layer(fill="#d9dde2", stroke="white", strokeWidth=0.5).transform_calculate(
        label=f"datum.properties.name_{lang}", shown=f"'{na_text}'").encode(
        tooltip=[alt.Tooltip("label:N", title=name_title), alt.Tooltip("shown:N", title=value_title)])
    scale = alt.Scale(scheme=scheme, domain=domain) if domain else alt.Scale(scheme=scheme)
    valued = provinces_layer(stroke="white", strokeWidth=0.5).encode(
        color=alt.Color("value:Q", title=value_title, scale=scale,
                        legend=alt.Legend(orient=legend_orient) if legend_orient else alt.Undefined),
        tooltip=[alt.Tooltip("name:N", title=name_title), alt.Tooltip("value:Q", title=value_title, format=fmt)],
    ).transform_lookup(lookup="properties.province_code", from_=alt.LookupData(vals, "province_code",
                                                                               ["name", "value"]))
    return alt.layer(base, valued, dash_line_layer()).properties(width=width, height=height, title=title,
                                                                 description=title)


def small_multiples(long: pd.DataFrame, years: list[int], lang: str, *, title: str, value_title: str,
                    names: pd.Series, na_text: str, fmt: str = ",.2f", scheme: str = "blues", columns: int = 3
                    ) -> alt.ConcatChart:
    """One small choropleth per year on one shared colour scale (``long``: province_code, year, value)."""
    v = long["value"].dropna()
    domain = [float(v.min()), float(v.max())] if len(v) else None
    maps_ = [choropleth(long[long["year"] == y].set_index("province_code")["value"], lang, title=str(y),
                        value_title=value_title, names=names, na_text=na_text, fmt=fmt, scheme=scheme, domain=domain,
                        width=220, height=180) for y in years]
    return alt.concat(*maps_, columns=columns).resolve_scale(color="shared").properties(title=title)


def cohort_outlines(members: dict[str, list[str]], colors: dict[str, str]) -> list[alt.Chart]:
    """Outline layers: each cohort's provinces drawn with a thick border in the cohort's colour (no fill).

    Args:
        members: cohort code -> its province codes.
        colors: cohort code -> colour (the cohort vocabulary's, so every report agrees).
    """
    layers = []
    for code, provs in members.items():
        if not provs:
            continue
        test = " || ".join(f"datum.properties.province_code == '{p}'" for p in provs)
        layers.append(provinces_layer(filled=False, stroke=colors[code], strokeWidth=2.2).transform_filter(test))
    return layers


def park_points(points: pd.DataFrame, color: alt.Color, tooltip: list[alt.Tooltip], size: int = 70) -> alt.Chart:
    """Park points (``lon``, ``lat`` columns, degrees) on the standard projection."""
    return alt.Chart(points).mark_point(filled=True, opacity=0.95, stroke="white", strokeWidth=0.7, size=size).encode(
        longitude="lon:Q", latitude="lat:Q", color=color, tooltip=tooltip).project(**PROJECTION)
