"""Park cohorts as parameters: which parks (and so which provinces) form the groups a report compares.

A cohort rule has a province part and an industry part, applied to every park:

* **provinces**, by one of: NBS regions (and optionally the coastal flag), an explicit list of GB/T 2260
  codes, or a threshold on a provincial panel variable (e.g. wind full-load hours ``utilization_hours_wind``
  ≥ 2 000 h in a chosen year), optionally within NBS regions;
* **industries**: the parks' ``industry_class`` codes the cohort keeps (None: every class).

Defaults (sources and which parts are analyst choices: ``docs/methods.md#park-cohorts-and-regions``):

* ``east_coast_manufacturing``: NBS East ∩ coastal provinces ([P]/[S]), industry classes
  ``advanced_manufacturing``, ``new_energy_manufacturing``, ``mixed``: 12 parks in 8 provinces;
* ``west_wind_solar_bases``: the desert/gobi base provinces Inner Mongolia, Gansu, Ningxia, Qinghai, Xinjiang (incl.
  the XPCC, which has no provincial statistics of its own) (an analyst choice, [?]), **every** industry
  class: 10 parks in 5 provinces. Its name says what it is: parks *in* wind-and-solar base provinces, which include
  data-centre and energy-intensive parks; reports show that split (:func:`industry_split`), and the sensitivity
  rule ``west_wind_solar_bases_manufacturing`` applies the east's industry rule to the west too.

A park in neither cohort is ``other``, never dropped. A park matching both (impossible with the defaults) is an
error, so the groups stay disjoint. Everything joins on ``park_id`` and ``province_code``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from zcparks.errors import ParameterError

__all__ = ["OTHER", "MANUFACTURING", "DESERT_GOBI_BASES", "CohortRule", "RULES", "DEFAULTS", "Membership",
           "WIND_HOURS_RULE", "rule", "assign", "industry_split"]

OTHER = "other"
MANUFACTURING = ("advanced_manufacturing", "new_energy_manufacturing", "mixed")
# an analyst choice (docs/methods.md#park-cohorts-and-regions)
DESERT_GOBI_BASES = ("150000", "620000", "630000", "640000", "650000")


@dataclass(frozen=True)
class CohortRule:
    """How one cohort is chosen (see the module docstring).

    Attributes:
        code: the cohort's code (labels in en/zh come from the analysis's labels).
        regions: NBS regions (``East``, ``Central``, ``West``, ``Northeast``); None: any.
        coastal: require the coastal flag to be this value; None: either.
        provinces: an explicit list of province codes; None: no list.
        threshold: ``(variable, year, minimum)`` on the provincial panel, e.g. ``("utilization_hours_wind", 2019,
            2000)``; a province without a value that year is not a member (and is named in
            :attr:`Membership.unknown`).
        industries: the ``industry_class`` codes kept; None: every class.
    """

    code: str
    regions: tuple[str, ...] | None = None
    coastal: bool | None = None
    provinces: tuple[str, ...] | None = None
    threshold: tuple[str, int, float] | None = None
    industries: tuple[str, ...] | None = None

    def describe(self) -> str:
        """The rule in one line (English), printed by every report beside the membership."""
        parts = []
        if self.regions:
            parts.append("NBS region " + " or ".join(self.regions))
        if self.coastal is not None:
            parts.append("coastal" if self.coastal else "not coastal")
        if self.provinces:
            parts.append("province in " + ", ".join(self.provinces))
        if self.threshold:
            var, year, minimum = self.threshold
            parts.append(f"{var} >= {minimum:g} in {year}")
        parts.append("industry class " + (" or ".join(self.industries) if self.industries else "any"))
        return f"{self.code}: " + "; ".join(parts)


RULES: dict[str, CohortRule] = {
    r.code: r for r in (
        CohortRule("east_coast_manufacturing", regions=("East",), coastal=True, industries=MANUFACTURING),
        CohortRule("east_coast_all", regions=("East",), coastal=True),
        CohortRule("west_wind_solar_bases", provinces=DESERT_GOBI_BASES),
        CohortRule("west_wind_solar_bases_manufacturing", provinces=DESERT_GOBI_BASES, industries=MANUFACTURING),
        CohortRule("west_all", regions=("West",)),
    )
}
DEFAULTS = ("east_coast_manufacturing", "west_wind_solar_bases")


@dataclass
class Membership:
    """Which parks and provinces belong to which cohort.

    Attributes:
        parks: one row per park: ``park_id``, ``province_code``, ``industry_class``, ``cohort`` (a rule's code or
            ``other``).
        provinces: one row per (cohort, province) with at least one member park, and its park count.
        rules: the rules, in order.
        unknown: per rule, provinces that a threshold could not judge (no value that year).
    """

    parks: pd.DataFrame
    provinces: pd.DataFrame
    rules: list[CohortRule]
    unknown: dict[str, list[str]] = field(default_factory=dict)

    def park_ids(self, code: str) -> list[str]:
        """The member parks of cohort ``code``, sorted."""
        return sorted(self.parks.loc[self.parks["cohort"] == code, "park_id"])

    def province_codes(self, code: str) -> list[str]:
        """The provinces of cohort ``code`` (those with a member park), sorted."""
        return sorted(self.provinces.loc[self.provinces["cohort"] == code, "province_code"])


WIND_HOURS_RULE = "west_wind_hours"  # built from parameters: West ∩ wind full-load hours >= a threshold in a year


def rule(code: str, wind_hours: tuple[int, float] | None = None) -> CohortRule:
    """The named rule ``code``; ``west_wind_hours`` is built from ``wind_hours`` = (year, minimum hours).

    Raises:
        ParameterError: unknown code (the message lists the known ones), or ``west_wind_hours`` without a threshold.
    """
    if code == WIND_HOURS_RULE:
        if wind_hours is None:
            raise ParameterError(f"cohort rule {code}: needs a (year, minimum hours) threshold")
        year, minimum = wind_hours
        return CohortRule(code, regions=("West",), threshold=("utilization_hours_wind", int(year), float(minimum)))
    try:
        return RULES[code]
    except KeyError:
        raise ParameterError(f"cohort rule {code!r} unknown; known: {', '.join([*RULES, WIND_HOURS_RULE])}") from None


def _province_ok(r: CohortRule, provinces: pd.DataFrame, panel: pd.DataFrame | None) -> tuple[set[str], list[str]]:
    keep = provinces
    if r.regions:
        keep = keep[keep["nbs_region"].isin(r.regions)]
    if r.coastal is not None:
        keep = keep[keep["coastal"] == r.coastal]
    if r.provinces:
        keep = keep[keep["province_code"].isin(r.provinces)]
    unknown: list[str] = []
    if r.threshold:
        if panel is None:
            raise ParameterError(f"cohort rule {r.code}: a threshold on {r.threshold[0]} needs the provincial panel")
        var, year, minimum = r.threshold
        vals = panel[(panel["variable"] == var) & (panel["year"] == year)].set_index("province_code")["value"]
        if vals.empty:
            raise ParameterError(f"cohort rule {r.code}: no {var} values in {year}; choose another year")
        unknown = sorted(set(keep["province_code"]) - set(vals.index))
        keep = keep[keep["province_code"].map(vals).ge(minimum).fillna(False).astype(bool)]
    return set(keep["province_code"]), unknown


def assign(parks: pd.DataFrame, provinces: pd.DataFrame, rules: list[CohortRule],
           panel: pd.DataFrame | None = None) -> Membership:
    """Put every park in the cohort whose rule it matches, or in ``other``.

    Args:
        parks: ``zcparks.data.parks()`` (``park_id``, ``province_code``, ``industry_class``).
        provinces: ``zcparks.data.provinces()`` (``province_code``, ``nbs_region``, ``coastal``).
        rules: the cohorts' rules, e.g. ``[rule(c) for c in DEFAULTS]``.
        panel: the provincial panel, needed by threshold rules.

    Raises:
        ParameterError: two rules share a code, or a park matches two rules (cohorts must be disjoint).
    """
    codes = [r.code for r in rules]
    if len(set(codes)) != len(codes) or OTHER in codes:
        raise ParameterError(f"cohort codes must be distinct and not {OTHER!r}: {codes}")
    out = parks[["park_id", "province_code", "industry_class"]].copy()
    out["cohort"] = OTHER
    unknown = {}
    for r in rules:
        ok, unknown[r.code] = _province_ok(r, provinces, panel)
        match = out["province_code"].isin(ok)
        if r.industries is not None:
            match &= out["industry_class"].isin(r.industries)
        clash = match & (out["cohort"] != OTHER)
        if clash.any():
            raise ParameterError(f"cohorts overlap: {', '.join(out.loc[clash, 'park_id'])} match both "
                                 f"{r.code} and {', '.join(sorted(set(out.loc[clash, 'cohort'])))}")
        out.loc[match, "cohort"] = r.code
    members = out[out["cohort"] != OTHER]
    prov = (members.groupby(["cohort", "province_code"]).size().rename("parks").reset_index()
            .sort_values(["cohort", "province_code"], kind="stable").reset_index(drop=True))
    return Membership(out.reset_index(drop=True), prov, list(rules), unknown)


def industry_split(m: Membership) -> pd.DataFrame:
    """Parks per cohort and industry class (codes; ``other`` included): the split every report shows."""
    return (m.parks.groupby(["cohort", "industry_class"]).size().rename("parks").reset_index()
            .sort_values(["cohort", "industry_class"], kind="stable").reset_index(drop=True))
