"""A park's modelled green supply and load for hourly matching, built from the data layer (weather year 2020).

Shared by the hourly-matching report (06) and the park profiles (11). Everything is per 1 MW of the park's mean
load: the load shape has mean 1, and a supply shape at ``overbuild`` 1.0 delivers the load's annual volume. Every
series is **modelled** on **one weather year (2020)**:

* **PV**: the province's ERA5 profile as is (its annual yield is within ±25 % of the observed 2020 full-load hours in
  28 of 31 provinces), or rescaled to the observed hours of a chosen year (:func:`~.profiles.rescale_pv`).
* **Onshore wind**: the province's ERA5 shape recalibrated to its observed 2020 full-load hours
  (:func:`~.profiles.calibrate_wind`); a shape whose raw yield is below half the observed one is low-confidence.
* **Offshore wind**: the ERA5 profile of the 11 coastal provinces that have one (no observed provincial offshore
  hours exist to calibrate it; used as is).
* **Over a line**: a western province's PV and calibrated wind, in the same PV share, delivered with the source
  province's hourly shape and a stated line loss. Sizing is by delivered energy, so the loss changes the generation
  needed at the source (÷ (1 − loss)), not the hourly shape; no line schedule or capacity limit is modelled.
* **Load**: an illustrative archetype by industry class (:data:`LOAD_OF_CLASS`) or, as a sensitivity, the park
  province's real 2018 load curve aligned to the 2020 weekdays (:func:`zcparks.data.hourly.align_load_to_weather_year`).

The provincial profiles are averages over a province; one site's output is more variable, so a provincial profile
tends to overstate the share a single site achieves. The size of that bias is not measured here (a clear-sky model of
the site would remove cloudy days and bias the share upward instead).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from zcparks.errors import ParameterError
from zcparks.models import matching as m
from zcparks.models import profiles as pr

__all__ = ["LOAD_OF_CLASS", "LOAD_CLASSES", "PROVINCE_LOAD", "Mix", "Design", "Profiles", "read", "load_class_for"]

PROVINCE_LOAD = "province"
"""The load class that uses the park province's real 2018 load curve (a sensitivity case)."""

LOAD_CLASSES = (*pr.ARCHETYPES, PROVINCE_LOAD)

LOAD_OF_CLASS = {
    "traditional_energy_intensive": "continuous_process",
    "computing_data_centre": "data_centre",
    "new_energy_manufacturing": "two_shift",
    "advanced_manufacturing": "two_shift",
    "mixed": "two_shift",
    "unknown": "two_shift",
}
"""Industry class of a park (``parks.industry_class``) -> its illustrative load archetype (an analyst's choice)."""

WEATHER_YEAR = 2020


def load_class_for(industry_class: str) -> str:
    """The illustrative load archetype of a park's industry class (:data:`LOAD_OF_CLASS`).

    Raises:
        ParameterError: an industry class without an archetype (the message lists the known ones).
    """
    if industry_class not in LOAD_OF_CLASS:
        raise ParameterError(f"industry class {industry_class!r} has no load archetype; expected one of "
                             f"{', '.join(LOAD_OF_CLASS)}")
    return LOAD_OF_CLASS[industry_class]


@dataclass(frozen=True)
class Mix:
    """Where a park's green energy comes from, as shares of its annual green energy (each 0–1).

    Attributes:
        pv_share: of the park's own (non-line) green energy, the part from PV; the rest is wind.
        offshore_share: of that wind energy, the part from offshore wind (coastal provinces only).
        line_share: of all green energy, the part delivered over a long-distance line from ``line_from``.
        line_from: GB/T 2260 code of the line's source province (its PV and calibrated onshore wind, in
            ``pv_share``).
        line_loss: the line's loss as a fraction of the energy sent (0–1); a stated assumption.
        pv_year: 0 uses ERA5 PV as is; a year rescales every PV profile used to the province's observed full-load
            hours of that year (:meth:`Profiles.pv_cf`; observed years only).
    """

    pv_share: float = 0.5
    offshore_share: float = 0.0
    line_share: float = 0.0
    line_from: str = "150000"
    line_loss: float = 0.0
    pv_year: int = 0

    def __post_init__(self) -> None:
        for name in ("pv_share", "offshore_share", "line_share"):
            v = getattr(self, name)
            if not 0 <= v <= 1:
                raise ParameterError(f"parameter {name}: {v!r}; expected a share between 0 and 1")
        if not 0 <= self.line_loss < 1:
            raise ParameterError(f"parameter line_loss: {self.line_loss!r}; expected a fraction in [0, 1)")

    def parts(self) -> dict[str, float]:
        """Energy share of each part (pv, onwind, offwind, line), summing to 1."""
        own = 1.0 - self.line_share
        wind = own * (1.0 - self.pv_share)
        return {"pv": own * self.pv_share, "onwind": wind * (1.0 - self.offshore_share),
                "offwind": wind * self.offshore_share, "line": self.line_share}


@dataclass(frozen=True)
class Design:
    """Sizes of a matching scenario, per 1 MW of mean load.

    Attributes:
        overbuild: annual green energy delivered / annual load (1.0 = the load's annual volume).
        storage_h: battery energy in hours of mean load.
        duration_h: battery energy / power (h).
        round_trip: round-trip efficiency (split equally between charge and discharge).
        start: ``periodic`` or ``empty`` (the battery's state at the start of the year).
    """

    overbuild: float = 1.0
    storage_h: float = 4.0
    duration_h: float = 4.0
    round_trip: float = 0.81
    start: str = "periodic"

    @property
    def energy_mwh(self) -> float:
        """Battery energy per 1 MW of mean load (MWh)."""
        return float(m.storage_energy_mwh(self.storage_h, 1.0))

    @property
    def power_mw(self) -> float:
        """Battery power per 1 MW of mean load (MW)."""
        return self.energy_mwh / self.duration_h if self.duration_h > 0 else 0.0


@dataclass
class Profiles:
    """The hourly data a matching run reads, read once; calibrated shapes are computed on first use.

    Attributes:
        pv: raw ERA5 PV capacity factors, 8 760 h x 31 province codes.
        onwind: raw ERA5 onshore wind capacity factors, 8 760 h x 31.
        offwind: raw ERA5 offshore wind capacity factors, 8 760 h x the 11 coastal province codes.
        load: provincial load 2018 (MW), aligned to the 2020 weekdays, 8 760 h x 31.
        observed: technology (``solar``, ``wind``) -> observed 2020 full-load hours by province code.
        solar_hours: observed PV full-load hours of every year with them: province_code, year, hours.
    """

    pv: pd.DataFrame
    onwind: pd.DataFrame
    offwind: pd.DataFrame
    load: pd.DataFrame
    observed: dict[str, pd.Series]
    solar_hours: pd.DataFrame
    _wind: dict[str, pr.Calibrated] = field(default_factory=dict, repr=False)

    def wind(self, code: str) -> pr.Calibrated:
        """The province's onshore wind, recalibrated to its observed 2020 full-load hours."""
        if code not in self._wind:
            self._wind[code] = pr.calibrate_wind(self.onwind[code].to_numpy(), float(self.observed["wind"][code]))
        return self._wind[code]

    def pv_cf(self, code: str, year: int = 0) -> np.ndarray:
        """The province's PV capacity factors: ERA5 as is (``year`` 0), else rescaled to its observed hours.

        The rescaling is ``min(k × cf, 1)`` to the hours of ``year``; :meth:`pv_rescaled` gives ``k``.

        Raises:
            ParameterError: a year without observed PV hours (the message lists the observed years).
        """
        return self.pv[code].to_numpy() if year == 0 else self.pv_rescaled(code, year).cf

    def pv_rescaled(self, code: str, year: int) -> pr.Calibrated:
        """The province's PV rescaled to its observed full-load hours of ``year``, with the factor ``k``.

        Raises:
            ParameterError: a year without observed PV hours (the message lists the observed years).
        """
        sel = self.solar_hours[(self.solar_hours["year"] == year) & (self.solar_hours["province_code"] == code)]
        if sel.empty:
            years = ", ".join(map(str, sorted(self.solar_hours["year"].unique())))
            raise ParameterError(f"parameter pv_year: {year} has no observed PV full-load hours for province {code}; "
                                 f"expected 0 (ERA5 as is) or an observed year: {years}")
        return pr.rescale_pv(self.pv[code].to_numpy(), float(sel["hours"].iloc[0]))

    def _check(self, code: str, what: str) -> None:
        if code not in self.pv.columns:
            raise ParameterError(f"{what}: province {code!r} has no hourly profile; expected one of the 31 "
                                 f"GB/T 2260 province codes")

    def supply(self, code: str, mix: Mix) -> tuple[np.ndarray, list[str]]:
        """Green supply at 100 % of a mean-1 load's annual volume (MW per MW of mean load, 8 760 h).

        Args:
            code: the park's province (GB/T 2260).
            mix: the supply mix.

        Returns:
            The shape (mean 1), and the province codes whose wind shape it uses that are low-confidence.

        Raises:
            ParameterError: offshore wind asked for a province without an offshore profile, or an unknown
                province (the message names it).
        """
        self._check(code, "park province")
        parts = mix.parts()
        if parts["offwind"] > 0 and code not in self.offwind.columns:
            raise ParameterError(f"parameter offshore_share: province {code} has no offshore wind profile; "
                                 f"expected 0 there (offshore profiles: {', '.join(self.offwind.columns)})")
        shape, low = np.zeros(len(self.pv)), []
        series = {"pv": lambda: self.pv_cf(code, mix.pv_year), "onwind": lambda: self.wind(code).cf,
                  "offwind": lambda: self.offwind[code].to_numpy()}
        for key, get in series.items():
            if parts[key] > 0:
                cf = get()
                shape += parts[key] * cf / cf.mean()
        if parts["onwind"] > 0 and self.wind(code).low_confidence:
            low.append(code)
        if parts["line"] > 0:
            self._check(mix.line_from, "parameter line_from")
            remote = pr.delivered_over_line(
                pr.mix_shape(self.pv_cf(mix.line_from, mix.pv_year), self.wind(mix.line_from).cf, mix.pv_share),
                mix.line_loss)
            shape += parts["line"] * remote / remote.mean()
            if mix.pv_share < 1 and self.wind(mix.line_from).low_confidence:
                low.append(mix.line_from)
        return shape, low

    def load_shape(self, code: str, load_class: str) -> np.ndarray:
        """The park's load shape (mean 1): an archetype, or ``province`` for the province's real 2018 curve.

        Raises:
            ParameterError: an unknown load class.
        """
        if load_class == PROVINCE_LOAD:
            self._check(code, "park province")
            s = self.load[code].to_numpy(dtype=float)
            return s / s.mean()
        if load_class not in pr.ARCHETYPES:
            raise ParameterError(f"parameter load_class: {load_class!r}; expected one of {', '.join(LOAD_CLASSES)}")
        return pr.load_shape(load_class, len(self.pv))

    @cached_property
    def yields(self) -> pd.DataFrame:
        """Modelled annual yields per province against the observed 2020 full-load hours, raw and calibrated.

        Returns:
            One row per province and technology (``solar``, ``wind``): province_code, technology, observed_h,
            raw_h (ERA5 as is), calibrated_h (wind: after :func:`~.profiles.calibrate_wind`; PV is used raw, so
            its calibrated_h is its raw_h), raw_ratio (raw / observed), low_confidence.
        """
        rows = []
        for code in self.pv.columns:
            pv_raw = float(self.pv[code].sum())
            obs = float(self.observed["solar"][code])
            rows.append({"province_code": code, "technology": "solar", "observed_h": obs, "raw_h": pv_raw,
                         "calibrated_h": pv_raw, "raw_ratio": pv_raw / obs, "low_confidence": False})
            w = self.wind(code)
            rows.append({"province_code": code, "technology": "wind", "observed_h": w.target_hours,
                         "raw_h": w.raw_hours, "calibrated_h": float(w.cf.sum()), "raw_ratio": w.ratio,
                         "low_confidence": w.low_confidence})
        return pd.DataFrame(rows)

    def run(self, code: str, mix: Mix, load_class: str, design: Design) -> tuple[m.Dispatch, list[str]]:
        """The hourly dispatch of one park (per 1 MW of mean load) and its low-confidence wind shapes."""
        shape, low = self.supply(code, mix)
        load = self.load_shape(code, load_class)
        d = m.dispatch(design.overbuild * shape, load, design.power_mw, design.energy_mwh,
                       round_trip=design.round_trip, start=design.start)
        return d, low


def read() -> Profiles:
    """Read the hourly profiles, the aligned 2018 load and the observed 2020 full-load hours from the data layer."""
    import zcparks.data as d
    from zcparks.data.hourly import align_load_to_weather_year

    h = d.hours_annual()
    obs = h[h["status"] == "observed"]
    solar = obs.loc[obs["technology"] == "solar", ["province_code", "year", "hours"]].reset_index(drop=True)
    h = obs[obs["year"] == WEATHER_YEAR]
    observed = {t: h[h["technology"] == t].set_index("province_code")["hours"] for t in ("solar", "wind")}
    raw_load = d.hourly_load()
    load = pd.DataFrame(align_load_to_weather_year(raw_load.to_numpy(dtype=float).T).T, columns=raw_load.columns)
    return Profiles(d.hourly_cf("pv"), d.hourly_cf("onwind"), d.hourly_cf("offwind"), load, observed, solar)
