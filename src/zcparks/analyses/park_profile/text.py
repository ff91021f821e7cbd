"""The park profile in words and tables: filled from the park's row and its records; nothing is fixed."""

from __future__ import annotations

import html

import pandas as pd

from zcparks.analyses.park_profile import FACT_FIELDS, sources
from zcparks.analyses.park_profile import LABELS as L
from zcparks.report.htmlsafe import mark_english, reader_note
from zcparks.views import cohort_text, links


def _english(text: object, lang: str) -> str | None:
    """Text that exists only in English: on zh pages marked as the English original (英文原文); None when missing."""
    if text is None or pd.isna(text) or not str(text).strip():
        return None  # shown as the table's dash, never as "nan"
    return str(text) if lang == "en" else f"{text}{L.t('english_original', lang)}"


def facts_table(park: pd.Series, lang: str) -> pd.DataFrame:
    """The park's facts as rows (fact, value) in ``lang``; English-only data values are marked on zh pages."""
    county = park["county_zh"] if isinstance(park["county_zh"], str) and park["county_zh"] else ""
    place = f"{park['prefecture_zh']}{county}"
    value = {
        "park_id": park["park_id"],
        "name": park[f"name_{lang}"] if lang == "zh" else f"{park['name_en']} ({park['name_zh']})",
        "unit": park[f"unit_{lang}"],
        "place": place,  # Chinese names on both pages (the list gives them in Chinese)
        "scope": L.code("scope", park["scope"], lang),
        "construction_period": f"{park['construction_start']}–{park['construction_end']}",
        "zone_type": _english(park["zone_type"], lang),
        "main_industries": _english(park["main_industries"], lang),
        "industry_class": L.code("industry_class", park["industry_class"], lang),
        "verified_by": L.code("verified_by", park["verified_by"], lang),
        "verification_note": _english(park["verification_note"], lang),
        "location": L.t("location_value", lang, lon=park["lon"], lat=park["lat"],
                        unit=park["loc_unit_zh"], precision=L.code("loc_precision", park["loc_precision"], lang)),
    }
    return pd.DataFrame({"fact": [L.t(f"fact_{f}", lang) for f in FACT_FIELDS], "value": [value[f] for f in FACT_FIELDS]})


def province_link(park: pd.Series, lang: str) -> str:
    """A line linking the page of the park's province (or the XPCC), as escaped HTML."""
    target = links.anchor(links.province_href(park["unit_id"], lang), str(park[f"unit_{lang}"]))
    return f'<p class="zc-note">{html.escape(L.t("province_page", lang))} {target}</p>'


def grid_text(table: pd.DataFrame, na: str, lang: str) -> str:
    """The latest year's factor of the park's province against the national one."""
    return cohort_text.grid_text(table, na, L, lang)


def sources_html(park: pd.Series, lang: str) -> str:
    """The park's sources as an escaped HTML list (the notebook makes its URLs clickable with ``display.linkify``)."""
    items = "".join(f"<li>{mark_english(html.escape(reader_note(s)), lang)}</li>" for s in sources(park))
    return f'<p>{html.escape(L.t("sources_heading", lang))}</p><ul class="zc-links">{items}</ul>'


def matching_text(summary: dict, lang: str) -> list[str]:
    """The matching summary as sentences: share without and with storage, and what 80 % and 90 % need."""
    rec = summary["record"]
    out = [L.t("matching_sentence", lang, load=L.code("load_class", rec["load_class"], lang),
               zero=summary["share_no_storage"], storage=summary["storage_h"], share=rec["matched_share"])]
    step = summary["storage_step_h"]  # the sizes tried: the least one reaching a target bounds the need from above
    for n in summary["needs"]:
        if n["storage_h"] == 0:
            out.append(L.t("need_no_storage", lang, target=n["target"]))
        elif n["storage_h"] is not None:
            out.append(L.t("need_storage", lang, target=n["target"], hours=n["storage_h"],
                           lower=n["storage_h"] - step, step=step))
        elif n["overbuild"] is not None:
            out.append(L.t("need_overbuild", lang, target=n["target"], overbuild=n["overbuild"],
                           hours=n["storage_h_at_overbuild"], step=step))
        else:
            out.append(L.t("need_none", lang, target=n["target"]))
    return out


def core_text(rec: dict, lang: str) -> str:
    """The illustrative core indicator in one sentence (with the calibre fallback where there is one)."""
    v = rec["verdict"]
    verdict = L.t("verdict_none", lang) if v == "no_threshold" else L.t(f"verdict_{v}", lang, threshold=rec["threshold"])
    text = L.t("core_sentence", lang, archetype=L.code("archetype", rec["archetype"], lang), mw=rec["mean_mw"],
               calibre=L.code("calibre", rec["calibre"], lang), value=rec["intensity"], verdict=verdict)
    if rec["refused_reason"]:
        text += " " + L.t("calibre_fallback", lang, used=L.code("calibre", rec["calibre"], lang),
                          reason=L.t(f"refused_{rec['refused_reason']}", lang))
    return text
