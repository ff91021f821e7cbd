"""The provincial-trends page, one section per chosen variable: what the notebook's loop shows for each.

The notebook passes in the page's display module (``zcparks.report.display``, imported there as ``show``): an
analysis does not import it (the import contracts of ``pyproject.toml``). Each section also records its headline
values (``zcparks.record``) for sweeps and the index.
"""

from __future__ import annotations

from types import ModuleType

import pandas as pd

from zcparks.analyses import provincial_trends as pt
from zcparks.analyses.provincial_trends import LABELS as L
from zcparks.analyses.provincial_trends import charts, text
from zcparks.records import record
from zcparks.views import sources


def show_variable(show: ModuleType, variable: str, sel: pt.Selection, names: pd.Series, lang: str) -> None:
    """Show one variable: its heading, slope summary, province lines, small maps, extrapolation and table.

    Records ``<variable>_n``, ``_rising``, ``_falling`` (province counts), ``_median_pct`` (% a year), and, when
    there is an extrapolation, ``<variable>_outlook_<outlook_to>`` (in the variable's unit) and ``<variable>_mase``.

    Args:
        show: the page's display module (``zcparks.report.display``).
        variable: a panel variable.
        sel: the data, provinces and years of the page.
        names: province names in ``lang`` by code (:func:`.text.province_names`).
        lang: ``en`` or ``zh``.
    """
    s = pt.series(sel.panel, variable, sel.codes, sel.start, sel.end)
    name, unit = text.variable_name(sel.variables, variable, lang), str(s["unit"].iloc[0])
    source = sources.line([variable], lang)
    show.heading(name, variable)
    slopes = pt.slope_table(s)
    summary = pt.summary(slopes)
    show.note(text.slopes_text(summary, name, sel.start, sel.end, names, lang))
    for key in ("n", "rising", "falling", "median_pct"):  # recorded for sweeps and the index; not shown
        record(f"{variable}_{key}", summary.get(key))
    show.chart(charts.lines(s, pt.national_median(sel.panel, variable, sel.start, sel.end), name, names, lang),
               lang, source=source)
    show.chart(charts.small_maps(s, name, names, lang), lang, source=source)
    _show_outlook(show, variable, s, sel, name, unit, names, lang, source)
    show.note(L.t("no_targets", lang))
    cov = pt.coverage(s)
    if cov["third_party"].sum():
        show.note(L.t("third_party_note", lang, n=int(cov["third_party"].sum())))
    show.table(text.coverage_table(cov, slopes, names), lang, L)


def _show_outlook(show: ModuleType, variable: str, s: pd.DataFrame, sel: pt.Selection, name: str, unit: str,
                  names: pd.Series, lang: str, source: str) -> None:
    """The extrapolation of the variable's aggregate in words and, when there is one, as a chart (and recorded)."""
    agg, kind, left_out = pt.aggregate(s, pt.is_additive(sel.variables, variable))
    o = pt.outlook_of(agg, sel.outlook_to)
    show.note(text.outlook_text(o, name, kind, unit, left_out, names, lang))
    if "error" not in o:
        record(f"{variable}_outlook_{sel.outlook_to}", float(o["path"]["central"].iloc[-1]))
        record(f"{variable}_mase", o["mase"])
        show.chart(charts.outlook_chart(agg, o["path"], name, kind, unit, lang), lang, source=source)
