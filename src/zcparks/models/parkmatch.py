"""One park's hourly matching scenario with its core indicator (shared by reports 06 and 11).

A scenario is per 1 MW of mean load (:mod:`zcparks.models.supply`); its core indicator is that of an
ILLUSTRATIVE all-electric park whose mean load is the electricity use of its industry class's archetype
(:mod:`zcparks.models.illustrative`) over 8 760 h, matched green power counted as direct green supply and
grid import at the calibre's factor (:func:`zcparks.models.matching.core_of_scenario`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from zcparks.errors import ParameterError
from zcparks.models import accounting as acc
from zcparks.models import cohorts, illustrative
from zcparks.models import matching as m
from zcparks.models import supply as sp

__all__ = ["AUTO", "HOURS_PER_YEAR", "TARGETS", "OVERBUILDS", "MAX_STORAGE_WITH_OVERBUILD_H", "Context", "setup",
           "chosen_parks", "load_class_of", "size_mw", "core", "park_result"]

AUTO = "auto"
"""Load class ``auto``: the archetype of each park's industry class."""
HOURS_PER_YEAR = 8760
TARGETS = (0.8, 0.9)
"""The hourly matched shares whose needs (storage, else overbuild) the reports state."""
OVERBUILDS = np.round(np.arange(1.0, 2.01, 0.1), 2)
"""Overbuilds swept for the frontier and where storage alone does not reach a target."""
MAX_STORAGE_WITH_OVERBUILD_H = 12.0
"""The largest storage (hours of mean load) considered together with overbuild."""


@dataclass
class Context:
    """What the report reads once: profiles, parks, cohorts and the accounting numbers."""

    profiles: sp.Profiles
    parks: pd.DataFrame
    membership: cohorts.Membership
    factors: acc.Factors
    rules: pd.DataFrame
    calibres: dict[str, acc.Calibre]


def setup() -> Context:
    """Read everything the report needs from the data layer."""
    import zcparks.data as d

    provinces, parks = d.provinces(), d.parks()
    mem = cohorts.assign(parks, provinces, [cohorts.rule(c) for c in cohorts.DEFAULTS], panel=d.panel())
    factors = acc.factors_from_data(d.grid_factors(), d.accounting_factors(), d.fuel_coefficients(), provinces)
    return Context(sp.read(), parks, mem, factors, d.indicator_rules(), acc.reference_calibres(d.calibres()))


def chosen_parks(park_ids: list[str], ctx: Context) -> pd.DataFrame:
    """The parks to show, in the order given; ``auto`` = the first park of each of the four research provinces.

    Raises:
        ParameterError: an unknown park ID (the message names it and the form expected).
    """
    parks = ctx.parks.set_index("park_id", drop=False)
    if park_ids in ([], [AUTO]):
        park_ids = [parks[parks["province_code"] == c].index[0] for c in ("150000", "620000", "320000", "440000")]
    bad = [p for p in park_ids if p not in parks.index]
    if bad:
        raise ParameterError(f"parameter park_ids: unknown park(s) {bad}; expected IDs ZCP-01 ... ZCP-52")
    return parks.loc[list(park_ids)].reset_index(drop=True)


def load_class_of(park: pd.Series, load_class: str) -> str:
    """The load class used for a park: its industry class's archetype under ``auto``, else ``load_class``."""
    return sp.load_class_for(park["industry_class"]) if load_class == AUTO else load_class


def size_mw(park: pd.Series) -> tuple[str, float]:
    """The illustrative mean load of a park (MW): its class's archetype electricity use / 8 760 h."""
    key = illustrative.archetype_for(park["industry_class"])
    return key, illustrative.annual_electricity_mwh(key)[1] / HOURS_PER_YEAR


def core(totals: dict[str, np.ndarray], i: int, code: str, ctx: Context, calibre: str, mean_mw: float) -> dict:
    """The national core indicator of scenario ``i`` under ``calibre``, or under the other reference calibre.

    The other is used, with the reason returned, where ``calibre`` is refused for the province (e.g. no provincial
    factor for Tibet).
    """
    cal, reason = ctx.calibres[calibre], acc.refusal(ctx.calibres[calibre], ctx.factors, code)
    if reason is not None:
        cal = next(c for n, c in ctx.calibres.items() if n != calibre)
    r = m.core_of_scenario(totals, i, code, cal, ctx.factors, ctx.rules, scale_mw=mean_mw)
    return r | {"calibre": cal.name, "requested_calibre": calibre, "refused_reason": reason}


def park_result(park: pd.Series, ctx: Context, mix: sp.Mix, load_class: str, design: sp.Design, calibre: str,
                ) -> tuple[dict, m.Dispatch]:
    """One park's scenario: shares, energy per MW of mean load, 650号 checks and the core indicator.

    Returns:
        A record (park_id, province_code, load_class, matched_share, annual_share, import_share, surplus_share,
        self_use_share, export_share, self_use_ok, export_ok, green_of_load_ok, low_confidence (province codes),
        archetype, mean_mw, intensity, verdict, threshold, calibre, refused_reason, net_inflow_gwh,
        gross_import_e_t, e_t) and the hourly dispatch.
    """
    code = park["province_code"]
    lc = load_class_of(park, load_class)
    d, low = ctx.profiles.run(code, mix, lc, design)
    t = d.totals()
    checks = m.direct_supply_checks(t)
    key, mw = size_mw(park)
    c = core(t, 0, code, ctx, calibre, mw)
    rec = {"park_id": park["park_id"], "province_code": code, "load_class": lc,
           "matched_share": float(t["matched_share"][0]), "annual_share": float(t["gen_mwh"][0] / t["load_mwh"][0]),
           "import_share": float(t["import_mwh"][0] / t["load_mwh"][0]),
           "surplus_share": float(t["curtailed_mwh"][0] / t["gen_mwh"][0]) if t["gen_mwh"][0] > 0 else 0.0,
           **{k: (bool(v[0]) if v.dtype == bool else float(v[0])) for k, v in checks.items()
              if k != "green_of_load"},
           "low_confidence": low, "archetype": key, "mean_mw": mw,
           **{k: c[k] for k in ("intensity", "verdict", "threshold", "calibre", "requested_calibre", "refused_reason", "e_t",
                                "gross_import_e_t")},
           "net_inflow_gwh": c["net_inflow_mwh"] / 1000}
    return rec, d
