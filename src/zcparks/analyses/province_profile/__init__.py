"""One provincial unit in profile (notebook 10, slug ``province-profile``): 31 provinces and the XPCC.

A profile shows the unit's parks and their cohorts, its trends against the national median and its cohort's
province mean, its grid factor and power mix, and an LMDI split of its CO2. The XPCC (Xinjiang Production and
Construction Corps) has no provincial statistics of its own: every statistic of its profile is Xinjiang's (650000)
and the page says so. Units: as each variable states; LMDI terms Mt CO2; shares %.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from zcparks.models import cohorts, dynamics
from zcparks.models.cohorts import OTHER, Membership

# moved to zcparks.models.context (the park profile uses them too); re-exported for the 10 notebook and its tests
from zcparks.models.context import grid_factor_table as grid_factor_table
from zcparks.models.context import power_mix as power_mix
from zcparks.models.context import trend_frame as trend_frame
from zcparks.views import labels_for

LABELS = labels_for(__file__)
XPCC = "XPCC"
XINJIANG = "650000"
TREND_VARIABLES = ("co2_total_scope1", "co2_per_energy", "energy_per_gdp", "secondary_industry_share")


@dataclass(frozen=True)
class Profile:
    """The provincial unit a page profiles, with its parks and their cohort.

    Attributes:
        unit: the unit (a province code, or XPCC).
        code: the province whose statistics describe it (:func:`statistics_code`: Xinjiang for the XPCC).
        membership: the default cohorts (:func:`default_membership`), as the east-vs-west report has them.
        parks: the unit's parks with their cohort (:func:`unit_parks`).
        cohort: the cohort of its parks (:func:`cohort_of`).
    """

    unit: str
    code: str
    membership: Membership
    parks: pd.DataFrame
    cohort: str


def profile(unit: str, parks: pd.DataFrame, provinces: pd.DataFrame, panel: pd.DataFrame) -> Profile:
    """The unit's statistics province, the default cohorts, its parks and their cohort.

    Args:
        unit: the ``province`` parameter (a province code, or XPCC).
        parks: ``zcparks.data.parks()``.
        provinces: ``zcparks.data.provinces()``.
        panel: ``zcparks.data.panel()`` (a threshold rule of a cohort reads it).
    """
    code = statistics_code(unit)
    m = default_membership(parks, provinces, panel)
    own = unit_parks(unit, parks, m)
    return Profile(unit, code, m, own, cohort_of(own))


def statistics_code(unit: str) -> str:
    """The province whose statistics describe ``unit`` (Xinjiang for the XPCC, else the unit itself)."""
    return XINJIANG if unit == XPCC else unit


def default_membership(parks: pd.DataFrame, provinces: pd.DataFrame, panel: pd.DataFrame) -> Membership:
    """The default cohorts (the east-vs-west report's), so a profile names the same cohort as that report."""
    return cohorts.assign(parks, provinces, [cohorts.rule(c) for c in cohorts.DEFAULTS], panel=panel)


def unit_parks(unit: str, parks: pd.DataFrame, m: Membership) -> pd.DataFrame:
    """The unit's parks (``unit_id`` is the province code, or XPCC) with their cohort.

    Returns:
        park_id, park_name_en/zh, industry_class, scope, construction_end, cohort.
    """
    p = parks[parks["unit_id"] == unit].merge(m.parks[["park_id", "cohort"]], on="park_id")
    return p.rename(columns={"name_en": "park_name_en", "name_zh": "park_name_zh"})[
        ["park_id", "park_name_en", "park_name_zh", "industry_class", "scope", "construction_end", "cohort"]
    ].reset_index(drop=True)


def cohort_of(unit_parks_t: pd.DataFrame) -> str:
    """The cohort of the unit's parks (the first non-``other`` one; ``other`` if none)."""
    named = [c for c in unit_parks_t["cohort"] if c != OTHER]
    return named[0] if named else OTHER


def lmdi(panel: pd.DataFrame, code: str, start: int, end: int, breaks: str = "census") -> pd.DataFrame:
    """The province's LMDI split of scope-1 CO2 (:func:`zcparks.models.dynamics.province_lmdi`)."""
    return dynamics.province_lmdi(panel, code, start, end, breaks)


def lmdi_total(split: pd.DataFrame) -> float | None:
    """The total change of scope-1 CO2 in an LMDI split (Mt CO2), or None when there is no split."""
    return None if split.empty else float(split.set_index("term").loc["total", "mt_co2"])


def cohort_rule(cohort: str) -> cohorts.CohortRule:
    """The default rule of ``cohort`` (the one the east-vs-west report prints; its words: :func:`.text.rule_words`)."""
    return cohorts.rule(cohort)
