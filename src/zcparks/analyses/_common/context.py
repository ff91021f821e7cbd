"""Provincial context of a cohort: province-weighted means, park-weighted means and pooled ratios.

Parks are not independent observations (12 east-coast parks sit in 8 provinces), so the statistic is the mean over
a cohort's provinces, each counted once; the park-weighted mean, where a province counts once per member park, is
shown beside it as a description. A pooled ratio (Σ numerator / Σ denominator over the cohort's provinces, e.g.
ΣCO2 / Σenergy) weighs provinces by size and goes beside the mean of the provincial ratios.
"""

from __future__ import annotations

import pandas as pd

from zcparks.analyses._common.cohorts import OTHER, Membership
from zcparks.errors import ParameterError


def values(panel: pd.DataFrame, variable: str, year: int) -> pd.Series:
    """``variable`` in ``year`` by province_code (the panel's selected value).

    Raises:
        ParameterError: the panel has no value of ``variable`` in ``year`` (the message names both).
    """
    sel = panel[(panel["variable"] == variable) & (panel["year"] == year)]
    if sel.empty:
        raise ParameterError(f"no {variable} values in {year}")
    if sel["province_code"].duplicated().any():
        raise ParameterError(f"{variable} {year}: more than one value per province; pass the selected panel")
    return sel.set_index("province_code")["value"]


def cohort_means(by_province: pd.Series, membership: Membership) -> pd.DataFrame:
    """Province-weighted and park-weighted means of a provincial value per cohort (``other`` excluded).

    Args:
        by_province: one value per province_code (e.g. :func:`values`).
        membership: the cohorts (:func:`zcparks.analyses._common.cohorts.assign`).

    Returns:
        One row per cohort: ``cohort``, ``provinces`` (with a value), ``missing`` (member provinces without a value,
        comma-separated codes), ``province_mean`` (the statistic), ``park_mean`` (descriptive).
    """
    rows = []
    for r in membership.rules:
        prov = membership.provinces[membership.provinces["cohort"] == r.code]
        vals = prov.assign(value=prov["province_code"].map(by_province))
        have = vals.dropna(subset=["value"])
        rows.append({"cohort": r.code, "provinces": len(have),
                     "missing": ",".join(vals.loc[vals["value"].isna(), "province_code"]),
                     "province_mean": have["value"].mean() if len(have) else float("nan"),
                     "park_mean": (have["value"] * have["parks"]).sum() / have["parks"].sum() if len(have)
                     else float("nan")})
    return pd.DataFrame(rows)


def pooled_ratio(numerator: pd.Series, denominator: pd.Series, membership: Membership, factor: float = 1.0
                 ) -> pd.DataFrame:
    """Σ numerator / Σ denominator over each cohort's provinces (both known), beside the mean of the ratios.

    Args:
        numerator: by province_code (e.g. CO2, Mt).
        denominator: by province_code (e.g. energy, 10^4 tce).
        membership: the cohorts.
        factor: multiplies the ratios (a named unit factor, e.g. Mt / 10^4 tce -> t/tce is 100).

    Returns:
        One row per cohort: ``cohort``, ``provinces`` (with both values), ``pooled``, ``mean_of_ratios``.
    """
    rows = []
    for r in membership.rules:
        if r.code == OTHER:
            continue
        codes = membership.province_codes(r.code)
        both = pd.DataFrame({"n": numerator.reindex(codes), "d": denominator.reindex(codes)}).dropna()
        rows.append({"cohort": r.code, "provinces": len(both),
                     "pooled": both["n"].sum() / both["d"].sum() * factor if len(both) else float("nan"),
                     "mean_of_ratios": (both["n"] / both["d"]).mean() * factor if len(both) else float("nan")})
    return pd.DataFrame(rows)
