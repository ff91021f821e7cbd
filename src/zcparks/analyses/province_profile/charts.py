"""Charts of the province profile: the locator map with the cohorts, trend lines, the capacity mix and LMDI bars."""

from __future__ import annotations

import altair as alt
import pandas as pd

from zcparks.analyses.province_profile import LABELS as L
from zcparks.models.cohorts import Membership
from zcparks.views import cohort_charts


def locator(m: Membership, parks: pd.DataFrame, code: str, unit_name: str, lang: str) -> alt.LayerChart:
    """China's map with the province shaded, the cohorts outlined and every park a point."""
    return cohort_charts.cohort_map(m, parks, L, lang, L.t("map_title", lang, unit=unit_name), highlight=code)


def lmdi_bars(lmdi: pd.DataFrame, y0: int, y1: int, lang: str) -> alt.Chart:
    """The province's LMDI terms (Mt CO2)."""
    return cohort_charts.lmdi_bars(lmdi, L, lang, L.t("lmdi_title", lang, y0=y0, y1=y1))


def trend(frame: pd.DataFrame, name: str, unit: str, lang: str) -> alt.Chart:
    """The province (red), the national median (black) and its cohort's province mean (blue), by year."""
    return cohort_charts.trend(frame, name, unit, L, lang)


def mix(table: pd.DataFrame, names: dict[str, str], lang: str) -> alt.Chart:
    """Horizontal bars of the capacity shares (%)."""
    return cohort_charts.capacity_mix(table, names, L, lang)
