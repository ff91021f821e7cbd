"""Charts of the provincial-trends analysis: province lines, small-multiple maps and the extrapolation band."""

from __future__ import annotations

import altair as alt
import pandas as pd

from zcparks.analyses.provincial_trends import LABELS as L
from zcparks.report.charts import DEFAULT_COLOR, WIDTH
from zcparks.report.labels import t as page_label
from zcparks.views import maps


def lines(s: pd.DataFrame, median: pd.Series, name: str, names: pd.Series, lang: str) -> alt.LayerChart:
    """Each province a thin line (a missing year breaks it), the national median a thick black line."""
    unit = L.code("unit_label", str(s["unit"].iloc[0]), lang)
    df = s.assign(name=s["province_code"].map(names))[["province_code", "name", "year", "value"]]
    med = pd.DataFrame({"year": median.index, "value": median.to_numpy(), "label": L.t("national_median", lang)})
    title = L.t("lines_title", lang, variable=name, unit=unit, y0=int(s["year"].min()), y1=int(s["year"].max()))
    x = alt.X("year:O", title=L.field("year", lang))
    thin = alt.Chart(df).mark_line(strokeWidth=0.9, opacity=0.55, color=DEFAULT_COLOR).encode(
        x=x, y=alt.Y("value:Q", title=f"{name} ({unit})"), detail="province_code:N",
        tooltip=[alt.Tooltip("name:N", title=L.field("province_name", lang)), alt.Tooltip("year:O"),
                 alt.Tooltip("value:Q", title=unit, format=",.3f")])
    thick = alt.Chart(med).mark_line(strokeWidth=3, color="black").encode(
        x=x, y="value:Q", tooltip=[alt.Tooltip("label:N", title=None), alt.Tooltip("year:O"),
                                   alt.Tooltip("value:Q", title=unit, format=",.3f")])
    layers = [thin, thick]
    third = s[s["third_party"]].assign(name=lambda x: x["province_code"].map(names),
                                       what=L.t("third_party_point", lang))
    if len(third):  # values after 2019 only from a third-party copy: marked, not hidden
        layers.append(alt.Chart(third).mark_point(shape="triangle-up", color="#e45756", filled=True, size=40).encode(
            x=x, y="value:Q", tooltip=[alt.Tooltip("name:N", title=L.field("province_name", lang)),
                                       alt.Tooltip("year:O"), alt.Tooltip("what:N", title=None)]))
    sub = L.t("lines_subtitle", lang)
    return alt.layer(*layers).properties(width=WIDTH - 100, height=340, title=alt.TitleParams(title, subtitle=sub),
                                         description=f"{title}. {sub}")


def small_maps(s: pd.DataFrame, name: str, names: pd.Series, lang: str, n: int = 6) -> alt.ConcatChart:
    """Up to ``n`` evenly spaced years of the variable as choropleths on one colour scale."""
    years = sorted(s.dropna(subset=["value"])["year"].unique())
    if len(years) > n:
        step = (len(years) - 1) / (n - 1)
        years = sorted({years[round(i * step)] for i in range(n)})
    unit = L.code("unit_label", str(s["unit"].iloc[0]), lang)
    title = L.t("maps_title", lang, variable=name, unit=unit)
    return maps.small_multiples(s[s["year"].isin(years)], [int(y) for y in years], lang, title=title,
                                value_title=unit, names=names, na_text=page_label("not_available", lang))


def outlook_chart(agg: pd.Series, path: pd.DataFrame, name: str, kind: str, unit: str, lang: str) -> alt.LayerChart:
    """Observed aggregate (line) and the extrapolated central path (dashed) inside its 95 % band."""
    to = int(path["year"].max())
    unit = L.code("unit_label", unit, lang)
    obs = pd.DataFrame({"year": agg.index.astype(int), "value": agg.to_numpy(float),
                        "what": L.t("observed", lang)})
    ext = path.assign(what=L.t("common.extrapolation", lang))
    title = L.t("outlook_title", lang, variable=name, kind=L.t(f"kind_{kind}", lang), to=to)
    x = alt.X("year:Q", title=L.field("year", lang), axis=alt.Axis(format="d"))
    band = alt.Chart(ext).mark_area(opacity=0.2, color="#e45756").encode(
        x=x, y=alt.Y("low:Q", title=unit), y2="high:Q",
        tooltip=[alt.Tooltip("year:Q", format="d"), alt.Tooltip("low:Q", format=",.1f"),
                 alt.Tooltip("high:Q", format=",.1f")])
    central = alt.Chart(ext).mark_line(strokeDash=[6, 4], color="#e45756").encode(
        x=x, y="central:Q", tooltip=[alt.Tooltip("what:N", title=None), alt.Tooltip("year:Q", format="d"),
                                     alt.Tooltip("central:Q", format=",.1f")])
    observed = alt.Chart(obs).mark_line(point=True, color="black").encode(
        x=x, y="value:Q", tooltip=[alt.Tooltip("what:N", title=None), alt.Tooltip("year:Q", format="d"),
                                   alt.Tooltip("value:Q", format=",.1f")])
    return alt.layer(band, central, observed).properties(width=WIDTH - 100, height=300, title=title,
                                                         description=title)
