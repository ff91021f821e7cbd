"""What a notebook shows: charts, tables and notes, as HTML the report template understands."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from zcparks.report import charts
from zcparks.report.htmlsafe import mark_english, reader_note
from zcparks.report.labels import t

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

    from zcparks.report.labels import Labels


def chart(c: alt.TopLevelMixin, lang: str, source: str | None = None) -> None:
    """Show an Altair chart (rendered by the report page; no per-chart JavaScript).

    Args:
        c: the chart.
        lang: ``en`` or ``zh``.
        source: the source line shown under the chart (plain text, escaped), e.g. from
            ``zcparks.views.sources.line``.
    """
    charts.show(c, lang, source)


_URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:)\]）。；，]")


def linkify(escaped_html: str) -> str:
    """Make the URLs in already escaped HTML text clickable."""
    return _URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped_html)


def _raw(v: object) -> tuple[str, bool]:
    """A cell's raw value for ``data-v`` (full precision; empty when missing) and whether it is a number."""
    import numbers

    if v is None or (isinstance(v, float) and v != v):
        return "", False
    try:
        import pandas as pd

        if pd.isna(v):
            return "", isinstance(v, numbers.Number)
    except (TypeError, ValueError):
        pass
    if isinstance(v, numbers.Number) and not isinstance(v, bool):
        return repr(v.item() if hasattr(v, "item") else v), True
    return str(v), False


def table_html(df: pd.DataFrame, caption: str | None = None, na: str = "—", lang: str = "en") -> str:
    """``df`` as an escaped HTML table (URLs clickable), ``na`` where a value is missing.

    Each body cell keeps its raw value in ``data-v`` (numbers with ``data-t="n"``), so the page's CSV download
    has the numbers as they were computed, not as they are formatted for reading. On a zh page, English data text
    (a value with no Chinese version yet) is marked as such (:func:`~zcparks.report.htmlsafe.mark_english`).
    """
    body = linkify(df.to_html(index=False, classes="zc-table", border=0, na_rep=na, escape=True))
    if caption:  # pandas writes border="0" before the class or (pandas 3) not at all
        body = re.sub(r'<table( border="0")? class="dataframe zc-table">',
                      f'<table class="zc-table"><caption>{html.escape(caption)}</caption>', body, count=1)
    cells = iter([_raw(v) for row in df.itertuples(index=False, name=None) for v in row])
    head, sep, rows = body.partition("<tbody>")

    def attrs(m: re.Match[str]) -> str:
        value, number = next(cells, ("", False))
        kind = ' data-t="n"' if number else ""
        return f'<td data-v="{html.escape(value, quote=True)}"{kind}>{mark_english(reader_note(m.group(1)), lang)}</td>'

    return f'<div class="zc-table-wrap">{head}{sep}{re.sub(r"<td>(.*?)</td>", attrs, rows, flags=re.S)}</div>'


def table(df: pd.DataFrame, lang: str, labels: Labels, caption: str | None = None, na: str | None = None,
          codes_from: dict[str, str] | None = None) -> None:
    """Show a tidy frame as a table in ``lang``: translated by ``labels`` (:meth:`Labels.localise`), then escaped.

    Args:
        df: codes and values, as an analysis returns them.
        lang: ``en`` or ``zh``.
        labels: the analysis's labels.
        caption: an optional caption (already in ``lang``).
        na: the text for a missing value; by default a dash.
        codes_from: column -> the field whose codes it holds (see :meth:`Labels.localise`).
    """
    from IPython.display import HTML, display

    display(HTML(table_html(labels.localise(df, lang, codes_from), caption, "—" if na is None else na, lang)))


def not_available(lang: str) -> str:
    """'not available' in ``lang`` (for tables where a missing value needs words, not a dash)."""
    return t("not_available", lang)


def note(text: str) -> None:
    """Show a short highlighted note (plain text, escaped; source citations in reader words: :func:`reader_note`)."""
    from IPython.display import HTML, display

    display(HTML(f'<p class="zc-note">{html.escape(reader_note(text))}</p>'))


def fragment(html_text: str) -> None:
    """Show an HTML fragment that an analysis built from escaped text (e.g. a list of download links)."""
    from IPython.display import HTML, display

    display(HTML(html_text))


def heading(text: str, anchor: str, level: int = 2) -> None:
    """Show a section heading made in code (e.g. one per chosen variable); at level 2 it joins the page's contents.

    Args:
        text: the heading (plain text, escaped).
        anchor: the element id (letters, digits, ``-`` and ``_``; made safe here).
        level: 2 (a section) or 3 (a sub-section, e.g. one per park inside a section).
    """
    if level not in (2, 3):
        raise ValueError(f"heading level {level}; expected 2 or 3")
    import re

    from IPython.display import HTML, display

    safe = re.sub(r"[^A-Za-z0-9_-]", "-", anchor)
    display(HTML(f'<h{level} id="{safe}">{html.escape(text)}</h{level}>'))
