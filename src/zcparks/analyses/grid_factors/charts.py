"""Charts of the grid-factors analysis: the provincial choropleth and the ranking against the national average."""

from __future__ import annotations

import altair as alt
import pandas as pd

from zcparks.analyses.grid_factors import LABELS as L
from zcparks.analyses.grid_factors import national, provincial
from zcparks.report.charts import WIDTH, category_color
from zcparks.report.labels import t as page_label
from zcparks.views import maps


def _grids() -> list[str]:
    return [c for c in L.codes("grid_region") if c != "national"]


def _year(factors: pd.DataFrame, provinces: pd.DataFrame, year: int, lang: str) -> pd.DataFrame:
    prov = provincial(factors, provinces)
    y = prov[prov["year"] == year]
    return pd.DataFrame({"province_code": y["province_code"], "name": y[f"province_name_{lang}"],
                         "value_tco2_per_mwh": y["value_tco2_per_mwh"],
                         "grid_region": y["grid_region"],
                         "grid_name": y["grid_region"].map(lambda g: L.code("grid_region", g, lang))})


def factor_map(factors: pd.DataFrame, provinces: pd.DataFrame, year: int, lang: str) -> alt.LayerChart:
    """Choropleth of the provincial factor in ``year`` (tCO2/MWh); grey where not available.

    Args:
        factors: ``zcparks.data.grid_factors()``.
        provinces: ``zcparks.data.provinces()``.
        year: a year of the factors.
        lang: ``en`` or ``zh``.
    """
    y = _year(factors, provinces, year, lang).set_index("province_code")
    # grey where there is no published factor (Tibet; Taiwan, HK, Macao): maps.choropleth draws every unit
    return maps.choropleth(y["value_tco2_per_mwh"], lang, title=L.t("map_title", lang, year=year),
                           value_title=L.field("value_tco2_per_mwh", lang), names=y["name"],
                           na_text=page_label("not_available", lang), fmt=".4f", scheme="orangered", width=WIDTH,
                           height=560, name_title=L.field("province_name", lang), legend_orient=None)


def ranking(factors: pd.DataFrame, provinces: pd.DataFrame, year: int, lang: str) -> alt.LayerChart:
    """Provinces sorted by their factor in ``year``, coloured by regional grid, with the national average as a rule.

    Args:
        factors: ``zcparks.data.grid_factors()``.
        provinces: ``zcparks.data.provinces()``; provinces without a factor are left out.
        year: a year of the factors.
        lang: ``en`` or ``zh``.
    """
    y = _year(factors, provinces, year, lang).dropna(subset=["value_tco2_per_mwh"])
    nat = pd.DataFrame({"value": [national(factors)[year]], "label": [L.t("national_average", lang)]})
    value_title, grid_title = L.field("value_tco2_per_mwh", lang), L.field("grid_region", lang)
    bars = alt.Chart(y).mark_bar().encode(
        y=alt.Y("name:N", sort="-x", title=None),
        x=alt.X("value_tco2_per_mwh:Q", title=value_title),
        color=category_color("grid_region", L, "grid_region", lang, _grids()),
        tooltip=[alt.Tooltip("name:N", title=L.field("province_name", lang)),
                 alt.Tooltip("value_tco2_per_mwh:Q", title=value_title, format=".4f"),
                 alt.Tooltip("grid_name:N", title=grid_title)],
    )
    rule = alt.Chart(nat).mark_rule(color="black", strokeDash=[4, 3]).encode(
        x="value:Q", tooltip=[alt.Tooltip("label:N"), alt.Tooltip("value:Q", format=".4f")])
    title = L.t("rank_title", lang, year=year)
    return alt.layer(bars, rule).properties(width=WIDTH - 200, height=16 * len(y), title=title, description=title)
