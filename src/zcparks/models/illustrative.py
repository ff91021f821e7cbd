"""The illustrative archetype parks: balances whose every number is a stated assumption (no park publishes one).

The files are ``data/raw/illustrative_balances/archetype_<key>.yaml`` (park balance format, :mod:`zcparks.data.balance`;
their provenance says who wrote them and that every number is an assumption).
The indicator-scoring report (05) scores them by default; the park profiles (11) size an illustrative all-electric
park to the archetype of its industry class (:data:`ARCHETYPE_OF_CLASS`). Every report that uses them says
"illustrative".
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from zcparks import data
from zcparks.data import balance as bal

__all__ = ["ARCHETYPES", "ARCHETYPE_OF_CLASS", "path", "archetype_for", "annual_electricity_mwh"]

ARCHETYPES = ("east_grid_certificates", "west_direct_supply", "data_centre")
"""The archetype keys, in report order."""

ARCHETYPE_OF_CLASS = {
    "computing_data_centre": "data_centre",
    "traditional_energy_intensive": "west_direct_supply",
    "new_energy_manufacturing": "east_grid_certificates",
    "advanced_manufacturing": "east_grid_certificates",
    "mixed": "east_grid_certificates",
    "unknown": "east_grid_certificates",
}
"""Industry class of a park -> the archetype whose size stands for it (an analyst's choice, stated in reports):
data centres by the data-centre park, energy-intensive industry by the western ferroalloy park, every
manufacturing or mixed park by the east-coast manufacturing park."""


def path(key: str) -> Path:
    """The balance file of an archetype.

    Raises:
        KeyError: an unknown key (the message lists the known ones).
    """
    if key not in ARCHETYPES:
        raise KeyError(f"unknown archetype {key!r}; expected one of {', '.join(ARCHETYPES)}")
    return data.illustrative_balance_file(key)


def archetype_for(industry_class: str) -> str:
    """The archetype of a park's industry class (:data:`ARCHETYPE_OF_CLASS`; unknown classes: the manufacturing one)."""
    return ARCHETYPE_OF_CLASS.get(industry_class, "east_grid_certificates")


@cache
def annual_electricity_mwh(key: str) -> tuple[int, float]:
    """The archetype's latest year and its electricity use that year (grid + direct green, MWh).

    Used as the size of an illustrative all-electric park of that class: mean load (MW) = this / 8 760 h. Read once
    per process.
    """
    b = bal.load(path(key))
    year = max(b.years)
    el = b.years[year].electricity
    return year, float(el["grid_mwh"] + el["direct_green_mwh"])
