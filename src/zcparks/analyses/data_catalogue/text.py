"""The data-catalogue analysis in words: sentences made from the counts of :mod:`zcparks.analyses.data_catalogue`."""

from __future__ import annotations

import html
from typing import Any

import pandas as pd

from zcparks.analyses.data_catalogue import DOWNLOADS
from zcparks.analyses.data_catalogue import LABELS as L


def key_facts_text(facts: dict[str, Any], lang: str) -> str:
    """A paragraph with the catalogue's counts and the coverage of CO2, total energy and real GDP."""
    gaps = L.join([L.t("gap_item", lang, year=y, n=n) for y, n in facts["gaps"].items()], lang)
    return L.t("key_facts", lang, **{k: v for k, v in facts.items() if k != "gaps"}, gaps=gaps)


def trade_text(terms: pd.DataFrame, year: int, lang: str) -> str:
    """The balance of the electricity-trade adjustment in ``year``."""
    t = terms.set_index("year").loc[year]
    return L.t("trade_facts", lang, year=year, exported=t["exported_mt"], imported=t["imported_mt"],
               pool=t["pool_intensity_t_per_mwh"], unassigned=t["unassigned_mt"],
               share=100 * t["unassigned_mt"] / t["scope1_mt"])


def hours_text(facts: dict[str, Any], lang: str) -> str:
    """Which annual PV hours are estimates, and how good the estimate is."""
    years = f"{facts['years'][0]}–{facts['years'][-1]}"
    return L.t("hours_facts", lang, years=years, mean=facts["mean"], max=facts["max"])


def _size(n_bytes: int) -> str:
    return f"{n_bytes / 1e6:.1f} MB" if n_bytes >= 1e6 else f"{max(n_bytes / 1e3, 0.1):.0f} kB"


def downloads_html(sizes: dict[str, int], lang: str) -> str:
    """A list of download links (``zc-download:`` links, resolved by the report engine) with size and contents.

    Args:
        sizes: file stem -> size in bytes of ``data/processed/csv/<stem>.csv``.
        lang: ``en`` or ``zh``.
    """
    items = []
    for stem in DOWNLOADS:
        label = html.escape(L.t("download", lang, name=L.t(f"file_{stem}", lang), size=_size(sizes[stem])))
        items.append(f'<li><a href="zc-download:{stem}.csv">{label}</a>: {html.escape(L.t(f"about_{stem}", lang))}</li>')
    return "<ul class=\"zc-downloads\">" + "".join(items) + "</ul>"
