"""One provincial unit in profile (notebook 10, slug ``province-profile``): 31 provinces and the XPCC.

A profile shows the unit's parks and their cohorts, its trends against the national median and its cohort's
province mean, its grid factor and power mix, and an LMDI split of its CO2. The XPCC (Xinjiang Production and
Construction Corps) has no provincial statistics of its own: every statistic of its profile is Xinjiang's (650000)
and the page says so. Units: as each variable states; LMDI terms Mt CO2; shares %.
"""

from __future__ import annotations

import pandas as pd

from zcparks.analyses._common import cohorts, dynamics, labels_for
from zcparks.analyses._common.cohorts import OTHER, Membership
from zcparks.data.indicators import capacity_by_type

LABELS = labels_for(__file__)
XPCC = "XPCC"
XINJIANG = "650000"
TREND_VARIABLES = ("co2_total_scope1", "co2_per_energy", "energy_per_gdp", "secondary_industry_share")



def statistics_code(unit: str) -> str:
    """The province whose statistics describe ``unit`` (Xinjiang for the XPCC, else the unit itself)."""
    return XINJIANG if unit == XPCC else unit


def default_membership(parks: pd.DataFrame, provinces: pd.DataFrame, panel: pd.DataFrame) -> Membership:
    """The default cohorts (the east-vs-west report's), so a profile names the same cohort as that report."""
    return cohorts.assign(parks, provinces, [cohorts.rule(c) for c in cohorts.DEFAULTS], panel=panel)


def unit_parks(unit: str, parks: pd.DataFrame, m: Membership) -> pd.DataFrame:
    """The unit's parks (``unit_id`` is the province code, or XPCC) with their cohort.

    Returns:
        park_id, park_name_en/zh, industry_class, scope, construction_end, cohort.
    """
    p = parks[parks["unit_id"] == unit].merge(m.parks[["park_id", "cohort"]], on="park_id")
    return p.rename(columns={"name_en": "park_name_en", "name_zh": "park_name_zh"})[
        ["park_id", "park_name_en", "park_name_zh", "industry_class", "scope", "construction_end", "cohort"]
    ].reset_index(drop=True)


def cohort_of(unit_parks_t: pd.DataFrame) -> str:
    """The cohort of the unit's parks (the first non-``other`` one; ``other`` if none)."""
    named = [c for c in unit_parks_t["cohort"] if c != OTHER]
    return named[0] if named else OTHER


def trend_frame(panel: pd.DataFrame, variable: str, code: str, m: Membership, cohort: str, start: int, end: int
                ) -> pd.DataFrame:
    """The province, the national median and (if in a cohort) the cohort's province mean, by year.

    Returns:
        ``year``, ``series`` (``province`` / ``national_median`` / ``cohort_mean``), ``value``; missing years of the
        province stay out of its line (a gap), never filled.
    """
    sel = panel[(panel["variable"] == variable) & panel["year"].between(start, end)]
    rows = [pd.DataFrame({"year": sel.loc[sel["province_code"] == code, "year"],
                          "value": sel.loc[sel["province_code"] == code, "value"], "series": "province"})]
    med = sel.groupby("year")["value"].median()
    rows.append(pd.DataFrame({"year": med.index, "value": med.to_numpy(), "series": "national_median"}))
    if cohort != OTHER:
        members = sel[sel["province_code"].isin(m.province_codes(cohort))].groupby("year")["value"].mean()
        rows.append(pd.DataFrame({"year": members.index, "value": members.to_numpy(), "series": "cohort_mean"}))
    return pd.concat(rows, ignore_index=True)


def grid_factor_table(factors: pd.DataFrame, code: str) -> pd.DataFrame:
    """The province's average grid factor and the national one, per year (tCO2/MWh); missing stays missing."""
    avg = factors[factors["factor"] == "grid_average_co2_emission_factor"]
    prov = avg[(avg["level"] == "province") & (avg["province_code"] == code)].set_index("year")["value_tco2_per_mwh"]
    nat = avg[avg["level"] == "national"].set_index("year")["value_tco2_per_mwh"]
    years = sorted(nat.index)
    return pd.DataFrame({"year": years, "province_factor": [prov.get(y) for y in years],
                         "national_factor": [nat[y] for y in years]})


def power_mix(panel: pd.DataFrame, code: str) -> pd.DataFrame:
    """Capacity by type in the latest year with all five types (10^4 kW and % of their sum).

    Zeros follow the dictionary's ``unknown_not_zero`` rule (:func:`zcparks.data.indicators.capacity_by_type`, the
    panel's own shares use it too); solar is all sizes, incl. distributed; the others are plants >= 6 MW.

    Returns:
        ``year``, ``variable``, ``value`` (10^4 kW), ``share_pct``; empty if no year is complete.
    """
    cap = capacity_by_type(panel)
    wide = cap.xs(code, level="province_code").dropna() if code in cap.index.get_level_values(0) else cap.iloc[:0]
    if wide.empty:
        return pd.DataFrame(columns=["year", "variable", "value", "share_pct"])
    y = int(wide.index.max())
    row = wide.loc[y]
    return pd.DataFrame({"year": y, "variable": list(wide.columns), "value": row.to_numpy(float),
                         "share_pct": (row / row.sum() * 100).to_numpy(float)})


def lmdi(panel: pd.DataFrame, code: str, start: int, end: int, breaks: str = "census") -> pd.DataFrame:
    """The province's LMDI split of scope-1 CO2 (:func:`zcparks.analyses._common.dynamics.province_lmdi`)."""
    return dynamics.province_lmdi(panel, code, start, end, breaks)


def cohort_rule(cohort: str) -> cohorts.CohortRule:
    """The default rule of ``cohort`` (the one the east-vs-west report prints; its words: :func:`.text.rule_words`)."""
    return cohorts.rule(cohort)
