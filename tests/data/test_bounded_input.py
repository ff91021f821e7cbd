"""Files users hand to zcparks are bounded: a balance or parameters file over its size limit is refused unread.

The oversize files are sparse (``truncate``): 200 MiB on paper, no disk used. Each refusal is checked three ways: the
message names the file, its size and the limit; the parser is never called; and memory stays far below the file.
"""

from __future__ import annotations

import os
import threading
import tracemalloc
from pathlib import Path

import pytest

from zcparks import cli, yamlfile
from zcparks.data import balance
from zcparks.errors import DataError, OversizeError, ZcparksError

ROOT = Path(__file__).resolve().parents[2]
HUGE = 200 << 20  # bytes: the size of the balance in the issue


def _sparse(path: Path, size: int = HUGE) -> Path:
    with path.open("wb") as f:
        f.truncate(size)
    return path


@pytest.fixture
def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if a CSV or YAML parser is called."""
    def boom(*args, **kwargs):
        raise AssertionError("the file was parsed")

    monkeypatch.setattr(balance.csv, "reader", boom)
    monkeypatch.setattr(yamlfile.yaml, "load", boom)


@pytest.mark.parametrize("suffix", [".csv", ".yaml"])
def test_an_oversize_balance_is_refused_before_it_is_read(tmp_path, no_parsing, suffix):
    path = _sparse(tmp_path / f"park{suffix}")
    tracemalloc.start()
    try:
        with pytest.raises(DataError) as exc:
            balance.load(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert exc.value.file == str(path)
    assert exc.value.problems == ["200 MiB (209,715,200 bytes) is more than the limit of 256 KiB (262,144 bytes) for "
                                  "this file; refused before reading it (a balance is a few years of one park, "
                                  "1-3 KB a year)"]
    assert peak < 64 * 1024  # bytes: nothing of the file was held


def test_a_balance_of_exactly_the_limit_is_read_and_one_byte_more_is_refused(tmp_path):
    template = (ROOT / "data/templates/park_balance.yaml").read_bytes()
    path = tmp_path / "park.yaml"
    path.write_bytes(template + b"#" * (balance.MAX_BALANCE_BYTES - len(template) - 1) + b"\n")  # a long comment
    assert path.stat().st_size == balance.MAX_BALANCE_BYTES
    assert balance.load(path).years[2025].fuels == {"natural_gas": 1000.0, "diesel": 50.0}
    with path.open("ab") as f:
        f.write(b"\n")
    with pytest.raises(DataError, match=r"256 KiB \(262,145 bytes\) is more than the limit of 256 KiB \(262,144 bytes\)"):
        balance.load(path)


def test_zcparks_score_names_the_file_and_the_limit(tmp_path, capsys):
    path = _sparse(tmp_path / "park.csv")
    assert cli.main(["score", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"zcparks score: {path}: 1 problem(s)")
    assert "200 MiB (209,715,200 bytes) is more than the limit of 256 KiB (262,144 bytes)" in err


def test_a_parameters_file_over_its_limit_is_refused_unread_by_yamlfile_load(tmp_path, no_parsing):
    path = _sparse(tmp_path / "params.yaml")
    with pytest.raises(OversizeError) as exc:
        yamlfile.load(path, max_bytes=yamlfile.MAX_PARAMETERS_BYTES)
    assert isinstance(exc.value, ZcparksError) and (exc.value.size, exc.value.limit) == (HUGE, 64 * 1024)
    assert str(exc.value) == (f"{path}: 200 MiB (209,715,200 bytes) is more than the limit of 64 KiB (65,536 bytes) "
                              "for this file; refused before reading it")


def test_a_file_within_the_limit_or_without_one_reads_as_before(tmp_path):
    path = tmp_path / "params.yaml"
    path.write_text("lang: zh\nprovinces: [320000, 340000]\n", encoding="utf-8")
    expected = {"lang": "zh", "provinces": [320000, 340000]}
    assert yamlfile.load(path, max_bytes=yamlfile.MAX_PARAMETERS_BYTES) == yamlfile.load(path) == expected
    path.write_text("lang: zh\nlang: en\n", encoding="utf-8")  # YAML's own messages still name the file
    with pytest.raises(ZcparksError, match=rf"{path}: not valid YAML: .*duplicate key 'lang'.*\n +in \"{path}\""):
        yamlfile.load(path, max_bytes=yamlfile.MAX_PARAMETERS_BYTES)


def test_a_pipe_longer_than_the_limit_is_cut_off_and_refused(tmp_path):
    fifo = tmp_path / "params.fifo"
    os.mkfifo(fifo)

    def write() -> None:
        try:
            with fifo.open("wb") as f:
                f.write(b"x" * 1000)
        except BrokenPipeError:  # the reader stopped after 17 bytes
            pass

    writer = threading.Thread(target=write)
    writer.start()
    try:
        with pytest.raises(OversizeError) as exc:
            yamlfile.read_limited(fifo, 16)
    finally:
        writer.join(timeout=10)
    assert exc.value.size is None
    assert str(exc.value).endswith("params.fifo: has more than the limit of 16 bytes for this file; refused before "
                                   "reading it")
