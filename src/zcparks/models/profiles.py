"""Hourly supply and load profiles for matching: calibrated ERA5 shapes and illustrative load archetypes.

Every series here is **modelled** and rests on **one weather year (2020)**; reports say so, with the method:

* **PV**: the province's ERA5 capacity factor as is, or rescaled to the province's observed full-load hours of a
  chosen year: ``cf' = min(k × cf, 1)`` with ``k`` found so the annual sum equals the observed hours (``k`` is
  reported).
* **Onshore wind**: the ERA5 shape is biased low (median raw / observed 0.60 in 2020), so its level is
  recalibrated to the observed hours by a monotone transform in CF space, ``cf' = cf ** a`` with ``a`` found by
  bisection: it keeps 0 and 1 fixed, keeps the hour-to-hour order, and never clips (plain scaling would exceed 1).
  A shape whose raw / observed ratio is below :data:`LOW_CONFIDENCE_RATIO` is flagged low-confidence.
* **Load archetypes** by industry class (no public park load exists, so each is **illustrative**): continuous
  process (flat), two-shift and one-shift manufacturing (working hours, weekend factor), data centre (flat with a
  small daytime cooling bump), each with a seasonal factor; the province's real 2018 load curve is a sensitivity.

Calendar: 8 760 hours of 2020 without 29 February, Beijing time; 2020-01-01 was a Wednesday.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["LOW_CONFIDENCE_RATIO", "Calibrated", "calibrate_wind", "rescale_pv", "ARCHETYPES", "LoadArchetype",
           "load_shape", "FIRST_WEEKDAY", "solar_noon_h", "diurnal_peak_h", "timing_check", "delivered_over_line",
           "mix_shape"]

LOW_CONFIDENCE_RATIO = 0.5
"""Raw ERA5 / observed full-load hours below this mark a wind shape as low-confidence (Chongqing 0.12, Sichuan, ...)."""

FIRST_WEEKDAY = 2
"""Weekday of 2020-01-01 (Monday = 0): a Wednesday."""

_BISECTION_STEPS = 200


@dataclass(frozen=True)
class Calibrated:
    """A calibrated capacity-factor series and how it was made.

    Attributes:
        cf: the calibrated hourly capacity factors, in [0, 1].
        raw_hours: annual full-load hours of the raw ERA5 series (h).
        target_hours: the observed full-load hours it was calibrated to (h).
        parameter: the transform's parameter (wind: the exponent ``a``; PV: the scale ``k``).
        low_confidence: raw / observed is below :data:`LOW_CONFIDENCE_RATIO`.
    """

    cf: np.ndarray
    raw_hours: float
    target_hours: float
    parameter: float
    low_confidence: bool

    @property
    def ratio(self) -> float:
        """Raw / observed full-load hours."""
        return self.raw_hours / self.target_hours


def _check(cf: np.ndarray, target_hours: float, what: str) -> np.ndarray:
    cf = np.asarray(cf, dtype=float)
    if cf.ndim != 1 or not np.isfinite(cf).all() or cf.min() < 0 or cf.max() > 1 + 1e-9:
        raise ValueError(f"{what}: expected one series of capacity factors within [0, 1]")
    cf = np.minimum(cf, 1.0)  # the files store 1.0 as 1.0000000000000002 in places
    if not (np.isfinite(target_hours) and 0 < target_hours < len(cf)):
        raise ValueError(f"{what}: target full-load hours {target_hours!r}; expected a number in (0, {len(cf)})")
    return cf


def calibrate_wind(cf: np.ndarray, target_hours: float) -> Calibrated:
    """Recalibrate a wind capacity-factor series to ``target_hours`` by ``cf ** a`` (monotone, within [0, 1]).

    Args:
        cf: hourly capacity factors (8 760 h).
        target_hours: observed annual full-load hours (h).

    Raises:
        ValueError: the target cannot be reached (more hours than the series has windy hours) or bad input.
    """
    cf = _check(cf, target_hours, "wind calibration")
    windy = float((cf > 0).sum())
    if target_hours >= windy:
        raise ValueError(f"wind calibration: {target_hours:g} h cannot be reached; the series has {windy:g} windy hours")
    lo, hi = 1e-6, 1.0
    while (cf ** hi).sum() > target_hours:  # raise the upper bound until the sum falls below the target
        hi *= 2.0
    for _ in range(_BISECTION_STEPS):
        a = 0.5 * (lo + hi)
        if (cf ** a).sum() > target_hours:
            lo = a
        else:
            hi = a
    a = 0.5 * (lo + hi)
    raw = float(cf.sum())
    return Calibrated(cf ** a, raw, float(target_hours), a, raw / target_hours < LOW_CONFIDENCE_RATIO)


def rescale_pv(cf: np.ndarray, target_hours: float) -> Calibrated:
    """Rescale a PV capacity-factor series to ``target_hours``: ``min(k × cf, 1)`` with ``k`` found by bisection.

    Args:
        cf: hourly capacity factors (8 760 h).
        target_hours: observed annual full-load hours (h).

    Raises:
        ValueError: the target cannot be reached (more than the sunlit hours) or bad input.
    """
    cf = _check(cf, target_hours, "PV rescaling")
    sunlit = float((cf > 0).sum())
    if target_hours >= sunlit:
        raise ValueError(f"PV rescaling: {target_hours:g} h cannot be reached; the series has {sunlit:g} sunlit hours")
    lo, hi = 0.0, 1.0
    while np.minimum(hi * cf, 1.0).sum() < target_hours:
        hi *= 2.0
    for _ in range(_BISECTION_STEPS):
        k = 0.5 * (lo + hi)
        if np.minimum(k * cf, 1.0).sum() < target_hours:
            lo = k
        else:
            hi = k
    k = 0.5 * (lo + hi)
    raw = float(cf.sum())
    return Calibrated(np.minimum(k * cf, 1.0), raw, float(target_hours), k, raw / target_hours < LOW_CONFIDENCE_RATIO)


@dataclass(frozen=True)
class LoadArchetype:
    """An illustrative park load shape (no public hourly park load exists).

    Attributes:
        name: the archetype's code.
        working_hours: (first, last + 1) hour of the shifts on working days, or None for round-the-clock.
        off_shift: load outside the working hours, as a fraction of the working-hours load.
        weekend: load on Saturdays and Sundays, as a fraction of a working day's.
        seasonal: amplitude of a cosine with its peak in mid-July (0 = no seasonal swing).
        daytime_bump: extra load from 10:00 to 18:00, as a fraction (data-centre cooling).
    """

    name: str
    working_hours: tuple[int, int] | None
    off_shift: float = 1.0
    weekend: float = 1.0
    seasonal: float = 0.0
    daytime_bump: float = 0.0


ARCHETYPES = {
    "continuous_process": LoadArchetype("continuous_process", None, seasonal=0.03),
    "two_shift": LoadArchetype("two_shift", (6, 22), off_shift=0.35, weekend=0.6, seasonal=0.05),
    "one_shift": LoadArchetype("one_shift", (8, 17), off_shift=0.2, weekend=0.3, seasonal=0.05),
    "data_centre": LoadArchetype("data_centre", None, seasonal=0.06, daytime_bump=0.05),
}
"""The illustrative archetypes (assumed parameters, stated in every report that uses them)."""


def load_shape(archetype: LoadArchetype | str, hours: int = 8760) -> np.ndarray:
    """An hourly load shape with mean 1 (multiply by the park's mean load in MW).

    Args:
        archetype: a :class:`LoadArchetype` or a key of :data:`ARCHETYPES`.
        hours: the length (8 760 for 2020 without 29 February).
    """
    a = ARCHETYPES[archetype] if isinstance(archetype, str) else archetype
    h = np.arange(hours)
    hour, day = h % 24, h // 24
    weekday = (day + FIRST_WEEKDAY) % 7
    shape = np.ones(hours)
    if a.working_hours is not None:
        on = (hour >= a.working_hours[0]) & (hour < a.working_hours[1])
        shape = np.where(on, 1.0, a.off_shift)
    shape = shape * np.where(weekday >= 5, a.weekend, 1.0)
    shape = shape * (1 + a.daytime_bump * ((hour >= 10) & (hour < 18)))
    doy = day + (day >= 59)  # day of the year in 2020 (29 February dropped)
    shape = shape * (1 + a.seasonal * np.cos(2 * np.pi * (doy - 196) / 366))
    return shape / shape.mean()


def solar_noon_h(lon: float, lat: float) -> float:
    """Mean local solar noon over 2020 at a location, in hours of Beijing time (UTC+8).

    Noon is 12:00 + (120° − lon) × 4 min − the equation of time (pvlib's Spencer 1971 series, within about a
    minute of the SPA sun transit), averaged over the 366 days of 2020; it does not depend on the latitude, which
    is kept for the signature of a site. A check of timing only: a clear-sky model of the site would remove cloudy
    days and bias the matched share upward, so it is not used to measure how far a provincial average profile
    overstates one site's share.
    """
    import pvlib

    eot_min = pvlib.solarposition.equation_of_time_spencer71(np.arange(1, 367))
    return float(np.mean(12.0 + (120.0 - lon) / 15.0 - eot_min / 60.0))


def diurnal_peak_h(cf: np.ndarray) -> float:
    """The hour of the mean diurnal peak of an hourly series, as the middle of the hour.

    The ERA5 stamps are most consistent with hour-ending values (the energy of the hour before the stamp), so the
    peak at stamp ``s`` is taken at ``s − 0.5``.
    """
    day = np.asarray(cf, dtype=float).reshape(-1, 24).mean(axis=0)
    return float(day.argmax()) - 0.5


def timing_check(cf: np.ndarray, lon: float, lat: float, tolerance_h: float = 1.0) -> dict[str, float | bool]:
    """The PV profile's diurnal peak against local solar noon at a park (timing only).

    Returns:
        solar_noon_h, peak_h (both Beijing time), diff_h (peak − noon) and ok (|diff| <= ``tolerance_h``).
    """
    noon, peak = solar_noon_h(lon, lat), diurnal_peak_h(cf)
    return {"solar_noon_h": noon, "peak_h": peak, "diff_h": peak - noon, "ok": abs(peak - noon) <= tolerance_h}


def delivered_over_line(cf: np.ndarray, loss: float) -> np.ndarray:
    """A remote province's profile delivered to a park over a long-distance line with a stated loss (0–1).

    Raises:
        ValueError: the loss is not in [0, 1).
    """
    if not 0 <= loss < 1:
        raise ValueError(f"line loss {loss!r}; expected a fraction in [0, 1)")
    return np.asarray(cf, dtype=float) * (1.0 - loss)


def mix_shape(pv_cf: np.ndarray, wind_cf: np.ndarray, pv_share: float = 0.5) -> np.ndarray:
    """Green supply at 100 % of a flat 1 MW load's annual volume: ``pv_share`` of the energy from PV, the rest wind.

    Raises:
        ValueError: ``pv_share`` is not in [0, 1].
    """
    if not 0 <= pv_share <= 1:
        raise ValueError(f"PV share {pv_share!r}; expected a fraction in [0, 1]")
    pv, wind = np.asarray(pv_cf, dtype=float), np.asarray(wind_cf, dtype=float)
    return pv_share * pv / pv.mean() + (1 - pv_share) * wind / wind.mean()
