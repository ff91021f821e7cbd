"""Indicator scoring and the greenwashing lens (notebook 05, slug ``indicator-scoring``): the page's composition.

The scoring itself is a public model, :mod:`zcparks.models.scoring` (re-exported here for the notebook, its text and
charts); the CLI's plain-text tables are :mod:`zcparks.views.scoring`. Wording is in :mod:`.text` and
``labels.yaml``, charts in :mod:`.charts`, what the page shows for each park in :mod:`.sections`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from zcparks.data.balance import Balance
from zcparks.models import accounting as acc
from zcparks.models.scoring import *  # noqa: F403 - the page's numbers come from the model
from zcparks.models.scoring import Context, calibre_for, factorial, headline, park_key, years_for
from zcparks.models.scoring import __all__ as _MODEL
from zcparks.views import labels_for
from zcparks.views.scoring import score_text

LABELS = labels_for(__file__)
INNER_MONGOLIA = "150000"
"""GB/T 2260 code of Inner Mongolia, whose own rule sets are for region-level parks (the page says so)."""

__all__ = [*_MODEL, "LABELS", "score_text", "INNER_MONGOLIA", "ParkCase", "park_cases", "headlines",
           "other_calibres"]


@dataclass(frozen=True)
class ParkCase:
    """One park's balance as the page scores it.

    Attributes:
        balance: the park's energy and emission balance.
        key: its short key (:func:`~zcparks.models.scoring.park_key`), e.g. ``ZCP-18`` or ``data_centre``.
        year: the year scored.
        base_year: the base year of the change analysis.
        calibre: the calibre used for this park: the page's default, or the other reference calibre where the
            default is refused (:func:`~zcparks.models.scoring.calibre_for`).
        factorial: the core indicator (tCO2/tce) in ``year`` under every combination of the switches
            (:func:`~zcparks.models.scoring.factorial`).
    """

    balance: Balance
    key: str
    year: int
    base_year: int
    calibre: acc.Calibre
    factorial: pd.DataFrame


def park_cases(balances_: list[Balance], ctx: Context, calibre: str, year: int = 0, base_year: int = 0
               ) -> list[ParkCase]:
    """Each balance with its years, its calibre and its full factorial, in the order given.

    Args:
        balances_: the balances (:func:`~zcparks.models.scoring.balances`).
        ctx: :func:`~zcparks.models.scoring.setup`.
        calibre: the name of the default reference calibre.
        year: the year scored (0: each balance's latest year).
        base_year: the base year of the change analysis (0: each balance's first year).

    Raises:
        ParameterError: ``year`` or ``base_year`` is not a year of a balance (naming the parameter).
    """
    years = [years_for(b, year, base_year) for b in balances_]
    facts = [factorial(b, y, ctx) for b, (y, _) in zip(balances_, years, strict=True)]
    return [ParkCase(b, park_key(b), y, base, calibre_for(b, y, ctx, calibre)[0], f)
            for b, (y, base), f in zip(balances_, years, facts, strict=True)]


def headlines(cases: list[ParkCase], ctx: Context, calibre: acc.Calibre) -> dict[str, Any]:
    """The figures the notebook records for sweeps and the index, park by park (:func:`headline`).

    Args:
        cases: :func:`park_cases`.
        ctx: :func:`~zcparks.models.scoring.setup`.
        calibre: the default reference calibre (a park where it is refused is scored under the usable one).

    Returns:
        Name -> value, prefixed by each park's key: core indicator (tCO2/tce), verdict, its range over the valid
        combinations and their counts.
    """
    out: dict[str, Any] = {}
    for case in cases:
        out.update(headline(case.balance, case.year, ctx, calibre, case.factorial))
    return out


def other_calibres(ctx: Context, name: str) -> list[str]:
    """The reference calibres other than ``name``, by name (the page states the province lens under each too)."""
    return [n for n in sorted(ctx.calibres) if n != name]
