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
from typing import TYPE_CHECKING, Any

import altair as alt

from zcparks.report.htmlsafe import script_json

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
        .configure_legend(labelFont=font, titleFont=font)
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


def show(chart: alt.TopLevelMixin, lang: str, source: str | None = None) -> None:
    """Display ``chart`` in a notebook (and so in the report), configured for ``lang``, with its source line."""
    from IPython.display import HTML, display

    below = f'\n<p class="zc-source">{html.escape(source)}</p>' if source else ""
    display(HTML(spec_html(configure(chart, lang).to_dict()) + below))


def category_scale(labels: Labels, field: str, lang: str, codes: list[str] | None = None) -> alt.Scale:
    """The colour scale of a category: domain = the codes' names in ``lang``, range = their colours.

    Args:
        labels: the analysis's labels (codes and colours come from the vocabulary).
        field: the column whose codes are coloured, e.g. ``nbs_region``.
        lang: ``en`` or ``zh``.
        codes: the codes to include, in order; by default every code of ``field``.
    """
    codes = codes if codes is not None else labels.codes(field)
    return alt.Scale(domain=[labels.code(field, c, lang) for c in codes], range=[labels.color(field, c) for c in codes])
