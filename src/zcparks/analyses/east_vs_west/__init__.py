"""East-coast manufacturing parks vs western wind-and-solar parks (notebook 04, slug ``east-vs-west``).

The comparison runs on **provinces** (a cohort's provinces are those with a member park; parks in one province
share its statistics, so they are not independent observations). Every table is codes and numbers; wording is in
:mod:`.text` and ``labels.yaml``, charts in :mod:`.charts`. The provinces are a census of the cohorts, not a sample,
so p-values are design-based: how unusual the difference is among all ways of splitting these provinces.

Units: as each metric states (:data:`zcparks.models.context.DEFAULT_METRICS`); trend slopes in log points
per year; LMDI terms in Mt CO2; shares in %.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from zcparks.data.indicators import capacity_by_type
from zcparks.errors import ParameterError
from zcparks.models import cohorts, context, dynamics
from zcparks.models.cohorts import OTHER, Membership
from zcparks.views import labels_for

LABELS = labels_for(__file__)
HEADLINE_TREND = "co2_per_tce_scope1"


@dataclass(frozen=True)
class Setup:
    """The comparison's parameters, checked: the two rules and the metrics at their years.

    Attributes:
        membership: the cohorts (:func:`zcparks.models.cohorts.assign`).
        metrics: the chosen metrics, each at the latest year up to ``end_year`` with data (grid factors: 2023).
        skipped: chosen metric codes without any data up to ``end_year``.
        base_year: first year of trends and of the LMDI.
        end_year: last year.
    """

    membership: Membership
    metrics: tuple[context.Metric, ...]
    skipped: tuple[str, ...]
    base_year: int
    end_year: int


def setup(parks: pd.DataFrame, provinces: pd.DataFrame, panel: pd.DataFrame, *, east_rule: str, west_rule: str,
          wind_hours_year: int, wind_hours_min: float, metrics: list[str], base_year: int, end_year: int,
          grid_factors: pd.DataFrame | None = None) -> Setup:
    """Cohorts and metrics from the notebook's parameters.

    With ``grid_factors``, the grid-factor metric takes the latest published year up to ``end_year`` and is skipped
    when ``end_year`` is before the first one (2021).

    Raises:
        ParameterError: ``base_year`` not before ``end_year`` by at least the trend minimum, an unknown metric, or a
            rule problem (the message names the parameter).
    """
    if end_year - base_year + 1 < 2:
        raise ParameterError(f"east-vs-west: base_year {base_year} must be before end_year {end_year}")
    rules = [cohorts.rule(east_rule), cohorts.rule(west_rule, wind_hours=(wind_hours_year, wind_hours_min))]
    m = cohorts.assign(parks, provinces, rules, panel=panel)
    known = {x.code: x for x in context.DEFAULT_METRICS}
    chosen = list(known) if metrics == ["all"] else metrics
    bad = [c for c in chosen if c not in known]
    if bad:
        raise ParameterError(f"east-vs-west: parameter 'metrics' has unknown {bad}; known: {', '.join(known)}")
    grid_years = sorted(int(y) for y in grid_factors["year"].unique()) if grid_factors is not None else None
    at = [(c, dynamics.at_year(known[c], panel, end_year, grid_years)) for c in chosen]
    return Setup(m, tuple(x for _, x in at if x is not None), tuple(c for c, x in at if x is None), base_year,
                 end_year)


def chosen_metric(s: Setup, code: str) -> context.Metric | None:
    """The chosen metric of ``code`` (at its year), or None when the run did not choose it or it has no data."""
    return next((m for m in s.metrics if m.code == code), None)


def membership_table(m: Membership, parks: pd.DataFrame, provinces: pd.DataFrame) -> pd.DataFrame:
    """All 52 parks with their cohort (``other`` included), cohort order first, then park ID.

    Returns:
        cohort, park_id, park_name_en/zh, province_name_en/zh, industry_class.
    """
    p = provinces.set_index("province_code")
    names = parks.set_index("park_id")
    t = m.parks.assign(park_name_en=m.parks["park_id"].map(names["name_en"]),
                       park_name_zh=m.parks["park_id"].map(names["name_zh"]),
                       province_name_en=m.parks["province_code"].map(p["name_en"]),
                       province_name_zh=m.parks["province_code"].map(p["name_zh"]))
    order = {r.code: i for i, r in enumerate(m.rules)} | {OTHER: len(m.rules)}
    t = t.assign(_o=t["cohort"].map(order)).sort_values(["_o", "park_id"], kind="stable")
    return t[["cohort", "park_id", "park_name_en", "park_name_zh", "province_name_en", "province_name_zh",
              "industry_class"]].reset_index(drop=True)


def rules_table(m: Membership, provinces: pd.DataFrame) -> pd.DataFrame:
    """Each cohort's rule (``CohortRule.describe``; :func:`.text.rules_in_words` translates), provinces, parks."""
    p = provinces.set_index("province_code")
    rows = []
    for r in m.rules:
        codes = m.province_codes(r.code)
        rows.append({"cohort": r.code, "rule": r.describe(), "parks": len(m.park_ids(r.code)),
                     "province_names_en": ", ".join(p["name_en"].get(c, c) for c in codes),
                     "province_names_zh": "、".join(p["name_zh"].get(c, c) for c in codes)})
    other = m.parks[m.parks["cohort"] == OTHER]
    rows.append({"cohort": OTHER, "rule": "neither rule", "parks": len(other), "province_names_en": "",
                 "province_names_zh": ""})
    return pd.DataFrame(rows)


def levels(s: Setup, panel: pd.DataFrame, grid_factors: pd.DataFrame) -> pd.DataFrame:
    """The level comparison of every chosen metric (:func:`zcparks.models.context.cohort_metrics`)."""
    t = context.cohort_metrics(s.membership, panel, grid_factors, s.metrics)
    return t.astype({"year": "Int64", "provinces": "Int64"})


def trends(s: Setup, panel: pd.DataFrame) -> pd.DataFrame:
    """The trend comparison over ``base_year``-``end_year`` (:func:`zcparks.models.dynamics.trend_table`)."""
    return dynamics.trend_table(s.membership, panel, s.metrics, s.base_year, s.end_year)


def lmdi(s: Setup, panel: pd.DataFrame, breaks: str) -> pd.DataFrame:
    """Each cohort's LMDI split of scope-1 CO2 over ``base_year``-``end_year`` (CEADs ends in 2019), Mt CO2."""
    last = max(panel.loc[panel["variable"] == dynamics.CO2, "year"])
    end = min(s.end_year, int(last))
    return dynamics.lmdi_table(s.membership, panel, s.base_year, end, breaks)


def sensitivity_pairs(s: Setup) -> list[tuple[cohorts.CohortRule, cohorts.CohortRule]]:
    """The rule pairs of the sensitivity tables, each once, the chosen pair first.

    Then: the default pair, the same industry rule on both sides, no industry rule on either side, and the west
    chosen by wind full-load hours (with this run's threshold, else 2 000 h in 2019).
    """
    threshold = next((r.threshold for r in s.membership.rules if r.threshold), None)
    wind = (threshold[1], threshold[2]) if threshold else (2019, 2000.0)
    pairs = [tuple(s.membership.rules[:2])]
    for a, b in (*context.SENSITIVITY_PAIRS, (cohorts.DEFAULTS[0], cohorts.WIND_HOURS_RULE)):
        pair = (cohorts.rule(a, wind_hours=wind), cohorts.rule(b, wind_hours=wind))
        if pair not in pairs:
            pairs.append(pair)
    return pairs


def sensitivity(s: Setup, parks: pd.DataFrame, provinces: pd.DataFrame, panel: pd.DataFrame,
                grid_factors: pd.DataFrame) -> pd.DataFrame:
    """The level comparison under every pair of :func:`sensitivity_pairs`."""
    return context.sensitivity(parks, provinces, panel, grid_factors, tuple(sensitivity_pairs(s)), s.metrics)


def dynamics_sensitivity(s: Setup, parks: pd.DataFrame, provinces: pd.DataFrame, panel: pd.DataFrame,
                         breaks: str) -> pd.DataFrame:
    """The headline trend (CO2 per tce, scope 1) and the LMDI totals under every pair of :func:`sensitivity_pairs`.

    Returns:
        One row per pair: ``first``, ``second``, ``provinces_first``, ``provinces_second``, ``diff`` (log points/yr),
        ``p_exact``, ``p_cr2``, ``lmdi_first``, ``lmdi_second`` (total CO2 change, Mt), ``energy_intensity_first``,
        ``energy_intensity_second`` (that LMDI term, Mt).
    """
    headline = next((m for m in s.metrics if m.code == HEADLINE_TREND),
                    next(m for m in context.DEFAULT_METRICS if m.code == HEADLINE_TREND))
    rows = []
    for pair in sensitivity_pairs(s):
        m = cohorts.assign(parks, provinces, list(pair), panel=panel)
        alt = Setup(m, (headline,), (), s.base_year, s.end_year)
        t = trends(alt, panel).iloc[0]
        lm = lmdi(alt, panel, breaks).set_index(["cohort", "term"])["mt_co2"]
        a, b = pair[0].code, pair[1].code
        rows.append({"first": a, "second": b, "provinces_first": len(m.province_codes(a)),
                     "provinces_second": len(m.province_codes(b)), "diff": t["diff"], "p_exact": t["p_exact"],
                     "p_cr2": t["p_cr2"], "lmdi_first": lm[(a, "total")], "lmdi_second": lm[(b, "total")],
                     "energy_intensity_first": lm[(a, "energy_intensity")],
                     "energy_intensity_second": lm[(b, "energy_intensity")]})
    return pd.DataFrame(rows)


def power_mix(s: Setup, panel: pd.DataFrame) -> pd.DataFrame:
    """Wind and solar shares of capacity and generation, province means per cohort, utility-scale kept apart.

    Wind capacity is plants ≥ 6 MW (utility-scale); solar capacity is all sizes, **including distributed** PV, which
    inflates the east's figure; a utility-scale solar share is not in the data and is reported as missing, not
    approximated. Shares are of the five capacity types' sum (thermal, hydro, nuclear ≥ 6 MW; wind ≥ 6 MW; solar all
    sizes; zeros by the dictionary's ``unknown_not_zero`` rule, :func:`zcparks.data.indicators.capacity_by_type`), at
    the latest year up to ``end_year`` in which all five exist; the generation share ends in 2017.

    Returns:
        One row per metric and cohort: ``metric``, ``year`` (or None), ``cohort``, ``provinces``, ``province_mean``
        (%), ``missing``.
    """
    rows = []
    cap = capacity_by_type(panel)
    have = cap.notna().groupby(level="year").any().all(axis=1)  # years in which every type is published somewhere
    years = [int(y) for y, ok in have.items() if ok and y <= s.end_year]
    shares: list[tuple[str, int | None, pd.Series | None]] = []
    if years:
        y = max(years)
        wide = cap.xs(y, level="year")
        total = wide.sum(axis=1, min_count=wide.shape[1])
        shares += [("wind_share_capacity_utility", y, wide["capacity_wind_ge_6mw"] / total * 100),
                   ("solar_share_capacity_incl_distributed", y, wide["capacity_solar_all_sizes"] / total * 100)]
    gen = panel[(panel["variable"] == "wind_solar_share_generation") & (panel["year"] <= s.end_year)]
    if len(gen):
        y = int(gen["year"].max())
        shares.append(("wind_solar_share_generation", y, context.values(panel, "wind_solar_share_generation", y)))
    shares.append(("solar_share_capacity_utility", None, None))
    for code, year, vals in shares:
        for r in s.membership.rules:
            if vals is None:
                rows.append({"metric": code, "year": None, "cohort": r.code, "provinces": 0,
                             "province_mean": float("nan"), "missing": "not in the data"})
                continue
            mm = context.cohort_means(vals, s.membership).set_index("cohort").loc[r.code]
            rows.append({"metric": code, "year": year, "cohort": r.code, "provinces": int(mm["provinces"]),
                         "province_mean": mm["province_mean"], "missing": mm["missing"]})
    return pd.DataFrame(rows).astype({"year": "Int64"})


def utilisation(s: Setup, monthly: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """Wind and PV utilisation rates: per cohort, the province mean of each province's mean single-month rate.

    Published rates are single months (NEA monitoring, via CREA); an annual rate would need monthly generation
    weights that are not on hand, so the months are averaged **unweighted** (labelled so). Inner Mongolia is
    published only by subregion (Mengxi, Mengdong) and is then missing, not averaged.

    Args:
        s: the setup.
        monthly: ``zcparks.data.utilisation_monthly()``.
        year: the calendar year (default: the latest with 12 months, never after ``end_year`` if that has data).

    Returns:
        One row per technology and cohort: ``technology``, ``year``, ``months``, ``cohort``, ``provinces``,
        ``province_mean`` (%), ``missing``.
    """
    prov = monthly[monthly["level"] == "province"].assign(year=lambda x: x["period"].str[:4].astype(int))
    months = prov.groupby("year")["period"].nunique()
    full = [int(y) for y, n in months.items() if n == 12]
    if year is None:
        upto = [y for y in full if y <= s.end_year]
        year = max(upto) if upto else (max(full) if full else None)
    if year is None:
        raise ParameterError("utilisation: no calendar year with 12 published months")
    rows = []
    sel = prov[prov["year"] == year]
    for tech, g in sel.groupby("technology"):
        vals = g.groupby("province_code")["utilisation_rate_pct"].mean()
        means = context.cohort_means(vals, s.membership).set_index("cohort")
        for r in s.membership.rules:
            rows.append({"technology": tech, "year": year, "months": int(g["period"].nunique()), "cohort": r.code,
                         "provinces": int(means.loc[r.code, "provinces"]),
                         "province_mean": means.loc[r.code, "province_mean"], "missing": means.loc[r.code, "missing"]})
    return pd.DataFrame(rows)


def headline(s: Setup, levels_t: pd.DataFrame, trends_t: pd.DataFrame, lmdi_t: pd.DataFrame) -> dict[str, Any]:
    """The figures the notebook records (``zcparks.record``) for sweeps, the index and the closing note.

    Returns:
        Province counts; per level metric ``<metric>_<cohort>`` means and ``<metric>_p_exact``; the headline trend's
        difference and both p-values; LMDI terms ``lmdi_<cohort>_<term>_mt``.
    """
    first, second = (r.code for r in s.membership.rules[:2])
    out: dict[str, Any] = {"first_cohort": first, "second_cohort": second,
                           "provinces_first": len(s.membership.province_codes(first)),
                           "provinces_second": len(s.membership.province_codes(second)),
                           "base_year": s.base_year, "end_year": s.end_year}
    for _, row in levels_t.iterrows():
        out[f"{row['metric']}_{row['cohort']}"] = float(row["province_mean"])
        if row["cohort"] == first:
            out[f"{row['metric']}_year"] = int(row["year"])
            out[f"{row['metric']}_p_exact"] = None if pd.isna(row["p_exact"]) else float(row["p_exact"])
    tr = trends_t.set_index("metric")
    if HEADLINE_TREND in tr.index and not tr.loc[HEADLINE_TREND, "suppressed"]:
        t = tr.loc[HEADLINE_TREND]
        out.update(trend_co2_per_tce_diff=float(t["diff"]), trend_co2_per_tce_p_exact=float(t["p_exact"]),
                   trend_co2_per_tce_p_holm=float(t["p_holm"]), trend_co2_per_tce_p_cr2=float(t["p_cr2"]))
    for _, row in lmdi_t.iterrows():
        out[f"lmdi_{row['cohort']}_{row['term']}_mt"] = float(row["mt_co2"])
    return out


def province_values(s: Setup, panel: pd.DataFrame, grid_factors: pd.DataFrame) -> pd.DataFrame:
    """Every chosen metric's value per cohort province (the points behind the level table's province means).

    Returns:
        ``metric``, ``year``, ``unit``, ``province_code``, ``cohort``, ``value``.
    """
    rows = []
    for m in s.metrics:
        vals, _, _ = context.metric_values(m, panel, grid_factors)
        for r in s.membership.rules[:2]:
            for c in s.membership.province_codes(r.code):
                if c in vals.index and pd.notna(vals[c]):
                    rows.append({"metric": m.code, "year": m.year, "unit": m.unit, "province_code": c,
                                 "cohort": r.code, "value": float(vals[c])})
    return pd.DataFrame(rows)


def trend_series(s: Setup, panel: pd.DataFrame, metric: str) -> pd.DataFrame:
    """``metric`` per cohort province and year over ``base_year``-``end_year`` (the trend test's input).

    Returns:
        ``province_code``, ``year``, ``value``, ``cohort``.
    """
    m = next((x for x in s.metrics if x.code == metric), None)
    if m is None:
        raise ParameterError(f"east-vs-west: metric {metric!r} is not among the chosen metrics")
    cohort_of = {c: r.code for r in s.membership.rules[:2] for c in s.membership.province_codes(r.code)}
    years = dynamics.metric_years(m, panel, s.base_year, s.end_year)
    long = dynamics.metric_long(m, panel, years, list(cohort_of))
    return long.assign(cohort=long["province_code"].map(cohort_of))


def metric_by_province(m: context.Metric, panel: pd.DataFrame, grid_factors: pd.DataFrame) -> pd.Series:
    """``m``'s value for every province with one (all provinces, for maps), in ``m.unit``."""
    return context.metric_values(m, panel, grid_factors)[0]


def grid_factor_years(s: Setup, grid_factors: pd.DataFrame) -> pd.DataFrame:
    """The provincial average grid factor per cohort in every published year (2021-2023), tCO2/MWh.

    Returns:
        One row per year and cohort: ``year``, ``cohort``, ``provinces``, ``province_mean``, ``park_mean``,
        ``missing``.
    """
    avg = grid_factors[(grid_factors["level"] == "province")
                       & (grid_factors["factor"] == "grid_average_co2_emission_factor")]
    rows = []
    for year, g in avg.groupby("year"):
        means = context.cohort_means(g.set_index("province_code")["value_tco2_per_mwh"], s.membership)
        rows.append(means.assign(year=int(year)))
    out = pd.concat(rows, ignore_index=True)
    return out[["year", "cohort", "provinces", "province_mean", "park_mean", "missing"]]
