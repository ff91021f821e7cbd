"""The grid-factors analysis in words: sentences made from :func:`~zcparks.analyses.grid_factors.key_facts`."""

from __future__ import annotations

from typing import Any

import pandas as pd

from zcparks.analyses.grid_factors import LABELS as L


def key_facts_text(facts: dict[str, Any], provinces: pd.DataFrame, lang: str) -> str:
    """A paragraph of figures for the facts' year in ``lang``.

    Args:
        facts: :func:`~zcparks.analyses.grid_factors.key_facts`.
        provinces: ``zcparks.data.provinces()`` (for the names).
        lang: ``en`` or ``zh``.
    """
    name = provinces.set_index("province_code")[f"name_{lang}"]
    text = L.t("key_facts", lang, year=facts["year"], national=facts["national"], n=facts["n_provinces"],
               low=name[facts["low"]], low_value=facts["low_value"], high=name[facts["high"]],
               high_value=facts["high_value"], ratio=facts["ratio"])
    if facts["national_excl"] is not None:
        text += L.t("key_facts_excl", lang, value=facts["national_excl"])
    if facts["missing"]:
        text += L.t("key_facts_missing", lang, names=L.join([name[c] for c in facts["missing"]], lang))
    return text
