"""Layers of China's standard map for Altair charts: province polygons and the South China Sea dash line.

The polygons are shared datasets of the page (``zc_provinces``, ``zc_dashline``: see
``shared_datasets`` in ``reports.yaml``), referenced by name so that no spec copies them.
"""

from __future__ import annotations

from typing import Any

import altair as alt

PROVINCES = "zc_provinces"
DASH_LINE = "zc_dashline"
# conic equal-area, centred on 105°E with standard parallels 25°N and 47°N: China's usual national projection
PROJECTION: dict[str, Any] = {"type": "conicEqualArea", "rotate": [-105, 0, 0], "parallels": [25, 47]}


def provinces_layer(**mark: Any) -> alt.Chart:
    """The province polygons, projected, with geoshape mark properties ``mark``."""
    return alt.Chart(alt.Data(name=PROVINCES)).mark_geoshape(**mark).project(**PROJECTION)


def dash_line_layer() -> alt.Chart:
    """The South China Sea dash line (drawn on every map of China)."""
    return alt.Chart(alt.Data(name=DASH_LINE)).mark_geoshape(
        filled=False, stroke="#6b7785", strokeWidth=1).project(**PROJECTION)
