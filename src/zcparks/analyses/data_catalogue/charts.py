"""Charts of the data-catalogue analysis: the coverage heat map (provinces with a value, variable x year)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from zcparks.analyses.data_catalogue import LABELS as L
from zcparks.analyses.data_catalogue import coverage, series
from zcparks.report.charts import WIDTH


def coverage_map(panel: pd.DataFrame, variables: pd.DataFrame, first_year: int, lang: str) -> alt.Chart:
    """Heat map: for each variable (rows, dictionary order) and year, how many of the 31 provinces have a value.

    Args:
        panel: ``zcparks.data.panel()``.
        variables: ``zcparks.data.variables()``.
        first_year: the first year shown.
        lang: ``en`` or ``zh``.
    """
    cov = coverage(panel, variables, first_year)
    names = series(variables).set_index("variable")[f"name_{lang}"]
    cov = cov.assign(name=cov["variable"].map(names))
    count_title = L.t("provinces_with_value", lang)
    title = L.t("coverage_title", lang)
    return alt.Chart(cov).mark_rect().encode(
        x=alt.X("year:O", title=L.field("year", lang), axis=alt.Axis(labelAngle=-90, labelFontSize=11)),
        y=alt.Y("name:N", sort=list(names.reindex(cov["variable"].unique())), title=None,
                axis=alt.Axis(labelLimit=260, labelFontSize=11)),
        color=alt.Color("provinces:Q", title=count_title, scale=alt.Scale(scheme="blues", domain=[0, 31])),
        tooltip=[alt.Tooltip("name:N", title=L.field("variable_name", lang)), alt.Tooltip("variable:N", title="id"),
                 alt.Tooltip("year:O", title=L.field("year", lang)), alt.Tooltip("provinces:Q", title=count_title)],
    ).properties(width=WIDTH - 300, height=13 * cov["variable"].nunique(), title=title, description=title)
