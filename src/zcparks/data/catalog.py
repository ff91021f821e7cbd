"""The catalogue of raw files: which raw files each processed dataset is built from, and how a file is cited.

This module imports no pandas: the report engine reads it to write page manifests and
make dependencies (``zcparks makefile`` must stay fast).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from zcparks import paths
from zcparks.data import metadata

CROSSWALK = ("boundaries", "province_name_code_crosswalk.csv")
REGIONS = ("regions", "province_regions.csv")
GRID_FACTORS = ("power", "mee_grid_emission_factors_2021_2023.csv")
HOURLY_CF_FILES = ("pypsa_china_era5_2020_profile_solar_by_province.nc",
                   "pypsa_china_era5_2020_profile_onwind_by_province.nc",
                   "pypsa_china_era5_2020_profile_offwind_by_province.nc")
"""The ERA5 capacity-factor files of ``data/raw/hourly_profiles/`` (see :mod:`zcparks.data.hourly`)."""
POLICY_FILES = ("indicator_rules.csv", "accounting_factors.csv", "fuel_coefficients.csv", "calibres.csv")
"""The tables of ``data/raw/policy/``; each becomes the dataset of its stem (``zcparks.data.indicator_rules()``)."""
UTILISATION = ("power", "crea_nea_monitoring_monthly_utilization_rate_by_province.csv")
HOURS_YTD = ("power_hours_monthly_ytd", "utilization_hours_ytd_monthly_long.csv")


ILLUSTRATIVE = "illustrative_balances"
"""The raw folder (and dataset) of the illustrative archetype balances (:func:`zcparks.data.illustrative_balance_file`)."""

def datasets() -> dict[str, list[tuple[str, str]]]:
    """Each processed dataset (what notebooks read) and the raw files it is built from.

    Returns:
        Dataset name -> list of (source_id, file name). Reports depend on these raw files
        (make rules) and list them in their manifests.
    """
    panel_files = [(m.source_id, f.file) for m in metadata.all_sources() for f in m.files
                   if f.layout == "long" and f.panel]
    return {
        "provinces": [CROSSWALK, REGIONS],
        "parks": [("pilot_parks", "parks.csv"), ("pilot_parks", "official_list.tsv"), CROSSWALK, REGIONS],
        "panel": panel_files + [("provincial_panel", "thirdparty_wangmeng_panel_qa_flags.csv"), CROSSWALK, REGIONS],
        "variables": panel_files + [CROSSWALK, REGIONS],
        "trade_terms": panel_files + [CROSSWALK, REGIONS],
        "flagged_cells": panel_files + [("provincial_panel", "thirdparty_wangmeng_panel_qa_flags.csv"), CROSSWALK, REGIONS],
        "gdp_seams": panel_files + [CROSSWALK, REGIONS],
        "utilisation_monthly": [UTILISATION, CROSSWALK, REGIONS],
        "hours_ytd_monthly": [HOURS_YTD, CROSSWALK, REGIONS],
        "hours_annual": panel_files + [HOURS_YTD, CROSSWALK, REGIONS],
        "grid_factors": [GRID_FACTORS, CROSSWALK, REGIONS],
        "press_claims": [("pilot_parks", "press_claims.csv")],
        "park_facts": [("pilot_parks", "park_facts.csv")],
        "boundaries": [CROSSWALK],
        **{name.removesuffix(".csv"): [("policy", name)] for name in POLICY_FILES},
        "hourly_cf": [("hourly_profiles", f) for f in HOURLY_CF_FILES] + [CROSSWALK, REGIONS],
        "hourly_load": [("hourly_profiles", "wukan_2018_hourly_load_31_provinces_MW.csv"), CROSSWALK, REGIONS],
        # read as files, not built into a table (zcparks.data.illustrative_balance_file); make data validates them
        ILLUSTRATIVE: [(ILLUSTRATIVE, f.file) for f in metadata.load(ILLUSTRATIVE).files],
    }


def sha256(path: Path) -> str:
    """The SHA-256 of the file ``path``, as 64 hex digits."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def file_record(source_id: str, file: str) -> dict:
    """One raw file as reports cite it.

    Args:
        source_id: the raw source folder, e.g. ``power``.
        file: the file name inside it.

    Returns:
        path (``file``), title, producer, licence, vintage, origins, sha256 and size in bytes.
    """
    src = metadata.load(source_id)
    fm = src.file(file)
    path = paths.raw_dir() / source_id / file
    return {
        "source_id": source_id,
        "file": f"data/raw/{source_id}/{file}",
        "title": fm.title,
        "producer": fm.producer or src.producer,
        "licence": fm.licence or src.licence,
        "vintage": fm.vintage or src.vintage,
        "origins": [o.describe() for o in fm.origins],
        "sha256": sha256(path),
        "bytes": path.stat().st_size,
    }


def build_catalogue() -> list[dict]:
    """Every raw file of every source with its sha256, source, licence, vintage and origins."""
    return [file_record(src.source_id, fm.file) for src in metadata.all_sources() for fm in src.files]


def recorded() -> dict[str, dict]:
    """The raw files as the last data build recorded them (``data/processed/raw_files.json``), by path.

    A page's manifest cites these, not the files as they are now: after a raw file is edited without ``make data``
    the processed tables (and so the page) still come from the old bytes, whose hash this keeps.

    Returns:
        ``data/raw/<source_id>/<file>`` -> its :func:`file_record` at build time; empty before the first build.
    """
    import json

    path = paths.processed_dir() / "raw_files.json"
    if not path.exists():
        return {}
    return {r["file"]: r for r in json.loads(path.read_text(encoding="utf-8"))}
