"""Park carbon accounting under explicit calibres, and the national core indicator.

The trial accounting method (附件4 of 发改环资〔2025〕910号) counts CO2 from fuels, from the net inflow of
electricity and heat and from industrial processes, over a calendar year; the core indicator is
I = E / Q in tCO2 per tce of all energy consumed. Several choices the method leaves open (or that are
known only from a third-party copy of it) are **switches** here (:data:`SWITCHES`), each with the
confidence tag of the policy tables (``docs/methods.md#sources-and-confidence-tags``). A :class:`Calibre` sets
every switch; the named reference calibres (``text-copy``, ``spec-provisional``, both provisional) come from
``data/raw/policy/calibres.csv``.

Some combinations count the same green power twice. They are refused (:func:`refusal`), never scored:
green power bought by trading (or certificates) counted at zero while the rest of the grid power is
charged at a full *average* factor (national, regional or provincial), which already contains that green
power. Paired with the residual-mix factor (national average excluding market-traded non-fossil power) or
the fossil-power factor, zero-counting is consistent.

Units: electricity MWh, grid factors tCO2/MWh (= kgCO2/kWh), heat GJ and tCO2/GJ, energy tce, CO2 t.
Conversions are the named factors of :mod:`zcparks.data.units`.
"""

from __future__ import annotations

import itertools
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any

import pandas as pd

from zcparks.data import units

if TYPE_CHECKING:
    from zcparks.data.balance import YearBalance

__all__ = [
    "SWITCHES", "SWITCH_STATUS", "Calibre", "Factors", "Account", "factors_from_data", "reference_calibres",
    "refusal", "account", "core_threshold", "band_of", "core", "all_calibres", "DEFAULT_CALIBRE",
    "max_grid_share", "with_switch", "usable",
]

SWITCHES: dict[str, tuple[str, ...]] = {
    "grid_factor": ("national_fossil", "national_average", "national_residual", "regional", "provincial"),
    "vintage": ("2021", "2022", "2023"),
    "tce_basis": ("calorific", "coal_equivalent"),
    "green_trade": ("zero", "grid"),
    "certificates": ("zero", "grid"),
    "heat_factor": ("default", "supplier"),
}
"""Every accounting switch and its values, in display order."""

SWITCH_STATUS: dict[str, str] = {
    "grid_factor": "?", "vintage": "?", "tce_basis": "?", "green_trade": "?", "certificates": "?",
    "heat_factor": "?",
}
"""Confidence tag of the rule behind each switch (``docs/methods.md#accounting-switches``): none is settled in text seen."""

DEFAULT_CALIBRE = "spec-provisional"
"""The calibre reports use unless told otherwise (an assumption, stated in every report)."""

_GRID = {
    "national_fossil": "national_fossil_power_co2_emission_factor",
    "national_average": "grid_average_co2_emission_factor",
    "national_residual": "national_avg_factor_excl_market_traded_nonfossil",
}
_AVERAGES = ("national_average", "regional", "provincial")


@dataclass(frozen=True)
class Calibre:
    """One setting of every switch.

    Attributes:
        grid_factor: which MEE/NBS factor charges grid electricity (see :data:`SWITCHES`).
        vintage: the factor's data year, as text (``"2023"``).
        tce_basis: electricity to tce: ``calorific`` (0.1229 kgce/kWh) or ``coal_equivalent``.
        green_trade: green-power trades count ``zero`` CO2 or at the ``grid`` factor.
        certificates: unbundled certificates count ``zero`` or at the ``grid`` factor.
        heat_factor: bought fossil heat at the ``default`` factor or the ``supplier``'s measured one.
        name: the reference calibre's name, if it is one.
    """

    grid_factor: str
    vintage: str
    tce_basis: str
    green_trade: str
    certificates: str
    heat_factor: str = "default"
    name: str | None = None

    def __post_init__(self) -> None:
        for switch, allowed in SWITCHES.items():
            if getattr(self, switch) not in allowed:
                raise ValueError(f"calibre switch {switch}={getattr(self, switch)!r}; expected one of {list(allowed)}")

    def switches(self) -> dict[str, str]:
        """The switch settings, without the name."""
        d = asdict(self)
        d.pop("name")
        return d

    def key(self) -> str:
        """A compact, stable text key of the switch settings (``provincial/2023/calorific/grid/grid/default``)."""
        return "/".join(self.switches().values())


@dataclass(frozen=True)
class Factors:
    """The numbers accounting needs, all from ``data/raw`` (see :func:`factors_from_data`).

    Attributes:
        grid: (kind, vintage, area) -> tCO2/MWh; kind is a :data:`SWITCHES` grid_factor value, area is a
            province code (provincial), a grid-region name (regional) or ``""`` (national kinds).
        region_of: province code -> regional grid name.
        tce_per_mwh: tce basis -> tce/MWh.
        tce_basis_status: tce basis -> confidence tag (the coal-equivalent value is approximate).
        heat_default_tco2_per_gj: the default heat factor (tCO2/GJ).
        tce_per_gj: heat to tce (tce/GJ).
        fuel_co2: fuel -> tCO2 per balance unit (t or 10^4 m3).
        fuel_tce: fuel -> tce per balance unit.
        gas_fuels: fuels that are gases (for the clean-energy switch).
    """

    grid: dict[tuple[str, str, str], float]
    region_of: dict[str, str]
    tce_per_mwh: dict[str, float]
    tce_basis_status: dict[str, str]
    heat_default_tco2_per_gj: float
    tce_per_gj: float
    fuel_co2: dict[str, float]
    fuel_tce: dict[str, float]
    gas_fuels: frozenset[str]

    def grid_factor(self, calibre: Calibre, province_code: str) -> float | None:
        """The tCO2/MWh that charges grid power under ``calibre`` for a park in ``province_code`` (None: not published)."""
        kind = calibre.grid_factor
        area = province_code if kind == "provincial" else self.region_of.get(province_code, "") if kind == "regional" else ""
        return self.grid.get((kind, calibre.vintage, area))


def factors_from_data(grid_factors: pd.DataFrame, accounting_factors: pd.DataFrame,
                      fuel_coefficients: pd.DataFrame, provinces: pd.DataFrame) -> Factors:
    """Collect the accounting numbers from the data layer's tables.

    Args:
        grid_factors: ``zcparks.data.grid_factors()`` (MEE/NBS, tCO2/MWh).
        accounting_factors: ``zcparks.data.accounting_factors()``.
        fuel_coefficients: ``zcparks.data.fuel_coefficients()``.
        provinces: ``zcparks.data.provinces()`` (for the regional grid of each province).

    Returns:
        The :class:`Factors`. The XPCC uses Xinjiang's factors (its statistics province).
    """
    grid: dict[tuple[str, str, str], float] = {}
    for r in grid_factors.dropna(subset=["value_tco2_per_mwh"]).itertuples():
        year = str(int(r.year))
        if r.level == "province":
            grid[("provincial", year, str(r.province_code))] = float(r.value_tco2_per_mwh)
        elif r.level == "regional_grid":
            grid[("regional", year, str(r.region_en))] = float(r.value_tco2_per_mwh)
        else:
            kind = {v: k for k, v in _GRID.items()}[r.factor]
            grid[(kind, year, "")] = float(r.value_tco2_per_mwh)
    af = accounting_factors.set_index("factor")
    fossil = accounting_factors[accounting_factors["factor"] == "national_fossil_power_factor"]
    for r in fossil.itertuples():  # the 2021 fossil factor is not in the MEE table zcparks holds
        grid.setdefault(("national_fossil", str(int(r.year)), ""), float(r.value))
    xj = grid_factors.loc[grid_factors["province_code"] == "650000"]
    for r in xj.dropna(subset=["value_tco2_per_mwh"]).itertuples():
        grid[("provincial", str(int(r.year)), "XPCC")] = float(r.value_tco2_per_mwh)
    region_of = dict(zip(provinces["province_code"], provinces["grid_region"], strict=True))
    region_of["XPCC"] = region_of.get("650000", "")
    per_kwh = units.KGCE_PER_KWH_IS_TCE_PER_MWH.value
    fc = fuel_coefficients.set_index("fuel")
    gas = fc["per"] == "m3"
    co2_factor = gas.map({True: units.KGCO2_PER_M3_TO_T_PER_10K_M3.value, False: units.KG_PER_KG_IS_T_PER_T.value})
    tce_factor = gas.map({True: units.KGCE_PER_M3_TO_TCE_PER_10K_M3.value, False: units.KGCE_PER_KG_IS_TCE_PER_T.value})
    co2, tce = fc["co2_kg"] * co2_factor, fc["tce_kgce"] * tce_factor
    return Factors(
        grid=grid,
        region_of=region_of,
        tce_per_mwh={"calorific": float(af.loc["electricity_tce_calorific", "value"]) * per_kwh,
                     "coal_equivalent": float(af.loc["electricity_tce_coal_equivalent", "value"]) * per_kwh},
        tce_basis_status={"calorific": str(af.loc["electricity_tce_calorific", "status"]),
                          "coal_equivalent": str(af.loc["electricity_tce_coal_equivalent", "status"])},
        heat_default_tco2_per_gj=float(af.loc["heat_default", "value"]),
        tce_per_gj=units.GJ_OVER_KJ_PER_KGCE_TO_TCE.value / float(af.loc["kj_per_kgce", "value"]),
        fuel_co2={k: float(v) for k, v in co2.items()},
        fuel_tce={k: float(v) for k, v in tce.items()},
        gas_fuels=frozenset(fc.index[gas]),
    )


def reference_calibres(calibres: pd.DataFrame) -> dict[str, Calibre]:
    """The named reference calibres (``zcparks.data.calibres()``), by name."""
    out = {}
    for name, rows in calibres.groupby("calibre", sort=False):
        settings = dict(zip(rows["switch"], rows["value"].astype(str), strict=True))
        out[str(name)] = Calibre(**settings, name=str(name))
    return out


def refusal(calibre: Calibre, factors: Factors, province_code: str, year: YearBalance | None = None) -> str | None:
    """Why ``calibre`` cannot be scored for this park, as a reason code, or None when it can.

    Reason codes: ``double_counting_trade`` / ``double_counting_certificates`` (zero-counted green power
    against a full average factor that already contains it), ``factor_not_published`` (no MEE/NBS factor of
    that kind and vintage for the park's area, e.g. the 2021 residual mix, or Tibet), ``no_supplier_heat_factor``
    (the balance gives no measured heat factor).

    A switch about a claim the park does not make (no trades, no certificates) changes nothing, so it is not
    refused when ``year`` shows no such MWh; without ``year`` the claim is assumed to exist.

    Args:
        calibre: the switch settings.
        factors: the accounting numbers.
        province_code: the park's province (or XPCC).
        year: the balance year (claims and the heat switch); None checks the calibre alone.
    """
    el = year.electricity if year is not None else None
    if calibre.grid_factor in _AVERAGES:
        if calibre.green_trade == "zero" and (el is None or el["green_trade_mwh"] > 0):
            return "double_counting_trade"
        if calibre.certificates == "zero" and (el is None or el["certificates_mwh"] > 0):
            return "double_counting_certificates"
    if factors.grid_factor(calibre, province_code) is None:
        return "factor_not_published"
    if year is not None and calibre.heat_factor == "supplier" and year.heat.get("supplier_factor_tco2_per_gj") is None:
        return "no_supplier_heat_factor"
    return None


def usable(calibre: Calibre, factors: Factors, province_code: str, year: YearBalance,
           fallbacks: list[Calibre]) -> tuple[Calibre, str | None]:
    """``calibre`` if it can be scored for this park-year, else the first of ``fallbacks`` that can.

    Returns:
        The calibre to use and the refusal reason of ``calibre`` (None when it was usable).

    Raises:
        ValueError: none of them can be scored (names the reasons).
    """
    reason = refusal(calibre, factors, province_code, year)
    if reason is None:
        return calibre, None
    for c in fallbacks:
        if refusal(c, factors, province_code, year) is None:
            return c, reason
    raise ValueError(f"no calibre can be scored for province {province_code}: {calibre.key()} is refused ({reason})")


@dataclass(frozen=True)
class Account:
    """A park-year accounted under one calibre (t CO2 and tce).

    Attributes:
        e_fuel_t: CO2 of fuels burnt.
        e_electricity_t: CO2 of the net electricity inflow (floored at 0).
        e_heat_t: CO2 of the net heat inflow (floored at 0).
        e_process_t: industrial-process CO2.
        q_fuel_tce: fuels in tce.
        q_electricity_tce: net electricity consumed in tce (the basis of the calibre).
        q_heat_tce: net heat consumed in tce.
        grid_factor_tco2_per_mwh: the factor that charged grid power.
        zero_counted_mwh: electricity counted at zero CO2 (direct green + zero-counted trades and certificates).
        electricity_mwh: electricity consumed in the park (grid + direct green − fossil export).
    """

    e_fuel_t: float
    e_electricity_t: float
    e_heat_t: float
    e_process_t: float
    q_fuel_tce: float
    q_electricity_tce: float
    q_heat_tce: float
    grid_factor_tco2_per_mwh: float
    zero_counted_mwh: float
    electricity_mwh: float

    @property
    def e_t(self) -> float:
        """E, the park's CO2 (t)."""
        return self.e_fuel_t + self.e_electricity_t + self.e_heat_t + self.e_process_t

    @property
    def q_tce(self) -> float:
        """Q, the park's comprehensive energy consumption (tce)."""
        return self.q_fuel_tce + self.q_electricity_tce + self.q_heat_tce

    @property
    def intensity(self) -> float:
        """I = E / Q (tCO2/tce); NaN when Q is 0."""
        return self.e_t / self.q_tce if self.q_tce > 0 else float("nan")


def account(year: YearBalance, province_code: str, calibre: Calibre, factors: Factors) -> Account:
    """Account one park-year under ``calibre``.

    E = fuels × CO2 coefficients + (grid power not zero-counted − fossil export) × grid factor
    + (bought − sold fossil heat) × heat factor + process CO2; the electricity and heat terms are net
    inflows floored at 0 (``docs/methods.md#accounting-boundary``, [?]). Q = fuels × tce coefficients
    + (grid + direct green − fossil export) × tce basis + (bought + non-fossil bought − sold heat) × tce/GJ.
    Trades and certificates change E only, never Q: they are claims on grid power already in Q.

    Args:
        year: the balance year.
        province_code: the park's province (or XPCC).
        calibre: the switch settings; it must not be refused (:func:`refusal`).
        factors: the accounting numbers.

    Raises:
        ValueError: the calibre is refused for this park (the reason code is in the message).
    """
    reason = refusal(calibre, factors, province_code, year)
    if reason:
        raise ValueError(f"calibre {calibre.key()} is refused for this park: {reason}")
    ef = factors.grid_factor(calibre, province_code)
    el = year.electricity
    zero = (el["green_trade_mwh"] if calibre.green_trade == "zero" else 0.0) + (
        el["certificates_mwh"] if calibre.certificates == "zero" else 0.0)
    e_el = max(0.0, (el["grid_mwh"] - zero - el["exported_fossil_mwh"]) * ef)
    hf = year.heat["supplier_factor_tco2_per_gj"] if calibre.heat_factor == "supplier" else factors.heat_default_tco2_per_gj
    e_heat = max(0.0, (year.heat["bought_gj"] - year.heat["sold_gj"]) * hf)
    consumed = el["grid_mwh"] + el["direct_green_mwh"] - el["exported_fossil_mwh"]
    return Account(
        e_fuel_t=sum(q * factors.fuel_co2[f] for f, q in year.fuels.items()),
        e_electricity_t=e_el,
        e_heat_t=e_heat,
        e_process_t=year.process_co2_t,
        q_fuel_tce=sum(q * factors.fuel_tce[f] for f, q in year.fuels.items()),
        q_electricity_tce=max(0.0, consumed) * factors.tce_per_mwh[calibre.tce_basis],
        q_heat_tce=max(0.0, year.heat["bought_gj"] + year.heat["bought_nonfossil_gj"] - year.heat["sold_gj"])
        * factors.tce_per_gj,
        grid_factor_tco2_per_mwh=ef,
        zero_counted_mwh=el["direct_green_mwh"] + zero,
        electricity_mwh=max(0.0, consumed),
    )


def band_of(q_tce: float, rules: pd.DataFrame, ruleset: str = "national") -> dict[str, Any] | None:
    """The core-indicator band of a park using ``q_tce`` a year under ``ruleset``, or None (no threshold).

    Bands are ``min_energy_tce`` (inclusive) to ``max_energy_tce`` (exclusive); a missing edge is open.
    Under the national rules 1 000 000 tce exactly is in the 0.3 band and below 200 000 there is none.

    Args:
        q_tce: annual comprehensive energy consumption (tce).
        rules: ``zcparks.data.indicator_rules()``.
        ruleset: a rule set ID.

    Returns:
        threshold (tCO2/tce), min_energy_tce, max_energy_tce (None = open), status, or None.
    """
    core_rows = rules[(rules["ruleset"] == ruleset) & (rules["indicator"] == "core_co2_per_tce")]
    for r in core_rows.itertuples():
        lo = 0.0 if pd.isna(r.min_energy_tce) else float(r.min_energy_tce)
        hi = None if pd.isna(r.max_energy_tce) else float(r.max_energy_tce)
        if q_tce >= lo and (hi is None or q_tce < hi):
            return {"threshold": float(r.threshold), "min_energy_tce": lo if lo > 0 else None,
                    "max_energy_tce": hi, "status": r.status}
    return None


def core_threshold(q_tce: float, rules: pd.DataFrame, ruleset: str = "national") -> float | None:
    """The core threshold (tCO2/tce) for a park of ``q_tce`` a year, or None where there is none."""
    band = band_of(q_tce, rules, ruleset)
    return None if band is None else band["threshold"]


def core(acc: Account, rules: pd.DataFrame, ruleset: str = "national") -> dict[str, Any]:
    """The core indicator and its verdict.

    Args:
        acc: the accounted park-year.
        rules: ``zcparks.data.indicator_rules()``.
        ruleset: the rule set.

    Returns:
        intensity (tCO2/tce), e_t, q_tce, threshold (or None), verdict (``pass`` / ``fail`` /
        ``no_threshold``), margin (threshold − I, tCO2/tce, or None) and reduction_needed_t (t CO2 a year
        still to cut to meet the threshold at the same Q: max(0, E − T × Q); None without a threshold).
    """
    t = core_threshold(acc.q_tce, rules, ruleset)
    i = acc.intensity
    if t is None:
        return {"intensity": i, "e_t": acc.e_t, "q_tce": acc.q_tce, "threshold": None, "verdict": "no_threshold",
                "margin": None, "reduction_needed_t": None}
    return {"intensity": i, "e_t": acc.e_t, "q_tce": acc.q_tce, "threshold": t,
            "verdict": "pass" if i <= t + 1e-12 else "fail", "margin": t - i,
            "reduction_needed_t": max(0.0, acc.e_t - t * acc.q_tce)}


def all_calibres(heat: bool = True) -> list[Calibre]:
    """Every combination of the switch values (full factorial), refused ones included.

    Args:
        heat: include the ``supplier`` heat value (only useful when a balance gives a measured factor).
    """
    values = dict(SWITCHES)
    if not heat:
        values["heat_factor"] = ("default",)
    return [Calibre(*combo) for combo in itertools.product(*values.values())]


def max_grid_share(threshold: float, grid_factor_tco2_per_mwh: float, tce_per_mwh: float) -> float:
    """The largest share of an all-electric park's electricity that may come from the grid to meet ``threshold``.

    The rest is zero-carbon and every MWh counts in Q alike, so I = share × factor / (tce per MWh):
    share = threshold × (tce/MWh) / factor. 0.5306 tCO2/MWh on the 0.1229 basis at 0.2 gives 4.63 %.

    Args:
        threshold: the core threshold (tCO2/tce).
        grid_factor_tco2_per_mwh: the factor charging grid power.
        tce_per_mwh: the electricity tce basis.

    Returns:
        The share as a fraction (capped at 1).
    """
    return min(1.0, threshold * tce_per_mwh / grid_factor_tco2_per_mwh)


def with_switch(calibre: Calibre, switch: str, value: str) -> Calibre:
    """``calibre`` with one switch changed (and no name, since it is no longer the reference)."""
    return replace(calibre, **{switch: value}, name=None)
