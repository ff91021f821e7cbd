"""Hourly green-power matching of parks on the 2020 weather year (notebook 06, slug ``hourly-matching``).

For each chosen park: its province's modelled PV and wind (calibrated to observed hours,
:mod:`zcparks.models.supply`) against an illustrative load of its class, dispatched greedily with a
battery (:mod:`zcparks.models.matching`). It gives the **hourly matched share** (only the park's own
contracted renewables count, not the grid's clean share, so it is not Google's CFE score; no hourly grid mix is in
``data/raw``, so no grid-inclusive variant is offered), the annual share, grid import, surplus, the 650号
direct-supply ratios and the national core indicator of the all-electric park; then the storage-vs-share curve,
the iso-share frontier of overbuild and storage, the east-coast vs western cohort comparison at equal annual share,
the supply options of east-coast parks (offshore wind, western power over a line) and the validation of the profiles.

Every function returns codes and numbers (shares 0–1, energy per 1 MW of mean load in MWh, hours in h); wording is
in :mod:`.text` and ``labels.yaml``, charts in :mod:`.charts`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from zcparks.models import matching as m
from zcparks.models import profiles as pr
from zcparks.models import supply as sp
from zcparks.models.parkmatch import (
    AUTO,
    MAX_STORAGE_WITH_OVERBUILD_H,
    OVERBUILDS,
    TARGETS,
    Context,
    chosen_parks,
    core,
    load_class_of,
    park_result,
    setup,
    size_mw,
)
from zcparks.views import labels_for

__all__ = ["AUTO", "Context", "chosen_parks", "core", "load_class_of", "park_result", "setup", "size_mw",
           "LABELS", "heatmap_frame", "duration_frame", "week_frame", "storage_curve", "frontier_frame", "cohort_needs",
           "cohort_summary", "east_options", "timing", "inputs_table", "results_table", "pv_rescaling", "ParkRun",
           "park_runs", "runs_table", "matched_share_records", "cohort_records"]

LABELS = labels_for(__file__)
STORAGE_GRID_H = np.arange(0.0, 24.5, 0.5)
"""Storage sizes swept (hours of mean load)."""
WEEKS = {"winter": "2020-01-13", "summer": "2020-07-13"}
"""First day (a Monday) of the winter and the summer week shown (weather year 2020)."""


def heatmap_frame(d: m.Dispatch) -> pd.DataFrame:
    """Day x hour of the share of load met by green supply (directly or from the battery), 0–1.

    One row per day with the day's 24 values as a list (the chart unnests them), so a year is 365 rows, not 8 760.

    Returns:
        day (1–365 of 2020 without 29 February), hour (the list 0–23: the hour ending at hour + 1, Beijing time),
        cover (the list of 24 shares).
    """
    cover = np.round(d.hourly_matched()[0], 3).reshape(-1, 24)
    return pd.DataFrame({"day": np.arange(1, len(cover) + 1), "hour": [list(range(24))] * len(cover),
                         "cover": [list(map(float, row)) for row in cover]})


def duration_frame(d: m.Dispatch, step: int = 10) -> pd.DataFrame:
    """Duration curves (each series sorted from its highest hour down) of load, green supply and grid import.

    Args:
        d: the dispatch.
        step: every ``step``-th hour of each sorted series is kept (enough to draw; the tables use all hours).

    Returns:
        series (``load``, ``green_supply``, ``grid_import``), hours (rank: hours a year at or above), value_mw
        (per MW of mean load).
    """
    rows = []
    for key, s in (("load", d.load[0]), ("green_supply", d.gen[0]), ("grid_import", d.grid_import[0])):
        sorted_ = np.sort(s)[::-1]
        idx = np.r_[np.arange(0, len(s), step), len(s) - 1]
        rows.append(pd.DataFrame({"series": key, "hours": idx + 1, "value_mw": np.round(sorted_[idx], 4)}))
    return pd.concat(rows, ignore_index=True)


def week_frame(d: m.Dispatch, week: str) -> pd.DataFrame:
    """One week, hour by hour: load, green supply, its use, battery flows, grid import and stored energy.

    Args:
        d: the dispatch.
        week: a key of :data:`WEEKS`.

    Returns:
        time (hour ending, Beijing time), series, and per MW of mean load value_mw (the power series) or value_mwh
        (stored energy; the other column is missing): energy and power are kept in columns of their own units.
    """
    start = pd.Timestamp(WEEKS[week])
    first = (start - pd.Timestamp("2020-01-01")).days
    first -= int(start > pd.Timestamp("2020-02-29"))  # 29 February is not in the year's 8 760 hours
    sl = slice(first * 24, first * 24 + 7 * 24)
    times = start + pd.to_timedelta(np.arange(7 * 24) + 1, unit="h")
    power = {"load": d.load[0, sl], "green_supply": d.gen[0, sl], "discharge": d.discharge[0, sl],
             "grid_import": d.grid_import[0, sl]}
    frames = [pd.DataFrame({"time": times, "series": k, "value_mw": np.round(v, 4), "value_mwh": np.nan})
              for k, v in power.items()]
    frames.append(pd.DataFrame({"time": times, "series": "stored_mwh", "value_mw": np.nan,
                                "value_mwh": np.round(d.soc[0, sl], 4)}))
    return pd.concat(frames, ignore_index=True)


def storage_curve(parks: pd.DataFrame, ctx: Context, mix: sp.Mix, load_class: str, design: sp.Design,
                  hours: np.ndarray = STORAGE_GRID_H) -> pd.DataFrame:
    """Matched share against storage hours for each park (all sizes in one vectorised run).

    Returns:
        park_id, storage_h, matched_share.
    """
    gens, loads = [], []
    for _, p in parks.iterrows():
        gens.append(design.overbuild * ctx.profiles.supply(p["province_code"], mix)[0])
        loads.append(ctx.profiles.load_shape(p["province_code"], load_class_of(p, load_class)))
    rows = np.repeat(np.arange(len(parks)), len(hours))
    energy = np.tile(m.storage_energy_mwh(hours, 1.0), len(parks))
    r = m.matched_shares(np.array(gens), np.array(loads), rows, energy / design.duration_h, energy,
                         round_trip=design.round_trip, start=design.start)
    return pd.DataFrame({"park_id": parks["park_id"].to_numpy()[rows], "storage_h": np.tile(hours, len(parks)),
                         "matched_share": r["matched_share"]})


def frontier_frame(parks: pd.DataFrame, ctx: Context, mix: sp.Mix, load_class: str, design: sp.Design,
                   target: float) -> pd.DataFrame:
    """The iso-share frontier of each park: for each overbuild, the least storage hours reaching ``target``.

    Returns:
        park_id, overbuild, storage_h (NaN: not reached with up to :data:`STORAGE_GRID_H`'s largest size).
    """
    out = []
    for _, p in parks.iterrows():
        shape = ctx.profiles.supply(p["province_code"], mix)[0]
        load = ctx.profiles.load_shape(p["province_code"], load_class_of(p, load_class))
        f = m.frontier(shape, load, target, OVERBUILDS, STORAGE_GRID_H, duration_h=design.duration_h,
                       round_trip=design.round_trip, start=design.start)
        out.append(pd.DataFrame({"park_id": p["park_id"], "overbuild": OVERBUILDS, "storage_h": f}))
    return pd.concat(out, ignore_index=True)


def cohort_needs(ctx: Context, mix: sp.Mix, load_class: str, design: sp.Design,
                 targets: tuple[float, ...] = TARGETS) -> pd.DataFrame:
    """What each cohort province needs for each target at equal annual green share (100 % of its load's volume).

    Parks of one province share its profiles, so the unit is the province (each counted once, as in the
    east-vs-west report). ``auto`` load: the continuous-process archetype for every province, so that only the
    supply differs.

    Returns:
        cohort, province_code, parks (member parks), target, storage_h (least hours at 100 % volume; NaN: not reached
        with up to 24 h), overbuild (least overbuild reaching the target with at most 12 h; NaN if storage alone
        suffices within 12 h or none on the grid does), storage_h_at_overbuild, low_confidence.
    """
    lc = "continuous_process" if load_class == AUTO else load_class
    rows = []
    for rule in ctx.membership.rules:
        for code in ctx.membership.province_codes(rule.code):
            shape, low = ctx.profiles.supply(code, mix)
            load = ctx.profiles.load_shape(code, lc)
            n = int(((ctx.membership.parks["cohort"] == rule.code) & (ctx.membership.parks["province_code"] == code)
                     ).sum())
            for rec in m.needs({code: shape}, load, targets, STORAGE_GRID_H, OVERBUILDS,
                               max_hours=MAX_STORAGE_WITH_OVERBUILD_H, duration_h=design.duration_h,
                               round_trip=design.round_trip):
                rows.append({"cohort": rule.code, "province_code": code, "parks": n, "target": rec["target"],
                             "storage_h": rec["storage_h"], "overbuild": rec["overbuild"],
                             "storage_h_at_overbuild": rec["storage_h_at_overbuild"], "low_confidence": bool(low)})
    return pd.DataFrame(rows).astype({"storage_h": float, "overbuild": float, "storage_h_at_overbuild": float})


def cohort_summary(needs_t: pd.DataFrame) -> pd.DataFrame:
    """Per cohort and target: the median storage of its provinces, and the median overbuild of those that need it.

    A province reaches the target by storage alone if it does so with at most 24 h at 100 % volume; the others'
    median overbuild is with at most 12 h.

    Returns:
        cohort, target, provinces, reached_by_storage, median_storage_h (NaN when fewer than half reach it),
        median_overbuild (over provinces needing overbuild; NaN if none), median_storage_h_at_overbuild.
    """
    out = []
    for (c, t), g in needs_t.groupby(["cohort", "target"], sort=False):
        reached = g["storage_h"].notna()
        # provinces that do not reach it count as above every size: the median exists only if half reach it
        med = float(np.median(g["storage_h"].fillna(np.inf))) if reached.any() else float("nan")
        ob = g.loc[g["overbuild"].notna()]
        out.append({"cohort": c, "target": t, "provinces": len(g), "reached_by_storage": int(reached.sum()),
                    "median_storage_h": med if np.isfinite(med) else float("nan"),
                    "median_overbuild": float(ob["overbuild"].median()) if len(ob) else float("nan"),
                    "median_storage_h_at_overbuild": float(ob["storage_h_at_overbuild"].median()) if len(ob)
                    else float("nan")})
    return pd.DataFrame(out)


def east_options(ctx: Context, mix: sp.Mix, load_class: str, design: sp.Design) -> pd.DataFrame:
    """Matched share of each east-coast province under its own supply, with offshore wind and with western power.

    At equal annual green share (``design.overbuild``) and storage: ``own`` is ``mix`` without line supply;
    ``offshore`` replaces its onshore wind by offshore (where a profile exists); ``line`` takes all of its green
    energy from ``mix.line_from`` over the line. Load as in :func:`cohort_needs`.

    Returns:
        province_code, option (``own``, ``offshore``, ``line``), matched_share (NaN: no offshore profile),
        source_generation (energy generated per unit of green energy delivered: 1 / (1 − loss) for the line).
    """
    lc = "continuous_process" if load_class == AUTO else load_class
    options = {"own": replace(mix, line_share=0.0),
               "offshore": replace(mix, offshore_share=1.0, line_share=0.0),
               "line": replace(mix, offshore_share=0.0, line_share=1.0)}
    rows = []
    for code in ctx.membership.province_codes("east_coast_manufacturing"):
        for key, mx in options.items():
            if key == "offshore" and code not in ctx.profiles.offwind.columns:
                rows.append({"province_code": code, "option": key, "matched_share": float("nan"),
                             "source_generation": float("nan")})
                continue
            d, _ = ctx.profiles.run(code, mx, lc, design)
            rows.append({"province_code": code, "option": key, "matched_share": float(d.matched_share()[0]),
                         "source_generation": 1 / (1 - mx.line_loss) if key == "line" else 1.0})
    return pd.DataFrame(rows)


def timing(parks: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    """Each park's provincial PV diurnal peak against local solar noon at its location (pvlib SPA; timing only).

    Returns:
        park_id, province_code, solar_noon_h, peak_h (Beijing time, h), diff_h (peak − noon), ok (within 1 h).
    """
    rows = []
    for _, p in parks.iterrows():
        t = pr.timing_check(ctx.profiles.pv[p["province_code"]].to_numpy(), float(p["lon"]), float(p["lat"]))
        rows.append({"park_id": p["park_id"], "province_code": p["province_code"], **t})
    return pd.DataFrame(rows)


def inputs_table(mix: sp.Mix, design: sp.Design, target: float) -> pd.DataFrame:
    """The scenario's assumptions as (setting, value) rows, codes only (the text module words them)."""
    parts = mix.parts()
    return pd.DataFrame({"setting": ["pv_part", "onwind_part", "offwind_part", "line_part", "line_from", "line_loss",
                                     "pv_year", "overbuild", "storage_h", "duration_h", "round_trip", "start", "target"],
                         "value": [parts["pv"], parts["onwind"], parts["offwind"], parts["line"], mix.line_from,
                                   mix.line_loss, mix.pv_year, design.overbuild, design.storage_h, design.duration_h,
                                   design.round_trip, design.start, target]})


def pv_rescaling(parks: pd.DataFrame, ctx: Context, year: int) -> pd.DataFrame:
    """The PV rescaling of each chosen park's province to its observed hours of ``year`` (empty for ``year`` 0).

    Returns:
        province_code, raw_h (ERA5), target_h (observed), pv_factor (``k`` of ``min(k × cf, 1)``), rescaled_h (the
        annual hours after the cap at 1, equal to target_h).
    """
    if year == 0:
        return pd.DataFrame(columns=["province_code", "raw_h", "target_h", "pv_factor", "rescaled_h"])
    rows = []
    for code in dict.fromkeys(parks["province_code"]):
        c = ctx.profiles.pv_rescaled(code, year)
        rows.append({"province_code": code, "raw_h": c.raw_hours, "target_h": c.target_hours, "pv_factor": c.parameter,
                     "rescaled_h": float(c.cf.sum())})
    return pd.DataFrame(rows)


def results_table(results: list[dict]) -> pd.DataFrame:
    """The parks' records as one table for the page (shares, the 650号 checks and the illustrative indicator)."""
    cols = ["park_id", "province_code", "load_class", "annual_share", "matched_share", "import_share",
            "surplus_share", "intensity", "verdict"]
    return pd.DataFrame(results)[cols].rename(columns={"verdict": "core_verdict"})


@dataclass(frozen=True)
class ParkRun:
    """One chosen park matched hour by hour.

    Attributes:
        park: its row of :func:`~zcparks.models.parkmatch.chosen_parks` (``park_id``, ``name_en``/``name_zh``,
            ``province_code``, ...).
        record: its results (:func:`~zcparks.models.parkmatch.park_result`): shares 0–1, the 650号 checks and the
            illustrative core indicator (tCO2/tce).
        dispatch: its hourly dispatch (MWh per 1 MW of mean load).
    """

    park: pd.Series
    record: dict
    dispatch: m.Dispatch


def park_runs(parks: pd.DataFrame, ctx: Context, mix: sp.Mix, load_class: str, design: sp.Design, calibre: str
              ) -> list[ParkRun]:
    """Every chosen park matched with this supply mix, load class and battery, in the order given.

    Args:
        parks: the chosen parks (:func:`~zcparks.models.parkmatch.chosen_parks`).
        ctx: :func:`~zcparks.models.parkmatch.setup`.
        mix: the green supply.
        load_class: the ``load_class`` parameter (``auto``: each park's archetype).
        design: overbuild and battery.
        calibre: the accounting calibre of the illustrative core indicator.
    """
    return [ParkRun(park, *park_result(park, ctx, mix, load_class, design, calibre)) for _, park in parks.iterrows()]


def runs_table(runs: list[ParkRun]) -> pd.DataFrame:
    """:func:`results_table` of the runs' records."""
    return results_table([r.record for r in runs])


def matched_share_records(runs: list[ParkRun]) -> dict[str, float]:
    """The figures the notebook records for sweeps and the index: ``matched_share_<park id>`` (0–1, 4 decimals)."""
    return {f"matched_share_{r.park['park_id'].lower().replace('-', '_')}": round(r.record["matched_share"], 4)
            for r in runs}


def cohort_records(summary: pd.DataFrame) -> dict[str, float]:
    """The figures the notebook records from :func:`cohort_summary`: ``median_storage_h_<cohort>_<target %>`` (h)."""
    return {f"median_storage_h_{r.cohort}_{round(r.target * 100)}": r.median_storage_h for r in summary.itertuples()}
