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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from zcparks import paths, yamlfile
from zcparks.buildstate import lock as buildlock
from zcparks.buildstate import stamps
from zcparks.buildstate.datastatus import write_status
from zcparks.data import dictionary, indicators, metadata, monthly, quality, realgdp, regions, trade, units
from zcparks.data.catalog import CROSSWALK, GRID_FACTORS, POLICY_FILES, REGIONS, build_catalogue
from zcparks.data.raw import read_raw
from zcparks.data.regions import XPCC_EN
from zcparks.errors import DataError, SanityCheckError

GEO_CACHE = ".geo-cache"
"""Folder of ``data/processed/`` that keeps the cnmaps results of the last build (:func:`zcparks.data.geo.memo`)."""

# the columns of panel.parquet (zcparks.data.panel() drops ``selected`` unless all_sources=True)
PANEL_COLUMNS = ["province_code", "year", "variable", "value", "unit", "source", "qa_flag", "flag_class", "seam_year",
                 "selected"]


def _check(ok: bool, message: str) -> None:
    """Raise :class:`SanityCheckError` with ``message`` (what was found, what was expected) unless ``ok``."""
    if not ok:
        raise SanityCheckError(message)


# --------------------------------------------------------------------------- parks


def _park_locations(raw: pd.DataFrame, cache: tuple[Path, Path] | None) -> pd.DataFrame:
    """:func:`zcparks.data.geo.locate_parks`, reused from the last build's cache when its inputs are unchanged.

    Args:
        raw: ``parks.csv`` as read.
        cache: (the cache folder of the current processed folder, that of the build's temporary folder) for
            :func:`zcparks.data.geo.memo`; None computes without a cache.
    """
    import io

    from zcparks.data import geo

    cols = raw[["park_id", "province_zh", "prefecture_zh", "county_adcode"]]
    if cache is None:
        return geo.locate_parks(cols)
    files, _ = geo.memo("park_locations", geo.cache_key(cols), *cache,
                        lambda: {"locations.csv": geo.locate_parks(cols).to_csv(index=False).encode("utf-8")})
    return pd.read_csv(io.BytesIO(files["locations.csv"]), dtype={"park_id": str, "loc_precision": str,
                                                                  "loc_unit_zh": str})


FIRST_BATCH_SIZE = 52
"""Parks of the first batch (notice 发改办环资〔2025〕1082号, ``official_list.tsv``): ZCP-01 … ZCP-52, checked one by one."""


def build_parks(provinces: pd.DataFrame, locate: bool = True, cache: tuple[Path, Path] | None = None) -> pd.DataFrame:
    """The listed parks, tidy: IDs, batch, names, unit/province codes, scope, period, classes, location.

    The parks of batch 1 in ``parks.csv`` (the researched table) are checked against ``official_list.tsv`` (the
    list as published) on the Chinese name, scope and construction period of every park, so that a typo in
    either file stops the build; a later batch appends rows with its number and IDs after ZCP-52.
    ``unit_id`` is the provincial unit that hosts the park (the XPCC is its own unit); ``province_code`` is the
    province whose statistics cover it, so the XPCC park counts under Xinjiang (650000) in every provincial figure.

    Args:
        provinces: the 31 provinces (:func:`zcparks.data.regions.provinces_table`), for the codes.
        locate: add lon / lat (degrees WGS84), loc_precision and loc_unit_zh from the standard map
            (:func:`zcparks.data.geo.locate_parks`); False skips cnmaps (``--no-geography``).
        cache: (cache folder of the processed folder, that of the build's temporary folder): reuse the locations of
            the last build when the parks' names and codes, the geo code and cnmaps are unchanged
            (:func:`zcparks.data.geo.memo`).

    Returns:
        One row per park, in the order of ``parks.csv``; seq and construction_start / construction_end
        (years) as integers.

    Raises:
        SanityCheckError: batch 1 is not exactly ZCP-01 ... ZCP-52, the two lists disagree, a park has no statistical
            province, a province or the XPCC has no park, or a location is missing or outside China's
            bounding box (73-136 degrees E, 18-54 degrees N).
        DataError: a raw file is malformed.
    """
    raw = read_raw("pilot_parks", "parks.csv")
    official = read_raw("pilot_parks", "official_list.tsv")
    code_of = dict(zip(provinces["name_en"], provinces["province_code"], strict=True))

    first = raw[raw["batch"].astype(int) == 1]
    _check(len(first) == FIRST_BATCH_SIZE, f"parks.csv: {len(first)} parks of batch 1; expected {FIRST_BATCH_SIZE} "
                                           "(the first list, official_list.tsv)")
    expected_ids = [f"ZCP-{i:02d}" for i in range(1, FIRST_BATCH_SIZE + 1)]
    _check(sorted(first["park_id"]) == expected_ids, "parks.csv: the park_id of batch 1 must be exactly ZCP-01 ... "
                                                     f"ZCP-{FIRST_BATCH_SIZE}")
    _check((first["park_id"] == "ZCP-" + first["seq"].astype(int).map("{:02d}".format)).all(),
           "parks.csv: a park_id of batch 1 must be ZCP- + the two-digit seq")
    # a later batch cannot take an ID of batch 1: park_id is the table's key, and batch 1 holds all of ZCP-01 … 52
    merged = first.merge(official, on="seq", suffixes=("", "_list"), validate="one_to_one")
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
            "batch": raw["batch"].astype(int),
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
        loc = _park_locations(raw, cache)
        out = out.merge(loc, on="park_id", how="left", validate="one_to_one")
        _check(out[["lon", "lat"]].notna().all().all(), "parks: every park needs a location")
        inside = out["lon"].between(73, 136) & out["lat"].between(18, 54)
        _check(bool(inside.all()), f"parks: locations outside China: {out.loc[~inside, 'park_id'].tolist()}")
    return out


# --------------------------------------------------------------------------- panel


def _range_problems(df: pd.DataFrame, file: str, dic: dictionary.Dictionary) -> list[str]:
    """Values of a raw long table outside the plausible range of their dictionary entry (``range:``).

    Checked in the canonical unit, on every row of the file (national and regional rows too), so that e.g. a grid
    factor entered in g/kWh (5568 instead of 0.5568) is rejected.

    Returns:
        One message per bad cell: file, line (header = line 1), column, value, unit and the range.
    """
    out = []
    for (raw_var, raw_unit), part in df.dropna(subset=["value"]).groupby(["variable", "unit"], sort=False):
        var = dic.canonical(file, raw_var)
        if var is None or var.range is None or var.unit == dictionary.AS_PUBLISHED:
            continue
        try:
            k = units.factor(raw_unit, var.unit)
        except units.UnitError:
            continue  # reported by the conversion step
        lo, hi = var.range
        bad = part[~(part["value"].astype(float) * k).between(lo, hi)]
        out += [f"data/raw/{file}, line {int(i) + 2}, column 'value': {float(v):g} {raw_unit} for {raw_var!r} is "
                f"outside the plausible range {lo:g}-{hi:g} {var.unit} ({dictionary.DICTIONARY.name}); check the unit"
                for i, v in zip(bad.index, bad["value"], strict=True)]
    return out


def _panel_candidates(provinces: pd.DataFrame, dic: dictionary.Dictionary) -> pd.DataFrame:
    """Every value of every panel file under its dictionary name, converted into its canonical unit.

    Panel files are the long tables declared ``panel: true``. Rows for names other than the 31 provinces
    (national totals, regional grids) and rows with an empty value are dropped. Each raw variable is looked
    up in the variable dictionary; its values are multiplied by the factor from the file's unit to the
    canonical unit (:func:`zcparks.data.units.factor`, so the factor is checked on the two unit strings).

    Args:
        provinces: the 31 provinces, for the codes.
        dic: the variable dictionary.

    Returns:
        Columns province_code, year, variable, raw_variable, value (float, canonical unit), unit, source
        (``<source_id>/<file>``).

    Raises:
        SanityCheckError: a raw variable is not in the dictionary, a dictionary source matches nothing, or a unit
            cannot be converted into the canonical unit (the message names file, variable and both units).
    """
    code_of = dict(zip(provinces["name_en"], provinces["province_code"], strict=True))
    frames, problems, used = [], [], set()
    for src in metadata.all_sources():
        for fm in src.files:
            if not (fm.layout == "long" and fm.panel):
                continue
            file = f"{src.source_id}/{fm.file}"
            df = read_raw(src.source_id, fm.file)
            problems += _range_problems(df, file, dic)
            df = df[df["province_en"].isin(code_of)].dropna(subset=["value"])
            for (raw_var, raw_unit), part in df.groupby(["variable", "unit"], sort=False):
                var = dic.canonical(file, raw_var)
                if var is None:
                    problems.append(f"data/raw/{file}: variable {raw_var!r} is not in the variable dictionary "
                                    f"(src/zcparks/data/{dictionary.DICTIONARY.name}); add an entry with its source")
                    continue
                used.add(var.name)
                unit, k = raw_unit, 1.0
                if var.unit != dictionary.AS_PUBLISHED:
                    try:
                        unit, k = var.unit, units.factor(raw_unit, var.unit)
                    except units.UnitError as exc:
                        problems.append(f"data/raw/{file}: variable {raw_var!r}: {exc}")
                        continue
                frames.append(pd.DataFrame({
                    "province_code": part["province_en"].map(code_of), "year": part["year"].astype(int),
                    "variable": dic.panel_name(var, raw_var), "raw_variable": raw_var,
                    "value": part["value"].astype(float) * k, "unit": unit, "source": file,
                }))
    stale = [v.name for v in dic.variables.values() if v.file and v.name not in used]
    if stale:
        problems.append(f"variable dictionary: no data for {stale} (their source file or variable is not in data/raw)")
    _check(not problems, "; ".join(problems))
    return pd.concat(frames, ignore_index=True)


def _qa_flags(provinces: pd.DataFrame) -> pd.DataFrame:
    """Quality flags of cells of the third-party (Wang Meng) panel, ready to join onto the candidates.

    Several flags on one cell are joined with ``"; "``, so the join adds no rows. The ``source``
    column is set to the third-party panel file so that a flag attaches only to that file's value.

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


def apply_quality_rules(panel: pd.DataFrame, dic: dictionary.Dictionary) -> pd.DataFrame:
    """The ``outlier`` (blocked) and ``break`` rules of the dictionary, and blocking of a blocked total's parts.

    Args:
        panel: candidate rows with qa_flag and flag_class.
        dic: the variable dictionary.

    Returns:
        The panel with flags added; blocked cells have a missing value (the published one is in ``qa_flag``).
    """
    rules = dic.rules
    checked = [v.name for v in dic.variables.values() if "outlier" in v.checks]
    o = rules["outlier"]
    bad = quality.outliers(panel, checked, int(o["window_years"]), float(o["max_ratio"]))
    why = (f" is below 1/{o['max_ratio']:g} or above {o['max_ratio']:g}x the median of its province's centred "
           f"{o['window_years']}-year window")
    published = panel.loc[bad, "value"]  # the text of the flagged rows only (formatting every row took seconds)
    text = pd.Series([f"published value {v:.6g}{why}" for v in published], index=published.index, dtype=object)
    panel = quality.add_flag(panel, bad, quality.BLOCKED, text)
    # the flags below change no key: the (province, year) of each row is the same for every family
    cell = pd.Series(list(zip(panel["province_code"], panel["year"], strict=True)), index=panel.index)
    for fam in (v for v in dic.variables.values() if v.blocked_with):
        parent = panel[(panel["variable"] == fam.blocked_with) & (panel["flag_class"] == quality.BLOCKED)]
        keys = set(zip(parent["province_code"], parent["year"], strict=True))
        in_fam = panel["variable"].str.startswith(fam.name + ": ")
        hit = in_fam & cell.isin(keys)
        panel = quality.add_flag(panel, hit, quality.BLOCKED, f"its total {fam.blocked_with} is blocked")
    for check in rules.get("sum_check", {}).get("checks", []):
        bad = quality.sum_mismatch(panel, check["total"], check["parts"], float(check["tolerance"]))
        panel = quality.add_flag(panel, bad, quality.BLOCKED,
                                 f"differs from the sum of {', '.join(check['parts'])} by more than "
                                 f"{100 * float(check['tolerance']):g} %")
    after = quality.after_blocked(panel, [v.name for v in dic.variables.values() if "break" in v.checks or
                                          "outlier" in v.checks])
    panel = quality.add_flag(panel, after, quality.BREAK, "first value after blocked years: the change is not comparable")
    b = rules["break"]
    flagged = quality.breaks(panel, [v.name for v in dic.variables.values() if "break" in v.checks],
                             float(b["threshold_log"]))
    causes = {int(y): c["en"] for y, c in b.get("causes", {}).items()}
    years = panel.loc[flagged.index, "year"]
    text = pd.Series(
        [f"year-on-year change {c:+.3f} log points vs the national median {m:+.3f}; "
         f"{causes.get(int(y), 'cause unknown')}" for c, m, y in zip(flagged["change"], flagged["median"], years,
                                                                       strict=True)],
        index=flagged.index, dtype=object)
    mask = pd.Series(panel.index.isin(flagged.index), index=panel.index)
    return quality.add_flag(panel, mask, quality.BREAK, text)


def link_series(panel: pd.DataFrame, dic: dictionary.Dictionary) -> pd.DataFrame:
    """The named links of the dictionary (``links:``): base values, plus the extension scaled at the link year.

    The extension's values on the far side of the link year are multiplied by base / extension in that year,
    per province; ``seam_year`` is the first year of the newer part. A province without both values in the
    link year gets only its base values.

    Returns:
        Long rows of the linked variables.
    """
    rows = []
    for name, link in dic.links.items():
        base = panel[panel["variable"] == link["base"]].set_index(["province_code", "year"])
        ext = panel[panel["variable"] == link["extension"]].set_index(["province_code", "year"])
        y = link["link_year"]
        extends_back = ext.index.get_level_values("year").min() < base.index.get_level_values("year").min()
        out = [base.reset_index()]
        for code in base.index.get_level_values("province_code").unique():
            try:
                ratio = base.loc[(code, y), "value"] / ext.loc[(code, y), "value"]
            except KeyError:
                continue
            e = ext.xs(code, level="province_code")
            far = e[e.index < y] if extends_back else e[e.index > y]
            part = far.reset_index().assign(province_code=code, value=far["value"].to_numpy() * ratio)
            part["qa_flag"] = part["qa_flag"].where(part["qa_flag"] == "", part["qa_flag"] + "; ") + (
                f"linked: {link['extension']} x {ratio:.6g} (ratio at {y})")
            out.append(part)
        linked = pd.concat(out, ignore_index=True)
        linked["variable"], linked["source"] = name, linked["source"] + f" (link {name})"
        linked["seam_year"] = float(y if extends_back else y + 1)
        rows.append(linked)
    return pd.concat(rows, ignore_index=True)


def build_panel(provinces: pd.DataFrame, dic: dictionary.Dictionary | None = None) -> tuple[pd.DataFrame, dict]:
    """The panel: every dictionary variable from its one source, quality flags, links, real GDP and indicators.

    Each variable comes from one file (one producer, one vintage; see ``variables.yaml``); no value is chosen
    between sources. Blocked cells appear twice: selected with a missing value, and not selected with the value
    as published (``d.panel(all_sources=True)``).

    Args:
        provinces: the 31 provinces, for the codes.
        dic: the variable dictionary (default: the package's).

    Returns:
        ``(panel, extras)``: the panel with columns :data:`PANEL_COLUMNS`, sorted by province_code, variable, year;
        and extra tables: ``trade_terms`` (balance of the trade adjustment per year), ``gdp_seams`` (revision gap of
        nominal GDP at the deflator seam) and ``verdicts`` (indicator -> verdict and label).

    Raises:
        SanityCheckError: a raw variable is not in the dictionary, a key appears twice, a unit does not convert, or
            a derived indicator is refused.
        DataError: a raw file is malformed.
    """
    dic = dic or dictionary.load()
    cand = _panel_candidates(provinces, dic)
    cand = cand.merge(_qa_flags(provinces), on=["province_code", "year", "raw_variable", "source"], how="left")
    cand["qa_flag"] = cand["qa_flag"].fillna("")
    cand["flag_class"] = np.where(cand["qa_flag"] != "", quality.NOTE, "")
    cand["seam_year"] = np.nan
    keys = ["province_code", "year", "variable"]
    dup = cand.duplicated(keys)
    _check(not dup.any(),
           f"panel: duplicate (province, year, variable) keys: {cand.loc[dup, keys].head().to_dict('records')}")
    published = cand.copy()
    cand = apply_quality_rules(cand, dic)
    blocked_published = published[cand["flag_class"] == quality.BLOCKED].assign(selected=False)
    blocked_published["qa_flag"] = cand.loc[blocked_published.index, "qa_flag"]
    blocked_published["flag_class"] = quality.BLOCKED

    cols = [c for c in PANEL_COLUMNS if c != "selected"]
    base = cand[cols]
    linked = link_series(base, dic)[cols]
    real = realgdp.build(base)[cols]
    with_real = pd.concat([base, linked, real], ignore_index=True)
    derived = indicators.derive(with_real, dic)
    trade_rows, terms = trade.adjust(with_real)
    verdicts = dictionary.check_verdicts(dic)
    for name, (verdict, label) in verdicts.items():
        rows = trade_rows["variable"] == name
        if verdict == dictionary.OK_WITH_LABEL and rows.any():
            trade_rows.loc[rows, "qa_flag"] = trade_rows.loc[rows, "qa_flag"] + "; label: " + label["en"]
    panel = pd.concat([with_real, derived, trade_rows[cols]], ignore_index=True).assign(selected=True)
    panel = pd.concat([panel, blocked_published[PANEL_COLUMNS]], ignore_index=True)[PANEL_COLUMNS]
    multi = panel.groupby("variable")["unit"].nunique()
    _check((multi <= 1).all(), f"panel: variables with more than one unit: {multi[multi > 1].index.tolist()}")
    _check(panel["unit"].notna().all(), "panel: every value needs a unit")
    panel = panel.sort_values(["province_code", "variable", "year", "selected"], ignore_index=True)
    extras = {"trade_terms": terms, "gdp_seams": realgdp.seam_gaps(base),
              "verdicts": verdicts}
    return panel, extras


def dictionary_table(panel: pd.DataFrame, verdicts: dict) -> pd.DataFrame:
    """The variable dictionary as a table, with licence, years and verdicts (``d.variables()``).

    Args:
        panel: the built panel (for years and province counts).
        verdicts: indicator -> (verdict, label) from :func:`zcparks.data.dictionary.check_verdicts`.

    Returns:
        One row per dictionary entry and per link: variable, name_en, name_zh, concept, unit, coverage, price_basis,
        energy_basis, producer, vintage, licence, source (file or computing module), kind (source / family / link /
        derived / computed), estimate, verdict, label_en, label_zh, first_year, last_year, provinces_max.
    """
    dic = dictionary.load()
    sel = panel[panel["selected"] & panel["value"].notna()]
    head = sel["variable"].str.split(": ", n=1).str[0]
    span = sel.groupby(head).agg(first_year=("year", "min"), last_year=("year", "max"))
    provs = sel.groupby([head, "year"])["province_code"].nunique().groupby(level=0).max().rename("provinces_max")
    rows = []
    for v in dic.variables.values():
        licence = ""
        if v.file:
            source_id, file = v.file.split("/", 1)
            src = metadata.load(source_id)
            licence = src.file(file).licence or src.licence
        kind = "family" if v.is_family else "source" if v.file else "derived" if v.derived else "computed"
        verdict, label = verdicts.get(v.name, ("ok", {"en": "", "zh": ""}))
        rows.append({"variable": v.name, "name_en": v.name_en, "name_zh": v.name_zh, "concept": v.concept,
                     "unit": v.unit, "coverage": v.coverage, "price_basis": v.price_basis,
                     "energy_basis": v.energy_basis, "producer": v.producer, "vintage": v.vintage, "licence": licence,
                     "source": v.file or v.computed_by or "zcparks.data.indicators", "kind": kind,
                     "estimate": v.estimate, "verdict": verdict, "label_en": label["en"], "label_zh": label["zh"]})
    for name, link in dic.links.items():
        base = dic.variables[link["base"]]
        rows.append({"variable": name, "name_en": link["name_en"], "name_zh": link["name_zh"], "concept": base.concept,
                     "unit": base.unit, "coverage": base.coverage, "price_basis": base.price_basis,
                     "energy_basis": base.energy_basis, "producer": base.producer,
                     "vintage": f"{link['base']} linked with {link['extension']} at {link['link_year']} (ratio)",
                     "licence": "", "source": "zcparks.data.build.link_series", "kind": "link", "estimate": False,
                     "verdict": "ok", "label_en": "", "label_zh": ""})
    out = pd.DataFrame(rows).merge(span, left_on="variable", right_index=True, how="left")
    out = out.merge(provs, left_on="variable", right_index=True, how="left")
    return out


def flagged_cells(panel: pd.DataFrame) -> pd.DataFrame:
    """Every blocked or break-flagged cell of a source variable, with its reason and published value.

    Cells of fuel/sector families and of derived indicators (which inherit their inputs' blocks) are left out.

    Returns:
        Columns province_code, year, variable, flag_class, rule (outlier / sum_check / parent_blocked / year_on_year /
        after_blocked), change_log and median_log (year-on-year breaks, log points), cause_census_year (the census of a
        break in a census year), qa_flag (the full text), published (the value as published), unit.
    """
    src = ~panel["source"].str.startswith("zcparks.data.") & ~panel["variable"].str.contains(": ", regex=False)
    src &= ~panel["variable"].isin(dictionary.load().links)
    flagged = panel[src & panel["flag_class"].isin([quality.BLOCKED, quality.BREAK])]
    published = flagged[~flagged["selected"] | (flagged["flag_class"] == quality.BREAK)]
    out = published.rename(columns={"value": "published"})
    text = out["qa_flag"]
    out["rule"] = np.select(
        [text.str.contains("first value after blocked years"), out["flag_class"] == quality.BREAK,
         text.str.contains("differs from the sum of"), text.str.contains("its total "),
         text.str.contains("median of its province")],
        ["after_blocked", "year_on_year", "sum_check", "parent_blocked", "outlier"], default="other")
    yoy = text.str.extract(r"change ([+-][\d.]+) log points vs the national median ([+-][\d.]+)").astype(float)
    out["change_log"], out["median_log"] = yoy[0], yoy[1]
    out["cause_census_year"] = text.str.extract(r"economic census \(reference year (\d{4})\)")[0].astype("Int64")
    cols = ["province_code", "year", "variable", "flag_class", "rule", "change_log", "median_log", "cause_census_year",
            "qa_flag", "published", "unit"]
    return out[cols].sort_values(["flag_class", "variable", "province_code", "year"], ignore_index=True)


CSV_TABLES = ("panel", "variables", "flagged_cells", "gdp_seams", "trade_terms", "hours_annual", "utilisation_monthly",
              "hours_ytd_monthly", "parks", "provinces", "grid_factors")
"""Tidy tables also written as UTF-8 CSV to ``csv/`` (readers download them from the data-catalogue page)."""


def write_csv_tables(out_dir: Path) -> None:
    """Write each table of :data:`CSV_TABLES` from ``out_dir`` as ``out_dir/csv/<name>.csv`` (the panel: selected rows).

    The CSV files carry a BOM so that spreadsheet programs read the Chinese text as UTF-8.
    """
    (out_dir / "csv").mkdir(exist_ok=True)
    for name in CSV_TABLES:
        df = pd.read_parquet(out_dir / f"{name}.parquet")
        if name == "panel":
            df = df[df["selected"]].drop(columns="selected")
        df.to_csv(out_dir / "csv" / f"{name}.csv", index=False, encoding="utf-8-sig", lineterminator="\n")


def coverage_line(panel: pd.DataFrame, years: range = range(2000, 2020)) -> str:
    """The build's sanity line: provinces with CO2, total energy and real GDP all present and unblocked, per year.

    Returns:
        e.g. ``"coverage (CO2 scope 1 + total energy + real GDP, unblocked): 2000: 29, 2001: 29, ..."``.
    """
    need = ["co2_total_scope1", "total_energy_consumption", "gdp_constant_2020"]
    p = panel[panel["selected"] & panel["variable"].isin(need) & panel["value"].notna() & panel["year"].isin(years)]
    n = p.groupby(["year", "province_code"])["variable"].nunique()
    per_year = (n == len(need)).groupby(level="year").sum().reindex(years, fill_value=0)
    return "coverage (CO2 scope 1 + total energy + real GDP, unblocked): " + ", ".join(
        f"{y}: {c}" for y, c in per_year.items())


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
    p = p[~(p["selected"] & (p["flag_class"] == quality.BLOCKED))]  # the values as published
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
        units.check_factors(dictionary.factor_of(ind) for ind in dictionary.load().derived())
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
        ``@provinces`` (units, with their names as aliases), ``@parks`` and ``@grid_factor_years``, each with its
        values, aliases and a description in en and zh, and the sets of variables the dictionary offers (``offered:``
        of ``variables.yaml``, e.g. ``@trend_variables``, labelled). ``@provinces`` also has ``labels`` (each unit's
        English name and Chinese short name, for page titles such as "Province profile: Jiangsu" / "江苏"), ``groups``
        (each unit's NBS region code; the XPCC is in Xinjiang, so ``West``) and ``group_labels`` (the region names in
        en and zh, in the vocabulary's order, from ``zcparks/data/labels.yaml``), which the index uses to list
        per-province pages by region; ``@parks`` has the same for the parks (names, and the region of the unit that
        hosts each). The report engine reads only this file.
    """
    units = sorted(provinces["province_code"]) + [regions.XPCC_ID]
    labels = {row.province_code: {"en": row.name_en, "zh": row.name_zh_short} for row in provinces.itertuples()}
    labels[regions.XPCC_ID] = {"en": regions.XPCC_EN, "zh": regions.XPCC_ZH}
    groups = dict(zip(provinces["province_code"], provinces["nbs_region"], strict=True))
    groups[regions.XPCC_ID] = groups.get(regions.XINJIANG_CODE, "West")  # the Corps is in Xinjiang
    # the region names of the data vocabulary (zcparks.data.VOCABULARY), read directly: the package imports this module
    vocabulary = yamlfile.load(Path(__file__).with_name("labels.yaml"))
    group_labels = {code: {"en": names["en"], "zh": names["zh"]}
                    for code, names in vocabulary["codes"]["nbs_region"].items()}
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
                "labels": labels, "groups": groups, "group_labels": group_labels,
            },
            "@parks": {"values": park_ids, "aliases": {},
                       "describe": {"en": f"a park ID {park_ids[0]} ... {park_ids[-1]}",
                                    "zh": f"园区编号 {park_ids[0]} … {park_ids[-1]}"},
                       "labels": {r.park_id: {"en": r.name_en, "zh": r.name_zh} for r in parks.itertuples()},
                       "groups": {r.park_id: groups[r.unit_id] for r in parks.itertuples()},
                       "group_labels": group_labels},
            "@grid_factor_years": {"values": years, "aliases": {},
                                   "describe": {"en": "a data year of the MEE/NBS factors ({values})",
                                                "zh": "生态环境部、国家统计局排放因子的数据年份（{values}）"}},
            # the variables a report may offer: tagged entries of the variable dictionary (offered_in)
            **dictionary.load().offered_sets(),
        },
    }


# --------------------------------------------------------------------------- the steps


@dataclass
class _Run:
    """One data build in progress: where it writes, and the tables later steps read."""

    tmp: Path
    out_dir: Path
    geography: bool
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def write(self, name: str, df: pd.DataFrame) -> pd.DataFrame:
        """Write ``df`` as ``<name>.parquet`` and keep it for later steps; returns it."""
        df.to_parquet(self.tmp / f"{name}.parquet", index=False)
        self.tables[name] = df
        return df


def _step_inputs(run: _Run) -> None:
    check_metadata_units()
    for src in metadata.all_sources():  # every listed file, before any step reads one (a deletion fails at once)
        for fm in src.files:
            f = paths.raw_dir() / src.source_id / fm.file
            if not f.exists():
                raise DataError(paths.rel(f), f"file not found; expected the raw file listed in "
                                              f"data/raw/{src.source_id}/metadata.yaml")


def _step_provinces(run: _Run) -> None:
    provinces = regions.provinces_table(read_raw(*CROSSWALK), read_raw(*REGIONS))
    _check(len(provinces) == 31, f"provinces: {len(provinces)}; expected 31")
    run.write("provinces", provinces)


def _step_parks(run: _Run) -> None:
    run.write("parks", build_parks(run.tables["provinces"], locate=run.geography,
                                   cache=(run.out_dir / GEO_CACHE, run.tmp / GEO_CACHE)))


def _step_panel(run: _Run) -> str:
    panel, extras = build_panel(run.tables["provinces"])
    check_ceads_sector_sums(panel)
    run.write("panel", panel)
    run.write("variables", dictionary_table(panel, extras["verdicts"]))
    run.write("trade_terms", extras["trade_terms"])
    run.write("gdp_seams", extras["gdp_seams"])
    run.write("flagged_cells", flagged_cells(panel))
    return coverage_line(panel)


def _step_monthly(run: _Run) -> None:
    provinces = run.tables["provinces"]
    run.write("utilisation_monthly", monthly.utilisation_rates(provinces))
    ytd = run.write("hours_ytd_monthly", monthly.hours_ytd(provinces))
    run.write("hours_annual", monthly.annual_hours(run.tables["panel"], ytd))


def _step_grid_factors(run: _Run) -> None:
    run.write("grid_factors", build_grid_factors(run.tables["provinces"]))
    for name in ("press_claims", "park_facts"):
        run.write(name, read_raw("pilot_parks", f"{name}.csv"))


def _step_hourly(run: _Run) -> None:
    from zcparks.data import hourly

    provinces = run.tables["provinces"]
    code_of = dict(zip(provinces["name_en"], provinces["province_code"], strict=True))
    for tech in hourly.TECH_FILES:
        run.write(f"hourly_cf_{tech}", hourly.read_profile(tech, code_of))
    run.write("hourly_load_2018", hourly.read_load(code_of))


def _step_policy(run: _Run) -> None:
    for name in POLICY_FILES:
        run.write(name.removesuffix(".csv"), read_raw("policy", name))


def _step_boundaries(run: _Run) -> str | None:
    if not run.geography:
        return None
    from zcparks.data import geo

    crosswalk = read_raw(*CROSSWALK)

    def boundaries() -> dict[str, bytes]:
        prov_geo, dash = geo.build_boundaries(crosswalk)
        return {"boundaries_provinces.geojson": prov_geo.to_json().encode("utf-8"),
                "boundaries_dashline.geojson": dash.to_json().encode("utf-8")}

    files, hit = geo.memo("boundaries", geo.cache_key(crosswalk), run.out_dir / GEO_CACHE, run.tmp / GEO_CACHE,
                          boundaries)
    for name, b in files.items():
        (run.tmp / name).write_bytes(b)
    return "unchanged inputs, reused from the last build" if hit else None


def _step_ids(run: _Run) -> None:
    t = run.tables
    (run.tmp / "ids.json").write_text(json.dumps(id_sets(t["provinces"], t["parks"], t["grid_factors"]),
                                                 ensure_ascii=False, indent=1), encoding="utf-8")


def _step_csv(run: _Run) -> None:
    write_csv_tables(run.tmp)


def _step_catalogue(run: _Run) -> None:
    (run.tmp / "raw_files.json").write_text(json.dumps(build_catalogue(), ensure_ascii=False, indent=1),
                                            encoding="utf-8")


STEPS: tuple[tuple[str, Callable[[_Run], str | None]], ...] = (
    ("units of every metadata.yaml and indicator; every listed raw file present", _step_inputs),
    ("provinces", _step_provinces),
    ("parks (locations from the standard map when geography is on)", _step_parks),
    ("panel, variable dictionary, flagged cells", _step_panel),
    ("monthly utilisation rates and year-to-date hours", _step_monthly),
    ("grid factors, press claims and park facts", _step_grid_factors),
    ("hourly profiles (ERA5, weather year 2020) and provincial load (2018)", _step_hourly),
    ("policy rules, accounting factors and calibres", _step_policy),
    ("boundaries (cnmaps, simplified)", _step_boundaries),  # with geography only
    ("ID sets for parameters (ids.json)", _step_ids),
    ("CSV copies of the tidy tables (csv/)", _step_csv),
    ("catalogue of raw files", _step_catalogue),
)
"""The data build's steps, in order: (what it makes, the step). A step writes into the build's temporary folder and
may return a line to add to its log line."""


def _publish(tmp: Path, out_dir: Path) -> None:
    """Move every file of ``tmp`` into ``out_dir``; a file whose bytes did not change keeps its timestamp."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for f in sorted(tmp.rglob("*")):
        if f.is_dir():
            continue
        target = out_dir / f.relative_to(tmp)
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists() and target.read_bytes() == f.read_bytes():
            continue
        shutil.move(str(f), target)
    if (tmp / GEO_CACHE).is_dir():  # a build without geography keeps the cache as it was
        kept = {p.name for p in (tmp / GEO_CACHE).glob("*")}
        for p in (out_dir / GEO_CACHE).glob("*"):  # cache entries of older inputs
            if p.name not in kept:
                shutil.rmtree(p, ignore_errors=True)


# --------------------------------------------------------------------------- main


def build(out_dir: Path | None = None, *, geography: bool = True, log=print) -> Path:
    """Build every processed file (:data:`STEPS`); returns the output folder. Atomic: all or nothing.

    Every output is first written to a temporary folder beside ``out_dir`` (same filesystem, so the
    final moves are cheap renames), and moved into ``out_dir`` only after every step and check has
    passed; a failure leaves ``out_dir`` as it was. A file whose bytes did not change is not replaced,
    so its modification time stays (and caches keyed on it, such as the table cache of
    :mod:`zcparks.data` in a running notebook, stay valid). Outputs
    that this run does not write (the GeoJSON files with ``geography=False``) are left as they were.
    ``.built`` is written last: the list of raw files with the sha256 each had when this build read them
    (:func:`zcparks.buildstate.stamps.raw_listing`), which :func:`zcparks.data.stale_raw_files` compares against.
    Temporary folders that a killed build left beside ``out_dir`` are removed first, but only by a build that holds
    the build lock (another build may be writing its own).

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

    def say(msg: str) -> None:
        """Log ``msg`` with the seconds elapsed since the build started."""
        log(f"[data {time.perf_counter() - t0:5.1f}s] {msg}")

    listing = stamps.raw_listing()  # before reading: a file edited during the build makes the next build run again
    if buildlock.holding():
        for left in out_dir.parent.glob(".processed-*"):
            say(f"removing {paths.rel(left)}, left by an interrupted build")
            shutil.rmtree(left, ignore_errors=True)
    with tempfile.TemporaryDirectory(dir=out_dir.parent, prefix=".processed-") as tmp:
        run = _Run(Path(tmp), out_dir, geography)
        for what, step in STEPS:
            say(what)
            note = step(run)
            if note:  # what the step found: the panel's coverage, or a cache reused
                say(f"{what}: {note}")
        _publish(run.tmp, out_dir)  # all steps passed
    # what zcparks.data.stale_raw_files compares against; make compares its mtime with build/stamps/raw.sha
    (out_dir / ".built").write_text(listing, encoding="utf-8")
    say(f"done: {paths.rel(out_dir)}")
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
        message = " ".join(str(exc).split()) or type(exc).__name__
        print(f"make data failed: {message}", file=sys.stderr)
        if args.out is None:
            write_status("failed", message)
        return 1
    if args.out is None:
        write_status("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
