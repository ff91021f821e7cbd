"""Hourly profiles: a broken NetCDF file or a table read through the wrong loader fails naming the file."""

from __future__ import annotations

import pytest

from zcparks.data import hourly
from zcparks.data.raw import read_raw
from zcparks.errors import DataError

CODES = {"Beijing": "110000"}


def test_a_file_that_is_not_netcdf_is_named(scratch_root):
    p = scratch_root / "data/raw/hourly_profiles" / hourly.TECH_FILES["pv"]
    p.write_bytes(b"not a netcdf file")
    with pytest.raises(DataError, match=r"profile_solar_by_province.nc: 1 problem.*\n.*cannot be read as NetCDF4"):
        hourly.read_profile("pv", CODES)


def test_unknown_buses_are_named():
    with pytest.raises(DataError, match=r"bus name\(s\) \['Anhui', .*\] are not provinces of the crosswalk"):
        hourly.read_profile("pv", CODES)  # a crosswalk with Beijing only


def test_an_array_file_is_not_read_as_a_table():
    with pytest.raises(DataError, match="is an array file \\(layout netcdf\\), not a table"):
        read_raw("hourly_profiles", hourly.TECH_FILES["onwind"])
