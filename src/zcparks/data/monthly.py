"""Monthly power statistics: utilisation (curtailment) rates, year-to-date full-load hours, annual hour estimates.

* Utilisation rates are **single-month** values. No annual curtailment rate is derived: annualising needs
  monthly generation weights that are not on hand.
* Year-to-date hours run from January to the month. Where December is not published (PV 2021-2024, wind
  2014-2017 and 2024), :func:`annual_hours` gives an **estimate** from January-November, kept apart from the
  observed annual values and labelled with its method and its leave-one-out error.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from zcparks.data.catalog import HOURS_YTD, UTILISATION
from zcparks.data.raw import read_raw

TECH = {"utilization_rate_wind_monthly": "wind", "utilization_rate_solar_pv_monthly": "solar",
        "utilization_hours_wind_ytd": "wind", "utilization_hours_solar_ytd": "solar"}
SUBREGIONS = {"Inner Mongolia - Mengxi (west)": "Mengxi", "Inner Mongolia - Mengdong (east)": "Mengdong"}
NATIONAL = "China (national)"
ANNUAL = {"wind": "utilization_hours_wind", "solar": "utilization_hours_solar"}


def _codes(df: pd.DataFrame, provinces: pd.DataFrame) -> pd.DataFrame:
    """Add province_code (Inner Mongolia for its two subregions; empty for national rows), level and subregion."""
    code_of = dict(zip(provinces["name_en"], provinces["province_code"], strict=True))
    code_of.update({k: code_of["Inner Mongolia"] for k in SUBREGIONS})
    out = df.assign(province_code=df["province_en"].map(code_of).fillna(""),
                    subregion=df["province_en"].map(SUBREGIONS).fillna(""))
    out["level"] = np.where(out["province_en"] == NATIONAL, "national",
                            np.where(out["subregion"] != "", "subregion", "province"))
    return out


def utilisation_rates(provinces: pd.DataFrame) -> pd.DataFrame:
    """Single-month wind and PV utilisation rates (%), and curtailment = 100 - rate.

    Returns:
        Columns level, province_code, subregion, period (YYYY-MM), technology, utilisation_rate_pct,
        curtailment_pct, source.
    """
    raw = _codes(read_raw(*UTILISATION), provinces)
    return pd.DataFrame({
        "level": raw["level"], "province_code": raw["province_code"], "subregion": raw["subregion"],
        "period": raw["period"], "technology": raw["variable"].map(TECH),
        "utilisation_rate_pct": raw["value"].astype(float), "curtailment_pct": 100 - raw["value"].astype(float),
        "source": "/".join(UTILISATION),
    }).sort_values(["technology", "level", "province_code", "subregion", "period"], ignore_index=True)


def hours_ytd(provinces: pd.DataFrame) -> pd.DataFrame:
    """Year-to-date utilisation hours by province and month.

    Returns:
        Columns level, province_code, year, month, technology, hours_ytd (h, January to the month), source.
    """
    raw = _codes(read_raw(*HOURS_YTD), provinces)
    period = raw["period"].str.split("-", expand=True).astype(int)
    return pd.DataFrame({
        "level": raw["level"], "province_code": raw["province_code"], "year": period[0], "month": period[1],
        "technology": raw["variable"].map(TECH), "hours_ytd": raw["value"].astype(float),
        "source": "/".join(HOURS_YTD),
    }).sort_values(["technology", "level", "province_code", "year", "month"], ignore_index=True)


def nov_ratio_estimates(nov: pd.Series, annual: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Annual estimates of one province from January-November, with leave-one-out errors.

    The estimate is Nov YTD / r, where r is the mean of Nov YTD / annual over the years that have both.
    The leave-one-out error of a year with both is (Nov YTD / r without that year) / annual - 1.

    Args:
        nov: November year-to-date hours by year.
        annual: observed annual hours by year.

    Returns:
        ``(estimates, loo_errors)``: estimates for the years without an annual value (empty if no year has both);
        the leave-one-out relative errors for the years with both (needs two such years).
    """
    both = nov.index.intersection(annual.index)
    ratios = (nov[both] / annual[both]).dropna()
    if ratios.empty:
        return pd.Series(dtype=float), pd.Series(dtype=float)
    est_years = nov.index.difference(annual.index)
    estimates = nov[est_years] / ratios.mean()
    loo = pd.Series({y: (nov[y] / ratios.drop(y).mean()) / annual[y] - 1 for y in ratios.index if len(ratios) > 1},
                    dtype=float)
    return estimates, loo


def annual_hours(panel: pd.DataFrame, ytd: pd.DataFrame) -> pd.DataFrame:
    """Observed annual full-load hours, and estimates from January-November where December is missing.

    Args:
        panel: the panel (observed annual ``utilization_hours_wind`` / ``utilization_hours_solar``).
        ytd: :func:`hours_ytd`.

    Returns:
        Columns province_code, year, technology, hours (h), status (``observed`` / ``estimate``), method, and for
        estimates loo_mean_abs_error_pct / loo_max_abs_error_pct: the leave-one-out error of the method over all
        provinces' years that have both an annual value and November (2018-2020 for PV).
    """
    rows, errors = [], {}
    p = panel[panel["selected"]]
    nov_all = ytd[(ytd["level"] == "province") & (ytd["month"] == 11)]
    for tech, var in ANNUAL.items():
        obs = p[p["variable"] == var].set_index(["province_code", "year"])["value"]
        rows.append(obs.reset_index(name="hours").assign(technology=tech, status="observed",
                                                         method="annual statistic (December year to date)"))
        nov = nov_all[nov_all["technology"] == tech].set_index(["province_code", "year"])["hours_ytd"]
        errs = []
        for code in nov.index.get_level_values(0).unique():
            annual = obs.xs(code, level=0) if code in obs.index.get_level_values(0) else pd.Series(dtype=float)
            est, loo = nov_ratio_estimates(nov.xs(code, level=0), annual)
            errs.extend(loo.abs().tolist())
            rows.append(pd.DataFrame({"province_code": code, "year": est.index.astype(int), "hours": est.to_numpy(),
                                      "technology": tech, "status": "estimate",
                                      "method": "November year to date / mean(Nov YTD / annual) of the same province "
                                                "over the years with both"}))
        errors[tech] = (100 * float(np.mean(errs)) if errs else np.nan, 100 * float(np.max(errs)) if errs else np.nan)
    out = pd.concat(rows, ignore_index=True)
    est = out["status"] == "estimate"
    out["loo_mean_abs_error_pct"] = np.where(est, out["technology"].map(lambda t: errors[t][0]), np.nan)
    out["loo_max_abs_error_pct"] = np.where(est, out["technology"].map(lambda t: errors[t][1]), np.nan)
    return out.sort_values(["technology", "province_code", "year"], ignore_index=True)
