"""The park list is data with a batch column: batch 1 is checked against the published first list, a later batch
appends rows with IDs after ZCP-52."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from zcparks.data import regions
from zcparks.data.build import CROSSWALK, REGIONS, build_parks
from zcparks.data.raw import read_raw
from zcparks.errors import DataError, SanityCheckError


def _parks_csv(root: Path) -> Path:
    return root / "data" / "raw" / "pilot_parks" / "parks.csv"


def _rows(root: Path) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(_parks_csv(root).read_text(encoding="utf-8"), newline="")))
    return rows[0], [r for r in rows[1:] if r]


def _write(root: Path, header: list[str], rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([header, *rows])
    _parks_csv(root).write_text(out.getvalue(), encoding="utf-8", newline="")


def _provinces():
    return regions.provinces_table(read_raw(*CROSSWALK), read_raw(*REGIONS))


def _second_batch_park(header: list[str], row: list[str], park_id: str) -> list[str]:
    """A copy of ``row`` as a park of batch 2 with ``park_id`` (a synthetic row, for the checks only)."""
    new = list(row)
    new[header.index("park_id")], new[header.index("seq")], new[header.index("batch")] = park_id, "1", "2"
    return new


def test_every_listed_park_is_of_batch_1_today():
    from zcparks.data.build import FIRST_BATCH_SIZE

    header, rows = _rows(Path(__file__).resolve().parents[2])
    assert {r[header.index("batch")] for r in rows} == {"1"} and len(rows) == FIRST_BATCH_SIZE == 52


def test_a_later_batch_appends_parks_after_zcp_52(scratch_root):
    header, rows = _rows(scratch_root)
    _write(scratch_root, header, [*rows, _second_batch_park(header, rows[0], "ZCP-53")])
    parks = build_parks(_provinces(), locate=False)
    assert len(parks) == 53 and parks["batch"].tolist() == [1] * 52 + [2]
    assert parks["park_id"].iloc[-1] == "ZCP-53"


def test_a_later_batch_may_not_take_an_id_of_batch_1(scratch_root):
    header, rows = _rows(scratch_root)
    _write(scratch_root, header, [*rows, _second_batch_park(header, rows[6], "ZCP-07")])
    with pytest.raises(DataError, match=r"line 54: duplicate key \(park_id='ZCP-07'\); expected one row per park_id"):
        build_parks(_provinces(), locate=False)


def test_batch_1_must_be_exactly_the_first_list(scratch_root):
    header, rows = _rows(scratch_root)
    _write(scratch_root, header, rows[:-1])
    with pytest.raises(SanityCheckError, match=r"parks.csv: 51 parks of batch 1; expected 52 \(the first list"):
        build_parks(_provinces(), locate=False)
