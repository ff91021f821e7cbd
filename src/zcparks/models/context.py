"""Provincial context of a cohort: province-weighted means, park-weighted means and pooled ratios.

Parks are not independent observations (12 east-coast parks sit in 8 provinces), so the statistic is the mean over
a cohort's provinces, each counted once; the park-weighted mean, where a province counts once per member park, is
shown beside it as a description. A pooled ratio (Σ numerator / Σ denominator over the cohort's provinces, e.g.
ΣCO2 / Σenergy) weighs provinces by size and goes beside the mean of the provincial ratios.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from zcparks.data.indicators import capacity_by_type
from zcparks.errors import ParameterError
from zcparks.models.cohorts import OTHER, CohortRule, Membership

__all__ = ["values", "cohort_means", "pooled_ratio", "Metric", "DEFAULT_METRICS", "metric_values", "cohort_metrics",
           "SENSITIVITY_PAIRS", "sensitivity", "trend_frame", "grid_factor_table", "power_mix"]


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
        membership: the cohorts (:func:`zcparks.models.cohorts.assign`).

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


@dataclass(frozen=True)
class Metric:
    """One provincial metric of the cohort comparison.

    Attributes:
        code: the metric's code (labels come from the analysis).
        year: the data year (each metric says its own: grid factors 2021-23 and CEADs CO2 up to 2019 share none).
        unit: the unit of the values.
        variable: a panel variable (or, with ``source="grid_factors"``, a factor code of the grid-factor table).
        numerator: for a ratio metric, the panel variable on top (the pooled ratio Σnum/Σden is then shown too).
        denominator: the panel variable below.
        vs_national: also give each cohort mean as a ratio to the national pooled value (all provinces with both).
        source: ``panel`` or ``grid_factors``.
    """

    code: str
    year: int
    unit: str
    variable: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    vs_national: bool = False
    source: str = "panel"

    def inputs(self) -> set[str]:
        """The variables the metric is made of (a cohort defined by one of them cannot be tested on it)."""
        return {v for v in (self.variable, self.numerator, self.denominator) if v}


DEFAULT_METRICS = (
    Metric("grid_factor", 2023, "tCO2/MWh", variable="grid_average_co2_emission_factor", source="grid_factors"),
    Metric("co2_per_tce_scope1", 2019, "tCO2/tce", numerator="co2_total_scope1",
           denominator="total_energy_consumption", vs_national=True),
    Metric("co2_per_tce_trade_adjusted", 2019, "tCO2/tce", numerator="co2_trade_adjusted",
           denominator="total_energy_consumption", vs_national=True),
    Metric("co2_per_real_gdp", 2019, "tCO2 per 10,000 yuan (constant 2020 prices)", numerator="co2_total_scope1",
           denominator="gdp_constant_2020"),
    Metric("energy_per_real_gdp", 2019, "tce per 10,000 yuan (constant 2020 prices)",
           numerator="total_energy_consumption", denominator="gdp_constant_2020"),
    Metric("secondary_industry_share", 2023, "%", variable="secondary_industry_share"),
    Metric("wind_full_load_hours", 2023, "h", variable="utilization_hours_wind"),
    Metric("pv_full_load_hours", 2020, "h", variable="utilization_hours_solar"),
)


def _unit_of(panel: pd.DataFrame, variable: str) -> str:
    units = panel.loc[panel["variable"] == variable, "unit"].unique()
    if len(units) != 1:
        raise ParameterError(f"{variable}: expected one unit in the panel, found {list(units)}")
    return str(units[0])


def metric_values(m: Metric, panel: pd.DataFrame, grid_factors: pd.DataFrame | None = None
                  ) -> tuple[pd.Series, pd.Series | None, pd.Series | None]:
    """The provincial values of ``m`` (in ``m.unit``), and its numerator and denominator series for ratios."""
    from zcparks.data import units

    if m.source == "grid_factors":
        if grid_factors is None:
            raise ParameterError(f"metric {m.code} needs the grid-factor table")
        g = grid_factors[(grid_factors["level"] == "province") & (grid_factors["factor"] == m.variable)
                         & (grid_factors["year"] == m.year)]
        if g.empty:
            raise ParameterError(f"metric {m.code}: no {m.variable} in {m.year}")
        return g.set_index("province_code")["value_tco2_per_mwh"], None, None
    if m.variable:
        return values(panel, m.variable, m.year), None, None
    num, den = values(panel, m.numerator, m.year), values(panel, m.denominator, m.year)
    factor = units.ratio_factor(_unit_of(panel, m.numerator), _unit_of(panel, m.denominator), m.unit)
    both = pd.DataFrame({"n": num, "d": den}).dropna()
    return both["n"] / both["d"] * factor, num * factor, den


def cohort_metrics(membership: Membership, panel: pd.DataFrame, grid_factors: pd.DataFrame | None = None,
                   metrics: tuple[Metric, ...] = DEFAULT_METRICS) -> pd.DataFrame:
    """The comparison table: per metric and cohort, means, pooled ratio, national ratio, and the two-group test.

    The test compares the first two cohorts' provinces (province-weighted: the exact permutation test, Welch's t and
    Hedges' g of :func:`zcparks.methods.stats.compare`). A metric made of a variable that defines a cohort
    (a threshold rule) is not tested: the difference would be true by construction (``suppressed`` says why).

    Returns:
        One row per metric and cohort: ``metric``, ``unit``, ``year``, ``cohort``, ``provinces``, ``missing``,
        ``province_mean``, ``park_mean``, ``pooled``, ``national``, ``mean_to_national``, and on each metric's first
        row ``diff`` (first − second cohort), ``p_exact``, ``p_holm`` (Holm-adjusted across the tested metrics),
        ``welch_t``, ``hedges_g``, ``suppressed``.
    """
    from zcparks.methods import stats

    if len(membership.rules) < 2:
        raise ParameterError("the comparison needs two cohorts")
    defining = {r.threshold[0] for r in membership.rules if r.threshold}
    rows = []
    for m in metrics:
        vals, num, den = metric_values(m, panel, grid_factors)
        means = cohort_means(vals, membership).set_index("cohort")
        pooled = (pooled_ratio(num, den, membership).set_index("cohort")["pooled"] if num is not None
                  else pd.Series(dtype=float))
        national = (float(num.reindex(vals.index).sum() / den.reindex(vals.index).sum()) if num is not None
                    and m.vs_national else float("nan"))
        a, b = (membership.province_codes(r.code) for r in membership.rules[:2])
        va, vb = vals.reindex(a).dropna(), vals.reindex(b).dropna()
        suppressed = "defines a cohort" if m.inputs() & defining else ("too few provinces" if min(len(va), len(vb)) < 2
                                                                        else "")
        test = None if suppressed else stats.compare(list(va), list(vb))
        for i, r in enumerate(membership.rules):
            row = {"metric": m.code, "unit": m.unit, "year": m.year, "cohort": r.code,
                   **means.loc[r.code, ["provinces", "missing", "province_mean", "park_mean"]].to_dict(),
                   "pooled": pooled.get(r.code, float("nan")), "national": national,
                   "mean_to_national": means.loc[r.code, "province_mean"] / national if national == national
                   else float("nan")}
            if i == 0:
                row.update(diff=test.diff if test else float("nan"), p_exact=test.p_exact if test else float("nan"),
                           welch_t=test.welch_t if test else float("nan"),
                           hedges_g=test.hedges_g if test else float("nan"), suppressed=suppressed)
            rows.append(row)
    table = pd.DataFrame(rows)
    tested = table["p_exact"].notna()  # Holm across the metrics tested (family-wise error of the whole table)
    table["p_holm"] = float("nan")
    table.loc[tested, "p_holm"] = stats.holm(list(table.loc[tested, "p_exact"]))
    return table


SENSITIVITY_PAIRS = (
    ("east_coast_manufacturing", "west_wind_solar_bases"),  # the default
    ("east_coast_manufacturing", "west_wind_solar_bases_manufacturing"),  # the same industry rule on both sides
    ("east_coast_all", "west_wind_solar_bases"),  # no industry rule on either side
)


def sensitivity(parks: pd.DataFrame, provinces: pd.DataFrame, panel: pd.DataFrame, grid_factors: pd.DataFrame,
                pairs: tuple[tuple[str | CohortRule, str | CohortRule], ...] = SENSITIVITY_PAIRS,
                metrics: tuple[Metric, ...] = DEFAULT_METRICS) -> pd.DataFrame:
    """How the headline comparison changes under other cohort rules: one row per rule pair and metric.

    A pair holds rule codes or :class:`~zcparks.models.cohorts.CohortRule` objects (e.g. a threshold rule
    built from parameters).

    Returns:
        ``first``, ``second`` (rule codes), ``provinces_first``, ``provinces_second``, ``metric``, ``mean_first``,
        ``mean_second``, ``diff``, ``p_exact``, ``p_holm``, ``suppressed``.
    """
    from zcparks.models import cohorts

    rows = []
    for pair in pairs:
        rules = [r if isinstance(r, cohorts.CohortRule) else cohorts.rule(r) for r in pair]
        first, second = (r.code for r in rules)
        m = cohorts.assign(parks, provinces, rules, panel=panel)
        t = cohort_metrics(m, panel, grid_factors, metrics)
        for metric, g in t.groupby("metric", sort=False):
            a, b = g.iloc[0], g.iloc[1]
            rows.append({"first": first, "second": second, "provinces_first": len(m.province_codes(first)),
                         "provinces_second": len(m.province_codes(second)), "metric": metric,
                         "mean_first": a["province_mean"], "mean_second": b["province_mean"], "diff": a["diff"],
                         "p_exact": a["p_exact"], "p_holm": a["p_holm"], "suppressed": a["suppressed"]})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- one province in context (profiles)


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
