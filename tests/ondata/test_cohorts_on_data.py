"""Cohort membership: the defaults equal a hand-checked list; other rules change it; nobody is dropped."""

from __future__ import annotations

import pytest

import zcparks.data as d
from zcparks.errors import ParameterError
from zcparks.models import cohorts

# checked by hand against data/raw/pilot_parks/parks.csv (industry_class) and data/raw/regions/province_regions.csv
EAST = ["ZCP-02", "ZCP-03", "ZCP-04", "ZCP-19", "ZCP-20", "ZCP-23", "ZCP-24", "ZCP-27", "ZCP-28", "ZCP-32", "ZCP-33",
        "ZCP-37"]
EAST_PROVINCES = ["120000", "130000", "320000", "330000", "350000", "370000", "440000", "460000"]
WEST = ["ZCP-09", "ZCP-10", "ZCP-45", "ZCP-46", "ZCP-47", "ZCP-48", "ZCP-49", "ZCP-50", "ZCP-51", "ZCP-52"]
WEST_PROVINCES = ["150000", "620000", "630000", "640000", "650000"]


@pytest.fixture(scope="module")
def default():
    return cohorts.assign(d.parks(), d.provinces(), [cohorts.rule(c) for c in cohorts.DEFAULTS])


def test_default_membership_equals_the_hand_checked_list(default):
    assert default.park_ids("east_coast_manufacturing") == EAST
    assert default.province_codes("east_coast_manufacturing") == EAST_PROVINCES
    assert default.park_ids("west_wind_solar_bases") == WEST  # incl. the XPCC's Shihezi park (ZCP-52)
    assert default.province_codes("west_wind_solar_bases") == WEST_PROVINCES
    assert len(default.parks) == 52 and default.park_ids(cohorts.OTHER) == sorted(
        set(d.parks()["park_id"]) - set(EAST) - set(WEST))  # nobody is dropped


def test_the_industry_split_shows_what_the_western_group_holds(default):
    split = cohorts.industry_split(default)
    west = split[split["cohort"] == "west_wind_solar_bases"].set_index("industry_class")["parks"].to_dict()
    assert west == {"computing_data_centre": 2, "mixed": 4, "new_energy_manufacturing": 2,
                    "traditional_energy_intensive": 2}


def test_other_rules_change_the_membership():
    parks, provs = d.parks(), d.provinces()
    sym = cohorts.assign(parks, provs, [cohorts.rule("east_coast_manufacturing"),
                                        cohorts.rule("west_wind_solar_bases_manufacturing")])
    assert sym.park_ids("west_wind_solar_bases_manufacturing") == ["ZCP-09", "ZCP-10", "ZCP-47", "ZCP-48", "ZCP-50",
                                                                   "ZCP-52"]
    assert "620000" not in sym.province_codes("west_wind_solar_bases_manufacturing")  # Gansu has no such park
    hours = cohorts.CohortRule("west_windy", regions=("West",), threshold=("utilization_hours_wind", 2019, 2200))
    m = cohorts.assign(parks, provs, [hours], panel=d.panel())
    panel = d.panel()
    windy = panel[(panel["variable"] == "utilization_hours_wind") & (panel["year"] == 2019) & (panel["value"] >= 2200)]
    west = set(provs.loc[provs["nbs_region"] == "West", "province_code"])
    expected = set(windy["province_code"]) & west & set(parks["province_code"])
    assert expected and set(m.province_codes("west_windy")) == expected
    assert "west_windy: NBS region West; utilization_hours_wind >= 2200 in 2019; industry class any" == hours.describe()


def test_overlapping_or_unknown_rules_are_refused():
    with pytest.raises(ParameterError, match="cohorts overlap: .*ZCP-09"):
        cohorts.assign(d.parks(), d.provinces(), [cohorts.rule("west_all"), cohorts.rule("west_wind_solar_bases")])
    with pytest.raises(ParameterError, match="cohort rule 'eastish' unknown; known: east_coast_manufacturing"):
        cohorts.rule("eastish")
