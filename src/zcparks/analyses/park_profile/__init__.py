"""One pilot park in profile (notebook 11, slug ``park-profile``): 52 pages, one per park.

A profile shows the park's facts as the official list and the researched table give them (name, place, scope,
construction period, industries, how its membership was verified, sources), its province in context (grid factor,
power mix, CO2 trend against the national median), an ILLUSTRATIVE core indicator and the park's hourly green-power
matching on the 2020 weather year (:mod:`zcparks.models.parkmatch`). Units: shares 0–1; hours h; factors
tCO2/MWh.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from zcparks.errors import ParameterError
from zcparks.models import matching as m
from zcparks.models import supply as sp
from zcparks.models.cohorts import Membership

# the province's context, as the province profile shows it (zcparks.models.context); re-exported for the notebook
from zcparks.models.context import grid_factor_table as grid_factor_table
from zcparks.models.context import power_mix as power_mix
from zcparks.models.context import trend_frame as trend_frame
from zcparks.models.parkmatch import (
    AUTO,
    MAX_STORAGE_WITH_OVERBUILD_H,
    OVERBUILDS,
    TARGETS,
    Context,
    park_result,
)
from zcparks.views import labels_for

LABELS = labels_for(__file__)
TREND_VARIABLE = "co2_total_scope1"
STORAGE_GRID_H = np.arange(0.0, 25.0, 1.0)
"""Storage sizes tried (hours of mean load; whole hours: a profile states what a target needs, 06 has the detail)."""

FACT_FIELDS = ("park_id", "name", "unit", "place", "scope", "construction_period", "zone_type", "main_industries",
               "industry_class", "verified_by", "verification_note", "location")
"""The rows of the facts table, in order."""


def park_row(park_id: str, parks: pd.DataFrame) -> pd.Series:
    """The park's row of ``zcparks.data.parks()``.

    Raises:
        ParameterError: an unknown park ID (the message names it and the form expected).
    """
    hit = parks[parks["park_id"] == park_id]
    if hit.empty:
        raise ParameterError(f"parameter park: unknown park {park_id!r}; expected an ID ZCP-01 ... ZCP-52")
    return hit.iloc[0]


def park_cohort(park_id: str, membership: Membership) -> str:
    """The park's cohort in the east-vs-west report's default cohorts (``other`` when it is in neither)."""
    return membership.parks.set_index("park_id").loc[park_id, "cohort"]


def sources(park: pd.Series) -> list[str]:
    """The park's sources, one per entry of the researched table's ``sources`` column (``;``-separated)."""
    return [s.strip() for s in str(park["sources"]).split(";") if s.strip()]


def matching(park: pd.Series, ctx: Context, storage_h: float, calibre: str) -> dict:
    """The park's hourly matching summary at 100 % annual green share (50/50 PV and calibrated wind).

    Returns:
        ``record`` (:func:`~zcparks.models.parkmatch.park_result` at ``storage_h``), ``storage_h``,
        ``share_no_storage``, ``storage_step_h`` (the step of the sizes tried, :data:`STORAGE_GRID_H`),
        and ``needs``: per target, the least storage at 100 % volume (None: not reached with up to 24 h) or the least
        overbuild reaching it with at most 12 h (:func:`~zcparks.models.matching.needs`).
    """
    mix, design = sp.Mix(), sp.Design(storage_h=storage_h)
    rec, _ = park_result(park, ctx, mix, AUTO, design, calibre)
    zero, _ = park_result(park, ctx, mix, AUTO, sp.Design(storage_h=0.0), calibre)
    code = park["province_code"]
    shape, _ = ctx.profiles.supply(code, mix)
    load = ctx.profiles.load_shape(code, rec["load_class"])
    needs = m.needs({park["park_id"]: shape}, load, TARGETS, STORAGE_GRID_H, OVERBUILDS,
                    max_hours=MAX_STORAGE_WITH_OVERBUILD_H,
                    duration_h=design.duration_h, round_trip=design.round_trip)
    return {"record": rec, "storage_h": storage_h, "share_no_storage": zero["matched_share"], "needs": needs,
            "storage_step_h": float(STORAGE_GRID_H[1] - STORAGE_GRID_H[0])}

