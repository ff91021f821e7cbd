"""The park-profile page: what the notebook shows of the park's province (power mix, CO2 trend).

The notebook passes in the page's display module (``zcparks.report.display``, imported there as ``show``): an
analysis does not import it (the import contracts of ``pyproject.toml``). Units: as each variable states.
"""

from __future__ import annotations

from types import ModuleType

import pandas as pd

from zcparks.analyses import park_profile as pk
from zcparks.analyses.park_profile import LABELS as L
from zcparks.analyses.park_profile import charts
from zcparks.views import cohort_charts, sources


def show_power_mix(show: ModuleType, panel: pd.DataFrame, variables: pd.DataFrame, code: str, lang: str) -> None:
    """The province's capacity shares (%), or a note that none is published (views.cohort_charts.show_capacity_mix)."""
    cohort_charts.show_capacity_mix(show, pk.power_mix(panel, code), variables, L, lang)

def show_trend(show: ModuleType, frame: pd.DataFrame, variables: pd.DataFrame, variable: str, lang: str) -> None:
    """The province's ``variable`` by year against the national median and its cohort's province mean.

    Args:
        show: the page's display module (``zcparks.report.display``).
        frame: :func:`~zcparks.analyses.park_profile.trend_frame` of ``variable``.
        variables: the variable dictionary (``zcparks.data.variables()``).
        variable: the panel variable (:data:`~zcparks.analyses.park_profile.TREND_VARIABLE`).
        lang: ``en`` or ``zh``.
    """
    names = variables.set_index("variable")
    show.chart(charts.trend(frame, names.loc[variable, f"name_{lang}"], names.loc[variable, "unit"], lang), lang,
               source=sources.line([variable], lang))
