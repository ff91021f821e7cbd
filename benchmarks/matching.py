"""Benchmark of the hourly matching engine (issue 13 target: the full sweep <= 2 s and >= 50x a plain loop).

The sweep is 52 parks x 8760 h x 50 storage sizes (2 600 scenarios) through
:func:`zcparks.models.matching.matched_shares` (vectorised across scenarios; the hour loop carries only
the state of charge and the discharge total), from an empty start (one pass; the periodic start repeats the year
until it closes, see the engine's docstring), and the same with the periodic start. The full hourly
:func:`~zcparks.models.matching.dispatch` (which keeps every hourly series) is timed on one park's 50
sizes. The baseline, measured in the same run, is the same greedy dispatch as a plain per-hour Python
loop (:func:`~zcparks.models.matching.dispatch_loop`) on a subset of scenarios, extrapolated per
scenario to the full sweep.

Supply and load here are deterministic synthetic series of the right shape (a PV-like day curve scaled by a
per-day factor and a wind-like series), because timing does not depend on the values; the real ERA5 profiles of
``data/raw/hourly_profiles`` take the same arrays.

Run inside the venv:  .venv/bin/python benchmarks/matching.py [--subset 20] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from zcparks.models import matching as m

PARKS, HOURS, SIZES = 52, 8760, 50


def synthetic(parks: int, hours: int) -> tuple[np.ndarray, np.ndarray]:
    """Deterministic supply (parks, hours) at about 100 % of a flat 1 MW load's annual volume, and that load."""
    h = np.arange(hours)
    day = np.clip(np.sin((h % 24 - 6) / 12 * np.pi), 0, None)
    k = np.arange(parks)[:, None]
    pv = day * (0.6 + 0.4 * np.sin(h // 24 / 7.0 + k)) * 2.2
    wind = np.clip(0.45 + 0.35 * np.sin(h / (13.0 + k % 7)) * np.cos(h / 97.0), 0, 1)
    gen = 0.5 * pv / pv.mean(axis=1, keepdims=True) + 0.5 * wind / wind.mean(axis=1, keepdims=True)
    return gen, np.ones(hours)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--subset", type=int, default=20, help="scenarios timed with the plain loop (default 20)")
    ap.add_argument("--runs", type=int, default=3, help="repeats of the vectorised sweep; the median is reported")
    args = ap.parse_args()
    gen, load = synthetic(PARKS, HOURS)
    hours = np.linspace(0, 12, SIZES)  # storage hours of the mean load (1 MW)
    rows = np.repeat(np.arange(PARKS), SIZES)  # scenario -> park
    energy = np.tile(hours, PARKS)
    power = energy / 4  # a 4-hour battery
    times, periodic = [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        r = m.matched_shares(gen, load, rows, power, energy, round_trip=0.81, start="empty")
        times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        m.matched_shares(gen, load, rows, power, energy, round_trip=0.81)
        periodic.append(time.perf_counter() - t0)
    vec = statistics.median(times)
    n = len(rows)
    t0 = time.perf_counter()
    m.dispatch(np.repeat(gen[:1], SIZES, axis=0), load, power[:SIZES], energy[:SIZES], start="empty")
    hourly = time.perf_counter() - t0
    t0 = time.perf_counter()
    loop_shares = [m.dispatch_loop(list(gen[rows[i]]), list(load), float(power[i]), float(energy[i]))[0]
                   for i in range(args.subset)]
    loop_per = (time.perf_counter() - t0) / args.subset
    assert np.allclose(loop_shares, r["matched_share"][: args.subset]), "loop and vectorised engine disagree"
    full_loop = loop_per * n
    print(f"sweep: {PARKS} parks x {HOURS} h x {SIZES} storage sizes = {n} scenarios")
    print(f"vectorised sweep, empty start: {vec:.2f} s (median of {args.runs}; target <= 2 s)")
    print(f"vectorised sweep, periodic start: {statistics.median(periodic):.2f} s (repeats the year until it closes)")
    print(f"hourly dispatch with every series kept, one park x {SIZES} sizes: {hourly:.2f} s")
    print(f"plain per-hour loop: {loop_per * 1000:.1f} ms per scenario on {args.subset} scenarios -> "
          f"{full_loop:.0f} s for the sweep (baseline, same run)")
    print(f"speed-up: {full_loop / vec:.0f}x (target >= 50x)")


if __name__ == "__main__":
    main()
