"""Charts of the park profile: the locator map, the province's CO2 trend and its capacity mix."""

from __future__ import annotations

import altair as alt
import pandas as pd

from zcparks.analyses.park_profile import LABELS as L
from zcparks.models.cohorts import Membership
from zcparks.views import cohort_charts


def locator(m: Membership, parks: pd.DataFrame, code: str, name: str, lang: str) -> alt.LayerChart:
    """China's map with the park's province shaded, the cohorts outlined and every park a point."""
    return cohort_charts.cohort_map(m, parks, L, lang, L.t("map_title", lang, name=name), highlight=code)


def trend(frame: pd.DataFrame, name: str, unit: str, lang: str) -> alt.Chart:
    """The province, the national median and the cohort's province mean, by year."""
    return cohort_charts.trend(frame, name, unit, L, lang)


def mix(table: pd.DataFrame, names: dict[str, str], lang: str) -> alt.Chart:
    """Horizontal bars of the province's capacity shares (%)."""
    return cohort_charts.capacity_mix(table, names, L, lang)
