"""What a notebook shows: charts, tables and notes, as HTML the report template understands."""

from __future__ import annotations

import html
import re

import altair as alt
import pandas as pd

from zcparks import charts
from zcparks.labels import LABELS

NOT_AVAILABLE = LABELS["not_available"]  # {"en": "not available", "zh": "暂无数据"}


def chart(c: alt.TopLevelMixin, lang: str) -> None:
    """Show an Altair chart (rendered by the report page; no per-chart JavaScript)."""
    charts.show(c, lang)


_URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:)\]）。；，]")


def linkify(escaped_html: str) -> str:
    """Make the URLs in already escaped HTML text clickable."""
    return _URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped_html)


def table_html(df: pd.DataFrame, caption: str | None = None, na: str = "—") -> str:
    body = linkify(df.to_html(index=False, classes="zc-table", border=0, na_rep=na, escape=True))
    if caption:
        body = body.replace('<table border="0" class="dataframe zc-table">',
                            f'<table class="zc-table"><caption>{html.escape(caption)}</caption>', 1)
    return f'<div class="zc-table-wrap">{body}</div>'


def table(df: pd.DataFrame, caption: str | None = None, na: str = "—") -> None:
    """Show a table (HTML, escaped), with ``na`` where a value is not available."""
    from IPython.display import HTML, display

    display(HTML(table_html(df, caption, na)))


def note(text: str) -> None:
    """Show a short highlighted note (plain text, escaped)."""
    from IPython.display import HTML, display

    display(HTML(f'<p class="zc-note">{html.escape(text)}</p>'))
