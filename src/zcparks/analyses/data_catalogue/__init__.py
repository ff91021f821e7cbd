"""Data and methods (notebook 00, slug ``data-catalogue``): the variable dictionary, coverage, flags, seams, downloads.

Every function returns a tidy frame of codes and numbers computed from the data layer's tables; wording is in
:mod:`.text` and ``labels.yaml``, charts in :mod:`.charts`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from zcparks.views import labels_for

LABELS = labels_for(__file__)
HEADLINE = ("co2_total_scope1", "total_energy_consumption", "gdp_constant_2020")

DOWNLOADS = ("panel", "variables", "flagged_cells", "gdp_seams", "trade_terms", "hours_annual", "hours_ytd_monthly",
             "utilisation_monthly", "parks", "provinces", "grid_factors")
"""The tables offered as CSV (``data/processed/csv/<stem>.csv``); their names and contents are the labels
``file_<stem>`` and ``about_<stem>``."""


def series(variables: pd.DataFrame) -> pd.DataFrame:
    """The variables shown in the catalogue: every single series (families of fuels and sectors are summarised).

    Args:
        variables: ``zcparks.data.variables()``.

    Returns:
        The rows of ``variables`` that are not families, in dictionary order.
    """
    return variables[variables["kind"] != "family"].reset_index(drop=True)


def coverage(panel: pd.DataFrame, variables: pd.DataFrame, first_year: int) -> pd.DataFrame:
    """Provinces with a selected, unblocked value per variable and year.

    Args:
        panel: ``zcparks.data.panel()``.
        variables: ``zcparks.data.variables()``.
        first_year: the first year to include.

    Returns:
        variable, year, provinces (count of 31), with every year from ``first_year`` to the last data year for each
        variable shown (0 where no province has a value), in dictionary order.
    """
    names = series(variables)["variable"].tolist()
    p = panel[panel["variable"].isin(names) & panel["value"].notna() & (panel["year"] >= first_year)]
    counts = p.groupby(["variable", "year"])["province_code"].nunique()
    years = range(first_year, int(p["year"].max()) + 1)
    full = pd.MultiIndex.from_product([names, years], names=["variable", "year"])
    out = counts.reindex(full, fill_value=0).rename("provinces").reset_index()
    return out


def dictionary_table(variables: pd.DataFrame) -> pd.DataFrame:
    """The dictionary table of the page: one row per series, codes kept (translated at display).

    Returns:
        variable, variable_name_en/zh, unit, coverage, price_basis, verdict, years.
    """
    s = series(variables)
    years = s["first_year"].astype("Int64").astype(str) + "–" + s["last_year"].astype("Int64").astype(str)
    return pd.DataFrame({
        "variable": s["variable"], "variable_name_en": s["name_en"], "variable_name_zh": s["name_zh"],
        "unit": s["unit"], "coverage": s["coverage"].replace("", None), "price_basis": s["price_basis"],
        "verdict": s["verdict"], "years": years.where(s["first_year"].notna()),
    })


def sources_table(variables: pd.DataFrame) -> pd.DataFrame:
    """Producer, vintage and licence of each raw file behind the dictionary, with the variables it gives.

    Returns:
        source (``<source_id>/<file>``), variable (the names, comma-separated), producer and vintage (each distinct
        value of the file's variables), licence.
    """
    s = variables[variables["kind"].isin(["source", "family"])]
    def distinct(values: pd.Series) -> str:
        return "; ".join(dict.fromkeys(values))

    g = s.groupby("source", sort=False).agg(variable=("variable", ", ".join), producer=("producer", distinct),
                                            vintage=("vintage", distinct), licence=("licence", "first"))
    return g.reset_index()


def flagged_table(flagged: pd.DataFrame, provinces: pd.DataFrame, flag_class: str) -> pd.DataFrame:
    """The cells of one flag class with province names and reasons.

    Args:
        flagged: ``zcparks.data.flagged_cells()``.
        provinces: ``zcparks.data.provinces()``.
        flag_class: ``blocked`` or ``break``.

    Returns:
        province_name_en/zh, year, variable, published, unit, reason_en/zh (the reason in words).
    """
    f = flagged[flagged["flag_class"] == flag_class]
    name = provinces.set_index("province_code")
    out = pd.DataFrame({
        "province_name_en": f["province_code"].map(name["name_en"]),
        "province_name_zh": f["province_code"].map(name["name_zh"]),
        "year": f["year"], "variable": f["variable"], "published": f["published"], "unit": f["unit"],
    })
    for lang in ("en", "zh"):
        out[f"reason_{lang}"] = [_reason(r, lang) for r in f.itertuples()]
    return out.reset_index(drop=True)


def _reason(row: Any, lang: str) -> str:
    """The reason of one flagged cell in ``lang``, from its structured columns."""
    if row.rule != "year_on_year":
        return LABELS.t(f"reason_{row.rule}", lang)
    cause = (LABELS.t("cause_census", lang, year=int(row.cause_census_year)) if pd.notna(row.cause_census_year)
             else LABELS.t("cause_unknown", lang))
    return LABELS.t("reason_year_on_year", lang, change=row.change_log, median=row.median_log, cause=cause)


def seams(panel: pd.DataFrame, variables: pd.DataFrame) -> pd.DataFrame:
    """The variables whose series crosses a vintage or producer seam, with the seam year and how they are joined.

    Returns:
        variable, variable_name_en/zh, seam_year, vintage (the link or method text of the dictionary).
    """
    marked = panel.dropna(subset=["seam_year"]).groupby("variable")["seam_year"].first().astype(int)
    v = variables.set_index("variable")
    own = [n for n in marked.index if n in v.index and v.loc[n, "kind"] in ("link", "computed")]
    return pd.DataFrame({
        "variable": own, "variable_name_en": [v.loc[n, "name_en"] for n in own],
        "variable_name_zh": [v.loc[n, "name_zh"] for n in own], "seam_year": [int(marked[n]) for n in own],
        "vintage": [v.loc[n, "vintage"] for n in own],
    })


def gdp_gaps(gdp_seams: pd.DataFrame, provinces: pd.DataFrame) -> pd.DataFrame:
    """The revision gaps at the GDP seams, one column per seam, largest 2006 revision first.

    Returns:
        province_name_en/zh, revision_gap_pct (v2025 / v2018 - 1 in 2006, %), revision_2019_pct (v2025 /
        first-published - 1 in 2019, %), growth_gap_2019_pp (NBS index growth - first-published growth in 2019).
    """
    name = provinces.set_index("province_code")
    w = gdp_seams.pivot_table(index="province_code", columns="seam", values="revision_gap")
    w = w.reindex(w["nominal_v2018_to_v2025"].abs().sort_values(ascending=False).index)
    return pd.DataFrame({"province_name_en": w.index.map(name["name_en"]),
                         "province_name_zh": w.index.map(name["name_zh"]),
                         "revision_gap_pct": (100 * w["nominal_v2018_to_v2025"]).round(1).to_numpy(),
                         "revision_2019_pct": (100 * w["nominal_first_published_to_v2025"]).round(1).to_numpy(),
                         "growth_gap_2019_pp": w["growth_index_minus_first_published"].round(2).to_numpy()})


def key_facts(panel: pd.DataFrame, variables: pd.DataFrame, flagged: pd.DataFrame) -> dict[str, Any]:
    """Counts of the catalogue and the coverage of the headline trio (CO2, total energy, real GDP), 1997-2019.

    Returns:
        n_variables (single series), n_families (fuel and sector families), n_source, n_derived, n_links,
        n_blocked, n_breaks, full_from / full_to (the first year with all three, and 2019) and gaps (year ->
        provinces complete, for the years in that span with fewer than 30).
    """
    s = series(variables)
    ok = panel[panel["variable"].isin(HEADLINE) & panel["value"].notna()]
    n = ok.groupby(["year", "province_code"])["variable"].nunique().eq(len(HEADLINE)).groupby(level="year").sum()
    n = n.reindex(range(1997, 2020), fill_value=0)
    full_from = int(n[n > 0].index.min())
    gaps = {int(y): int(c) for y, c in n.items() if y >= full_from and c < 30}
    return {
        "n_variables": len(s), "n_families": int((variables["kind"] == "family").sum()),
        "n_source": int((s["kind"] == "source").sum()),
        "n_derived": int(s["kind"].isin(["derived", "computed"]).sum()), "n_links": int((s["kind"] == "link").sum()),
        "n_blocked": int((flagged["flag_class"] == "blocked").sum()),
        "n_breaks": int((flagged["flag_class"] == "break").sum()),
        "full_from": full_from, "full_to": 2019, "gaps": gaps,
    }


def trade_year(terms: pd.DataFrame) -> int:
    """The latest year of the electricity-trade adjustment (``zcparks.data.trade_terms()``), the one the page quotes."""
    return int(terms["year"].max())


def hours_facts(hours: pd.DataFrame, technology: str = "solar") -> dict[str, Any]:
    """The estimated years of annual hours and the leave-one-out error of the estimate.

    Returns:
        years (list), mean and max (leave-one-out absolute error, %).
    """
    est = hours[(hours["technology"] == technology) & (hours["status"] == "estimate")]
    return {"years": sorted(int(y) for y in est["year"].unique()),
            "mean": float(est["loo_mean_abs_error_pct"].iloc[0]), "max": float(est["loo_max_abs_error_pct"].iloc[0])}
