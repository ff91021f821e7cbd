"""Provinces: GB/T 2260 codes, names, NBS regions, coastal flag, regional grid; name resolution.

Everything joins on the 6-digit GB/T 2260 ``province_code`` (a string, e.g. ``"110000"``).
The Xinjiang Production and Construction Corps (XPCC, 新疆生产建设兵团) has no GB/T 2260
province code: it is kept as its own unit (``unit_id = "XPCC"``) and mapped to Xinjiang
(``650000``) for provincial statistics.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from zcparks.errors import ZcparksError

if TYPE_CHECKING:
    import pandas as pd

XPCC_EN = "Xinjiang Production and Construction Corps"
XPCC_ID = "XPCC"
XPCC_ZH = "新疆生产建设兵团"
XINJIANG_CODE = "650000"

NBS_REGION_ZH = {"East": "东部", "Central": "中部", "West": "西部", "Northeast": "东北"}
GRID_REGION_ZH = {
    "North China": "华北",
    "Northeast China": "东北",
    "East China": "华东",
    "Central China": "华中",
    "Northwest China": "西北",
    "China Southern": "南方",
    "Southwest China": "西南",
}


class UnknownProvinceError(ZcparksError, KeyError):
    """A province name or code that zcparks does not know."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


def provinces_table() -> pd.DataFrame:
    """The 31 mainland provinces, one row each, sorted by code.

    Columns: province_code, name_zh, name_zh_short, name_en, division_type, nbs_region,
    nbs_region_zh, coastal (bool), grid_region, grid_region_zh, yangtze_river_economic_belt (bool).
    """
    from zcparks.data.raw import read_raw

    cw = read_raw("boundaries", "province_name_code_crosswalk.csv")
    cw = cw[cw["in_mainland_31"] == "yes"].rename(
        columns={
            "adcode_gbt2260": "province_code",
            "province_zh_full": "name_zh",
            "province_zh_short": "name_zh_short",
            "province_en": "name_en",
        }
    )
    reg = read_raw("regions", "province_regions.csv")
    missing = sorted(set(cw["province_code"]) ^ set(reg["province_code"]))
    if missing:
        raise ZcparksError(
            f"data/raw/regions/province_regions.csv and the boundary crosswalk disagree on codes {missing}; "
            "expected the same 31 province codes in both"
        )
    out = cw.merge(reg, on="province_code", how="inner", validate="one_to_one")
    out["coastal"] = out["coastal"] == "yes"
    out["yangtze_river_economic_belt"] = out["yangtze_river_economic_belt"] == "yes"
    out["nbs_region_zh"] = out["nbs_region"].map(NBS_REGION_ZH)
    out["grid_region_zh"] = out["grid_region"].map(GRID_REGION_ZH)
    cols = [
        "province_code", "name_zh", "name_zh_short", "name_en", "division_type",
        "nbs_region", "nbs_region_zh", "coastal", "grid_region", "grid_region_zh", "yangtze_river_economic_belt",
    ]
    return out[cols].sort_values("province_code").reset_index(drop=True)


def _lookup() -> dict[str, str]:
    t = provinces_table()
    names: dict[str, str] = {}
    for row in t.itertuples():
        for key in (row.province_code, row.name_zh, row.name_zh_short, row.name_en, row.name_en.lower()):
            names[str(key)] = row.province_code
    return names


def resolve_province(name: str | int) -> str:
    """GB/T 2260 code of a province given its code, English name or Chinese (short or full) name.

    >>> resolve_province("Inner Mongolia"), resolve_province("内蒙古"), resolve_province(150000)
    ('150000', '150000', '150000')

    Raises UnknownProvinceError with the closest known names.
    """
    key = str(name).strip()
    table = _lookup()
    if key in table:
        return table[key]
    if key.lower() in table:
        return table[key.lower()]
    if key in (XPCC_ID, XPCC_EN, XPCC_ZH):
        raise UnknownProvinceError(
            f"{key!r} is the Xinjiang Production and Construction Corps, not a province; "
            f"use unit_id {XPCC_ID!r} for the Corps or province {XINJIANG_CODE} (Xinjiang) for statistics"
        )
    names = [k for k in table if not k.isdigit() and not (k.isascii() and k.islower())]  # no lower-case copies
    close = difflib.get_close_matches(key, names, n=3, cutoff=0.5)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    raise UnknownProvinceError(
        f"unknown province {key!r}{hint} (expected a GB/T 2260 code such as 110000, "
        "an English name such as 'Beijing', or a Chinese name such as '北京')"
    )
