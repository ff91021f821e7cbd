"""Hourly profiles for hourly matching: ERA5 capacity factors (weather year 2020) and provincial load (2018).

The NetCDF profiles of ``data/raw/hourly_profiles`` (variable ``profile``, dims ``time`` x ``bus``) are read with
h5py and checked: 8 784 consecutive hours from 2020-01-01 00:00 Beijing time, every bus a known province (PyPSA
writes ``InnerMongolia``), capacity factors finite and within [0, 1]. Every problem is a
:class:`~zcparks.errors.DataError` naming the file and what was expected.

Calendar (documented in every report that uses it):

* **29 February 2020 is dropped**, so every series has 8 760 hours (365 days x 24).
* **The 2018 load calendar is aligned with the 2020 weather year by weekday**: 2018-01-01 was a Monday and
  2020-01-01 a Wednesday, so the 2020 hour ``h`` takes the 2018 hour ``h + 48`` (2018-01-03, the first Wednesday,
  starts the year) and the last two days wrap to 2018-01-01/02. Weekly cycles then line up; dates shift by two
  days and the Spring Festival falls at its 2018 date.
* Stamps are Beijing time, most consistent with hour-ending values (PROVENANCE.md); the profiles are
  resource-potential-weighted provincial averages, not one site and not the existing fleet.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from zcparks import paths
from zcparks.errors import DataError

__all__ = ["TECH_FILES", "HOURS", "FEB29", "LOAD_FILE", "read_profile", "read_load", "align_load_to_weather_year",
           "LOAD_CODES"]

SOURCE = "hourly_profiles"
TECH_FILES = {
    "pv": "pypsa_china_era5_2020_profile_solar_by_province.nc",
    "onwind": "pypsa_china_era5_2020_profile_onwind_by_province.nc",
    "offwind": "pypsa_china_era5_2020_profile_offwind_by_province.nc",
}
"""Technology -> its NetCDF file in ``data/raw/hourly_profiles``."""

LOAD_FILE = "wukan_2018_hourly_load_31_provinces_MW.csv"
HOURS = 8760
"""Hours of every series after 29 February is dropped."""

FEB29 = slice(59 * 24, 60 * 24)
"""The hours of 29 February 2020 (day 60 of the leap year, counted from 0 at 1 January 00:00)."""

WEEKDAY_SHIFT_HOURS = 48
"""2018-01-01 was a Monday, 2020-01-01 a Wednesday: the 2018 load is read from two days later."""

LOAD_CODES = {"AH": "Anhui", "BJ": "Beijing", "CQ": "Chongqing", "FJ": "Fujian", "GS": "Gansu", "GD": "Guangdong",
              "GX": "Guangxi", "GZ": "Guizhou", "HI": "Hainan", "HE": "Hebei", "HL": "Heilongjiang", "HA": "Henan",
              "HB": "Hubei", "HN": "Hunan", "JS": "Jiangsu", "JX": "Jiangxi", "JL": "Jilin", "LN": "Liaoning",
              "NM": "Inner Mongolia", "NX": "Ningxia", "QH": "Qinghai", "SN": "Shaanxi", "SD": "Shandong",
              "SH": "Shanghai", "SX": "Shanxi", "SC": "Sichuan", "TJ": "Tianjin", "XJ": "Xinjiang", "XZ": "Tibet",
              "YN": "Yunnan", "ZJ": "Zhejiang"}
"""Column codes of the load file -> English province names (PROVENANCE.md; Hebei = HE, Hubei = HB)."""

_BUS_ALIASES = {"InnerMongolia": "Inner Mongolia"}


def _path(file: str) -> Path:
    return paths.raw_dir() / SOURCE / file


def read_profile(tech: str, code_of: dict[str, str]) -> pd.DataFrame:  # noqa: C901 - one branch per problem of an hourly file, each named in its message
    """One technology's hourly capacity factors, 8 760 h (29 February dropped) x provinces.

    Args:
        tech: ``pv``, ``onwind`` or ``offwind``.
        code_of: English province name -> GB/T 2260 code (from the crosswalk).

    Returns:
        Columns = province codes (in file order), index = hour 0…8759 of 2020 without 29 February, values = per-unit
        capacity factor (MW per MW installed).

    Raises:
        DataError: the file is missing or not as expected (names the file and the problem).
    """
    if tech not in TECH_FILES:
        raise KeyError(f"unknown technology {tech!r}; expected one of {list(TECH_FILES)}")
    import h5py

    path = _path(TECH_FILES[tech])
    try:
        f = h5py.File(path, "r")
    except OSError as exc:
        raise DataError(path, f"cannot be read as NetCDF4/HDF5 ({exc})") from None
    with f:
        problems = [f"missing variable {v!r}" for v in ("profile", "time", "bus") if v not in f]
        if problems:
            raise DataError(path, problems)
        units = f["time"].attrs.get("units", b"")
        units = units.decode() if isinstance(units, bytes) else str(units)
        time = np.asarray(f["time"][:])
        buses = [b.decode() if isinstance(b, bytes) else str(b) for b in f["bus"][:]]
        cf = np.asarray(f["profile"][:], dtype=float)
    if units != "hours since 2020-01-01 00:00:00":
        problems.append(f"time units {units!r}; expected 'hours since 2020-01-01 00:00:00'")
    if len(time) != 8784 or not np.array_equal(time, np.arange(8784)):
        problems.append(f"time has {len(time)} steps; expected the 8784 consecutive hours of 2020")
    if cf.shape != (len(time), len(buses)):
        problems.append(f"profile has shape {cf.shape}; expected (time, bus) = ({len(time)}, {len(buses)})")
    names = [_BUS_ALIASES.get(b, b) for b in buses]
    unknown = [b for b, n in zip(buses, names, strict=True) if n not in code_of]
    if unknown:
        problems.append(f"bus name(s) {unknown} are not provinces of the crosswalk")
    if not np.isfinite(cf).all():
        problems.append(f"profile has {int((~np.isfinite(cf)).sum())} non-finite value(s)")
    elif cf.min() < 0 or cf.max() > 1 + 1e-9:
        problems.append(f"profile ranges {cf.min():.4g}…{cf.max():.4g}; expected capacity factors within [0, 1]")
    if problems:
        raise DataError(path, problems)
    cf = np.delete(cf, np.arange(8784)[FEB29], axis=0)
    return pd.DataFrame(cf, columns=[code_of[n] for n in names])


def read_load(code_of: dict[str, str]) -> pd.DataFrame:
    """Hourly provincial load of 2018 (MW), 8 760 h x provinces, in the 2018 calendar.

    Use :func:`align_load_to_weather_year` to line it up with the 2020 weather year.

    Args:
        code_of: English province name -> GB/T 2260 code.

    Returns:
        Columns = province codes, index = hour 0…8759 of 2018.
    """
    from zcparks.data.raw import read_raw

    raw = read_raw(SOURCE, LOAD_FILE)
    if not np.array_equal(raw["Time Series"].to_numpy(int), np.arange(1, HOURS + 1)):
        raise DataError(_path(LOAD_FILE), "column 'Time Series' is not the hours 1…8760 in order")
    return pd.DataFrame({code_of[LOAD_CODES[c]]: raw[c].to_numpy(float) for c in LOAD_CODES})


def align_load_to_weather_year(load: np.ndarray) -> np.ndarray:
    """A 2018 hourly series (last axis 8 760 h) re-indexed to the 2020 weather year by weekday (module docstring)."""
    return np.roll(np.asarray(load, dtype=float), -WEEKDAY_SHIFT_HOURS, axis=-1)
