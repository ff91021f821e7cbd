"""The pilot-parks analysis in words: sentences made from :func:`~zcparks.analyses.pilot_parks.key_facts`.

The numbers come from the facts; the wording comes from ``labels.yaml``; nothing here computes.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from zcparks.analyses.pilot_parks import LABELS as L


def unit_names(view: pd.DataFrame, lang: str) -> dict[str, str]:
    """Unit id -> the unit's name in ``lang`` (from the view's bilingual names)."""
    return dict(zip(view["unit_id"], view[f"unit_name_{lang}"], strict=True))


def key_facts_text(facts: dict[str, Any], view: pd.DataFrame, lang: str) -> str:
    """One paragraph of key figures in ``lang``.

    Args:
        facts: :func:`~zcparks.analyses.pilot_parks.key_facts`.
        view: the parks view (for the units' names).
        lang: ``en`` or ``zh``.
    """
    names = unit_names(view, lang)
    starts = str(facts["start_min"]) if facts["start_min"] == facts["start_max"] else \
        f"{facts['start_min']}–{facts['start_max']}"
    text = L.t("key_facts", lang, n=facts["n"], units=facts["units"], park_in_park=facts["park_in_park"],
               whole_park=facts["whole_park"], starts=starts, end_min=facts["end_min"], end_max=facts["end_max"],
               top_units=L.join(sorted(names[u] for u in facts["top_units"]), lang), top_n=facts["top_n"],
               confirmed=facts["confirmed"])
    if facts["highlight_ids"]:
        text += L.t("highlight", lang, unit=names[facts["highlight"]], count=len(facts["highlight_ids"]),
                    ids=L.join(facts["highlight_ids"], lang))
    return text
