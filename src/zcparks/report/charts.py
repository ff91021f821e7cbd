"""The chart theme of every report, and how a notebook shows a chart offline.

A chart is shown as a ``<div>`` plus its Vega-Lite spec in a ``<script type="application/json">``
(:func:`show`); no JavaScript is repeated per chart. The report page loads the Vega bundle and
the shared datasets once, from ``reports/assets/`` (site mode) or inlined (standalone mode),
and renders every chart. Large shared datasets are referenced by name
(``alt.Data(name=...)``, names listed under ``shared_datasets`` in ``reports.yaml``) instead
of being copied into each spec.

Chart element ids are numbered in the order charts are shown (``zc-chart-001`` ...), so two
builds of the same page are identical.
"""

from __future__ import annotations

import html
import itertools
import json
from typing import TYPE_CHECKING, Any

import altair as alt

from zcparks.report.htmlsafe import mark_english, script_json

if TYPE_CHECKING:
    from zcparks.report.labels import Labels

FONT = {"en": "'Noto Sans', 'Helvetica Neue', Arial, sans-serif",
        "zh": "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif"}
WIDTH = 720  # px: the width of a full-width chart
DEFAULT_COLOR = "#4c78a8"

_ids = itertools.count(1)


def configure(chart: alt.TopLevelMixin, lang: str) -> alt.TopLevelMixin:
    """``chart`` with the shared style: fonts (a CJK face for zh), axis and title sizes, no view border."""
    font = FONT[lang]
    return (
        chart.configure(font=font)
        .configure_axis(labelFont=font, titleFont=font, labelFontSize=11, titleFontSize=12)
        .configure_legend(labelFont=font, titleFont=font, labelFontSize=11, titleFontSize=12, titleLimit=360)
        .configure_header(labelFont=font, titleFont=font, labelFontSize=11, titleFontSize=12)
        .configure_text(fontSize=11)
        .configure_title(font=font, fontSize=15, anchor="start")
        .configure_view(strokeWidth=0)
    )


def spec_html(spec: dict[str, Any], chart_id: str | None = None) -> str:
    """The HTML a chart is shown as: a target div and the spec as JSON.

    Args:
        spec: a Vega-Lite spec (``chart.to_dict()``).
        chart_id: the element id; by default the next number of this process (deterministic per page).
    """
    chart_id = chart_id or f"zc-chart-{next(_ids):03d}"
    return (
        f'<div class="zc-chart" id="{chart_id}" role="img" aria-label="{html.escape(spec.get("description", ""))}">'
        f"</div>\n"
        f'<script type="application/json" data-zc-chart="{chart_id}">{script_json(spec)}</script>'
    )


def column_titles(spec: dict[str, Any]) -> dict[str, str]:
    """Column -> header for a chart's CSV: the title each field has in the chart's encodings (name and unit).

    The titles come from the analysis's labels (the data dictionary), in the page's language; a field without a
    title keeps its column name. Tooltips are read too, so every column shown has its header.
    """
    out: dict[str, str] = {}

    def visit(node: Any) -> None:
        if isinstance(node, list):
            for n in node:
                visit(n)
        elif isinstance(node, dict):
            field, title = node.get("field"), node.get("title")
            if isinstance(field, str) and isinstance(title, str) and title and field not in out:
                out[field] = title
            for k, v in node.items():
                if k not in ("data", "datasets") and isinstance(v, (dict, list)):
                    visit(v)

    visit({k: v for k, v in spec.items() if k != "datasets"})
    return out


def show(chart: alt.TopLevelMixin, lang: str, source: str | None = None) -> None:
    """Display ``chart`` in a notebook (and so in the report), configured for ``lang``, with its source line.

    The spec carries ``usermeta.zc.columns`` (:func:`column_titles`): the page builds the chart's CSV download
    from the data in the spec with these headers, so no data is written into the page twice.
    """
    from IPython.display import HTML, display

    below = f'\n<p class="zc-source">{mark_english(html.escape(source), lang)}</p>' if source else ""
    spec = configure(chart, lang).to_dict()
    spec.setdefault("usermeta", {}).setdefault("zc", {})["columns"] = column_titles(spec)
    display(HTML(spec_html(spec) + below))


def label_expr(names: dict[str, str]) -> str:
    """A Vega expression giving each code's name in a legend or axis (``labelExpr``); unknown codes show as they are."""
    return f"({json.dumps(names, ensure_ascii=False)})[datum.value] || datum.label"


def category_color(column: str, labels: Labels, field: str, lang: str, codes: list[str] | None = None, *,
                   title: str | None = None, **legend: Any) -> alt.Color:
    """The colour of a category, keyed by its stable codes: the same code has the same colour on every page.

    The scale's domain is the codes (a region code, grid ID, cohort ID), its range their colours from the vocabulary,
    both fixed here; the legend shows each code's name in ``lang`` through ``labelExpr``. So the en and zh pages have
    the same scale, and the colours never follow a label's sort order.

    Args:
        column: the data column holding the codes.
        labels: the analysis's labels (codes, names and colours).
        field: the vocabulary of the codes, e.g. ``nbs_region``.
        lang: ``en`` or ``zh`` (legend names only).
        codes: the codes to include, in order; by default every code of ``field``.
        title: the legend title; by default the field's header in ``lang``; ``""`` for none.
        **legend: more legend properties (``orient``, ``columns``...); ``legend=None`` hides the legend.
    """
    codes = [str(c) for c in (codes if codes is not None else labels.codes(field))]
    scale = alt.Scale(domain=codes, range=[labels.color(field, c) for c in codes])
    names = {c: labels.code(field, c, lang) for c in codes}
    title = labels.field(field, lang) if title is None else (title or None)
    if "legend" in legend and legend["legend"] is None:
        return alt.Color(f"{column}:N", scale=scale, legend=None, title=title)
    return alt.Color(f"{column}:N", scale=scale, title=title, legend=alt.Legend(labelExpr=label_expr(names), **legend))


PALETTE = ("#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#eeca3b", "#9d755d", "#ff9da6", "#bab0ac")
"""Colours of IDs that have no colour in a vocabulary (the parks a reader chose), in the order the IDs are given."""


def id_color(column: str, names: dict[str, str], *, title: str | None = None, **legend: Any) -> alt.Color:
    """The colour of stable IDs without a vocabulary colour (e.g. the chosen ``park_id``s), keyed by the ID.

    Args:
        column: the data column holding the IDs.
        names: ID -> its name in the page's language, in the order the colours of :data:`PALETTE` are given.
        title: the legend title (None: no title).
        **legend: more legend properties.
    """
    ids = [str(i) for i in names]
    scale = alt.Scale(domain=ids, range=[PALETTE[i % len(PALETTE)] for i in range(len(ids))])
    return alt.Color(f"{column}:N", scale=scale, title=title,
                     legend=alt.Legend(labelExpr=label_expr({str(k): v for k, v in names.items()}), **legend))
