"""Hourly matching of a park's green supply to its load, with a battery: the dispatch engine.

Definitions (used by every report that shows an hourly matched share):

* **Hourly matched share** = (green supply used in the hour + battery discharge) / load, summed over the year.
  It counts only the park's own contracted renewables; the grid's clean share is not counted (unlike Google's
  CFE score), so it is named "matched share", not CFE.
* **Annual share** = annual green generation / annual load (the volume a park may claim on paper).
* **Storage hours** = battery energy capacity (MWh) / the park's mean load (MW).
* **Efficiency split**: a round-trip efficiency ``rt`` is split equally, charge efficiency = discharge efficiency
  = √rt (0.81 round trip = 0.9 / 0.9). Charging ``c`` MWh from surplus adds ``c × η_c`` to the state of charge;
  delivering ``d`` MWh takes ``d / η_d`` from it.
* **Start**: ``periodic`` (default; the year ends with the charge it started with, found by repeating the year
  until the start and end agree) or ``empty``.

Dispatch is **greedy**: surplus green power charges the battery (up to its power and free capacity), the rest is
curtailed or exported; a deficit is met by discharging (up to its power and stored energy), the rest is imported
from the grid; the battery never charges from the grid. This minimises grid import (tests compare it with a
linear-programming optimum), and only that: it ignores prices and grid emissions by hour.

Arrays are vectorised across scenarios: ``gen`` and ``load`` are (scenarios, hours) in MW (= MWh per hour); only
the state of charge is carried hour by hour.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Dispatch", "dispatch", "dispatch_loop", "efficiencies", "matched_shares", "storage_energy_mwh",
           "storage_for_target", "frontier", "direct_supply_checks", "core_of_scenario",
           "needs"]

PERIODIC_TOLERANCE_MWH = 1e-9
"""The periodic start is found when the year's end and start differ by less than this (MWh)."""

MAX_PERIODIC_PASSES = 50
"""Upper bound on the passes of the periodic start (each pass starts from the previous pass's end)."""


def efficiencies(round_trip: float) -> tuple[float, float]:
    """Charge and discharge efficiency from a round-trip efficiency (split equally: √rt each).

    Raises:
        ValueError: ``round_trip`` is not in (0, 1].
    """
    if not 0 < round_trip <= 1:
        raise ValueError(f"round-trip efficiency {round_trip!r}; expected a number in (0, 1]")
    e = float(np.sqrt(round_trip))
    return e, e


def storage_energy_mwh(hours: float | np.ndarray, mean_load_mw: float | np.ndarray) -> np.ndarray:
    """Battery energy capacity (MWh) for ``hours`` of the park's mean load (MW)."""
    return np.asarray(hours, dtype=float) * np.asarray(mean_load_mw, dtype=float)


@dataclass(frozen=True)
class Dispatch:
    """Hourly results of a dispatch, each (scenarios, hours) in MWh per hour unless stated.

    Attributes:
        used: green supply used directly by the load.
        charge: green surplus put into the battery (before charge losses).
        discharge: energy delivered by the battery to the load (after discharge losses).
        curtailed: green surplus neither used nor stored (curtailed or exported).
        grid_import: load met by the grid.
        soc: state of charge at the end of each hour (MWh stored).
        soc_start: state of charge at the start of the year, (scenarios,).
        load: the load.
        gen: the green generation.
    """

    used: np.ndarray
    charge: np.ndarray
    discharge: np.ndarray
    curtailed: np.ndarray
    grid_import: np.ndarray
    soc: np.ndarray
    soc_start: np.ndarray
    load: np.ndarray
    gen: np.ndarray

    def matched_share(self) -> np.ndarray:
        """Hourly matched share over the whole period, (scenarios,): (used + discharge) / load."""
        return (self.used.sum(-1) + self.discharge.sum(-1)) / self.load.sum(-1)

    def annual_share(self) -> np.ndarray:
        """Annual green volume share, (scenarios,): generation / load."""
        return self.gen.sum(-1) / self.load.sum(-1)

    def totals(self) -> dict[str, np.ndarray]:
        """Annual totals, (scenarios,) each, in the keys of :func:`matched_shares` (MWh, and the shares)."""
        used, dis, load = self.used.sum(-1), self.discharge.sum(-1), self.load.sum(-1)
        return {"matched_share": (used + dis) / load, "used_mwh": used, "discharge_mwh": dis,
                "import_mwh": self.grid_import.sum(-1), "curtailed_mwh": self.curtailed.sum(-1), "load_mwh": load,
                "gen_mwh": self.gen.sum(-1), "soc_start": self.soc_start}

    def hourly_matched(self) -> np.ndarray:
        """The matched fraction of each hour's load, (scenarios, hours) in [0, 1] (1 where the load is 0)."""
        with np.errstate(invalid="ignore", divide="ignore"):
            f = (self.used + self.discharge) / self.load
        return np.where(self.load > 0, f, 1.0)


def _prepare(gen: np.ndarray, load: np.ndarray, power_mw, energy_mwh):
    gen, load = np.atleast_2d(np.asarray(gen, dtype=float)), np.atleast_2d(np.asarray(load, dtype=float))
    gen, load = np.broadcast_arrays(gen, load)
    n = gen.shape[0]
    power = np.broadcast_to(np.asarray(power_mw, dtype=float), (n,)).copy()
    energy = np.broadcast_to(np.asarray(energy_mwh, dtype=float), (n,)).copy()
    for name, a in (("gen", gen), ("load", load), ("power_mw", power), ("energy_mwh", energy)):
        if not np.all(np.isfinite(a)) or np.any(a < 0):
            raise ValueError(f"{name}: expected finite numbers >= 0")
    return gen, load, power, energy


def _year(sur: np.ndarray, dfc: np.ndarray, rows: np.ndarray | None, power: np.ndarray, energy: np.ndarray,  # noqa: C901 - the hour loop of the battery dispatch, kept in one piece for speed
          eta_c: float, eta_d: float, start: str, keep: bool) -> dict[str, np.ndarray]:
    """The hour loop of every dispatch: only the state of charge (and the discharge total) is carried.

    ``sur`` and ``dfc`` are (hours, profiles) so each hour reads one contiguous row; scenario ``i`` takes profile
    ``rows[i]`` (``rows`` None: scenario = profile). With ``start="periodic"`` the year is repeated from its own end
    until the start and end agree.

    Returns:
        soc_start, soc_end and discharge_mwh (scenarios,), and with ``keep`` the hourly charge, discharge and soc as
        (scenarios, hours).
    """
    if start not in ("periodic", "empty"):
        raise ValueError(f"start {start!r}; expected periodic or empty")
    t, n = sur.shape[0], len(power)
    if not (np.any(power > 0) and np.any(energy > 0)):
        # no battery: nothing can be charged (no room) or discharged (no charge) in any hour, so the loop below
        # would give exact zeros; skipping it saves 8 760 steps per dispatch (the no-storage cases of every page)
        zeros = np.zeros(n)
        out = {"soc_start": zeros, "soc_end": zeros.copy(), "discharge_mwh": zeros.copy()}
        if keep:
            out.update(charge=np.zeros((n, t)), discharge=np.zeros((n, t)), soc=np.zeros((n, t)))
        return out

    # what the power limit allows each hour does not depend on the state: taken out of the loop where the hours are
    # per scenario already (rows: the (hours, scenarios) copies could be large, so those stay in the loop)
    cap_c = np.minimum(sur, power) if rows is None else None
    cap_d = np.minimum(dfc, power) if rows is None else None

    def one_pass(soc0: np.ndarray) -> dict[str, np.ndarray]:
        s, dis = soc0.copy(), np.zeros(n)
        room, c, d, t1, t2 = np.empty(n), np.empty(n), np.empty(n), np.empty(n), np.empty(n)
        hourly = (np.empty((t, n)), np.empty((t, n)), np.empty((t, n))) if keep else None
        for h in range(t):  # every step in place (out=): the same operations, in the same order, as written out
            if hourly is not None:
                c, d = hourly[0][h], hourly[1][h]
            np.subtract(energy, s, out=room)
            room /= eta_c
            if cap_c is None:
                np.minimum(sur[h][rows], power, out=c)
                np.minimum(dfc[h][rows], power, out=d)
                np.minimum(c, room, out=c)
            else:
                np.minimum(cap_c[h], room, out=c)
                np.copyto(d, cap_d[h])
            np.multiply(s, eta_d, out=t2)
            np.minimum(d, t2, out=d)  # d = min(deficit, power, s * eta_d)
            np.multiply(c, eta_c, out=t1)
            np.divide(d, eta_d, out=t2)
            np.subtract(t1, t2, out=t1)
            s += t1  # s += c * eta_c - d / eta_d
            np.maximum(s, 0.0, out=s)
            np.minimum(s, energy, out=s)  # = np.clip(s, 0, energy), without its slower wrapper
            dis += d
            if hourly is not None:
                hourly[2][h] = s
        out = {"soc_start": soc0, "soc_end": s, "discharge_mwh": dis}
        if hourly is not None:
            out.update(charge=hourly[0].T, discharge=hourly[1].T, soc=hourly[2].T)
        return out

    r = one_pass(np.zeros(n))
    if start == "periodic":
        for _ in range(MAX_PERIODIC_PASSES):
            if np.all(np.abs(r["soc_end"] - r["soc_start"]) < PERIODIC_TOLERANCE_MWH):
                break
            r = one_pass(r["soc_end"].copy())
    return r


def matched_shares(gen: np.ndarray, load: np.ndarray, rows: np.ndarray, power_mw: np.ndarray, energy_mwh: np.ndarray,
                   round_trip: float = 0.81, start: str = "periodic") -> dict[str, np.ndarray]:
    """Annual totals of many scenarios without keeping hourly results (for sweeps over storage sizes).

    Scenario ``i`` uses the supply row ``rows[i]`` of ``gen`` and of ``load``, with battery ``power_mw[i]`` and
    ``energy_mwh[i]``; the same greedy dispatch as :func:`dispatch`.

    Args:
        gen: green generation, MW, (profiles, hours).
        load: load, MW, (profiles, hours) or (hours,) for one load shared by all.
        rows: (scenarios,) index into the profiles.
        power_mw: (scenarios,) battery power, MW.
        energy_mwh: (scenarios,) battery energy, MWh.
        round_trip: round-trip efficiency (split equally).
        start: ``periodic`` or ``empty``.

    Returns:
        matched_share, used_mwh, discharge_mwh, import_mwh, curtailed_mwh, load_mwh, gen_mwh and soc_start, each
        (scenarios,).
    """
    eta_c, eta_d = efficiencies(round_trip)
    gen = np.atleast_2d(np.asarray(gen, dtype=float))
    load = np.atleast_2d(np.asarray(load, dtype=float))
    rows = np.asarray(rows, dtype=int)
    power, energy = np.asarray(power_mw, dtype=float), np.asarray(energy_mwh, dtype=float)
    if not (np.isfinite(gen).all() and (gen >= 0).all() and np.isfinite(load).all() and (load >= 0).all()):
        raise ValueError("gen, load: expected finite numbers >= 0")
    used_p = np.minimum(gen, load)  # per profile: the hourly parts that do not depend on the battery
    sur_p, dfc_p = np.ascontiguousarray((gen - used_p).T), np.ascontiguousarray((load - used_p).T)
    load_rows = rows if load.shape[0] == gen.shape[0] else np.zeros_like(rows)
    used_mwh = used_p.sum(axis=1)[rows]
    r = _year(sur_p, dfc_p, rows, power, energy, eta_c, eta_d, start, keep=False)
    soc0, end, dis = r["soc_start"], r["soc_end"], r["discharge_mwh"]
    load_mwh = load.sum(axis=1)[load_rows]
    gen_mwh = gen.sum(axis=1)[rows]
    charged = (end - soc0 + dis / eta_d) / eta_c  # energy balance of the battery over the period
    return {"matched_share": (used_mwh + dis) / load_mwh, "used_mwh": used_mwh, "discharge_mwh": dis,
            "import_mwh": load_mwh - used_mwh - dis, "curtailed_mwh": gen_mwh - used_mwh - charged,
            "load_mwh": load_mwh, "gen_mwh": gen_mwh, "soc_start": soc0}


def dispatch(gen: np.ndarray, load: np.ndarray, power_mw: float | np.ndarray, energy_mwh: float | np.ndarray,
             round_trip: float = 0.81, start: str = "periodic",
             efficiency: tuple[float, float] | None = None) -> Dispatch:
    """Greedy hourly dispatch of green supply and a battery against a load (vectorised across scenarios).

    Args:
        gen: green generation, MW, (hours,) or (scenarios, hours).
        load: load, MW, broadcastable to ``gen``.
        power_mw: battery power (charge and discharge), MW, scalar or (scenarios,).
        energy_mwh: battery energy capacity, MWh, scalar or (scenarios,).
        round_trip: round-trip efficiency, split equally between charge and discharge.
        start: ``periodic`` or ``empty``.
        efficiency: (charge, discharge) efficiencies, overriding ``round_trip``.

    Returns:
        The hourly :class:`Dispatch`; every hour closes: used + charge + curtailed = gen and
        used + discharge + grid_import = load.

    Raises:
        ValueError: a negative or non-finite input, an efficiency outside (0, 1], or an unknown ``start``.
    """
    eta_c, eta_d = efficiency if efficiency is not None else efficiencies(round_trip)
    if not (0 < eta_c <= 1 and 0 < eta_d <= 1):
        raise ValueError(f"efficiencies {(eta_c, eta_d)!r}; expected numbers in (0, 1]")
    gen, load, power, energy = _prepare(gen, load, power_mw, energy_mwh)
    used = np.minimum(gen, load)
    surplus, deficit = gen - used, load - used
    r = _year(np.ascontiguousarray(surplus.T), np.ascontiguousarray(deficit.T), None, power, energy, eta_c, eta_d,
              start, keep=True)
    return Dispatch(used=used, charge=r["charge"], discharge=r["discharge"], curtailed=surplus - r["charge"],
                    grid_import=deficit - r["discharge"], soc=r["soc"], soc_start=r["soc_start"], load=load, gen=gen)


def dispatch_loop(gen: list[float], load: list[float], power_mw: float, energy_mwh: float, round_trip: float = 0.81,
                  ) -> tuple[float, float]:
    """The same greedy dispatch, one scenario, as a plain per-hour Python loop from an empty start.

    Kept as the benchmark's baseline (``benchmarks/matching.py``) and as an independent check of :func:`dispatch`.

    Returns:
        The hourly matched share and the final state of charge (MWh).
    """
    eta_c, eta_d = efficiencies(round_trip)
    soc, matched, total = 0.0, 0.0, 0.0
    for g, lo in zip(gen, load, strict=True):
        used = min(g, lo)
        surplus, deficit = g - used, lo - used
        c = min(surplus, power_mw, (energy_mwh - soc) / eta_c)
        d = min(deficit, power_mw, soc * eta_d)
        soc = min(max(soc + c * eta_c - d / eta_d, 0.0), energy_mwh)
        matched += used + d
        total += lo
    return matched / total, soc


def storage_for_target(gen: np.ndarray, load: np.ndarray, target: float, hours: np.ndarray,
                       duration_h: float = 4.0, round_trip: float = 0.81,
                       start: str = "periodic") -> tuple[float | None, np.ndarray]:
    """The least storage (hours of mean load) on a grid that reaches ``target`` hourly matched share.

    Args:
        gen: green generation, MW, (hours,).
        load: load, MW, (hours,).
        target: the matched share to reach (0–1).
        hours: candidate storage sizes in hours of mean load, ascending.
        duration_h: battery energy / power (h): the power is energy / duration.
        round_trip: round-trip efficiency.
        start: ``periodic`` or ``empty``.

    Returns:
        The smallest size that reaches the target (None: "not reached at this overbuild") and the matched share
        at every size.
    """
    hours = np.asarray(hours, dtype=float)
    energy = storage_energy_mwh(hours, float(np.mean(load)))
    r = matched_shares(np.atleast_2d(gen), load, np.zeros(len(hours), dtype=int), energy / duration_h, energy,
                       round_trip=round_trip, start=start)
    ok = np.flatnonzero(r["matched_share"] >= target - 1e-12)
    return (float(hours[ok[0]]) if len(ok) else None), r["matched_share"]


def frontier(gen_shape: np.ndarray, load: np.ndarray, target: float, overbuilds: np.ndarray, hours: np.ndarray,
             duration_h: float = 4.0, round_trip: float = 0.81, start: str = "periodic") -> np.ndarray:
    """The iso-share frontier: for each overbuild, the least storage hours that reach ``target`` (NaN: none).

    Without costs, storage and overbuild cannot be ranked; the frontier lists every combination that reaches the
    target, so a reader can price them.

    Args:
        gen_shape: green generation at 100 % of the annual load volume, MW, (hours,).
        load: load, MW, (hours,).
        target: the matched share (0–1).
        overbuilds: multiples of the annual volume (1.0 = generation equals load over the year), ascending.
        hours: candidate storage sizes (hours of mean load), ascending.
        duration_h: battery energy / power (h).
        round_trip: round-trip efficiency.
        start: ``periodic`` or ``empty``.

    Returns:
        (overbuilds,) storage hours, NaN where no size on the grid reaches the target.
    """
    gens = np.asarray(overbuilds, dtype=float)[:, None] * np.asarray(gen_shape, dtype=float)[None, :]
    hours = np.asarray(hours, dtype=float)
    rows = np.repeat(np.arange(len(gens)), len(hours))
    energy = np.tile(storage_energy_mwh(hours, float(np.mean(load))), len(gens))
    share = matched_shares(gens, load, rows, energy / duration_h, energy, round_trip=round_trip,
                           start=start)["matched_share"].reshape(len(gens), len(hours))
    reached = share >= target - 1e-12
    first = np.argmax(reached, axis=1)
    return np.where(reached.any(axis=1), hours[first], np.nan)


def direct_supply_checks(totals: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The direct-supply (绿电直连) ratios of notice 发改能源〔2025〕650号 for each scenario.

    The rules are restated in ``docs/methods.md#direct-supply-checks``.

    Args:
        totals: :func:`matched_shares` (or the same keys from a :class:`Dispatch`).

    Returns:
        self_use_share (green generation used on site, directly or through the battery, / generation; rule
        >= 60 %), export_share (surplus not used or stored, taken as sent to the grid, / generation; rule <= 20 %, a
        figure seen only in a provincial restatement), green_of_load (matched green / consumption; rule >= 30 %),
        and one boolean per rule: self_use_ok, export_ok, green_of_load_ok.
    """
    gen = totals["gen_mwh"]
    with np.errstate(invalid="ignore", divide="ignore"):
        export = np.where(gen > 0, totals["curtailed_mwh"] / gen, 0.0)
    self_use = np.where(gen > 0, 1.0 - export, 0.0)
    green = totals["matched_share"]
    return {"self_use_share": self_use, "export_share": export, "green_of_load": green,
            "self_use_ok": self_use >= 0.6 - 1e-12, "export_ok": export <= 0.2 + 1e-12,
            "green_of_load_ok": green >= 0.3 - 1e-12}


def core_of_scenario(totals: dict[str, np.ndarray], i: int, province_code: str, calibre, factors, rules,
                     scale_mw: float = 1.0) -> dict:
    """The national core indicator of one matched scenario, under an accounting calibre.

    The park is all-electric: matched green power (used directly or through the battery) counts as direct green
    supply (zero CO2, in Q), grid import as grid power at the calibre's factor; surplus sent out is green and earns
    no credit. Beside E it gives the annual net inflow (import − export) and gross import × factor.

    Args:
        totals: :func:`matched_shares`.
        i: the scenario's index.
        province_code: the park's province (its factor under a provincial calibre).
        calibre: a :class:`~zcparks.models.accounting.Calibre` (must not be refused).
        factors: :func:`~zcparks.models.accounting.factors_from_data`.
        rules: ``zcparks.data.indicator_rules()``.
        scale_mw: the park's mean load (MW) when the totals are per 1 MW of mean load.

    Returns:
        intensity (tCO2/tce), verdict, threshold, e_t, q_tce, net_inflow_mwh and gross_import_e_t.
    """
    from zcparks.data.balance import ELECTRICITY, HEAT, YearBalance
    from zcparks.models import accounting as acc

    imp = float(totals["import_mwh"][i]) * scale_mw
    green = float(totals["used_mwh"][i] + totals["discharge_mwh"][i]) * scale_mw
    exported = float(totals["curtailed_mwh"][i]) * scale_mw
    el = dict.fromkeys(ELECTRICITY, 0.0) | {"grid_mwh": imp, "direct_green_mwh": green}
    heat = dict.fromkeys(HEAT, 0.0) | {"supplier_factor_tco2_per_gj": None}
    a = acc.account(YearBalance(2020, {}, el, heat, 0.0), province_code, calibre, factors)
    c = acc.core(a, rules)
    return {"intensity": c["intensity"], "verdict": c["verdict"], "threshold": c["threshold"], "e_t": a.e_t,
            "q_tce": a.q_tce, "net_inflow_mwh": imp - exported, "gross_import_e_t": imp * a.grid_factor_tco2_per_mwh}


def needs(shapes: dict[str, np.ndarray], load: np.ndarray, targets: tuple[float, ...], hours: np.ndarray,
          overbuilds: np.ndarray, max_hours: float = 12.0, duration_h: float = 4.0,
          round_trip: float = 0.81) -> list[dict]:
    """What each supply shape needs to reach each target: storage at 100 % volume, else the overbuild.

    Args:
        shapes: key (e.g. a province code) -> green supply at 100 % of the load's annual volume (hours,).
        load: the load shape (hours,).
        targets: hourly matched shares to reach.
        hours: candidate storage sizes (hours of mean load), ascending.
        overbuilds: candidate multiples of the annual volume, ascending (for when storage alone does not suffice).
        max_hours: the largest storage considered with overbuild.
        duration_h: battery energy / power (h).
        round_trip: round-trip efficiency.

    Returns:
        One record per key and target: key, target, storage_h (least hours at 100 % volume, or None: not reached at
        this overbuild), overbuild (least overbuild reaching the target with at most ``max_hours``, or None) and
        storage_h_at_overbuild.
    """
    hours, overbuilds = np.asarray(hours, dtype=float), np.asarray(overbuilds, dtype=float)
    ob = np.unique(np.r_[1.0, overbuilds])  # every overbuild and every size in one vectorised run per shape
    out = []
    for key, shape in shapes.items():
        gens = ob[:, None] * np.asarray(shape, dtype=float)[None, :]
        rows = np.repeat(np.arange(len(ob)), len(hours))
        energy = np.tile(storage_energy_mwh(hours, float(np.mean(load))), len(ob))
        share = matched_shares(gens, load, rows, energy / duration_h, energy,
                               round_trip=round_trip)["matched_share"].reshape(len(ob), len(hours))
        at_one = share[np.flatnonzero(ob == 1.0)[0]]
        for target in targets:
            reached = np.flatnonzero(at_one >= target - 1e-12)
            size = float(hours[reached[0]]) if len(reached) else None
            ob_x, ob_h = None, None
            if size is None or size > max_hours:
                for i in np.flatnonzero(np.isin(ob, overbuilds)):
                    ok = np.flatnonzero((share[i] >= target - 1e-12) & (hours <= max_hours))
                    if len(ok):
                        ob_x, ob_h = float(ob[i]), float(hours[ok[0]])
                        break
            out.append({"key": key, "target": target, "storage_h": size, "overbuild": ob_x,
                        "storage_h_at_overbuild": ob_h})
    return out
