"""Generated sentences and display tables of the indicator-scoring analysis, in English or Chinese.

Everything here turns the codes and numbers of :mod:`zcparks.analyses.indicator_scoring` into words, so
every figure in the report's prose is computed, never typed.
"""

from __future__ import annotations

import html

import pandas as pd

from zcparks.analyses.indicator_scoring import LABELS as L
from zcparks.analyses.indicator_scoring import Context, core_of
from zcparks.data.balance import Balance
from zcparks.models import accounting as acc


def park_name(b: Balance, lang: str) -> str:
    """The park's name in ``lang``, marked "(illustrative)" where it is one (headings, chart subtitles, tables)."""
    return str(b.park[f"name_{lang}"]) + (L.t("illustrative_suffix", lang) if b.illustrative else "")


def banner(b: Balance, lang: str) -> str:
    """The line that opens each park's section: illustrative (with its assumptions) or the file it came from."""
    if b.illustrative:
        return L.t("illustrative_banner", lang, name=str(b.park[f"name_{lang}"]),
                   assumptions=b.park.get(f"assumptions_{lang}") or "")
    return L.t("own_balance", lang, source=b.source, years=", ".join(map(str, b.years)))


def provisional_text(lang: str) -> str:
    """Why both reference calibres are provisional, and which factor vintage the text copy uses."""
    return L.t("provisional", lang) + (" " if lang == "en" else "") + L.t("text_copy_vintage", lang)


def calibre_label(name: str, lang: str) -> str:
    """A reference calibre's name in ``lang`` (with "provisional")."""
    return L.code("calibre", name, lang)


def value_label(switch: str, value: str, lang: str) -> str:
    """A switch value in words (vintages stay years)."""
    return value if switch == "vintage" else L.code(switch, value, lang)


def calibre_table(lang: str) -> pd.DataFrame:
    """Both reference calibres side by side, one row per switch: each setting with its rule's confidence tag.

    Columns: switch (codes), calibre_text_copy, calibre_spec_provisional (settings in ``lang`` with [tag]),
    and the notes of each (the rule's words, or why).
    """
    from zcparks import data as d

    c = d.calibres()
    rows = []
    for switch in acc.SWITCHES:
        row: dict[str, str] = {"switch": switch}
        for name in ("text-copy", "spec-provisional"):
            r = c[(c["calibre"] == name) & (c["switch"] == switch)].iloc[0]
            col = "calibre_" + name.replace("-", "_")
            row[col] = f"{value_label(switch, str(r['value']), lang)} [{r['status']}]"
            note = r["note_zh"] if lang == "zh" else r["note"]
            row[f"{col}_note"] = "" if pd.isna(note) else str(note)
        rows.append(row)
    return pd.DataFrame(rows)


def source_line(b: Balance, lang: str) -> str:
    """The source line under a park's chart: the rules, the factors and the balance file."""
    sep = "; " if lang == "en" else "；"
    return L.t("source_rules", lang) + sep + L.t("source_balance", lang, source=b.source)


def calibre_sources(lang: str) -> str:
    """Where each reference calibre's settings come from, as one line."""
    from zcparks import data as d

    c = d.calibres().drop_duplicates("calibre")
    sep = "; " if lang == "en" else "；"
    return sep.join(f"{calibre_label(r.calibre, lang)}: {r.source}" for r in c.itertuples())


def _threshold(t: float | None, lang: str) -> str:
    return L.t("no_threshold_text", lang) if t is None or pd.isna(t) else f"{t:g}"


def fallback_note(b: Balance, year: int, ctx: Context, name: str, lang: str) -> str | None:
    """The note shown when the report's calibre cannot be scored for this park (and which one is used instead)."""
    from zcparks.analyses.indicator_scoring import calibre_for

    used, reason = calibre_for(b, year, ctx, name)
    if reason is None:
        return None
    return L.t("calibre_fallback", lang, calibre=calibre_label(name, lang), reason=L.code("reason", reason, lang),
               used=calibre_label(used.name, lang))


def core_sentence(b: Balance, year: int, calibre: acc.Calibre, ctx: Context, lang: str) -> str:
    """The core indicator of ``year`` under ``calibre`` and its national verdict, as one sentence."""
    c = core_of(b, year, calibre, ctx)
    if c["verdict"] == "no_threshold":
        verdict = L.t("verdict_none", lang)
    elif c["verdict"] == "pass":
        verdict = L.t("verdict_pass", lang, threshold=f"{c['threshold']:g}")
    else:
        verdict = L.t("verdict_fail", lang, threshold=f"{c['threshold']:g}", reduction=c["reduction_needed_t"])
    name = calibre_label(calibre.name, lang) if calibre.name else calibre.key()
    return L.t("core_sentence", lang, calibre=name, vintage=calibre.vintage, year=year, value=c["intensity"],
               e=c["e_t"], q=c["q_tce"], verdict=verdict)


def range_sentence(summary: dict, lang: str) -> str:
    """The full-factorial range, and whether the verdict flips."""
    outcomes = sum(summary[f"n_{o}"] > 0 for o in ("pass", "fail", "no_threshold"))
    key = ("flip_yes" if summary["n_pass"] > 0 and outcomes > 1 else "flip_band" if outcomes > 1 else "flip_no")
    return L.t("range_sentence", lang, **summary) + (" " if lang == "en" else "") + L.t(key, lang)


def exclusions_table(ex: pd.DataFrame) -> pd.DataFrame:
    """The refused combinations by reason (codes; the reasons are translated by the table), count first."""
    return ex[["n", "reason", "example"]].assign(n=ex["n"].astype(int))


def flips_table(fl: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Where the verdict flips: per switch value, the valid combinations that pass and fail, and the range of I."""
    return pd.DataFrame({
        "switch": fl["switch"],
        "setting": [value_label(s, v, lang) for s, v in zip(fl["switch"], fl["value"], strict=True)],
        "n_valid": fl["n_valid"], "calibres_pass": fl["n_pass"], "calibres_fail": fl["n_fail"],
        "n_no_threshold": fl["n_no_threshold"], "min": fl["min"].round(3), "max": fl["max"].round(3),
    })


def _num(v: object) -> float | None:
    return None if v is None or pd.isna(v) else round(float(v), 3)


def reason_text(reason: dict[str, str] | None, lang: str) -> str:
    """A park's not-applicable reason in ``lang`` (a reason given in one language only is shown as written)."""
    if not reason:
        return ""
    return reason.get(lang) or reason.get("text") or next(iter(reason.values()))


def evaluation_table(ev: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One rule set's indicators: value, threshold, outcome, margin, rule status and the park's reason.

    Indicator and outcome stay codes (the table translates them; the core indicator's name says it is the core);
    units and reasons are in ``lang``.
    """
    return pd.DataFrame({
        "indicator": ev["indicator"], "value": [_num(v) for v in ev["value"]],
        "unit": ["" if u is None or pd.isna(u) else L.code("rule_unit", u, lang) for u in ev["unit"]],
        "threshold": [_num(v) for v in ev["threshold"]], "outcome": ev["outcome"],
        "margin": [_num(v) for v in ev["margin"]], "status": [f"[{s}]" for s in ev["status"]],
        "park_reason": [reason_text(r, lang) for r in ev["reason"]],
    })


def ruleset_table(rt: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The rule sets side by side (codes; ``core_outcome`` holds outcome codes)."""
    return pd.DataFrame({
        "ruleset": rt["ruleset"], "core_value": rt["core_value"].round(3),
        "core_threshold": ["" if o == "no_core" else _threshold(t, lang)
                           for t, o in zip(rt["core_threshold"], rt["core_outcome"], strict=True)],
        "core_outcome": rt["core_outcome"],
        "core_margin": [_num(v) for v in rt["core_margin"]],
        **{f"n_{o}": rt[f"n_{o}"] for o in ("pass", "fail", "not_applicable", "not_evaluable")},
    })


def change_table(ch: dict) -> pd.DataFrame:
    """The base year and the year scored side by side: E, Q and I (relative and absolute together)."""
    return pd.DataFrame({"year": [ch["base_year"], ch["year"]], "e_t": [round(ch["e0"]), round(ch["e1"])],
                         "q_tce": [round(ch["q0"]), round(ch["q1"])], "intensity": [round(ch["i0"], 3), round(ch["i1"], 3)]})


def change_sentence(ch: dict, lang: str) -> str:
    """The change between two years with its ΔE / ΔQ split and its pattern (relative vs absolute)."""
    return L.t("change_sentence", lang, y0=ch["base_year"], y1=ch["year"], **ch) + (" " if lang == "en" else "") + (
        L.code("pattern", ch["pattern"], lang) + ("." if lang == "en" else "。"))


def boundary_sentences(be: pd.DataFrame, lang: str) -> list[str]:
    """One sentence per boundary scenario, with the year it applies to and the way I moved (or one saying there is none)."""
    if be.empty:
        return [L.t("no_scenarios", lang)]
    out = []
    for _, r in be.iterrows():
        d = r["i_without"] - r["i_full"]
        direction = L.t("direction_down" if d < -1e-12 else "direction_up" if d > 1e-12 else "direction_same", lang)
        out.append(L.t("boundary_sentence", lang, year=r["year"], label=r[f"label_{lang}"], e0=r["e_full_t"],
                       e1=r["e_without_t"], i0=r["i_full"], i1=r["i_without"], direction=direction))
        if d > 1e-12:
            out.append(L.t("boundary_up", lang))
    return out


def boundary_table(be: pd.DataFrame) -> pd.DataFrame:
    """Boundary scenarios side by side (``label_en``/``label_zh`` pair; verdict codes)."""
    return pd.DataFrame({
        "year": be["year"], "scenario_en": be["label_en"], "scenario_zh": be["label_zh"],
        "i_full": be["i_full"].round(3), "i_without": be["i_without"].round(3),
        "verdict_full": be["verdict_full"], "verdict_without": be["verdict_without"],
        "d_e": be["d_e"].round(3), "d_q": be["d_q"].round(3),
    })


def cliffs_table(cl: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The park against every band of the core indicator (verdict codes; own is a yes/no)."""
    def band(lo: float | None, hi: float | None) -> str:
        lo_t = "0" if lo is None or pd.isna(lo) else f"{lo:,.0f}"
        return f"{lo_t} – {'∞' if hi is None or pd.isna(hi) else f'{hi:,.0f}'}"

    return pd.DataFrame({
        "band": [band(lo, hi) for lo, hi in zip(cl["band_min"], cl["band_max"], strict=True)],
        "threshold": [_threshold(t, lang) for t in cl["threshold"]], "intensity": cl["intensity"].round(3),
        "outcome": cl["verdict"], "own": cl["own"].astype(bool),
        "distance_tce": [None if own else int(round(v)) for own, v in zip(cl["own"], cl["distance_tce"], strict=True)],
    })


def lens_sentence(lens: pd.DataFrame, calibre: acc.Calibre, ctx: Context, lang: str, varies: bool) -> str:
    """What the province lens shows: the range across provinces, or the one national answer."""
    name = calibre_label(calibre.name, lang) if calibre.name else calibre.key()
    if not varies:
        r = lens.dropna(subset=["grid_factor"]).iloc[0]
        return L.t("lens_flat", lang, calibre=name, factor=r["grid_factor"], vintage=calibre.vintage,
                   basis=L.code("tce_basis", calibre.tce_basis, lang), s02=r["max_share_0.2"], s03=r["max_share_0.3"])
    names = ctx.provinces.set_index("province_code")["name_zh_short" if lang == "zh" else "name_en"]
    ok = lens.dropna(subset=["max_share_0.2"])
    lo, hi = ok.loc[ok["max_share_0.2"].idxmin()], ok.loc[ok["max_share_0.2"].idxmax()]
    return L.t("lens_range", lang, calibre=name, low=lo["max_share_0.2"], low_name=names[lo["province_code"]],
               high=hi["max_share_0.2"], high_name=names[hi["province_code"]])


def calibre_lens_sentence(ctx: Context, name: str, lang: str) -> str:
    """:func:`lens_sentence` of the province lens under the reference calibre ``name``."""
    from zcparks.analyses.indicator_scoring import lens_varies, province_lens

    calibre = ctx.calibre(name)
    lens = province_lens(ctx, calibre)
    return lens_sentence(lens, calibre, ctx, lang, lens_varies(lens))


def lens_table(lens: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    """The province lens as a table, provinces in code order (bilingual name pair)."""
    p = ctx.provinces.set_index("province_code")
    return pd.DataFrame({
        "province_en": lens["province_code"].map(p["name_en"]), "province_zh": lens["province_code"].map(p["name_zh_short"]),
        "grid_factor_value": lens["grid_factor"], "max_share_0.2": lens["max_share_0.2"].round(2),
        "max_share_0.3": lens["max_share_0.3"].round(2),
    })


def disclosure_html(lang: str) -> str:
    """What a park must disclose for a reader to reproduce its claim, as an escaped HTML list."""
    from zcparks.analyses.indicator_scoring import DISCLOSURE

    items = "".join(f"<li>{html.escape(L.code('item', k, lang))}</li>" for k in DISCLOSURE)
    return f'<ul class="zc-list">{items}</ul>'


def heading_text(b: Balance, lang: str, year: int) -> str:
    """A park's sub-heading: its name, the year scored, and "illustrative" where it is."""
    return f"{park_name(b, lang)} · {year}"


def near_zero_sentence(ref: dict, lang: str) -> str:
    """The national 'near-zero' reference: the panel's CO2 per tce and the official ≈2.1, each with one tenth."""
    return L.t("near_zero", lang, panel=ref["panel_value"], year=ref["year"], n=ref["n_provinces"],
               panel_tenth=ref["panel_tenth"], official=ref["official"], official_tenth=ref["official_tenth"])
