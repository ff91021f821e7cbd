"""``make data``: build ``data/processed/`` from ``data/raw/``, with sanity checks.

Run as ``python -m zcparks.data.build``. Each step validates its raw inputs (via the one
loader), builds a tidy table and checks it; the outputs are written to a temporary folder
and moved into place only when every step and check has passed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from zcparks import indicators, metadata, paths, regions
from zcparks.data.raw import read_raw
from zcparks.errors import SanityCheckError
from zcparks.regions import XPCC_EN

_CROSSWALK = ("boundaries", "province_name_code_crosswalk.csv")
_REGIONS = ("regions", "province_regions.csv")


def datasets() -> dict[str, list[tuple[str, str]]]:
    """Each processed dataset (what notebooks read) and the raw files it is built from.

    Reports depend on these raw files (Makefile) and list them in their manifests.
    """
    panel_files = [(m.source_id, f.file) for m in metadata.all_sources() for f in m.files
                   if f.layout == "long" and f.panel]
    return {
        "provinces": [_CROSSWALK, _REGIONS],
        "parks": [("pilot_parks", "parks.csv"), ("pilot_parks", "official_list.tsv"), _CROSSWALK, _REGIONS],
        "panel": panel_files + [("provincial_panel", "thirdparty_wangmeng_panel_qa_flags.csv"), _CROSSWALK, _REGIONS],
        "grid_factors": [NATIONAL_FACTOR_2023, _CROSSWALK, _REGIONS],
        "press_claims": [("pilot_parks", "press_claims.csv")],
        "park_facts": [("pilot_parks", "park_facts.csv")],
        "boundaries": [_CROSSWALK],
    }


PANEL_COLUMNS = ["province_code", "year", "variable", "value", "unit", "source", "qa_flag", "selected"]
NATIONAL_FACTOR_2023 = ("power", "mee_grid_emission_factors_2021_2023.csv")


def _check(ok: bool, message: str) -> None:
    if not ok:
        raise SanityCheckError(message)


# --------------------------------------------------------------------------- parks


def build_parks(provinces: pd.DataFrame, locate: bool = True) -> pd.DataFrame:
    """The 52 parks, tidy: IDs, names, unit/province codes, scope, period, classes, location."""
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
        from zcparks import geo

        loc = geo.locate_parks(raw)
        out = out.merge(loc, on="park_id", how="left", validate="one_to_one")
        _check(out[["lon", "lat"]].notna().all().all(), "parks: every park needs a location")
        inside = out["lon"].between(73, 136) & out["lat"].between(18, 54)
        _check(bool(inside.all()), f"parks: locations outside China: {out.loc[~inside, 'park_id'].tolist()}")
    return out


# --------------------------------------------------------------------------- panel


def _panel_candidates(provinces: pd.DataFrame) -> pd.DataFrame:
    """Every value of every panel file, keyed by province code, with its source."""
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
    """CEADs: the 47 sectors add up to the total in every province-year."""
    p = panel[panel["source"] == "provincial_panel/ceads_ipcc_sectoral_co2_1997_2019.csv"]
    sectors = p[p["variable"].str.startswith("co2_by_sector: ")].groupby(["province_code", "year"])["value"].sum()
    total = p[p["variable"] == "co2_total_scope1"].set_index(["province_code", "year"])["value"]
    diff = (sectors - total).abs()
    _check(len(total) == 690, f"CEADs sectoral: {len(total)} province-years; expected 30 x 23 = 690")
    _check(bool((diff < 1e-6).all()), f"CEADs sectoral: sector sum != total for {diff[diff >= 1e-6].index[:5].tolist()}")


# --------------------------------------------------------------------------- grid factors


def build_grid_factors(provinces: pd.DataFrame) -> pd.DataFrame:
    """MEE/NBS electricity CO2 factors: national, regional grid, provincial (+ extra national)."""
    raw = read_raw(*NATIONAL_FACTOR_2023)
    code_of = dict(zip(provinces["name_en"], provinces["province_code"], strict=True))
    grid_name = {f"{g} Grid": g for g in regions.GRID_REGION_ZH}
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
    _check(set(out.loc[out["level"] == "regional_grid", "region_en"]) == set(regions.GRID_REGION_ZH),
           "grid factors: expected the 7 regional grids")
    return out.sort_values(["level", "factor", "region_en", "year"], ignore_index=True)


# --------------------------------------------------------------------------- catalogue


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def file_record(source_id: str, file: str) -> dict:
    """One raw file as reports cite it: path, title, producer, licence, vintage, origins, sha256, bytes."""
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
    """Every raw file with its sha256, source, licence, vintage and origins."""
    return [file_record(src.source_id, fm.file) for src in metadata.all_sources() for fm in src.files]


# --------------------------------------------------------------------------- main


def build(out_dir: Path | None = None, *, geography: bool = True, log=print) -> Path:
    """Build every processed file; returns the output folder. Atomic: all or nothing."""
    out_dir = out_dir or paths.processed_dir()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()

    def step(msg: str) -> None:
        log(f"[data {time.perf_counter() - t0:5.1f}s] {msg}")

    with tempfile.TemporaryDirectory(dir=out_dir.parent, prefix=".processed-") as tmp:
        tmpd = Path(tmp)
        step("provinces")
        provinces = regions.provinces_table()
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
            from zcparks import geo

            prov_geo, dash = geo.build_boundaries(read_raw("boundaries", "province_name_code_crosswalk.csv"))
            (tmpd / "boundaries_provinces.geojson").write_text(prov_geo.to_json(), encoding="utf-8")
            (tmpd / "boundaries_dashline.geojson").write_text(dash.to_json(), encoding="utf-8")

        (tmpd / "ids.json").write_text(json.dumps({
            "provinces": sorted(provinces["province_code"]),
            "units": sorted(provinces["province_code"]) + [regions.XPCC_ID],
            "parks": parks["park_id"].tolist(),
            "grid_factor_years": sorted(int(y) for y in factors["year"].unique()),
        }, indent=1), encoding="utf-8")

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
