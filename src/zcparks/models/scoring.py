"""Indicator scoring of a park balance, public API: the core indicator under every calibre, rule sets, the lenses.

Scores a park balance (:mod:`zcparks.data.balance`) against the national zero-carbon park indicator system
and the provincial rule sets (``data/raw/policy/indicator_rules.csv``), under every valid accounting
calibre (:mod:`zcparks.models.accounting`), and measures how far each accounting choice moves the
verdict: the full factorial with its exclusions, one-switch-at-a-time ranges (tornado), where verdicts
flip, dilution (ΔE and ΔQ parts of every change in I), threshold cliffs, relative vs absolute change and
boundary scenarios, plus the province lens (largest grid share an all-electric park may take).

Every function returns codes and numbers (the 05 page words and draws them: ``zcparks.analyses.indicator_scoring``;
``zcparks score`` prints them: :mod:`zcparks.views.scoring`). Units: CO2 t, energy tce, intensity tCO2/tce,
shares % (0–100).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from zcparks.data import balance as bal
from zcparks.errors import ParameterError
from zcparks.models import accounting as acc
from zcparks.models import illustrative

__all__ = ["RULESETS", "PROVINCE_RULESETS", "OUTCOMES", "Context", "calibre_for", "setup", "ARCHETYPES", "archetype_path",
           "balances",
           "park_key", "years_for", "account_of", "core_of", "indicator_values", "evaluate", "ruleset_table",
           "rulesets_for", "factorial", "exclusions", "summary_range", "tornado", "tornado_bars", "flips",
           "dilution", "change", "boundary_effects", "cliffs", "province_lens", "lens_varies", "near_zero_reference",
           "DISCLOSURE", "headline", "score"]

RULESETS = ("national", "inner_mongolia_regional_0.4", "inner_mongolia_regional_0.6", "hunan_2027", "hunan_2030",
            "hunan_2035", "jiangsu_guide")
"""Every rule set, national first (the IDs of ``indicator_rules.csv``)."""

PROVINCE_RULESETS = {"150000": ("inner_mongolia_regional_0.4", "inner_mongolia_regional_0.6"),
                     "430000": ("hunan_2027", "hunan_2030", "hunan_2035"), "320000": ("jiangsu_guide",)}
"""The rule sets a province publishes (GB/T 2260 code -> rule set IDs)."""

OUTCOMES = ("pass", "fail", "no_threshold", "not_applicable", "not_evaluable", "no_core")
"""Outcome codes of an indicator (``no_core``: the rule set has no core indicator, e.g. Jiangsu's guide)."""


@dataclass(frozen=True)
class Context:
    """What scoring reads from the data layer, read once.

    Attributes:
        factors: the accounting numbers.
        rules: ``zcparks.data.indicator_rules()``.
        calibres: the named reference calibres.
        provinces: ``zcparks.data.provinces()``.
    """

    factors: acc.Factors
    rules: pd.DataFrame
    calibres: dict[str, acc.Calibre]
    provinces: pd.DataFrame

    def calibre(self, name: str) -> acc.Calibre:
        """A named reference calibre.

        Raises:
            KeyError: naming the known calibres.
        """
        if name not in self.calibres:
            raise KeyError(f"unknown calibre {name!r}; expected one of {sorted(self.calibres)}")
        return self.calibres[name]


def calibre_for(b: bal.Balance, year: int, ctx: Context, name: str) -> tuple[acc.Calibre, str | None]:
    """The reference calibre ``name`` for this park-year, or the other one where ``name`` is refused.

    E.g. a park in Tibet cannot use a provincial factor (none is published), so ``spec-provisional`` falls back
    to ``text-copy``; the reason is returned so that reports say so.

    Returns:
        The calibre used and the refusal reason of ``name`` (None when it was used).
    """
    others = [c for n, c in ctx.calibres.items() if n != name]
    return acc.usable(ctx.calibre(name), ctx.factors, b.park["province_code"], b.years[year], others)


def setup() -> Context:
    """Read the accounting tables, rules and calibres from the data layer."""
    from zcparks import data as d

    provinces = d.provinces()
    factors = acc.factors_from_data(d.grid_factors(), d.accounting_factors(), d.fuel_coefficients(), provinces)
    return Context(factors, d.indicator_rules(), acc.reference_calibres(d.calibres()), provinces)


ARCHETYPES = illustrative.ARCHETYPES
"""The illustrative archetype parks (:mod:`zcparks.models.illustrative`), in report order."""
archetype_path = illustrative.path


def balances(path: str = "") -> list[bal.Balance]:
    """The balances to score: one file, or (empty ``path``) the illustrative archetypes.

    Args:
        path: a balance file (YAML or CSV), or ``""`` for the archetypes (:data:`ARCHETYPES`).

    Raises:
        DataError: the file is invalid (the field is named).
    """
    if path:
        return [bal.load(path)]
    return [bal.load(archetype_path(k)) for k in ARCHETYPES]


def park_key(b: bal.Balance) -> str:
    """A stable short key of a balance: its park ID, else its file stem (without ``archetype_``)."""
    return b.park.get("park_id") or Path(b.source).stem.removeprefix("archetype_")


def years_for(b: bal.Balance, year: int = 0, base_year: int = 0,
              names: tuple[str, str] = ("parameter year", "parameter base_year")) -> tuple[int, int]:
    """The scored year and the base year of a balance (0: its latest year / its first year).

    Args:
        b: the balance.
        year: the year scored, or 0.
        base_year: the base year, or 0.
        names: how the two are named in messages (the CLI says ``--year``).

    Raises:
        ParameterError: naming the parameter and the balance's years when one is not in the balance.
    """
    ys = sorted(b.years)
    y = year or ys[-1]
    base = base_year or ys[0]
    for name, v in zip(names, (y, base), strict=True):
        if v not in b.years:
            raise ParameterError(f"{name}: {v} is not a year of {b.source}; its years are {ys}")
    return y, base


def account_of(b: bal.Balance, year: int, calibre: acc.Calibre, ctx: Context) -> acc.Account:
    """One park-year accounted under ``calibre`` (its province's factors)."""
    return acc.account(b.years[year], b.park["province_code"], calibre, ctx.factors)


def core_of(b: bal.Balance, year: int, calibre: acc.Calibre, ctx: Context, ruleset: str = "national") -> dict[str, Any]:
    """The core indicator of one park-year under ``calibre`` and its verdict (:func:`accounting.core`)."""
    return acc.core(account_of(b, year, calibre, ctx), ctx.rules, ruleset)


# ---------------------------------------------------------------------------------------------- indicators


def _share(num: float | None, den: float | None) -> float | None:
    if num is None or den is None or den <= 0:
        return None
    return 100.0 * num / den


def indicator_values(y: bal.YearBalance, a: acc.Account, calibre: acc.Calibre, factors: acc.Factors,
                     clean_includes_gas: bool = False) -> dict[str, float | None]:
    """Every indicator value a balance year gives under ``calibre`` (None: the balance lacks the input).

    Clean energy (G1) is the non-fossil electricity counted as green under the calibre (direct green,
    plus trades and certificates where they count at zero) and non-fossil heat, in tce, over Q; natural gas
    counts too when ``clean_includes_gas`` (whether 清洁能源 includes gas is [?]). Solid-waste use is used /
    (generated + prior stock used); waste heat used / available; water reused / total use.

    Returns:
        indicator code -> value: core_co2_per_tce (tCO2/tce), shares in % (0–100), product_energy_grade
        (the worst grade of the main products), va_energy_intensity (tce per 10,000 yuan),
        va_co2_intensity (tCO2 per 10,000 yuan).
    """
    g = y.guiding
    el = y.electricity
    green_mwh = el["direct_green_mwh"] + (el["green_trade_mwh"] if calibre.green_trade == "zero" else 0.0) + (
        el["certificates_mwh"] if calibre.certificates == "zero" else 0.0)
    basis = factors.tce_per_mwh[calibre.tce_basis]
    nonfossil = green_mwh * basis + y.heat["bought_nonfossil_gj"] * factors.tce_per_gj
    gas = sum(q * factors.fuel_tce[f] for f, q in y.fuels.items() if f in factors.gas_fuels)
    renewable_el = el["direct_green_mwh"] + el["green_trade_mwh"] + el["certificates_mwh"]
    stock = g.get("solid_waste_stock_used_t", 0.0)
    va = y.value_added_10k_yuan
    return {
        "core_co2_per_tce": a.intensity,
        "clean_energy_share": _share(nonfossil + (gas if clean_includes_gas else 0.0), a.q_tce),
        "non_fossil_share": _share(nonfossil, a.q_tce),
        "renewable_electricity_share": _share(renewable_el, el["grid_mwh"] + el["direct_green_mwh"]),
        "electrification": _share(a.q_electricity_tce, a.q_tce),
        "product_energy_grade": float(max(y.product_grades.values())) if y.product_grades else None,
        "solid_waste_use": _share(g.get("solid_waste_used_t"),
                                  None if "solid_waste_generated_t" not in g else g["solid_waste_generated_t"] + stock),
        "waste_heat_use": _share(g.get("waste_heat_used_gj"), g.get("waste_heat_available_gj")),
        "water_reuse": _share(g.get("water_reused_m3"), g.get("water_use_m3")),
        "va_energy_intensity": None if va is None else a.q_tce / va,
        "va_co2_intensity": None if va is None else a.e_t / va,
        "revenue_growth": None,
        "guiding_unpublished": None,
    }


def evaluate(b: bal.Balance, year: int, calibre: acc.Calibre, ctx: Context, ruleset: str = "national",
             clean_includes_gas: bool = False, year_balance: bal.YearBalance | None = None) -> pd.DataFrame:
    """One rule set's verdict on every indicator of one park-year.

    Args:
        b: the balance.
        year: its year.
        calibre: the accounting calibre (must not be refused).
        ctx: :func:`setup`.
        ruleset: a rule set ID.
        clean_includes_gas: count natural gas as clean energy ([?] switch).
        year_balance: use this year instead of ``b.years[year]`` (a boundary scenario).

    Returns:
        One row per indicator of the rule set: ruleset, indicator, kind (core / guiding), value, unit,
        comparison, threshold, outcome (:data:`OUTCOMES`), margin (how far inside (+) or outside (−) the
        threshold, in the indicator's unit), status (tag of the rule), reason (text from the balance for
        ``not_applicable``), note.
    """
    y = year_balance or b.years[year]
    a = acc.account(y, b.park["province_code"], calibre, ctx.factors)
    values = indicator_values(y, a, calibre, ctx.factors, clean_includes_gas)
    rules = ctx.rules[ctx.rules["ruleset"] == ruleset]
    if rules.empty:
        raise KeyError(f"unknown rule set {ruleset!r}; expected one of {list(RULESETS)}")
    rows = []
    core_rows = rules[rules["indicator"] == "core_co2_per_tce"]
    if not core_rows.empty:
        band = acc.band_of(a.q_tce, ctx.rules, ruleset)
        r = core_rows.iloc[0] if band is None else core_rows[core_rows["threshold"] == band["threshold"]].iloc[0]
        c = acc.core(a, ctx.rules, ruleset)
        rows.append({"indicator": "core_co2_per_tce", "kind": "core", "value": c["intensity"], "unit": "tCO2/tce",
                     "comparison": "le", "threshold": c["threshold"], "outcome": c["verdict"], "margin": c["margin"],
                     "status": r["status"], "reason": None, "note": r["note"]})
    for r in rules[rules["indicator"] != "core_co2_per_tce"].itertuples():
        v = values.get(r.indicator)
        reason = y.not_applicable.get(r.indicator)
        threshold = None if pd.isna(r.threshold) else float(r.threshold)
        if r.comparison == "not_evaluable":
            outcome, margin = "not_evaluable", None
        # the national system allows it with a reason (docs/methods.md#guiding-indicators); provinces mirror it [?]
        elif reason is not None:
            outcome, margin = "not_applicable", None
        elif v is None:
            outcome, margin = "not_evaluable", None
        elif r.comparison in ("le", "grade_le"):
            outcome, margin = ("pass" if v <= threshold + 1e-12 else "fail"), threshold - v
        else:
            outcome, margin = ("pass" if v >= threshold - 1e-12 else "fail"), v - threshold
        rows.append({"indicator": r.indicator, "kind": "guiding", "value": v, "unit": None if pd.isna(r.unit) else r.unit,
                     "comparison": r.comparison, "threshold": threshold, "outcome": outcome, "margin": margin,
                     "status": r.status, "reason": reason, "note": None if pd.isna(r.note) else r.note})
    out = pd.DataFrame(rows)
    return out.assign(ruleset=ruleset)[["ruleset", *out.columns]]


def ruleset_table(b: bal.Balance, year: int, calibre: acc.Calibre, ctx: Context, rulesets: list[str],
                  clean_includes_gas: bool = False) -> pd.DataFrame:
    """One row per rule set: its core verdict and counts of the guiding outcomes.

    Returns:
        ruleset, core_value (tCO2/tce), core_threshold, core_outcome, core_margin (threshold − value: how far
        inside (+) or outside (−) the rule set's threshold the park is, tCO2/tce), and one count column per outcome
        of the guiding indicators (pass, fail, not_applicable, not_evaluable).
    """
    rows = []
    for rs in rulesets:
        ev = evaluate(b, year, calibre, ctx, rs, clean_includes_gas)
        core = ev[ev["kind"] == "core"]
        guiding = ev[ev["kind"] == "guiding"]["outcome"].value_counts()
        rows.append({"ruleset": rs,
                     "core_value": float(core["value"].iloc[0]) if not core.empty else None,
                     "core_threshold": core["threshold"].iloc[0] if not core.empty else None,
                     "core_outcome": core["outcome"].iloc[0] if not core.empty else "no_core",
                     "core_margin": core["margin"].iloc[0] if not core.empty else None,
                     **{f"n_{o}": int(guiding.get(o, 0)) for o in ("pass", "fail", "not_applicable", "not_evaluable")}})
    return pd.DataFrame(rows)


def rulesets_for(b: bal.Balance, chosen: list[str]) -> list[str]:
    """The rule sets to show for a park: ``chosen`` (``["auto"]`` = national plus the park's province's own)."""
    if chosen == ["auto"]:
        return ["national", *PROVINCE_RULESETS.get(b.park["province_code"], ())]
    return list(chosen)


# ---------------------------------------------------------------------------------------------- the lens


def factorial(b: bal.Balance, year: int, ctx: Context, ruleset: str = "national",
              year_balance: bal.YearBalance | None = None) -> pd.DataFrame:
    """The core indicator under every combination of the switches (full factorial), refused ones included.

    Returns:
        One row per combination: the six switches, key, refused (reason code or None), e_t, q_tce,
        intensity, threshold, verdict (None when refused), and reference (the calibre's name if it is one).
    """
    y = year_balance or b.years[year]
    has_supplier = y.heat.get("supplier_factor_tco2_per_gj") is not None
    named = {c.key(): n for n, c in ctx.calibres.items()}
    rows = []
    for c in acc.all_calibres(heat=has_supplier):
        reason = acc.refusal(c, ctx.factors, b.park["province_code"], y)
        row: dict[str, Any] = {**c.switches(), "key": c.key(), "refused": reason, "reference": named.get(c.key())}
        if reason is None:
            a = acc.account(y, b.park["province_code"], c, ctx.factors)
            r = acc.core(a, ctx.rules, ruleset)
            row.update(e_t=a.e_t, q_tce=a.q_tce, intensity=r["intensity"], threshold=r["threshold"], verdict=r["verdict"])
        else:
            row.update(e_t=None, q_tce=None, intensity=None, threshold=None, verdict=None)
        rows.append(row)
    return pd.DataFrame(rows)


def exclusions(fact: pd.DataFrame) -> pd.DataFrame:
    """The refused combinations, grouped by reason.

    Returns:
        reason, n (combinations), example (the key of the first one) — in reason order.
    """
    ref = fact.dropna(subset=["refused"])
    if ref.empty:
        return pd.DataFrame(columns=["reason", "n", "example"])
    return (ref.groupby("refused", sort=True).agg(n=("key", "size"), example=("key", "first")).reset_index()
            .rename(columns={"refused": "reason"}))


def summary_range(fact: pd.DataFrame) -> dict[str, Any]:
    """Min and max of I over the valid combinations, with the keys that give them and verdict counts."""
    ok = fact[fact["refused"].isna()]
    lo, hi = ok.loc[ok["intensity"].idxmin()], ok.loc[ok["intensity"].idxmax()]
    counts = ok["verdict"].value_counts()
    return {"n_valid": len(ok), "n_refused": int(fact["refused"].notna().sum()),
            "min": float(lo["intensity"]), "min_key": lo["key"], "max": float(hi["intensity"]), "max_key": hi["key"],
            **{f"n_{v}": int(counts.get(v, 0)) for v in ("pass", "fail", "no_threshold")}}


def tornado(b: bal.Balance, year: int, ctx: Context, calibre: acc.Calibre, ruleset: str = "national",
            year_balance: bal.YearBalance | None = None) -> pd.DataFrame:
    """One switch at a time from ``calibre``: the core indicator at each value of each switch.

    Counting trades or certificates at zero is refused against an average factor (double counting), so when the
    default uses one, the zero value of those two switches is scored paired with the residual-mix factor of the
    same vintage (the consistent way to count them), and ``paired_with`` says so; otherwise a green-power claim
    would show no swing at all.

    Returns:
        One row per switch and value: switch, value, is_default, refused (reason or None), paired_with (the grid
        factor the value was paired with, or None), intensity, verdict, flips (verdict differs from the default's),
        swing; ordered by the switch's swing (max − min of I over its scored values), largest first, and within a
        switch by :data:`~accounting.SWITCHES` order.
    """
    y = year_balance or b.years[year]
    code = b.park["province_code"]
    base = acc.core(acc.account(y, code, calibre, ctx.factors), ctx.rules, ruleset)
    rows = []
    for switch, values in acc.SWITCHES.items():
        for v in values:
            c = acc.with_switch(calibre, switch, v)
            reason, paired = acc.refusal(c, ctx.factors, code, y), None
            if reason in ("double_counting_trade", "double_counting_certificates"):
                residual = acc.with_switch(c, "grid_factor", "national_residual")
                if acc.refusal(residual, ctx.factors, code, y) is None:
                    c, reason, paired = residual, None, "national_residual"
            r = None if reason else acc.core(acc.account(y, code, c, ctx.factors), ctx.rules, ruleset)
            rows.append({"switch": switch, "value": v, "is_default": getattr(calibre, switch) == v, "refused": reason,
                         "paired_with": paired, "intensity": None if r is None else r["intensity"],
                         "verdict": None if r is None else r["verdict"],
                         "flips": False if r is None else r["verdict"] != base["verdict"]})
    t = pd.DataFrame(rows)
    swing = t.groupby("switch")["intensity"].agg(lambda s: s.max() - s.min() if s.notna().any() else 0.0)
    order = {s: i for i, s in enumerate(swing.sort_values(ascending=False, kind="stable").index)}
    t["swing"] = t["switch"].map(swing)
    return t.sort_values("switch", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)


def tornado_bars(t: pd.DataFrame) -> pd.DataFrame:
    """The tornado as one bar per switch: low and high I over its valid values, and the default I.

    Returns:
        switch, i_low, i_high, swing, default_intensity, n_refused (values of the switch that were refused), in
        swing order (largest first).
    """
    default = float(t.loc[t["is_default"], "intensity"].iloc[0])
    g = t.groupby("switch", sort=False)
    return pd.DataFrame({
        "i_low": g["intensity"].min(), "i_high": g["intensity"].max(), "swing": g["swing"].first(),
        "n_refused": g["refused"].apply(lambda s: int(s.notna().sum())),
    }).reset_index().assign(default_intensity=default)


def flips(fact: pd.DataFrame) -> pd.DataFrame:
    """Where verdicts flip: for each switch value, how many valid combinations with it pass or fail.

    Returns:
        switch, value, n_valid, n_pass, n_fail, n_no_threshold, min and max of I; one row per switch value.
    """
    ok = fact[fact["refused"].isna()]
    rows = []
    for switch, values in acc.SWITCHES.items():
        for v in values:
            s = ok[ok[switch] == v]
            if s.empty and v not in fact[switch].values:
                continue
            counts = s["verdict"].value_counts()
            rows.append({"switch": switch, "value": v, "n_valid": len(s),
                         "n_pass": int(counts.get("pass", 0)), "n_fail": int(counts.get("fail", 0)),
                         "n_no_threshold": int(counts.get("no_threshold", 0)),
                         "min": float(s["intensity"].min()) if len(s) else None,
                         "max": float(s["intensity"].max()) if len(s) else None})
    return pd.DataFrame(rows)


def dilution(e0: float, q0: float, e1: float, q1: float) -> dict[str, float]:
    """Split a change of I = E / Q into its ΔE and ΔQ parts (symmetric, exact).

    Each part is the average of its effect at the other factor's start and end value (the two-factor Shapley
    split), so d_e + d_q = I1 − I0 exactly and a change with E fixed is all ΔQ.

    Args:
        e0: emissions at the start (t CO2).
        q0: energy at the start (tce).
        e1: emissions at the end (t CO2).
        q1: energy at the end (tce).

    Returns:
        i0, i1 (tCO2/tce), d_i, d_e (the part due to ΔE), d_q (the part due to ΔQ), d_e_t (ΔE, t) and
        d_q_tce (ΔQ, tce).
    """
    d_e = 0.5 * ((e1 - e0) / q0 + (e1 - e0) / q1)
    d_q = 0.5 * ((e0 / q1 - e0 / q0) + (e1 / q1 - e1 / q0))
    return {"i0": e0 / q0, "i1": e1 / q1, "d_i": e1 / q1 - e0 / q0, "d_e": d_e, "d_q": d_q,
            "d_e_t": e1 - e0, "d_q_tce": q1 - q0}


def change(b: bal.Balance, ctx: Context, calibre: acc.Calibre, base_year: int, year: int) -> dict[str, Any]:
    """The change from ``base_year`` to ``year`` under one calibre: relative vs absolute, with the dilution split.

    Returns:
        base_year, year, e0, e1 (t), q0, q1 (tce), the :func:`dilution` keys, and pattern: ``both_fall``,
        ``relative_only`` (I falls while E rises: growth read as decarbonisation), ``both_rise``,
        ``absolute_only`` (E falls, I rises) or ``unchanged``.
    """
    a0 = acc.account(b.years[base_year], b.park["province_code"], calibre, ctx.factors)
    a1 = acc.account(b.years[year], b.park["province_code"], calibre, ctx.factors)
    d = dilution(a0.e_t, a0.q_tce, a1.e_t, a1.q_tce)
    di, de = d["d_i"], d["d_e_t"]
    pattern = ("unchanged" if abs(di) < 1e-12 and abs(de) < 1e-9 else "both_fall" if di < 0 and de < 0
               else "relative_only" if di < 0 <= de else "both_rise" if di >= 0 and de >= 0 else "absolute_only")
    return {"base_year": base_year, "year": year, "e0": a0.e_t, "e1": a1.e_t, "q0": a0.q_tce, "q1": a1.q_tce,
            **d, "pattern": pattern}


def boundary_effects(b: bal.Balance, ctx: Context, calibre: acc.Calibre, ruleset: str = "national") -> pd.DataFrame:
    """Each boundary scenario: I and the verdict with and without the unit, and the dilution split of the change.

    Returns:
        scenario, label_en, label_zh, year, i_full, i_without, verdict_full, verdict_without, d_e, d_q, e_full_t,
        e_without_t (what the "improvement" is made of: none of it is a real reduction).
    """
    rows = []
    for s in b.scenarios.values():
        full = acc.account(b.years[s.year], b.park["province_code"], calibre, ctx.factors)
        cut = acc.account(bal.subtract(b.years[s.year], s.subtract), b.park["province_code"], calibre, ctx.factors)
        d = dilution(full.e_t, full.q_tce, cut.e_t, cut.q_tce)
        rows.append({"scenario": s.id, "label_en": s.label_en, "label_zh": s.label_zh, "year": s.year,
                     "i_full": full.intensity, "i_without": cut.intensity,
                     "verdict_full": acc.core(full, ctx.rules, ruleset)["verdict"],
                     "verdict_without": acc.core(cut, ctx.rules, ruleset)["verdict"],
                     "d_e": d["d_e"], "d_q": d["d_q"], "e_full_t": full.e_t, "e_without_t": cut.e_t})
    return pd.DataFrame(rows)


def cliffs(a: acc.Account, rules: pd.DataFrame, ruleset: str = "national") -> pd.DataFrame:
    """The park against every band of the core indicator: the verdict it would get at each size.

    Park size is rarely published, so each band is shown; the park's own band is marked.

    Returns:
        One row per band (and one for "below the lowest band" when it has no threshold): band_min, band_max
        (tce, None = open), threshold (None = no threshold), intensity, verdict, own (the park's band), and
        distance_tce (how far the park's Q is from the band: 0 inside, Q − upper edge above it, Q − lower
        edge below it).
    """
    core_rows = rules[(rules["ruleset"] == ruleset) & (rules["indicator"] == "core_co2_per_tce")]
    bands = [(None if pd.isna(r.min_energy_tce) else float(r.min_energy_tce),
              None if pd.isna(r.max_energy_tce) else float(r.max_energy_tce), float(r.threshold))
             for r in core_rows.itertuples()]
    lowest = min((lo or 0.0) for lo, _, _ in bands)
    if lowest > 0:
        bands.insert(0, (None, lowest, None))
    i, q = a.intensity, a.q_tce
    rows = []
    for lo, hi, t in sorted(bands, key=lambda x: x[0] or 0.0):
        inside = (lo is None or q >= lo) and (hi is None or q < hi)
        dist = 0.0 if inside else (q - hi if hi is not None and q >= hi else q - (lo or 0.0))
        rows.append({"band_min": lo, "band_max": hi, "threshold": t, "intensity": i,
                     "verdict": "no_threshold" if t is None else "pass" if i <= t + 1e-12 else "fail",
                     "own": inside, "distance_tce": dist})
    return pd.DataFrame(rows)


def province_lens(ctx: Context, calibre: acc.Calibre, thresholds: tuple[float, ...] = (0.2, 0.3)) -> pd.DataFrame:
    """For each province: the largest grid share of an all-electric park's electricity that meets each threshold.

    Args:
        ctx: :func:`setup`.
        calibre: the grid factor, vintage and tce basis used (the other switches do not matter here).
        thresholds: core thresholds (tCO2/tce).

    Returns:
        province_code, grid_factor (tCO2/MWh, None where not published), and max_share_<t> in % for each
        threshold (e.g. ``max_share_0.2``); one row per province.
    """
    rows = []
    for code in ctx.provinces["province_code"]:
        ef = ctx.factors.grid_factor(calibre, code)
        row: dict[str, Any] = {"province_code": code, "grid_factor": ef}
        for t in thresholds:
            row[f"max_share_{t}"] = None if ef is None else 100.0 * acc.max_grid_share(
                t, ef, ctx.factors.tce_per_mwh[calibre.tce_basis])
        rows.append(row)
    return pd.DataFrame(rows)


def lens_varies(lens: pd.DataFrame) -> bool:
    """Whether the province lens differs between provinces (it does only under a provincial or regional factor)."""
    return lens["grid_factor"].dropna().nunique() > 1


def near_zero_reference(panel: pd.DataFrame, accounting_factors: pd.DataFrame) -> dict[str, Any]:
    """National CO2 per tce from the panel, beside the official ≈2.1 and one tenth of each.

    The panel figure is the sum over the provinces with both series (scope-1 apparent CO2 of CEADs, Mt, over
    total energy consumption of the provincial statistics, 10^4 tce, coal-equivalent basis) in the latest year
    where both are present for every such province.

    Returns:
        year, n_provinces, panel_value (tCO2/tce), official (tCO2/tce), fraction (0.1), panel_tenth, official_tenth.
    """
    from zcparks.data import units

    wide = (panel[panel["variable"].isin(["co2_total_scope1", "total_energy_consumption"])]
            .pivot_table(index=["year", "province_code"], columns="variable", values="value").dropna())
    counts = wide.groupby(level="year").size()
    year = int(counts[counts == counts.max()].index.max())
    y = wide.loc[year]
    value = float(y["co2_total_scope1"].sum() / y["total_energy_consumption"].sum() * units.MT_CO2_PER_10K_TCE.value)
    af = accounting_factors.set_index("factor")
    official, frac = float(af.loc["official_average_co2_per_tce", "value"]), float(af.loc["near_zero_fraction", "value"])
    return {"year": year, "n_provinces": int(len(y)), "panel_value": value, "official": official, "fraction": frac,
            "panel_tenth": value * frac, "official_tenth": official * frac}


DISCLOSURE = ("boundary", "grid_factor", "vintage", "tce_basis", "green_trade", "certificates", "certificate_detail",
              "heat_factor", "process", "base_year")
"""What a park must disclose for a reader to reproduce its claim (codes; wording in labels.yaml)."""


def headline(b: bal.Balance, year: int, ctx: Context, calibre: acc.Calibre, fact: pd.DataFrame) -> dict[str, Any]:
    """The figures recorded for sweeps and the index: core I under the calibre, its range, verdicts.

    Returns:
        Flat name -> value pairs prefixed by the park key (``east_grid_certificates_core``; ``zcp_01_core``).
    """
    k = re.sub(r"[^a-z0-9]+", "_", park_key(b).lower())
    calibre, _ = acc.usable(calibre, ctx.factors, b.park["province_code"], b.years[year], list(ctx.calibres.values()))
    c = core_of(b, year, calibre, ctx)
    s = summary_range(fact)
    return {f"{k}_core": c["intensity"], f"{k}_verdict": c["verdict"], f"{k}_min": s["min"], f"{k}_max": s["max"],
            f"{k}_n_valid": s["n_valid"], f"{k}_n_refused": s["n_refused"], f"{k}_n_pass": s["n_pass"]}


def score(b: bal.Balance, ctx: Context, year: int = 0, calibres: list[str] | None = None, all_calibres: bool = False,
          rulesets: list[str] | None = None, clean_includes_gas: bool = False) -> dict[str, Any]:
    """Everything ``zcparks score`` prints, as plain data (JSON-ready).

    Args:
        b: the balance.
        ctx: :func:`setup`.
        year: the year scored (0: the latest).
        calibres: reference calibre names (default: both); the first one also scores the rule sets.
        all_calibres: score every valid combination of the switches as well (refused ones are listed).
        rulesets: rule sets (default ``["auto"]``: national plus the park's province's own).
        clean_includes_gas: count natural gas as clean energy.

    Returns:
        park (names, province_code, park_id, illustrative, source), year, results (one per calibre: calibre name or
        None, key, the switches, e_t, q_tce, intensity, threshold, verdict, reduction_needed_t), refused (key and
        reason of each refused combination), rulesets (core value, threshold, outcome and guiding counts under the
        first calibre) and rulesets_calibre.

    Raises:
        ParameterError: an unknown calibre or rule set, or a year the balance lacks (names the choices).
    """
    y, _ = years_for(b, year, 0, names=("--year", "--year"))
    names = calibres or [acc.DEFAULT_CALIBRE, *(n for n in ctx.calibres if n != acc.DEFAULT_CALIBRE)]
    unknown = [n for n in names if n not in ctx.calibres]
    if unknown:
        raise ParameterError(f"--calibre {unknown[0]!r}: expected one of {sorted(ctx.calibres)}")
    chosen = rulesets_for(b, rulesets or ["auto"])
    chosen = ["national", *(r for r in chosen if r != "national")]  # the national verdict is always shown
    bad = [r for r in chosen if r not in RULESETS]
    if bad:
        raise ParameterError(f"--ruleset {bad[0]!r}: expected auto or one of {list(RULESETS)}")
    rows, refused = [], []
    todo: list[acc.Calibre] = [ctx.calibres[n] for n in names]
    if all_calibres:
        named = {c.key() for c in todo}
        todo += [c for c in acc.all_calibres(heat=b.years[y].heat.get("supplier_factor_tco2_per_gj") is not None)
                 if c.key() not in named]
    for c in todo:
        reason = acc.refusal(c, ctx.factors, b.park["province_code"], b.years[y])
        if reason:
            refused.append({"key": c.key(), "reason": reason})
            continue
        r = core_of(b, y, c, ctx)
        rows.append({"calibre": c.name, "key": c.key(), **c.switches(), **r})
    first, refused_first = acc.usable(ctx.calibres[names[0]], ctx.factors, b.park["province_code"], b.years[y],
                                      [ctx.calibres[n] for n in names[1:]] + list(ctx.calibres.values()))
    rt = ruleset_table(b, y, first, ctx, chosen, clean_includes_gas)
    failed = {rs: evaluate(b, y, first, ctx, rs, clean_includes_gas).query("outcome == 'fail'")["indicator"].tolist()
              for rs in chosen if rs in RULESETS}
    park = {k: b.park.get(k) for k in ("name_en", "name_zh", "province_code", "park_id", "illustrative")}
    return {"park": {**park, "source": b.source}, "year": y, "results": rows, "refused": refused,
            "rulesets": [{**r, "failed": failed[r["ruleset"]]} for r in rt.astype(object).where(rt.notna(), None)
                         .to_dict("records")], "rulesets_calibre": first.name,
            "first_calibre_refused": None if refused_first is None else {"calibre": names[0], "reason": refused_first}}
