"""Additive log-mean Divisia index (LMDI-I) decomposition of a change in emissions.

For C = G × (E / G) × (C / E) (activity, energy intensity, carbon intensity of energy), the change from period 0
to period 1 splits exactly into one term per factor::

    ΔC = Σ_k L(C1, C0) · ln(x_k1 / x_k0),   L(a, b) = (a − b) / (ln a − ln b),  L(a, a) = a

The terms add up to ΔC exactly (no residual). Zeros follow Ang and Liu (2007): a zero is replaced by a small
positive number δ and the limit δ → 0 taken, which makes the term of a factor that is zero in both periods 0 and
lets a series that starts or ends at zero be decomposed. Chaining year by year (:func:`chain`) sums the yearly
terms; a factor's yearly term can be moved to a separate bucket (e.g. a flagged revision break), so that it does
not pass for a change in intensity.

Units: the terms are in the unit of C (e.g. Mt CO2).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

__all__ = ["DELTA", "log_mean", "decompose", "chain", "cohort_chain"]

DELTA = 1e-20  # Ang and Liu's small number for zeros (its value does not matter in the limit)


def log_mean(a: float, b: float) -> float:
    """The logarithmic mean L(a, b) = (a − b) / (ln a − ln b), with L(a, a) = a and L(a, 0) = 0."""
    if a < 0 or b < 0:
        raise ValueError(f"log mean of negative values ({a}, {b}): LMDI needs non-negative quantities")
    if a == 0 or b == 0:
        return 0.0
    if math.isclose(a, b, rel_tol=1e-15):
        return a
    return (a - b) / (math.log(a) - math.log(b))


def _ratio_log(x1: float, x0: float) -> float:
    """ln(x1 / x0) with Ang–Liu's δ for zeros (0 → 0 gives 0)."""
    if x1 == 0 and x0 == 0:
        return 0.0
    return math.log(max(x1, DELTA)) - math.log(max(x0, DELTA))


def decompose(factors0: Mapping[str, float], factors1: Mapping[str, float]) -> dict[str, float]:
    """Split C1 − C0 into one additive term per factor, where C is the product of the factors.

    Args:
        factors0: factor values in period 0, e.g. ``{"activity": 10, "energy_intensity": 2, "carbon_intensity": 3}``.
        factors1: the same factors in period 1.

    Returns:
        ``{factor: term}`` in the order of ``factors0``, plus ``"total"`` (C1 − C0); the terms sum to the total.

    Raises:
        ValueError: the two periods have different factors, or a factor is negative.
    """
    if list(factors0) != list(factors1):
        raise ValueError(f"factors differ between the periods: {list(factors0)} vs {list(factors1)}")
    c0 = math.prod(factors0.values())
    c1 = math.prod(factors1.values())
    w = log_mean(c1, c0)
    out = {k: w * _ratio_log(factors1[k], factors0[k]) for k in factors0}
    if w == 0.0 and c1 != c0:  # one period is zero: C itself goes from/to zero, carried by the zero factor(s)
        zero = [k for k in factors0 if factors0[k] == 0 or factors1[k] == 0]
        out = {k: ((c1 - c0) / len(zero) if k in zero else 0.0) for k in factors0}
    out["total"] = c1 - c0
    return out


def chain(years: Sequence[int], factors: Mapping[int, Mapping[str, float]],
          moved: Mapping[int, Mapping[str, str]] | None = None) -> dict[str, float]:
    """Chain :func:`decompose` over consecutive years and sum the yearly terms.

    Args:
        years: the years in order (at least two).
        factors: ``{year: {factor: value}}`` for every year in ``years``.
        moved: ``{year: {factor: bucket}}``: the yearly term of ``factor`` ending in ``year`` goes to ``bucket``
            instead (e.g. ``{2013: {"energy_intensity": "revision"}}`` for a census revision of energy use).

    Returns:
        ``{factor or bucket: summed term}`` plus ``"total"`` (C in the last year − C in the first); the terms add
        up to the total.
    """
    if len(years) < 2:
        raise ValueError(f"chain needs at least two years, got {list(years)}")
    moved = moved or {}
    out: dict[str, float] = {}
    for y0, y1 in zip(years[:-1], years[1:], strict=True):
        for k, v in decompose(factors[y0], factors[y1]).items():
            if k == "total":
                continue
            bucket = moved.get(y1, {}).get(k, k)
            out[bucket] = out.get(bucket, 0.0) + v
    out["total"] = math.prod(factors[years[-1]].values()) - math.prod(factors[years[0]].values())
    return out


def cohort_chain(years: Sequence[int], provinces: Mapping[str, Mapping[int, Mapping[str, float]]],
                 moved: Mapping[tuple[str, int], Mapping[str, str]] | None = None) -> dict[str, float]:
    """LMDI of a cohort's CO2 with a structure term, chained year by year; process CO2 kept as its own term.

    For the cohort, energy CO2 is ``C = Σ_i G · (G_i / G) · (E_i / G_i) · (CE_i / E_i)``: activity (cohort real GDP
    ``G``), structure (province ``i``'s share of it), energy intensity and carbon intensity of energy. Process CO2
    (e.g. cement) is not energy and would distort the carbon-intensity factor, so its change is the separate term
    ``process``.

    Args:
        years: the years in order (at least two).
        provinces: ``{province_code: {year: {"gdp": …, "energy": …, "co2_energy": …, "co2_process": …}}}``;
            ``co2_process`` may be left out (0). Units: any, consistently (the terms are in the unit of CO2).
        moved: ``{(province_code, year): {factor: bucket}}``: that province's term of ``factor`` for the step ending
            in ``year`` goes to ``bucket`` (e.g. a flagged revision break into ``"revision"``).

    Returns:
        ``{"activity", "structure", "energy_intensity", "carbon_intensity", "process", buckets…, "total"}``; the terms
        add up to the total change of energy + process CO2.
    """
    if len(years) < 2:
        raise ValueError(f"chain needs at least two years, got {list(years)}")
    moved = moved or {}
    out = {"activity": 0.0, "structure": 0.0, "energy_intensity": 0.0, "carbon_intensity": 0.0, "process": 0.0}

    def factors(code: str, year: int, total_gdp: float) -> dict[str, float]:
        v = provinces[code][year]
        return {"activity": total_gdp, "structure": v["gdp"] / total_gdp, "energy_intensity": v["energy"] / v["gdp"],
                "carbon_intensity": v["co2_energy"] / v["energy"] if v["energy"] else 0.0}

    for y0, y1 in zip(years[:-1], years[1:], strict=True):
        g0 = sum(provinces[c][y0]["gdp"] for c in provinces)
        g1 = sum(provinces[c][y1]["gdp"] for c in provinces)
        for code in provinces:
            for k, v in decompose(factors(code, y0, g0), factors(code, y1, g1)).items():
                if k == "total":
                    continue
                bucket = moved.get((code, y1), {}).get(k, k)
                out[bucket] = out.get(bucket, 0.0) + v
            out["process"] += provinces[code][y1].get("co2_process", 0.0) - provinces[code][y0].get("co2_process", 0.0)

    def total(year: int) -> float:
        return sum(v[year]["co2_energy"] + v[year].get("co2_process", 0.0) for v in provinces.values())

    out["total"] = total(years[-1]) - total(years[0])
    return out
