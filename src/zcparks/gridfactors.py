"""MEE/NBS electricity CO2 emission factors (notebook 02): tables, charts and key figures.

Factors are in tCO2/MWh (= kgCO2/kWh), as published; Tibet is not in the MEE tables and
stays "not available".
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from zcparks import regions
from zcparks.charts import WIDTH
from zcparks.labels import t

AVG = "grid_average_co2_emission_factor"


def provincial(factors: pd.DataFrame, provinces: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per province and year with its factor (NaN where not published), names in ``lang``."""
    name_col = "name_zh" if lang == "zh" else "name_en"
    prov = factors[(factors["level"] == "province") & (factors["factor"] == AVG)]
    years = sorted(factors["year"].unique())
    grid = pd.MultiIndex.from_product([provinces["province_code"], years], names=["province_code", "year"])
    out = prov.set_index(["province_code", "year"])[["value_tco2_per_mwh"]].reindex(grid).reset_index()
    p = provinces.set_index("province_code")
    out["name"] = out["province_code"].map(p[name_col])
    region_col = "grid_region_zh" if lang == "zh" else "grid_region"
    out["grid_region"] = out["province_code"].map(p[region_col])
    return out


def national(factors: pd.DataFrame, factor: str = AVG) -> pd.Series:
    """National factor by year (tCO2/MWh)."""
    nat = factors[(factors["level"] == "national") & (factors["factor"] == factor)]
    return nat.set_index("year")["value_tco2_per_mwh"].sort_index()


def key_facts(factors: pd.DataFrame, provinces: pd.DataFrame, year: int, lang: str) -> str:
    """A paragraph of figures for ``year``, all computed from the factors table."""
    prov = provincial(factors, provinces, lang)
    y = prov[prov["year"] == year].dropna(subset=["value_tco2_per_mwh"])
    lo, hi = y.loc[y["value_tco2_per_mwh"].idxmin()], y.loc[y["value_tco2_per_mwh"].idxmax()]
    nat = national(factors)
    excl = national(factors, "national_avg_factor_excl_market_traded_nonfossil")
    missing = sorted(set(provinces["province_code"]) - set(y["province_code"]))
    miss_names = provinces.set_index("province_code").loc[missing, "name_zh" if lang == "zh" else "name_en"].tolist()
    ratio = hi["value_tco2_per_mwh"] / lo["value_tco2_per_mwh"]
    excl_txt = ""
    if year in excl.index:
        excl_txt = (f"不含市场化交易非化石能源电量的全国平均因子为 {excl[year]:.4f}。" if lang == "zh" else
                    f" Excluding market-traded non-fossil electricity, the national factor is {excl[year]:.4f}.")
    if lang == "zh":
        return (f"{year}年全国电力平均二氧化碳排放因子为 {nat[year]:.4f} tCO2/MWh。{len(y)} 个省份中，"
                f"最低为{lo['name']}（{lo['value_tco2_per_mwh']:.4f}），最高为{hi['name']}（{hi['value_tco2_per_mwh']:.4f}），"
                f"相差 {ratio:.1f} 倍。{excl_txt}"
                + (f"{'、'.join(miss_names)}暂无数据（未列入生态环境部表格）。" if miss_names else ""))
    return (f"In {year} the national average CO2 emission factor of electricity was {nat[year]:.4f} tCO2/MWh. "
            f"Across {len(y)} provinces it ranged from {lo['value_tco2_per_mwh']:.4f} ({lo['name']}) to "
            f"{hi['value_tco2_per_mwh']:.4f} ({hi['name']}), a factor of {ratio:.1f}.{excl_txt}"
            + (f" {', '.join(miss_names)}: not available (not in the MEE tables)." if miss_names else ""))


def factor_map(factors: pd.DataFrame, provinces: pd.DataFrame, year: int, lang: str) -> alt.LayerChart:
    """Choropleth of the provincial factor in ``year``; grey where not available."""
    prov = provincial(factors, provinces, lang)
    y = prov[prov["year"] == year][["province_code", "name", "value_tco2_per_mwh"]]
    projection = {"type": "conicEqualArea", "rotate": [-105, 0, 0], "parallels": [25, 47]}
    name_prop = f"datum.properties.name_{'zh' if lang == 'zh' else 'en'}"
    # grey base: every unit, so those without a published factor (Tibet; Taiwan, HK, Macao) still show
    base = alt.Chart(alt.Data(name="zc_provinces")).mark_geoshape(
        fill="#d9dde2", stroke="white", strokeWidth=0.5
    ).transform_calculate(label=name_prop, shown=f"'{t('not_available', lang)}'").encode(
        tooltip=[alt.Tooltip("label:N", title=t("province", lang)),
                 alt.Tooltip("shown:N", title=t("grid_factor", lang))],
    ).project(**projection)
    # coloured layer: provinces with a factor (Vega-Lite leaves out features with a null value)
    valued = alt.Chart(alt.Data(name="zc_provinces")).mark_geoshape(stroke="white", strokeWidth=0.5).encode(
        color=alt.Color("value_tco2_per_mwh:Q", title=t("grid_factor", lang), scale=alt.Scale(scheme="orangered")),
        tooltip=[alt.Tooltip("name:N", title=t("province", lang)),
                 alt.Tooltip("value_tco2_per_mwh:Q", title=t("grid_factor", lang), format=".4f")],
    ).transform_lookup(
        lookup="properties.province_code", from_=alt.LookupData(y, "province_code", ["name", "value_tco2_per_mwh"])
    ).project(**projection)
    dash = alt.Chart(alt.Data(name="zc_dashline")).mark_geoshape(
        filled=False, stroke="#6b7785", strokeWidth=1).project(**projection)
    title = t("grid_factor_map_title", lang).format(year=year)
    return alt.layer(base, valued, dash).properties(width=WIDTH, height=560, title=title, description=title)


def ranking(factors: pd.DataFrame, provinces: pd.DataFrame, year: int, lang: str) -> alt.LayerChart:
    """Provinces sorted by their factor in ``year``, with the national average as a rule."""
    prov = provincial(factors, provinces, lang)
    y = prov[(prov["year"] == year)].dropna(subset=["value_tco2_per_mwh"])
    nat = pd.DataFrame({"value": [national(factors)[year]], "label": [t("national_average", lang)]})
    bars = alt.Chart(y).mark_bar().encode(
        y=alt.Y("name:N", sort="-x", title=None),
        x=alt.X("value_tco2_per_mwh:Q", title=t("grid_factor", lang)),
        color=alt.Color("grid_region:N", title=t("grid_region", lang)),
        tooltip=[alt.Tooltip("name:N", title=t("province", lang)),
                 alt.Tooltip("value_tco2_per_mwh:Q", title=t("grid_factor", lang), format=".4f"),
                 alt.Tooltip("grid_region:N", title=t("grid_region", lang))],
    )
    rule = alt.Chart(nat).mark_rule(color="black", strokeDash=[4, 3]).encode(
        x="value:Q", tooltip=[alt.Tooltip("label:N"), alt.Tooltip("value:Q", format=".4f")])
    title = t("grid_factor_rank_title", lang).format(year=year)
    return alt.layer(bars, rule).properties(width=WIDTH - 200, height=16 * len(y), title=title, description=title)


def province_table(factors: pd.DataFrame, provinces: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Provinces x years (tCO2/MWh), the change over the period, and the regional grid."""
    prov = provincial(factors, provinces, lang)
    wide = prov.pivot(index=["province_code", "name", "grid_region"], columns="year", values="value_tco2_per_mwh")
    years = list(wide.columns)
    wide[t("change", lang)] = wide[years[-1]] - wide[years[0]]
    wide = wide.reset_index().drop(columns="province_code").rename(
        columns={"name": t("province", lang), "grid_region": t("grid_region", lang)})
    wide.columns = [str(c) for c in wide.columns]
    return wide.round(4)


def regional_table(factors: pd.DataFrame, lang: str) -> pd.DataFrame:
    """National (three factors) and the seven regional grids by year, with the transcription check."""
    rows = factors[factors["level"].isin(["national", "regional_grid"])].copy()
    rows["where"] = [
        (t("national_average", lang) if lvl == "national" else
         (regions.GRID_REGION_ZH[r] if lang == "zh" else r))
        for lvl, r in zip(rows["level"], rows["region_en"], strict=True)
    ]
    rows["kind"] = rows["factor"].map(lambda f: t(f, lang))
    wide = rows.pivot(index=["level", "where", "kind"], columns="year", values="value_tco2_per_mwh").reset_index()
    wide = wide.sort_values(["level", "kind"], ascending=[True, False]).drop(columns="level")
    wide = wide.rename(columns={"where": t("regional_grid", lang), "kind": t("factor_kind", lang)})
    wide.columns = [str(c) for c in wide.columns]
    return wide
