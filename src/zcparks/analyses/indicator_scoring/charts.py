"""Charts of the indicator-scoring analysis: tornado, factorial strip, dilution split, province lens map.

Colours of outcomes come from the ``outcome`` codes of ``labels.yaml`` (one scale in every chart and both
languages); switch and value names are translated here, at the edge.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from zcparks.analyses.indicator_scoring import LABELS as L
from zcparks.models.accounting import SWITCHES
from zcparks.report.charts import WIDTH, category_color, label_expr
from zcparks.report.labels import t as page_label
from zcparks.views import maps

CORE_OUTCOMES = ["pass", "fail", "no_threshold"]
"""The outcomes a core indicator can have (the colour domain of the core charts)."""


def _value_label(switch: str, value: str, lang: str) -> str:
    return value if switch == "vintage" else L.code(switch, value, lang)


def _threshold_rule(*thresholds: float | None) -> list[alt.Chart]:
    """Dashed vertical rules at the core thresholds that apply (none where there is no threshold)."""
    ts = sorted({float(t) for t in thresholds if t is not None and not pd.isna(t)})
    if not ts:
        return []
    return [alt.Chart(pd.DataFrame({"t": ts})).mark_rule(color="#333", strokeDash=[4, 3]).encode(x="t:Q")]


def tornado(t: pd.DataFrame, bars: pd.DataFrame, lang: str, calibre_label: str, threshold: float | None,
            park: str) -> alt.LayerChart:
    """One bar per switch from its lowest to its highest I (one switch changed at a time), largest swing on top.

    Points mark each valid value of the switch, coloured by the verdict it gives; the black tick is the
    default calibre and the dashed rule the park's threshold (none below 200 000 tce).

    Args:
        t: :func:`~zcparks.analyses.indicator_scoring.tornado`.
        bars: :func:`~zcparks.analyses.indicator_scoring.tornado_bars`.
        lang: ``en`` or ``zh``.
        calibre_label: the default calibre's name in ``lang``.
        threshold: the core threshold of the park's band (tCO2/tce), or None.
        park: the park's name in ``lang`` (subtitle).
    """
    order = [L.code("switch", s, lang) for s in bars["switch"]]
    b = bars.assign(switch_label=[L.code("switch", s, lang) for s in bars["switch"]])
    pts = t.dropna(subset=["intensity"]).copy()
    pts["switch_label"] = [L.code("switch", s, lang) for s in pts["switch"]]
    pts["value_label"] = [_value_label(s, v, lang) + ("" if pd.isna(p) else " " + L.t("paired_residual", lang))
                          for s, v, p in zip(pts["switch"], pts["value"], pts["paired_with"], strict=True)]
    pts["outcome_name"] = [L.code("outcome", v, lang) for v in pts["verdict"]]
    x_title = L.field("intensity", lang)
    y = alt.Y("switch_label:N", sort=order, title=None, axis=alt.Axis(labelLimit=220))
    bar = alt.Chart(b).mark_bar(color="#c9d6e3", height=14).encode(
        y=y, x=alt.X("i_low:Q", title=x_title), x2="i_high:Q",
        tooltip=[alt.Tooltip("switch_label:N", title=L.field("switch", lang)),
                 alt.Tooltip("i_low:Q", title=L.field("i_low", lang), format=".3f"),
                 alt.Tooltip("i_high:Q", title=L.field("i_high", lang), format=".3f")])
    dots = alt.Chart(pts).mark_point(filled=True, size=70, opacity=0.9).encode(
        y=y, x="intensity:Q",
        color=category_color("verdict", L, "outcome", lang, CORE_OUTCOMES, orient="bottom"),
        tooltip=[alt.Tooltip("switch_label:N", title=L.field("switch", lang)),
                 alt.Tooltip("value_label:N", title=L.field("setting", lang)),
                 alt.Tooltip("intensity:Q", title=x_title, format=".3f"),
                 alt.Tooltip("outcome_name:N", title=L.field("outcome", lang))])
    default = alt.Chart(b).mark_tick(color="black", thickness=2, size=22).encode(y=y, x="default_intensity:Q")
    return alt.layer(bar, *_threshold_rule(threshold), dots, default).properties(
        width=WIDTH - 240, height=34 * len(b),
        title=alt.TitleParams(L.t("tornado_title", lang, calibre=calibre_label), subtitle=park))


def factorial_strip(fact: pd.DataFrame, lang: str, park: str) -> alt.LayerChart:
    """Every valid calibre as a point: I by grid factor (rows), coloured by verdict, shaped by the tce basis.

    The dashed rules are the thresholds the points are judged against (the tce basis can move Q into another band).

    Args:
        fact: :func:`~zcparks.analyses.indicator_scoring.factorial`.
        lang: ``en`` or ``zh``.
        park: the park's name in ``lang`` (subtitle).
    """
    ok = fact[fact["refused"].isna()].copy()
    ok["grid_label"] = [L.code("grid_factor", v, lang) for v in ok["grid_factor"]]
    ok["basis_label"] = [L.code("tce_basis", v, lang) for v in ok["tce_basis"]]
    ok["outcome_name"] = [L.code("outcome", v, lang) for v in ok["verdict"]]
    order = [L.code("grid_factor", v, lang) for v in SWITCHES["grid_factor"]]
    x_title = L.field("intensity", lang)
    dots = alt.Chart(ok).mark_point(filled=True, size=55, opacity=0.8).encode(
        x=alt.X("intensity:Q", title=x_title),
        y=alt.Y("grid_label:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
        yOffset=alt.YOffset("tce_basis:N"),
        color=category_color("verdict", L, "outcome", lang, CORE_OUTCOMES, orient="bottom"),
        shape=alt.Shape("tce_basis:N", title=L.code("switch", "tce_basis", lang),
                        scale=alt.Scale(domain=list(SWITCHES["tce_basis"])),
                        legend=alt.Legend(orient="bottom", labelLimit=320, labelExpr=label_expr(
                            {v: L.code("tce_basis", v, lang) for v in SWITCHES["tce_basis"]}))),
        tooltip=[alt.Tooltip("key:N", title=L.field("setting", lang)),
                 alt.Tooltip("basis_label:N", title=L.code("switch", "tce_basis", lang)),
                 alt.Tooltip("intensity:Q", title=x_title, format=".3f"),
                 alt.Tooltip("outcome_name:N", title=L.field("outcome", lang))])
    return alt.layer(*_threshold_rule(*ok["threshold"]), dots).properties(
        width=WIDTH - 280, height=50 * len(order), title=alt.TitleParams(L.t("factorial_title", lang), subtitle=park))


def dilution_bars(ch: dict, lang: str, park: str) -> alt.Chart:
    """The change of I between two years split into its ΔE and ΔQ parts (tCO2/tce).

    Args:
        ch: :func:`~zcparks.analyses.indicator_scoring.change`.
        lang: ``en`` or ``zh``.
        park: the park's name in ``lang`` (subtitle).
    """
    df = pd.DataFrame({"part": [L.code("part", "d_e", lang), L.code("part", "d_q", lang)],
                       "value": [ch["d_e"], ch["d_q"]]})
    return alt.Chart(df).mark_bar(height=22).encode(
        x=alt.X("value:Q", title=L.field("d_tco2_per_tce", lang)),
        y=alt.Y("part:N", title=None, sort=None, axis=alt.Axis(labelLimit=260)),
        color=alt.value("#7a8ca3"),  # neutral: a fall from dilution is not a reduction
        tooltip=[alt.Tooltip("part:N", title=L.field("part", lang)),
                 alt.Tooltip("value:Q", title=L.field("d_tco2_per_tce", lang), format="+.3f")],
    ).properties(width=WIDTH - 280, height=90,
                 title=alt.TitleParams(L.t("dilution_title", lang, y0=ch["base_year"], y1=ch["year"]), subtitle=park))


def lens_map(lens: pd.DataFrame, provinces: pd.DataFrame, lang: str, threshold: float, calibre_label: str):
    """Choropleth of the largest grid share (%) of an all-electric park that meets ``threshold``.

    Args:
        lens: :func:`~zcparks.analyses.indicator_scoring.province_lens`.
        provinces: ``zcparks.data.provinces()`` (names).
        lang: ``en`` or ``zh``.
        threshold: 0.2 or 0.3 (a column of ``lens``).
        calibre_label: the calibre's name in ``lang``.
    """
    names = provinces.set_index("province_code")["name_zh_short" if lang == "zh" else "name_en"]
    by = lens.set_index("province_code")[f"max_share_{threshold}"]
    return maps.choropleth(by, lang, title=L.t("lens_title", lang, threshold=threshold, calibre=calibre_label),
                           value_title=L.field(f"max_share_{threshold}", lang), names=names,
                           na_text=page_label("not_available", lang), fmt=".2f", scheme="greens", width=WIDTH)
