"""Electricity-trade-adjusted provincial CO2 (scope 1 + 2), an estimate, and net electricity import.

Scope-1 CO2 makes power importers look clean and exporters dirty. This module moves the CO2 of traded
electricity from exporter to importer, with one national pool (documented in docs/data.md):

1. Net import M = whole-society consumption - all-plant generation (10^8 kWh). Whole-society consumption includes
   grid losses, so M is not a metered flow: it is labelled an estimate.
2. Generation intensity of a province e = CEADs CO2 of "Production and Supply of Electric Power, Steam and Hot
   Water" / generation (tCO2/MWh). The sector includes heat supply, so e is an upper bound for electricity.
3. A net exporter (M < 0) hands over |M| e; the pool intensity is e_pool = sum(|M| e) / sum(|M|) over exporters.
4. A net importer (M > 0) receives M e_pool.
5. Adjusted CO2 = scope 1 - exported CO2 + imported CO2.

Summed over the provinces, adjusted = scope 1 + e_pool (sum of imports - sum of exports). The last term is the
**unassigned** term: provincial imports and exports do not balance, because consumption counts grid losses,
because Tibet and trade with other countries are outside the 30 provinces, and because generation and consumption
come from different compilations. :func:`terms` reports it for every year.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from zcparks.data import units as u

POWER_SECTOR = "co2_by_sector: Production and Supply of Electric Power, Steam and Hot Water"
CONSUMPTION, GENERATION, SCOPE1 = "electricity_consumption_total", "generation_total_thirdparty", "co2_total_scope1"
SOURCE = "zcparks.data.trade"


def _wide(panel: pd.DataFrame) -> pd.DataFrame:
    """The four inputs, one row per province-year with all four present."""
    need = [CONSUMPTION, GENERATION, SCOPE1, POWER_SECTOR]
    p = panel[panel["variable"].isin(need)]
    return p.pivot_table(index=["year", "province_code"], columns="variable", values="value").reindex(
        columns=need).dropna()


def adjust(panel: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Net import and trade-adjusted CO2 for every province-year with all inputs, plus the balance terms.

    Args:
        panel: selected panel rows (blocked cells already missing).

    Returns:
        ``(rows, terms)``: long panel rows of ``electricity_net_import`` (10^8 kWh; every year with consumption and
        generation) and ``co2_trade_adjusted`` (Mt CO2; years with CEADs), flagged ``note: estimate``; and per
        year: provinces, scope1_mt, adjusted_mt, exported_mt, imported_mt, pool_intensity_t_per_mwh,
        imbalance_100m_kwh and unassigned_mt (adjusted - scope 1).
    """
    w = _wide(panel)
    k = u.MT_CO2_PER_100M_KWH.value  # Mt CO2 / 10^8 kWh -> tCO2/MWh
    flows = panel[panel["variable"].isin([CONSUMPTION, GENERATION])].pivot_table(
        index=["year", "province_code"], columns="variable", values="value").dropna()
    net_all = flows[CONSUMPTION] - flows[GENERATION]  # every year with both (to 2024), CO2 or not
    net = w[CONSUMPTION] - w[GENERATION]
    intensity = k * w[POWER_SECTOR] / w[GENERATION].replace(0, np.nan)
    exported = (-net).clip(lower=0) * intensity / k  # Mt CO2
    pool = k * exported.groupby(level="year").sum() / (-net).clip(lower=0).groupby(level="year").sum()  # tCO2/MWh
    imported = net.clip(lower=0) * pool.reindex(net.index, level="year") / k  # Mt CO2
    adjusted = w[SCOPE1] - exported + imported
    terms = pd.DataFrame({
        "provinces": w.groupby(level="year").size(),
        "scope1_mt": w[SCOPE1].groupby(level="year").sum(),
        "adjusted_mt": adjusted.groupby(level="year").sum(),
        "exported_mt": exported.groupby(level="year").sum(),
        "imported_mt": imported.groupby(level="year").sum(),
        "pool_intensity_t_per_mwh": pool,
        "imbalance_100m_kwh": net.groupby(level="year").sum(),
    })
    terms["unassigned_mt"] = terms["adjusted_mt"] - terms["scope1_mt"]
    rows = []
    for name, series, unit in (("electricity_net_import", net_all, "10^8 kWh"),
                               ("co2_trade_adjusted", adjusted, "Mt CO2")):
        s = series.reset_index(name="value")
        s["variable"], s["unit"], s["source"] = name, unit, f"{SOURCE}.{name}"
        s["qa_flag"], s["flag_class"], s["seam_year"] = "note: estimate (method: zcparks.data.trade)", "note", np.nan
        rows.append(s)
    return pd.concat(rows, ignore_index=True), terms.reset_index()
