"""The hourly-matching page, park by park: what the notebook shows for each chosen park.

The notebook passes in the page's display module (``zcparks.report.display``, imported there as ``show``): an
analysis does not import it (the import contracts of ``pyproject.toml``). Shares are 0–1.
"""

from __future__ import annotations

from types import ModuleType

import pandas as pd

from zcparks.analyses import hourly_matching as hm
from zcparks.analyses.hourly_matching import LABELS as L
from zcparks.analyses.hourly_matching import charts, text
from zcparks.models import supply as sp


def show_park(show: ModuleType, run: hm.ParkRun, mix: sp.Mix, design: sp.Design, provinces: pd.DataFrame,
              lang: str) -> None:
    """One park: its heading, its shares and checks in words, its hourly heat map and its duration curves.

    Args:
        show: the page's display module (``zcparks.report.display``).
        run: the park matched (:func:`~zcparks.analyses.hourly_matching.park_runs`).
        mix: the green supply of the run.
        design: overbuild and battery of the run.
        provinces: ``zcparks.data.provinces()``.
        lang: ``en`` or ``zh``.
    """
    park, rec, source = run.park, run.record, L.t("source_profiles", lang)
    name = park[f"name_{lang}"]
    show.heading(L.t("park_heading", lang, name=name, park_id=park["park_id"],
                     province=text.province_names([park["province_code"]], provinces, lang)[0]),
                 f"park-{park['park_id']}", level=3)
    show.note(text.park_sentence(rec, mix, design, provinces, lang))
    if (flag := text.low_confidence(rec["low_confidence"], provinces, lang)):
        show.note(flag)
    show.note(text.direct_supply(rec, lang))
    show.note(text.core_sentence(rec, lang))
    show.chart(charts.heatmap(hm.heatmap_frame(run.dispatch), name, lang), lang, source=source)
    show.chart(charts.duration(hm.duration_frame(run.dispatch), name, lang), lang, source=source)


def show_week(show: ModuleType, run: hm.ParkRun, which: str, day: str, lang: str) -> None:
    """One week of the park's dispatch, hour by hour (load, green supply, battery, grid import).

    Args:
        show: the page's display module (``zcparks.report.display``).
        run: the park matched.
        which: ``winter`` or ``summer`` (:data:`~zcparks.analyses.hourly_matching.WEEKS`).
        day: the week's first day (ISO date).
        lang: ``en`` or ``zh``.
    """
    show.chart(charts.week(hm.week_frame(run.dispatch, which), which, day, run.park[f"name_{lang}"], lang), lang,
               source=L.t("source_profiles", lang))
