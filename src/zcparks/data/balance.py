"""Park energy and emission balances: the input of indicator scoring, from YAML or CSV, validated.

A balance describes one park over one or more calendar years. It is the only input about a park that
zcparks does not hold itself (no park publishes one yet), so it is checked as strictly as the raw data:
every problem is reported with the file, the field path (``years.2025.electricity.grid_mwh``) and what
was expected, all problems at once. The documented templates are ``data/templates/park_balance.yaml``
and ``data/templates/park_balance.csv`` (the same fields, one ``year,field,value`` row each).

Units are in the field names: MWh of electricity, GJ of heat, t of CO2, t of solid fuels and liquids
and 10^4 m3 of gas (the ``per`` column of ``data/raw/policy/fuel_coefficients.csv`` says which fuel is
which), m3 of water, 10,000 yuan of value added. Energy lines left out are zero (a park that burns no
coal lists no coal); guiding-indicator inputs left out are unknown, and the indicator is then "not
evaluable", never passed or failed.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zcparks import paths, yamlfile
from zcparks.errors import DataError, OversizeError

__all__ = [
    "ELECTRICITY", "HEAT", "GUIDING", "GUIDED", "Balance", "YearBalance", "load", "from_dict", "subtract",
    "TEMPLATE_DIR",
]

TEMPLATE_DIR = "data/templates"
"""Where the documented balance templates live (project-relative)."""

ELECTRICITY = {
    "grid_mwh": "all electricity taken from the public grid, including green-power trades (MWh)",
    "green_trade_mwh": "part of grid_mwh bought as green-power trades (绿电交易, bundled certificates) (MWh)",
    "certificates_mwh": "unbundled green certificates (绿证) surrendered for the year's grid power (MWh)",
    "direct_green_mwh": "on-site and direct-connection (绿电直连) renewable power consumed in the park (MWh)",
    "exported_fossil_mwh": "electricity from on-site fossil generation sent out of the park (MWh)",
}
"""Electricity fields (all MWh, default 0). ``grid_mwh`` is required."""

HEAT = {
    "bought_gj": "fossil heat bought from outside the park (GJ)",
    "bought_nonfossil_gj": "non-fossil heat bought (GJ)",
    "sold_gj": "fossil heat sold out of the park (GJ)",
    "supplier_factor_tco2_per_gj": "measured CO2 factor of the bought fossil heat, if known (tCO2/GJ)",
}
"""Heat fields (default 0; the supplier factor is optional)."""

GUIDING = {
    "solid_waste_generated_t": "industrial solid waste generated (t)",
    "solid_waste_used_t": "industrial solid waste comprehensively used (t)",
    "solid_waste_stock_used_t": "prior-years' stock used in the year (t); default 0",
    "waste_heat_available_gj": "waste heat, cold and pressure available (GJ)",
    "waste_heat_used_gj": "waste heat, cold and pressure used (GJ)",
    "water_use_m3": "total industrial water use, reuse included (m3)",
    "water_reused_m3": "industrial water reused (m3)",
}
"""Guiding-indicator inputs (optional numbers); ``product_grades`` and ``not_applicable`` are mappings."""

GUIDED = ("clean_energy_share", "product_energy_grade", "solid_waste_use", "waste_heat_use", "water_reuse")
"""The national guiding indicators a balance may declare not applicable (with a reason)."""

MAX_BALANCE_BYTES = 256 * 1024
"""The most bytes a balance file may have: 256 KiB, checked before the file is read (:func:`load`).

A balance is a few years of one park: a full year takes 1.2 KB in the CSV template and 3.2 KB in the YAML one
(comments included), so 256 KiB holds some 80 to 200 years. Reading a balance holds 10 to 20 times its size in
memory (a 200 MB CSV took 1.9 GB before it was refused): under 5 MB at this limit.
"""

MAX_PLAUSIBLE_MWH = 1e9
"""1 000 TWh: more than Guangdong, the largest provincial consumer (632 TWh in 2018), uses in a year."""

_YEAR_KEYS = {"fuels", "electricity", "heat", "process_co2_t", "guiding", "value_added_10k_yuan", "note"}
_PARK_KEYS = {"name_en", "name_zh", "province_code", "park_id", "illustrative", "assumptions_en", "assumptions_zh",
              "energy_band_known"}
_TOP_KEYS = {"park", "years", "scenarios"}


@dataclass(frozen=True)
class YearBalance:
    """One calendar year of a park balance, every number in the unit its name gives.

    Attributes:
        year: the calendar year.
        fuels: fuel ID -> quantity (t, or 10^4 m3 for gases).
        electricity: the :data:`ELECTRICITY` fields (MWh), all present (0 when not given).
        heat: the :data:`HEAT` fields (GJ; the supplier factor may be None).
        process_co2_t: industrial-process CO2 (t).
        guiding: the :data:`GUIDING` fields present (missing ones are unknown).
        product_grades: main product -> grade (1 best) of its national energy-consumption quota standard.
        not_applicable: guiding indicator -> the park's reason why it does not apply, as ``{"text": …}`` (one
            language, as written) or ``{"en": …, "zh": …}``.
        value_added_10k_yuan: the park's value added (10,000 yuan), or None.
    """

    year: int
    fuels: dict[str, float]
    electricity: dict[str, float]
    heat: dict[str, float | None]
    process_co2_t: float
    guiding: dict[str, float] = field(default_factory=dict)
    product_grades: dict[str, int] = field(default_factory=dict)
    not_applicable: dict[str, dict[str, str]] = field(default_factory=dict)
    value_added_10k_yuan: float | None = None


@dataclass(frozen=True)
class Scenario:
    """A boundary scenario: a unit moved outside the park boundary in one year.

    Attributes:
        id: the scenario's ID.
        label_en: what is moved out, in English.
        label_zh: the same in Chinese.
        year: the year it applies to.
        subtract: the unit's own lines (same fields as a year), taken out of that year.
    """

    id: str
    label_en: str
    label_zh: str
    year: int
    subtract: dict[str, Any]


@dataclass(frozen=True)
class Balance:
    """A validated park balance.

    Attributes:
        source: the file it was read from (project-relative when inside the project).
        park: name_en, name_zh, province_code (GB/T 2260), optional park_id, illustrative (bool),
            assumptions_en / assumptions_zh.
        years: year -> :class:`YearBalance`, in year order.
        scenarios: boundary scenarios by ID.
    """

    source: str
    park: dict[str, Any]
    years: dict[int, YearBalance]
    scenarios: dict[str, Scenario] = field(default_factory=dict)

    @property
    def illustrative(self) -> bool:
        """Whether the park is an illustrative archetype (then every report says so)."""
        return bool(self.park.get("illustrative"))

    def latest(self) -> YearBalance:
        """The latest year of the balance."""
        return self.years[max(self.years)]


class _Problems:
    """Collects every problem of one balance, each with its field path."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.items.append(f"{where}: {message}")

    def number(self, where: str, value: Any, *, unit: str, required: bool = False, minimum: float = 0.0,
               maximum: float | None = None) -> float | None:
        """A finite number >= minimum (and <= maximum), or None (recorded as a problem when required)."""
        if value is None:
            if required:
                self.add(where, f"missing; expected a number >= {minimum:g} ({unit})")
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            self.add(where, f"{value!r} is not a number; expected a number >= {minimum:g} ({unit})")
            return None
        try:
            x = float(value)
        except ValueError:
            self.add(where, f"{value!r} is not a number; expected a number >= {minimum:g} ({unit})")
            return None
        if not math.isfinite(x):
            self.add(where, f"{value!r} is not a finite number ({unit})")
            return None
        if x < minimum:
            self.add(where, f"{x:,.10g} is negative; expected a number >= {minimum:g} ({unit})" if minimum == 0
                     else f"{x:,.10g} is below {minimum:g} ({unit})")
            return None
        if maximum is not None and x > maximum:
            self.add(where, f"{x:,.10g} is above {maximum:,.10g} ({unit})")
            return None
        return x

    def mapping(self, where: str, value: Any, allowed: set[str] | None = None) -> dict:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.add(where, f"expected a mapping of fields, found {type(value).__name__}")
            return {}
        if allowed is not None:
            unknown = sorted(set(map(str, value)) - allowed)
            if unknown:
                self.add(where, f"unknown field(s) {unknown}; the fields are {sorted(allowed)}")
        return value

    def raise_if_any(self) -> None:
        if self.items:
            raise DataError(self.source, self.items)


def _fuel_units() -> dict[str, str]:
    """Fuel ID -> the unit a balance gives it in (t, or 10^4 m3), from the fuel coefficients table."""
    from zcparks import data as d

    per = d.fuel_coefficients().set_index("fuel")["per"]
    return {f: ("10^4 m3" if p == "m3" else "t") for f, p in per.items()}


def _year(p: _Problems, where: str, year: int, raw: Any, fuels_known: dict[str, str]) -> YearBalance | None:  # noqa: C901 - one branch per field check of a balance year; to become a pydantic model (issue 24)
    y = p.mapping(where, raw, _YEAR_KEYS)
    if not isinstance(raw, dict):
        return None
    fuels = {}
    for fuel, qty in p.mapping(f"{where}.fuels", y.get("fuels"), set(fuels_known)).items():
        if str(fuel) in fuels_known:
            x = p.number(f"{where}.fuels.{fuel}", qty, unit=fuels_known[str(fuel)], required=True)
            if x is not None:
                fuels[str(fuel)] = x
    el_raw = p.mapping(f"{where}.electricity", y.get("electricity"), set(ELECTRICITY))
    if "electricity" not in y:
        p.add(f"{where}.electricity", "missing; expected at least grid_mwh (MWh, 0 if the park takes no grid power)")
    el = {k: p.number(f"{where}.electricity.{k}", el_raw.get(k, None if k == "grid_mwh" else 0), unit="MWh",
                      required=k == "grid_mwh" and "electricity" in y) for k in ELECTRICITY}
    heat_raw = p.mapping(f"{where}.heat", y.get("heat"), set(HEAT))
    heat = {k: p.number(f"{where}.heat.{k}", heat_raw.get(k, None if k.startswith("supplier") else 0),
                        unit="tCO2/GJ" if k.startswith("supplier") else "GJ") for k in HEAT}
    process = p.number(f"{where}.process_co2_t", y.get("process_co2_t"), unit="t CO2, 0 if none", required=True)
    g_raw = p.mapping(f"{where}.guiding", y.get("guiding"), set(GUIDING) | {"product_grades", "not_applicable"})
    guiding = {}
    for k in GUIDING:
        if k in g_raw:
            x = p.number(f"{where}.guiding.{k}", g_raw[k], unit=GUIDING[k].rsplit("(", 1)[-1].rstrip(")"))
            if x is not None:
                guiding[k] = x
    grades = {}
    for prod, grade in p.mapping(f"{where}.guiding.product_grades", g_raw.get("product_grades")).items():
        if isinstance(grade, bool) or not isinstance(grade, int) or not 1 <= grade <= 5:
            p.add(f"{where}.guiding.product_grades.{prod}", f"{grade!r} is not a quota grade; expected 1 (best) to 5")
        else:
            grades[str(prod)] = grade
    na: dict[str, dict[str, str]] = {}
    for ind, reason in p.mapping(f"{where}.guiding.not_applicable", g_raw.get("not_applicable"), set(GUIDED)).items():
        texts = reason if isinstance(reason, dict) else {"text": reason}
        if not texts or not all(isinstance(t, str) and t.strip() for t in texts.values()) or (
                isinstance(reason, dict) and not set(texts) <= {"en", "zh"}):
            p.add(f"{where}.guiding.not_applicable.{ind}", "expected the reason as text, or as {en: …, zh: …} "
                  "(the rules ask for one)")
        else:
            na[str(ind)] = {k: t.strip() for k, t in texts.items()}
    va = p.number(f"{where}.value_added_10k_yuan", y.get("value_added_10k_yuan"), unit="10,000 yuan")
    if va == 0:
        p.add(f"{where}.value_added_10k_yuan", "0 cannot be divided by; leave it out if unknown")
    for k in ELECTRICITY:  # the commonest unit slip: kWh typed into an MWh field
        if el.get(k) is not None and el[k] > MAX_PLAUSIBLE_MWH:
            p.add(f"{where}.electricity.{k}", f"{el[k]:,.10g} MWh is more than any province uses in a year "
                  f"({MAX_PLAUSIBLE_MWH:,.0f} MWh); the field is in MWh — was it entered in kWh?")
    if None not in (el["grid_mwh"], el["direct_green_mwh"], el["exported_fossil_mwh"]) and not fuels:
        if el["exported_fossil_mwh"] > el["grid_mwh"] + el["direct_green_mwh"] + 1e-9:
            p.add(f"{where}.electricity.exported_fossil_mwh", f"{el['exported_fossil_mwh']:,.10g} MWh exceeds the "
                  f"park's grid + direct green power ({el['grid_mwh'] + el['direct_green_mwh']:,.10g} MWh) and the "
                  "balance lists no fuels for fossil units that could make it; list those units' fuels under fuels")
    # cross-field checks: claims cannot exceed what they are claimed against
    if None not in (el["grid_mwh"], el["green_trade_mwh"], el["certificates_mwh"]):
        if el["green_trade_mwh"] + el["certificates_mwh"] > el["grid_mwh"] + 1e-9:
            p.add(f"{where}.electricity", f"green_trade_mwh + certificates_mwh = "
                  f"{el['green_trade_mwh'] + el['certificates_mwh']:g} MWh exceeds grid_mwh = {el['grid_mwh']:g} MWh; "
                  "trades and certificates are claims on grid power and cannot exceed it")
    pairs = [("solid_waste_used_t", ("solid_waste_generated_t", "solid_waste_stock_used_t")),
             ("waste_heat_used_gj", ("waste_heat_available_gj",)), ("water_reused_m3", ("water_use_m3",))]
    for used, bases in pairs:
        if used in guiding and bases[0] in guiding:
            cap = sum(guiding.get(b, 0.0) for b in bases)
            if guiding[used] > cap + 1e-9:
                p.add(f"{where}.guiding.{used}", f"{guiding[used]:g} exceeds {' + '.join(bases)} = {cap:g}")
    if any(v is None for k, v in el.items()) or process is None:
        return None
    return YearBalance(year, fuels, el, heat, process, guiding, grades, na, va)


def from_dict(raw: Any, source: str) -> Balance:  # noqa: C901 - one branch per top-level field of a balance; to become a pydantic model (issue 24)
    """Validate a balance given as nested mappings (what the YAML holds).

    Args:
        raw: the parsed file.
        source: the file name, for messages.

    Returns:
        The balance.

    Raises:
        DataError: naming the file and, for each problem, the field path and what was expected.
    """
    p = _Problems(source)
    top = p.mapping("(top level)", raw, _TOP_KEYS)
    park = dict(p.mapping("park", top.get("park"), _PARK_KEYS))
    if "park" not in top:
        p.add("park", "missing; expected name_en, name_zh and province_code")
    for k in ("name_en", "name_zh"):
        if "park" in top and not str(park.get(k) or "").strip():
            p.add(f"park.{k}", "missing; expected the park's name")
    code = str(park.get("province_code") or "")
    from zcparks import data as d

    units = {u: u for u in d.ids()["units"]}
    if "park" in top and code not in units:
        named = {str(n).lower(): c for c, n in zip(d.provinces()["province_code"], d.provinces()["name_en"],
                                                  strict=True)}
        hint = f" ({code} is {named[code.lower()]})" if code.lower() in named else ""
        p.add("park.province_code", (f"{code!r} is not a province code{hint}" if code else "missing")
              + "; expected a GB/T 2260 code such as 320000 (Jiangsu) or XPCC")
    if park.get("park_id") is not None and str(park["park_id"]) not in set(d.ids()["parks"]):
        p.add("park.park_id", f"{park['park_id']!r} is not a park ID; expected ZCP-01 … ZCP-52")
    park["province_code"] = code
    park.setdefault("park_id", None)
    park["illustrative"] = bool(park.get("illustrative", False))
    fuels_known = _fuel_units()
    years: dict[int, YearBalance] = {}
    for key, yraw in p.mapping("years", top.get("years")).items():
        try:
            year = int(key)
        except (TypeError, ValueError):
            p.add(f"years.{key}", "not a calendar year")
            continue
        if not 2000 <= year <= 2060:
            p.add(f"years.{key}", "expected a calendar year 2000–2060")
            continue
        yb = _year(p, f"years.{year}", year, yraw, fuels_known)
        if yb is not None:
            years[year] = yb
    if not top.get("years"):
        p.add("years", "missing; expected at least one year, e.g. years: {2025: {electricity: {grid_mwh: …}, …}}")
    scenarios = {}
    raw_years = {str(k) for k in top["years"]} if isinstance(top.get("years"), dict) else set()
    for sid, sraw in p.mapping("scenarios", top.get("scenarios")).items():
        where = f"scenarios.{sid}"
        s = p.mapping(where, sraw, {"label_en", "label_zh", "year", "subtract"})
        if not isinstance(sraw, dict):
            continue
        try:
            year = int(s.get("year"))
        except (TypeError, ValueError, OverflowError):  # OverflowError: int(inf)
            year = None
        if year is None or str(year) not in raw_years:
            known = sorted(int(y) for y in raw_years if y.isdigit())
            p.add(f"{where}.year", f"{s.get('year')!r} is not a year of the balance; expected one of {known}")
            continue
        sub = _subtract_spec(p, f"{where}.subtract", s.get("subtract"), fuels_known)
        if year in years and sub is not None:
            scenarios[str(sid)] = Scenario(str(sid), str(s.get("label_en", sid)), str(s.get("label_zh", sid)),
                                           year, sub)
    p.raise_if_any()
    for sc in scenarios.values():  # the scenario must leave a valid year
        try:
            subtract(years[sc.year], sc.subtract)
        except ValueError as exc:
            p.add(f"scenarios.{sc.id}.subtract", str(exc))
    p.raise_if_any()
    return Balance(source, park, dict(sorted(years.items())), scenarios)


def _subtract_spec(p: _Problems, where: str, raw: Any, fuels_known: dict[str, str]) -> dict[str, Any] | None:
    """A scenario's ``subtract`` block, checked like a year's lines (numbers >= 0, known fields)."""
    if raw is None:
        p.add(where, "missing; expected the unit's fuels, electricity, heat and/or process_co2_t")
        return None
    sub = p.mapping(where, raw, {"fuels", "electricity", "heat", "process_co2_t"})
    if not isinstance(raw, dict):
        return None
    out: dict[str, Any] = {}
    for block, allowed in (("fuels", fuels_known), ("electricity", ELECTRICITY), ("heat", HEAT)):
        if block not in sub:
            continue
        vals = p.mapping(f"{where}.{block}", sub[block], set(allowed) - {"supplier_factor_tco2_per_gj"})
        if not isinstance(sub[block], dict):
            continue
        out[block] = {}
        for k, v in vals.items():
            unit = fuels_known.get(str(k)) if block == "fuels" else "MWh" if block == "electricity" else "GJ"
            x = p.number(f"{where}.{block}.{k}", v, unit=unit or "", required=True)
            if x is not None:
                out[block][str(k)] = x
    if "process_co2_t" in sub:
        x = p.number(f"{where}.process_co2_t", sub["process_co2_t"], unit="t CO2", required=True)
        if x is not None:
            out["process_co2_t"] = x
    return out


def subtract(y: YearBalance, sub: dict[str, Any]) -> YearBalance:
    """The year without one unit's lines (a boundary scenario).

    Args:
        y: the year.
        sub: the unit's fuels, electricity, heat and process CO2 (same fields and units as a year).

    Returns:
        The year with those quantities taken out.

    Raises:
        ValueError: a line would become negative (the unit cannot use more than the park).
    """
    def less(base: dict, minus: dict, where: str) -> dict:
        out = dict(base)
        for k, v in (minus or {}).items():
            left = (out.get(k) or 0.0) - float(v)
            if left < -1e-9:
                raise ValueError(f"{where}.{k}: the unit's {float(v):g} exceeds the park's {out.get(k) or 0.0:g}")
            out[k] = max(left, 0.0)
        return out

    process = y.process_co2_t - float(sub.get("process_co2_t", 0.0))
    if process < -1e-9:
        raise ValueError(f"process_co2_t: the unit's {sub['process_co2_t']:g} exceeds the park's {y.process_co2_t:g}")
    return YearBalance(y.year, less(y.fuels, sub.get("fuels"), "fuels"),
                       less(y.electricity, sub.get("electricity"), "electricity"),
                       less(y.heat, sub.get("heat"), "heat"), max(process, 0.0), y.guiding, y.product_grades,
                       y.not_applicable, y.value_added_10k_yuan)


def _from_csv(path: Path) -> dict:  # noqa: C901 - one branch per CSV layout problem; to become a pydantic model (issue 24)
    """A CSV balance (``year,field,value``; park fields have an empty year) as the nested mapping of a YAML one.

    Raises:
        OversizeError: the file is larger than :data:`MAX_BALANCE_BYTES` (nothing read).
        DataError: wrong header, a row with extra cells (an unquoted comma), a field given twice, or a field that is
            both a value and a group (``electricity`` and ``electricity.grid_mwh``); each with its line.
    """
    raw: dict[str, Any] = {}
    try:
        text = yamlfile.read_limited(path, MAX_BALANCE_BYTES).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(path, f"not UTF-8 text (byte {exc.start}); save it as 'CSV UTF-8' (Excel: Save As → "
                        "CSV UTF-8), not as GBK 'CSV' or 'Unicode text'") from None
    reader = csv.reader(text.splitlines())
    header = next(reader, None)
    if [h.strip().lower() for h in header or []] != ["year", "field", "value"]:
        hint = " (it is separated by semicolons: use commas)" if header and ";" in ",".join(header) else ""
        raise DataError(path, f"line 1: header {header!r}{hint}; expected the columns year,field,value "
                        "(see data/templates/park_balance.csv)")
    rows = list(reader)
    problems, seen = [], {}
    for i, row in enumerate(rows, start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) != 3:
            problems.append(f"line {i}: {len(row)} cells; expected 3 (year,field,value) — quote a value that "
                            "contains a comma")
            continue
        year, fieldname, value = (c.strip() for c in row)
        if not fieldname:
            problems.append(f"line {i}, column 'field': empty")
            continue
        keys = fieldname.split(".")
        if not year and keys[0] not in ("park", "scenarios"):
            problems.append(f"line {i}, column 'year': empty, but field {fieldname!r} is a yearly field")
            continue
        full = (year, fieldname)
        if full in seen:
            problems.append(f"line {i}: field {fieldname!r}{f' of {year}' if year else ''} is given twice "
                            f"(also line {seen[full]})")
            continue
        seen[full] = i
        node = raw.setdefault("years", {}).setdefault(year, {}) if year else raw
        try:
            for k in keys[:-1]:
                node = node.setdefault(k, {})
                if not isinstance(node, dict):
                    raise TypeError
            if isinstance(node.get(keys[-1]), dict):
                raise TypeError
            node[keys[-1]] = _csv_value(value)
        except TypeError:
            problems.append(f"line {i}: field {fieldname!r} is both a value and a group of fields")
    if problems:
        raise DataError(path, problems)
    return raw


def _csv_value(text: str) -> Any:
    """A CSV cell as YAML would read it (number, bool, or text)."""
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    for cast in (int, float):
        try:
            return cast(text)
        except ValueError:
            pass
    return text


def load(path: str | Path) -> Balance:
    """Read and validate a park balance from YAML (``.yaml``/``.yml``) or CSV (``.csv``).

    Args:
        path: the file; relative paths are taken from the current directory, then from the project root.

    Returns:
        The validated balance.

    Raises:
        DataError: the file is missing, unreadable, larger than :data:`MAX_BALANCE_BYTES` (refused before it is
            read; the message gives its size and the limit), or a field is invalid (all problems named at once).
    """
    p = Path(path)
    if not p.exists() and not p.is_absolute() and (paths.root() / p).exists():
        p = paths.root() / p
    if not p.exists():
        raise DataError(p, "no such balance file; start from data/templates/park_balance.yaml")
    source = paths.rel(p)
    try:
        if p.suffix.lower() == ".csv":
            raw = _from_csv(p)
        elif p.suffix.lower() in (".yaml", ".yml"):
            raw = yamlfile.load(p, max_bytes=MAX_BALANCE_BYTES)
        else:
            raise DataError(p, f"unknown balance format {p.suffix!r}; expected .yaml, .yml or .csv")
    except OversizeError as exc:
        raise DataError(p, f"{exc.problem} (a balance is a few years of one park, 1-3 KB a year)") from None
    return from_dict(raw, source)
