"""The province-profile page: what the notebook shows for each trend variable and for the power mix.

The notebook passes in the page's display module (``zcparks.report.display``, imported there as ``show``): an
analysis does not import it (the import contracts of ``pyproject.toml``). Units: as each variable states.
"""

from __future__ import annotations

from types import ModuleType

import pandas as pd

from zcparks.analyses import province_profile as pp
from zcparks.analyses.province_profile import LABELS as L
from zcparks.analyses.province_profile import charts, text
from zcparks.views import cohort_charts, sources


def show_trend(show: ModuleType, variable: str, u: pp.Profile, panel: pd.DataFrame, variables: pd.DataFrame,
               stats_name: str, start: int, end: int, lang: str) -> None:
    """One variable of the province against the national median and its cohort's mean: a sentence and a chart.

    Args:
        show: the page's display module (``zcparks.report.display``).
        variable: a panel variable (:data:`~zcparks.analyses.province_profile.TREND_VARIABLES`).
        u: the unit profiled (:func:`~zcparks.analyses.province_profile.profile`).
        panel: ``zcparks.data.panel()``.
        variables: the variable dictionary (``zcparks.data.variables()``).
        stats_name: the name of the province whose statistics these are, in ``lang``.
        start: first year.
        end: last year.
        lang: ``en`` or ``zh``.
    """
    frame = pp.trend_frame(panel, variable, u.code, u.membership, u.cohort, start, end)
    names = variables.set_index("variable")
    name, unit = names.loc[variable, f"name_{lang}"], names.loc[variable, "unit"]
    show.note(text.trend_text(frame, name, stats_name, lang))
    show.chart(charts.trend(frame, name, unit, lang), lang, source=sources.line([variable], lang))


def show_power_mix(show: ModuleType, panel: pd.DataFrame, variables: pd.DataFrame, code: str, lang: str) -> None:
    """The province's capacity shares (%), or a note that none is published (views.cohort_charts.show_capacity_mix)."""
    cohort_charts.show_capacity_mix(show, pp.power_mix(panel, code), variables, L, lang)
