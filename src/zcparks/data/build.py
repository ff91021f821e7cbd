"""``make data``: build ``data/processed/`` from ``data/raw/``, with sanity checks.

Run as ``python -m zcparks.data.build``. Each step validates its raw inputs (via the one
loader), builds a tidy table and checks it; the outputs are written to a temporary folder
and moved into place only when every step and check has passed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from zcparks import paths
from zcparks.data import indicators, metadata, regions, units
from zcparks.data.catalog import CROSSWALK, GRID_FACTORS, REGIONS, build_catalogue
from zcparks.data.raw import read_raw
from zcparks.data.regions import XPCC_EN
from zcparks.errors import SanityCheckError

# the columns of panel.parquet (zcparks.data.panel() drops ``selected`` unless all_sources=True)
PANEL_COLUMNS = ["province_code", "year", "variable", "value", "unit", "source", "qa_flag", "selected"]


def _check(ok: bool, message: str) -> None:
    """Raise :class:`SanityCheckError` with ``message`` (what was found, what was expected) unless ``ok``."""
    if not ok:
        raise SanityCheckError(message)


# --------------------------------------------------------------------------- parks


def build_parks(provinces: pd.DataFrame, locate: bool = True) -> pd.DataFrame:
    """The 52 parks, tidy: IDs, names, unit/province codes, scope, period, classes, location.

    ``parks.csv`` (the researched table) is checked against ``official_list.tsv`` (the list as
    published) on the Chinese name, scope and construction period of every park, so that a typo in
    either file stops the build. ``unit_id`` is the provincial unit that hosts the park (the XPCC is
    its own unit); ``province_code`` is the province whose statistics cover it, so the XPCC park counts
    under Xinjiang (650000) in every provincial figure.

    Args:
        provinces: the 31 provinces (:func:`zcparks.data.regions.provinces_table`), for the codes.
        locate: add lon / lat (degrees WGS84), loc_precision and loc_unit_zh from the standard map
            (:func:`zcparks.data.geo.locate_parks`); False skips cnmaps (``--no-geography``).

    Returns:
        One row per park, in the order of ``parks.csv``; seq and construction_start / construction_end
        (years) as integers.

    Raises:
        SanityCheckError: not exactly ZCP-01 ... ZCP-52, the two lists disagree, a park has no statistical
            province, a province or the XPCC has no park, or a location is missing or outside China's
            bounding box (73-136 degrees E, 18-54 degrees N).
        DataError: a raw file is malformed.
    """
    raw = read_raw("pilot_parks", "parks.csv")
    official = read_raw("pilot_parks", "official_list.tsv")
    code_of = dict(zip(provinces["name_en"], provinces["province_code"], strict=True))

    _check(len(raw) == 52, f"parks.csv: {len(raw)} parks; expected 52")
    expected_ids = [f"ZCP-{i:02d}" for i in range(1, 53)]
    _check(sorted(raw["park_id"]) == expected_ids, "parks.csv: park_id must be exactly ZCP-01 ... ZCP-52")
    _check((raw["park_id"] == "ZCP-" + raw["seq"].astype(int).map("{:02d}".format)).all(),
           "parks.csv: park_id must be ZCP- + the two-digit seq")
    merged = raw.merge(official, on="seq", suffixes=("", "_list"), validate="one_to_one")
    scope_zh = merged["scope"].map({"park_in_park": "园中园", "whole_park": "整体"})
    for col, other in (("name_zh", "name_zh_list"), ("construction_start", "construction_start_list"),
                       ("construction_end", "construction_end_list")):
        bad = merged.loc[merged[col] != merged[other], "park_id"].tolist()
        _check(not bad, f"parks.csv vs official_list.tsv: {col} differs for {bad}")
    bad = merged.loc[scope_zh != merged["scope_zh"], "park_id"].tolist()
    _check(not bad, f"parks.csv vs official_list.tsv: scope differs for {bad}")

    is_xpcc = raw["province_en"] == XPCC_EN
    out = pd.DataFrame(
        {
            "park_id": raw["park_id"],
            "seq": raw["seq"].astype(int),
            "name_zh": raw["name_zh"],
            "name_en": raw["name_en"],
            "unit_id": np.where(is_xpcc, regions.XPCC_ID, raw["province_en"].map(code_of)),
            "unit_zh": raw["province_zh"],
            "unit_en": raw["province_en"],
            "is_xpcc": is_xpcc,
            "province_code": raw["stats_province_en"].map(code_of),
            "prefecture_zh": raw["prefecture_zh"],
            "county_zh": raw["county_zh"],
            "county_adcode": raw["county_adcode"],
            "county_basis": raw["county_basis"],
            "scope": raw["scope"],
            "construction_start": raw["construction_start"].astype(int),
            "construction_end": raw["construction_end"].astype(int),
            "zone_type": raw["zone_type"],
            "main_industries": raw["main_industries"],
            "industry_class": raw["industry_class"],
            "verified_by": raw["verified_by"],
            "verification_note": raw["verification_note"],
            "sources": raw["sources"],
        }
    )
    _check(out["province_code"].notna().all(), "parks: every park needs a statistical province")
    _check(
        bool((out.loc[out["is_xpcc"], "province_code"] == regions.XINJIANG_CODE).all()),
        "parks: the XPCC park must map to Xinjiang (650000) for statistics",
    )
    units = set(out["unit_id"])
    _check(
        units == set(provinces["province_code"]) | {regions.XPCC_ID},
        f"parks: expected all 31 provinces + XPCC to have a park; missing "
        f"{sorted(set(provinces['province_code']) | {regions.XPCC_ID} - units)}",
    )
    if locate:
        from zcparks.data import geo

        loc = geo.locate_parks(raw)
        out = out.merge(loc, on="park_id", how="left", validate="one_to_one")
        _check(out[["lon", "lat"]].notna().all().all(), "parks: every park needs a location")
        inside = out["lon"].between(73, 136) & out["lat"].between(18, 54)
        _check(bool(inside.all()), f"parks: locations outside China: {out.loc[~inside, 'park_id'].tolist()}")
    return out


# --------------------------------------------------------------------------- panel


def _panel_candidates(provinces: pd.DataFrame) -> pd.DataFrame:
    """Every value of every panel file, keyed by province code, with its source.

    Panel files are the long tables declared ``panel: true``. Rows for names other than the 31
    provinces (national totals, regional grids, extra geographies) and rows with an empty value are
    dropped. Variables are renamed to their ``panel_variable`` where one is declared, so that vintages
    that name the same quantity differently compete for one key; ``raw_variable`` keeps the name in
    the file, which the quality flags refer to.

    Args:
        provinces: the 31 provinces, for the codes.

    Returns:
        Columns province_code, year, variable, raw_variable, value (float, in ``unit``), unit,
        source (``<source_id>/<file>``) and rank (the file's ``panel_rank``).
    """
    code_of = dict(zip(provinces["name_en"], provinces["province_code"], strict=True))
    frames = []
    for src in metadata.all_sources():
        for fm in src.files:
            if not (fm.layout == "long" and fm.panel):
                continue
            df = read_raw(src.source_id, fm.file)
            df = df[df["province_en"].isin(code_of)].dropna(subset=["value"])
            rename = {v.name: v.panel_variable for v in fm.variables if v.name and v.panel_variable}
            frames.append(
                pd.DataFrame(
                    {
                        "province_code": df["province_en"].map(code_of),
                        "year": df["year"].astype(int),
                        "variable": df["variable"].replace(rename),
                        "raw_variable": df["variable"],
                        "value": df["value"].astype(float),
                        "unit": df["unit"],
                        "source": f"{src.source_id}/{fm.file}",
                        "rank": fm.panel_rank,
                    }
                )
            )
    return pd.concat(frames, ignore_index=True)


def _qa_flags(provinces: pd.DataFrame) -> pd.DataFrame:
    """Quality flags of cells of the third-party (Wang Meng) panel, ready to join onto the candidates.

    Several flags on one cell are joined with ``"; "``, so the join adds no rows. The ``source``
    column is set to the third-party panel file so that a flag attaches only to that file's value,
    not to another source's value for the same province, year and variable.

    Args:
        provinces: the 31 provinces, for the codes.

    Returns:
        Columns province_code, year, raw_variable, qa_flag, source; one row per flagged cell.
    """
    flags = read_raw("provincial_panel", "thirdparty_wangmeng_panel_qa_flags.csv")
    code_of = dict(zip(provinces["name_en"], provinces["province_code"], strict=True))
    flags = flags.assign(province_code=flags["province_en"].map(code_of), year=flags["year"].astype(int))
    flags = flags.groupby(["province_code", "year", "variable"], as_index=False)["flag"].agg("; ".join)
    flags["source"] = "provincial_panel/thirdparty_wangmeng_panel_1990_2025.csv"
    return flags.rename(columns={"variable": "raw_variable", "flag": "qa_flag"})


def build_panel(provinces: pd.DataFrame) -> pd.DataFrame:
    """All panel values (``selected`` marks the one chosen per key) plus derived indicators.

    Precedence rule: where several files give the same (province, year, variable), the file
    with the lowest ``panel_rank`` in its metadata.yaml wins: primary producer files (CEADs,
    NBS, MEE; newest vintage first) over republished statistics (CREA/Wind) over the
    third-party panel. The losing values stay in the table with ``selected = False``.

    The derived indicators (:func:`zcparks.data.indicators.derive`) are computed from the selected
    values only and are themselves selected.

    Args:
        provinces: the 31 provinces, for the codes.

    Returns:
        Columns :data:`PANEL_COLUMNS`, sorted by province_code, variable, year, source; ``qa_flag`` is ``""``
        where no flag applies.

    Raises:
        SanityCheckError: a file gives one (province, year, variable) twice, two files of equal (lowest)
            rank give the same key (the choice would then depend on file order), a variable has more than
            one unit, or a value has no unit.
        DataError: a raw file is malformed.
    """
    cand = _panel_candidates(provinces)
    cand = cand.merge(_qa_flags(provinces), on=["province_code", "year", "raw_variable", "source"], how="left")
    cand["qa_flag"] = cand["qa_flag"].fillna("")
    cand = cand.sort_values(["province_code", "variable", "year", "rank"], kind="stable")
    cand["selected"] = ~cand.duplicated(["province_code", "year", "variable"], keep="first")
    dup = cand.duplicated(["province_code", "year", "variable", "source"])
    _check(not dup.any(), f"panel: duplicate (province, year, variable, source) keys: "
                          f"{cand.loc[dup, ['province_code', 'year', 'variable', 'source']].head().to_dict('records')}")
    keys = ["province_code", "year", "variable"]
    best = cand[cand["rank"] == cand.groupby(keys)["rank"].transform("min")]
    ties = best[best.duplicated(keys, keep=False)]
    _check(ties.empty, f"panel: two sources with equal precedence for {ties[keys].head().to_dict('records')}")

    selected = cand[cand["selected"]]
    derived = indicators.derive(selected[["province_code", "year", "variable", "value", "unit", "source", "qa_flag"]])
    derived["selected"] = True
    panel = pd.concat([cand[PANEL_COLUMNS], derived[PANEL_COLUMNS]], ignore_index=True)

    units = panel.groupby("variable")["unit"].nunique()
    multi = units[units > 1]
    # CEADs energy inventory variables carry one unit per fuel, so one per variable still holds
    _check(multi.empty, f"panel: variables with more than one unit: {multi.index.tolist()}")
    _check(panel["unit"].notna().all(), "panel: every value needs a unit")
    panel = panel.sort_values(["province_code", "variable", "year", "source"], ignore_index=True)
    return panel


def check_ceads_sector_sums(panel: pd.DataFrame) -> None:
    """CEADs: the 47 sectors add up to the total in every province-year.

    A completeness and consistency check of the source file: the IPCC sectoral inventory covers
    30 provinces (no Tibet) over 1997-2019, and its sector values (``co2_by_sector: *``) must sum to
    ``co2_total_scope1`` within 1e-6 Mt CO2.

    Args:
        panel: the panel of :func:`build_panel` (every source).

    Raises:
        SanityCheckError: not 690 province-years, or a sector sum differs from the total.
    """
    p = panel[panel["source"] == "provincial_panel/ceads_ipcc_sectoral_co2_1997_2019.csv"]
    sectors = p[p["variable"].str.startswith("co2_by_sector: ")].groupby(["province_code", "year"])["value"].sum()
    total = p[p["variable"] == "co2_total_scope1"].set_index(["province_code", "year"])["value"]
    diff = (sectors - total).abs()
    _check(len(total) == 690, f"CEADs sectoral: {len(total)} province-years; expected 30 x 23 = 690")
    _check(bool((diff < 1e-6).all()), f"CEADs sectoral: sector sum != total for {diff[diff >= 1e-6].index[:5].tolist()}")


# --------------------------------------------------------------------------- grid factors


def build_grid_factors(provinces: pd.DataFrame) -> pd.DataFrame:
    """MEE/NBS electricity CO2 factors: national, regional grid, provincial (+ extra national).

    The national 2023 average is checked against the published 0.5306 tCO2/MWh, which catches a wrong
    file, vintage or unit (e.g. kgCO2/kWh is numerically the same, gCO2/kWh is not).

    Args:
        provinces: the 31 provinces, for the codes.

    Returns:
        Columns level, region_en (regional grids without the trailing `` Grid``), region_zh, province_code
        (empty above province level), year, factor, value_tco2_per_mwh (tCO2/MWh), source_doc, source_url,
        check; sorted by level, factor, region_en, year.

    Raises:
        SanityCheckError: the national 2023 average is not 0.5306, a province is unknown, or the regional
            grids are not the 7 of :data:`zcparks.data.regions.GRID_REGIONS`.
        DataError: the raw file is malformed.
    """
    raw = read_raw(*GRID_FACTORS)
    code_of = dict(zip(provinces["name_en"], provinces["province_code"], strict=True))
    grid_name = {f"{g} Grid": g for g in regions.GRID_REGIONS}
    out = pd.DataFrame(
        {
            "level": raw["level"],
            "region_en": raw["province_en"].replace(grid_name),
            "region_zh": raw["province_zh"],
            "province_code": raw["province_en"].map(code_of),
            "year": raw["year"].astype(int),
            "factor": raw["variable"],
            "value_tco2_per_mwh": raw["value"].astype(float),
            "source_doc": raw["source_doc"],
            "source_url": raw["source_url"],
            "check": raw["check"],
        }
    )
    nat = out[(out["level"] == "national") & (out["factor"] == "grid_average_co2_emission_factor")]
    v2023 = nat.loc[nat["year"] == 2023, "value_tco2_per_mwh"]
    _check(len(v2023) == 1 and abs(float(v2023.iloc[0]) - 0.5306) < 1e-9,
           f"grid factors: national 2023 average must be 0.5306 tCO2/MWh (MEE/NBS 公告2025年第47号), got {v2023.tolist()}")
    prov = out[out["level"] == "province"]
    _check(prov["province_code"].notna().all(), "grid factors: unknown province in the MEE table")
    _check(set(out.loc[out["level"] == "regional_grid", "region_en"]) == set(regions.GRID_REGIONS),
           "grid factors: expected the 7 regional grids")
    return out.sort_values(["level", "factor", "region_en", "year"], ignore_index=True)


# --------------------------------------------------------------------------- units


def check_metadata_units() -> int:
    """Parse every ``unit:`` of every ``metadata.yaml`` and check the indicators' named factors.

    Returns:
        The number of distinct unit strings parsed.

    Raises:
        SanityCheckError: a unit string is not in the unit vocabulary (the message names the file, the column or
            variable and the unit), or a factor does not match its units.
    """
    seen, problems = set(), []
    for src in metadata.all_sources():
        for fm in src.files:
            declared = [(f"column {n}", c.unit) for n, c in {**fm.columns, **fm.extra_columns}.items()]
            declared += [(f"variable {v.name or v.pattern}", unit) for v in fm.variables for unit in v.units]
            for what, unit in declared:
                if unit is None:
                    continue
                try:
                    units.parse(unit)
                    seen.add(unit)
                except units.UnitError as exc:
                    problems.append(f"data/raw/{src.source_id}/metadata.yaml, {fm.file}, {what}: {exc}")
    try:
        units.check_factors(ind.factor for ind in indicators.INDICATORS)
    except units.UnitError as exc:
        problems.append(str(exc))
    _check(not problems, "; ".join(problems))
    return len(seen)


# --------------------------------------------------------------------------- ID sets


def id_sets(provinces: pd.DataFrame, parks: pd.DataFrame, factors: pd.DataFrame) -> dict:
    """Stable IDs, and the named sets that notebook parameters and fan-outs may refer to (``ids.json``).

    Args:
        provinces: the 31 provinces.
        parks: the 52 parks (:func:`build_parks`).
        factors: the grid factors (:func:`build_grid_factors`; their years bound the ``year`` parameter).

    Returns:
        ``provinces``, ``units`` (+ XPCC), ``parks``, ``grid_factor_years`` as lists, and ``choice_sets``:
        ``@provinces`` (units, with their names as aliases), ``@parks`` and ``@grid_factor_years``, each with
        its values, aliases and a description in en and zh. The report engine reads only this file.
    """
    units = sorted(provinces["province_code"]) + [regions.XPCC_ID]
    years = sorted(int(y) for y in factors["year"].unique())
    park_ids = parks["park_id"].tolist()
    return {
        "provinces": sorted(provinces["province_code"]),
        "units": units,
        "parks": park_ids,
        "grid_factor_years": years,
        "choice_sets": {
            "@provinces": {
                "values": units, "aliases": regions.unit_aliases(provinces),
                "describe": {"en": "a GB/T 2260 province code (e.g. 110000) or XPCC; names such as Jiangsu or 江苏 work too",
                             "zh": "GB/T 2260 省级代码（如 110000）或 XPCC；也可用省名，如 Jiangsu、江苏"},
            },
            "@parks": {"values": park_ids, "aliases": {},
                       "describe": {"en": "a park ID ZCP-01 ... ZCP-52", "zh": "园区编号 ZCP-01 … ZCP-52"}},
            "@grid_factor_years": {"values": years, "aliases": {},
                                   "describe": {"en": "a data year of the MEE/NBS factors ({values})",
                                                "zh": "生态环境部、国家统计局排放因子的数据年份（{values}）"}},
        },
    }


# --------------------------------------------------------------------------- main


def build(out_dir: Path | None = None, *, geography: bool = True, log=print) -> Path:
    """Build every processed file; returns the output folder. Atomic: all or nothing.

    Every output is first written to a temporary folder beside ``out_dir`` (same filesystem, so the
    final moves are cheap renames), and moved into ``out_dir`` only after every step and check has
    passed; a failure leaves ``out_dir`` as it was. A file whose bytes did not change is not replaced,
    so its modification time stays (and caches keyed on it, such as the table cache of
    :mod:`zcparks.data` in a running notebook, stay valid). Outputs
    that this run does not write (the GeoJSON files with ``geography=False``) are left as they were.
    ``.built`` is touched last: :func:`zcparks.data.ensure_built` compares raw files against it.

    Args:
        out_dir: the output folder; ``None`` means ``data/processed/``.
        geography: also use cnmaps (park locations and the boundary GeoJSON files); False is faster, for
            quick checks only.
        log: called with one progress line per step (elapsed seconds and the step); default ``print``.

    Returns:
        ``out_dir``.

    Raises:
        SanityCheckError: a sanity check failed (the message says which and why).
        DataError: a raw file or a metadata.yaml is malformed.
        ZcparksError: the crosswalk and the regions file disagree on the province codes.
    """
    out_dir = out_dir or paths.processed_dir()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()

    def step(msg: str) -> None:
        """Log ``msg`` with the seconds elapsed since the build started."""
        log(f"[data {time.perf_counter() - t0:5.1f}s] {msg}")

    with tempfile.TemporaryDirectory(dir=out_dir.parent, prefix=".processed-") as tmp:
        tmpd = Path(tmp)
        step("units of every metadata.yaml and indicator")
        check_metadata_units()
        step("provinces")
        provinces = regions.provinces_table(read_raw(*CROSSWALK), read_raw(*REGIONS))
        _check(len(provinces) == 31, f"provinces: {len(provinces)}; expected 31")
        provinces.to_parquet(tmpd / "provinces.parquet", index=False)

        step("parks (locations from the standard map)" if geography else "parks")
        parks = build_parks(provinces, locate=geography)
        parks.to_parquet(tmpd / "parks.parquet", index=False)

        step("panel")
        panel = build_panel(provinces)
        check_ceads_sector_sums(panel)
        panel.to_parquet(tmpd / "panel.parquet", index=False)

        step("grid factors")
        factors = build_grid_factors(provinces)
        factors.to_parquet(tmpd / "grid_factors.parquet", index=False)

        for name in ("press_claims.csv", "park_facts.csv"):
            read_raw("pilot_parks", name).to_parquet(tmpd / name.replace(".csv", ".parquet"), index=False)

        if geography:
            step("boundaries (cnmaps, simplified)")
            from zcparks.data import geo

            prov_geo, dash = geo.build_boundaries(read_raw("boundaries", "province_name_code_crosswalk.csv"))
            (tmpd / "boundaries_provinces.geojson").write_text(prov_geo.to_json(), encoding="utf-8")
            (tmpd / "boundaries_dashline.geojson").write_text(dash.to_json(), encoding="utf-8")

        (tmpd / "ids.json").write_text(json.dumps(id_sets(provinces, parks, factors), ensure_ascii=False, indent=1),
                                       encoding="utf-8")

        step("catalogue of raw files")
        (tmpd / "raw_files.json").write_text(
            json.dumps(build_catalogue(), ensure_ascii=False, indent=1), encoding="utf-8"
        )

        # all steps passed: move into place; unchanged files keep their timestamps
        out_dir.mkdir(parents=True, exist_ok=True)
        for f in tmpd.iterdir():
            target = out_dir / f.name
            if target.exists() and target.read_bytes() == f.read_bytes():
                continue
            shutil.move(str(f), target)
    (out_dir / ".built").touch()  # what `make data` and zcparks.data.ensure_built compare against
    step(f"done: {paths.rel(out_dir)}")
    return out_dir


def main(argv: list[str] | None = None) -> int:
    """``python -m zcparks.data.build`` (``make data``); returns 1 with one clear line when a step or check fails.

    Warnings (e.g. :class:`~zcparks.data.raw.EncodingNotice`) are printed as one ``notice:`` line each,
    without the source line Python would otherwise show, so the make output stays readable.

    Args:
        argv: command-line arguments (``--out``, ``--no-geography``); ``None`` means ``sys.argv[1:]``.

    Returns:
        The exit status: 0 on success, 1 on any error (printed as ``make data failed: ...`` on stderr).
    """
    ap = argparse.ArgumentParser(
        prog="python -m zcparks.data.build",
        description="Build data/processed/ (parquet + GeoJSON) from data/raw/, with sanity checks.",
    )
    ap.add_argument("--out", type=Path, default=None, help="output folder (default: data/processed)")
    ap.add_argument("--no-geography", action="store_true",
                    help="skip cnmaps (park locations and boundaries); for quick checks only")
    args = ap.parse_args(argv)
    warnings.showwarning = lambda message, category, *a, **k: print(f"notice: {message}", file=sys.stderr)
    try:
        build(args.out, geography=not args.no_geography)
    except Exception as exc:  # noqa: BLE001 - one clear line for make, details above
        print(f"make data failed: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
