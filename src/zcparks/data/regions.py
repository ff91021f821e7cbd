"""Provinces: GB/T 2260 codes, names, NBS regions, coastal flag, regional grid; name aliases.

Everything joins on the 6-digit GB/T 2260 ``province_code`` (a string, e.g. ``"110000"``).
The Xinjiang Production and Construction Corps (XPCC, 新疆生产建设兵团) has no GB/T 2260
province code: it is kept as its own unit (``unit_id = "XPCC"``) and mapped to Xinjiang
(``650000``) for provincial statistics.

Region and grid columns hold codes (``East``, ``North China``); their names in English and
Chinese are in the data vocabulary (``zcparks/data/labels.yaml``), not here. This module
reads no file: the build passes it the raw tables.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zcparks.errors import ZcparksError

if TYPE_CHECKING:
    import pandas as pd

XPCC_EN = "Xinjiang Production and Construction Corps"
XPCC_ID = "XPCC"
XPCC_ZH = "新疆生产建设兵团"
XINJIANG_CODE = "650000"

NBS_REGIONS = ("East", "Central", "West", "Northeast")
GRID_REGIONS = ("North China", "Northeast China", "East China", "Central China", "Northwest China",
                "China Southern", "Southwest China")

PROVINCE_COLUMNS = ["province_code", "name_zh", "name_zh_short", "name_en", "division_type",
                    "nbs_region", "coastal", "grid_region", "yangtze_river_economic_belt"]


def provinces_table(crosswalk: pd.DataFrame, regions: pd.DataFrame) -> pd.DataFrame:
    """The 31 mainland provinces, one row each, sorted by code.

    Args:
        crosswalk: ``boundaries/province_name_code_crosswalk.csv`` as read by the raw loader.
        regions: ``regions/province_regions.csv`` as read by the raw loader.

    Returns:
        Columns :data:`PROVINCE_COLUMNS`; ``coastal`` and ``yangtze_river_economic_belt`` are booleans,
        ``nbs_region`` and ``grid_region`` codes.

    Raises:
        ZcparksError: the two files disagree on the province codes.
    """
    cw = crosswalk[crosswalk["in_mainland_31"] == "yes"].rename(
        columns={
            "adcode_gbt2260": "province_code",
            "province_zh_full": "name_zh",
            "province_zh_short": "name_zh_short",
            "province_en": "name_en",
        }
    )
    missing = sorted(set(cw["province_code"]) ^ set(regions["province_code"]))
    if missing:
        raise ZcparksError(
            f"data/raw/regions/province_regions.csv and the boundary crosswalk disagree on codes {missing}; "
            "expected the same 31 province codes in both"
        )
    out = cw.merge(regions, on="province_code", how="inner", validate="one_to_one")
    out["coastal"] = out["coastal"] == "yes"
    out["yangtze_river_economic_belt"] = out["yangtze_river_economic_belt"] == "yes"
    return out[PROVINCE_COLUMNS].sort_values("province_code").reset_index(drop=True)


def unit_aliases(provinces: pd.DataFrame) -> dict[str, str]:
    """Every spelling of a provincial unit that a parameter may use, mapped to its id.

    Args:
        provinces: :func:`provinces_table`.

    Returns:
        Code, English name, Chinese short and full name -> province code; the XPCC's names -> ``XPCC``.
    """
    out: dict[str, str] = {}
    for row in provinces.itertuples():
        for key in (row.province_code, row.name_zh, row.name_zh_short, row.name_en):
            out[str(key)] = row.province_code
    for key in (XPCC_ID, XPCC_EN, XPCC_ZH, "兵团", "新疆兵团"):  # the Corps' full name and its usual short names
        out[key] = XPCC_ID
    return out
