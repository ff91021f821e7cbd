"""Derived provincial indicators: the ratio entries of the variable dictionary, computed in one place.

Every indicator is ``factor * sum(numerator) / sum(denominator)`` of panel variables, with a named conversion
factor of :mod:`zcparks.data.units`. Before anything is computed:

* the factor is checked against its units and against the units the inputs carry (:func:`check_units`);
* the indicator's verdict on its inputs' tags must not be ``refused`` (:func:`zcparks.data.dictionary.verdict`);
  an ``ok_with_label`` indicator carries its label in every row's ``qa_flag`` (``label: ...``).

Missing inputs give no value (unknown stays unknown). A blocked input cell makes the indicator's cell missing and
blocked too, so no absurd ratio is ever selected. A capacity counts as 0 only under the ``unknown_not_zero`` rule
of the dictionary (absent in every year, with no generation of that type, and no known plant), and such rows say so.
A seam of any input (``seam_year``) is carried to the indicator.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from zcparks.data import dictionary as vd
from zcparks.data import units as u
from zcparks.data.quality import BLOCKED
from zcparks.errors import SanityCheckError

SOURCE = "zcparks.data.indicators"
COLUMNS = ["province_code", "year", "variable", "value", "unit", "source", "qa_flag", "flag_class", "seam_year"]


def check_units(panel: pd.DataFrame, indicators: list[vd.Variable], dic: vd.Dictionary | None = None) -> None:
    """Check each indicator's factor against its units and against the units its inputs carry.

    Args:
        panel: panel rows with ``variable`` and ``unit``.
        indicators: the derived entries to check.
        dic: the dictionary (default: the package's).

    Raises:
        SanityCheckError: a factor does not match its units, or an input's unit is not the one the factor
            converts from; the message names the indicator, the variable and both units.
    """
    factors = [vd.factor_of(ind) for ind in indicators]
    try:
        u.check_factors(factors)
    except u.UnitError as exc:
        raise SanityCheckError(str(exc)) from exc
    unit_of = panel.groupby("variable")["unit"].first()
    problems = []
    for ind, f in zip(indicators, factors, strict=True):
        for side, want in (("numerator", f.numerator), ("denominator", f.denominator or "")):
            for v in ind.derived[side]:
                have = unit_of.get(v)
                if have is not None and not u.same_quantity(have, want):
                    problems.append(f"indicator {ind.name}: {side} {v} is in {have!r}, but factor "
                                    f"{f.name} converts from {want!r}")
    if problems:
        raise SanityCheckError("; ".join(problems))


def _zero_fill(block: pd.DataFrame, panel: pd.DataFrame, dic: vd.Dictionary, names: list[str]) -> pd.Series:
    """Apply ``unknown_not_zero``: set absent capacities to 0 where the rule allows; returns the note per row."""
    note = pd.Series("", index=block.index)
    rule = dic.rules.get("unknown_not_zero", {})
    known = rule.get("known_plants", {})
    provs = block.index.get_level_values("province_code")
    for name in names:
        gens = dic.get(name).zero_if_absent.get("generation")
        if gens is None:
            continue
        years = panel.loc[(panel["variable"] == name) & panel["value"].notna(), "year"]
        recent = panel[(panel["value"] > 0) & panel["year"].between(years.min(), years.max())]  # contemporaneous evidence
        present = set(map(tuple, recent[["province_code", "variable"]].drop_duplicates().values))
        never = np.array([
            (p, name) not in present and not any((p, g) in present for g in gens) and p not in known.get(name, {})
            for p in provs
        ])
        fill = block[name].isna().to_numpy() & never
        block.loc[fill, name] = 0.0
        note[fill] = note[fill] + f"assumed 0 for {name} (no capacity or generation of that type in any year); "
    return note


def capacity_by_type(panel: pd.DataFrame, dic: vd.Dictionary | None = None) -> pd.DataFrame:
    """Installed capacity of each type behind ``wind_solar_share_capacity``, by province and year (10^4 kW).

    The columns are that indicator's denominator (thermal, hydro, nuclear, wind >= 6 MW; solar of all sizes), and
    the ``unknown_not_zero`` rule is applied exactly as for the panel's own shares, so an analysis that splits the
    mix counts the same zeros; any other gap stays missing.

    Args:
        panel: the selected panel.
        dic: the dictionary (default: the package's).

    Returns:
        Index (``province_code``, ``year``); one column per capacity variable, in the indicator's order.
    """
    dic = dic or vd.load()
    names = list(dic.get("wind_solar_share_capacity").derived["denominator"])
    sel = panel[panel["variable"].isin(names)]
    wide = sel.pivot(index=["province_code", "year"], columns="variable", values="value").reindex(columns=names)
    _zero_fill(wide, panel, dic, names)
    return wide


def derive(panel: pd.DataFrame, dic: vd.Dictionary | None = None, indicators: list[vd.Variable] | None = None
           ) -> pd.DataFrame:
    """Derived indicators as panel rows.

    Args:
        panel: the selected panel (one row per province_code, year, variable; blocked cells have a missing value).
        dic: the dictionary (default: the package's).
        indicators: the derived entries to compute (default: all of the dictionary's).

    Returns:
        Rows with :data:`COLUMNS`; ``unit`` is the indicator's unit. Blocked province-years give a missing value
        with ``flag_class`` blocked; otherwise rows without a value are left out.

    Raises:
        SanityCheckError: a verdict is refused (both variables named), a unit does not match, or an input is not
            in the panel.
    """
    dic = dic or vd.load()
    indicators = dic.derived() if indicators is None else indicators
    verdicts = vd.check_verdicts(dic, indicators)
    check_units(panel, indicators, dic)
    wide = panel.pivot(index=["province_code", "year"], columns="variable", values="value")
    cls = panel.pivot(index=["province_code", "year"], columns="variable", values="flag_class").fillna("")
    seam = panel.groupby("variable")["seam_year"].max()
    out = []
    for ind in indicators:
        num_v, den_v = list(ind.derived["numerator"]), list(ind.derived["denominator"])
        used = list(dict.fromkeys(num_v + den_v))
        missing_vars = [v for v in used if v not in wide.columns]
        if missing_vars:
            raise SanityCheckError(f"indicator {ind.name}: panel has no variable(s) {missing_vars}")
        block = wide[used].copy()
        note = _zero_fill(block, panel, dic, used)
        f = vd.factor_of(ind)
        num = block[num_v].sum(axis=1, min_count=len(num_v))
        den = block[den_v].sum(axis=1, min_count=len(den_v))
        val = f.value * num / den.replace(0, np.nan)
        blocked_in = cls[used].eq(BLOCKED)
        blocked = blocked_in.any(axis=1)
        why = blocked_in.apply(lambda r: ", ".join(c for c, b in r.items() if b), axis=1)
        note = note.where(~blocked, note + "blocked: input " + why + " blocked; ")
        verdict, label = verdicts[ind.name]
        if verdict == vd.OK_WITH_LABEL:
            note = note + "label: " + label["en"]
        res = pd.DataFrame({"value": val.where(~blocked), "qa_flag": note.str.strip().str.rstrip(";"),
                            "flag_class": np.where(blocked, BLOCKED, "")})
        res = res[res["value"].notna() | blocked].reset_index()
        if ind.range is not None:
            lo, hi = ind.range
            out_of = res[res["value"].notna() & ~res["value"].between(lo, hi)]
            if not out_of.empty:
                cells = ", ".join(f"{r.province_code} {r.year}: {r.value:.4g}" for r in out_of.head(5).itertuples())
                raise SanityCheckError(f"indicator {ind.name}: {len(out_of)} value(s) outside the plausible range "
                                       f"{lo:g}-{hi:g} {ind.unit} ({cells}); check the inputs' units")
        res["variable"], res["unit"], res["source"] = ind.name, ind.unit, f"{SOURCE}.{ind.name}"
        seams = seam.reindex(used).dropna()
        crosses = len(seams) and not res.empty and res["year"].min() < seams.max() <= res["year"].max()
        res["seam_year"] = float(seams.max()) if crosses else np.nan  # only where the indicator's years cross it
        out.append(res[COLUMNS])
    return pd.concat(out, ignore_index=True)
