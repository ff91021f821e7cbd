"""Runs and sweeps that never break: relative folders, finite numbers, one sweep per folder, one-line errors.

The faults are real ones: a file-size limit (``ulimit -f``), a read-only folder and a full disk (a private mount
namespace, as root), a work folder deleted while the notebook runs, a second sweep into a folder in use.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from zcparks.buildstate import lock as buildlock
from zcparks.engine import sweep
from zcparks.errors import ParameterError
from zcparks.report import registry

ROOT = Path(__file__).resolve().parents[2]


def zc(*args: str, cwd: Path | None = None, preexec=None, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """``zcparks ARGS`` in a fresh process, from ``cwd`` (a folder outside the project by default in these tests)."""
    return subprocess.run([*prefix, sys.executable, "-m", "zcparks.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300, preexec_fn=preexec)


def _one_line(r: subprocess.CompletedProcess, command: str) -> str:
    """The error line of a failed command: exactly one ``zcparks COMMAND:`` line and no traceback."""
    assert "Traceback" not in r.stderr and 'File "' not in r.stderr, r.stderr
    errors = [line for line in r.stderr.splitlines() if line.startswith(f"zcparks {command}:")]
    assert len(errors) == 1, r.stderr
    return errors[0]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------- finite numbers


def test_nan_and_infinity_are_refused_for_every_numeric_parameter_of_every_notebook():
    checked = 0
    for analysis in registry.analyses().values():
        for p in analysis.spec.params:
            if p.type not in (int, float):
                continue
            for bad in (math.nan, math.inf, -math.inf, "nan", "inf"):
                with pytest.raises(ParameterError, match=rf"parameter '{p.name}' got"):
                    analysis.spec.validate({p.name: bad})
            checked += 1
    assert checked >= 20  # every int and float parameter of the 9 notebooks


def test_nan_on_the_command_line_and_in_a_parameters_file_names_the_parameter(tmp_path):
    r = zc("run", "hourly-matching", "-p", "storage_h", "nan", cwd=tmp_path)
    assert r.returncode == 2
    assert "parameter 'storage_h' got 'nan'" in _one_line(r, "run") and "NaN and infinity" in r.stderr
    (tmp_path / "p.yaml").write_text("storage_h: .nan\n", encoding="utf-8")
    r = zc("run", "hourly-matching", "-f", "p.yaml", cwd=tmp_path)  # relative: from the caller's folder
    assert r.returncode == 2 and "parameter 'storage_h' got nan" in _one_line(r, "run")
    assert not (ROOT / "reports" / "adhoc" / "_failed").exists()


@pytest.mark.slow
def test_nan_injected_by_plain_papermill_fails_in_the_check_cell_naming_the_parameter(tmp_path):
    import papermill as pm

    out = tmp_path / "out.ipynb"
    with pytest.raises(pm.PapermillExecutionError) as err:
        pm.execute_notebook(str(ROOT / "notebooks/06-hourly-matching.ipynb"), str(out), parameters={"storage_h": math.nan},
                            cwd=str(ROOT / "notebooks"), progress_bar=False, kernel_name="python3")
    assert err.value.ename == "ParameterError" and "parameter 'storage_h' got nan" in err.value.evalue
    executed = nbformat.read(out, as_version=4)
    ran = [c for c in executed.cells if c.cell_type == "code" and c.get("execution_count")]
    assert len(ran) == 3  # the injected cell, the parameters cell and the check cell: no analysis cell ran


# --------------------------------------------------------------------------- relative folders


@pytest.mark.slow
def test_run_and_score_resolve_relative_paths_from_the_callers_folder(tmp_path):
    caller = tmp_path / "elsewhere"
    caller.mkdir()
    r = zc("run", "grid-factors", "-o", "out", cwd=caller)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in (caller / "out").iterdir()) == ["02-grid-factors.en.2023.html",
                                                                    "02-grid-factors.en.2023.ipynb"]
    assert not (ROOT / "out").exists() and not (ROOT / "notebooks" / "out").exists()

    # a sweep's relative -f and -o: tests/engine/test_sweep_all.py (every notebook, from a folder outside)

    shutil.copy2(ROOT / "data/templates/park_balance.yaml", caller / "mine.yaml")
    r = zc("score", "mine.yaml", "--json", cwd=caller)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["results"] and json.loads(r.stdout)["year"] == 2025  # the template's latest year

    # pdf -o from a folder outside: tests/e2e/test_readers.py::test_zcparks_pdf_prints_01_and_02_in_both_languages


# --------------------------------------------------------------------------- one sweep per folder


def test_a_second_sweep_into_a_folder_in_use_refuses_with_no_wait_naming_the_holder(tmp_path):
    out = tmp_path / "sw"
    with buildlock.locked(out / sweep.LOCK_NAME, "zcparks sweep grid-factors (test holder)", "busy", wait=False):
        r = zc("sweep", "grid-factors", "-p", "year", "2022", "-o", str(out), "-q", "--no-wait", cwd=tmp_path)
    assert r.returncode == buildlock.BUSY
    line = _one_line(r, "sweep")
    assert f"another sweep is writing to {out}: pid {os.getpid()}" in line
    assert "zcparks sweep grid-factors (test holder)" in line
    assert not (out / "sweep.csv").exists()


@pytest.mark.slow
def test_two_identical_sweeps_into_one_folder_both_complete(tmp_path):
    cmd = [sys.executable, "-m", "zcparks.cli", "sweep", "grid-factors", "-p", "year", "2022", "-o", "sw", "-q"]
    procs = [subprocess.Popen(cmd, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    waited = [err for _, err in outs if "another sweep is writing to" in err]
    assert len(waited) == 1 and "waiting for it to finish" in waited[0]  # the second waited, naming the first
    assert not any("cannot" in err or "No such file" in err for _, err in outs)
    table = pd.read_csv(tmp_path / "sw" / "sweep.csv")
    assert table["status"].tolist() == ["ok"] and table["year"].tolist() == [2022]


# --------------------------------------------------------------------------- one-line errors with real faults


def _limit_file_size(kib: int):
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (kib * 1024, kib * 1024))
    return limit


@pytest.mark.slow
def test_a_file_size_limit_or_a_read_only_folder_is_one_line_and_keeps_the_last_good_page(tmp_path):
    _needs_root_and_unshare()
    r = zc("run", "grid-factors", "-o", "out", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    page = tmp_path / "out" / "02-grid-factors.en.2023.html"
    before = _sha(page)
    size_kib = page.stat().st_size // 1024
    r = zc("run", "grid-factors", "-o", "out", cwd=tmp_path, preexec=_limit_file_size(size_kib // 2))  # ulimit -f
    assert r.returncode == 1
    line = _one_line(r, "run")
    assert f"{page}: file too large" in line and f"kept the last good report {page}" in line
    assert _sha(page) == before
    assert not list((tmp_path / "out").glob(".*.tmp")) and not (tmp_path / "out" / ".zcparks-work").exists()

    folder = tmp_path / "out"  # the same folder, read-only (a bind mount in a private namespace)
    prefix = ("unshare", "-m", "sh", "-c",
              f'mount --bind "{folder}" "{folder}" && mount -o remount,ro,bind "{folder}" && exec "$@"', "sh")
    r = zc("run", "grid-factors", "-o", "out", cwd=tmp_path, prefix=prefix)
    assert r.returncode == 1
    assert f"{folder}/.zcparks-work: read-only file system" in _one_line(r, "run")
    assert _sha(page) == before


def test_debug_shows_the_traceback(tmp_path):
    r = zc("run", "hourly-matching", "-p", "storage_h", "nan", "--debug", cwd=tmp_path)
    assert r.returncode == 1 and "Traceback" in r.stderr and "ParameterError" in r.stderr


def _needs_root_and_unshare() -> None:
    """The mount faults need a private mount namespace: root and util-linux's unshare (CI and make test run as root)."""
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.fail("this fault test needs root and unshare (util-linux): CI and make test run as root")


@pytest.mark.slow
def test_a_full_disk_is_one_line_naming_no_space_left(tmp_path):
    folder = tmp_path / "small"
    folder.mkdir()
    _needs_root_and_unshare()
    prefix = ("unshare", "-m", "sh", "-c", f'mount -t tmpfs -o size=256k tmpfs "{folder}" && exec "$@"', "sh")
    r = zc("run", "grid-factors", "-o", "small", cwd=tmp_path, prefix=prefix)
    assert r.returncode == 1
    assert "no space left on the device" in _one_line(r, "run")


@pytest.mark.slow
def test_a_work_folder_deleted_while_running_is_one_line(tmp_path, project_copy):
    nb_path = project_copy / "notebooks" / "02-grid-factors.ipynb"
    nb = nbformat.read(nb_path, as_version=4)
    # a cell after the check cell removes the run's work folder, as a user's `rm -rf out` would mid-run
    nb.cells.insert(3, nbformat.v4.new_code_cell(
        "import os, shutil; shutil.rmtree(os.path.dirname(os.environ['ZCPARKS_READS_LOG']))"))
    nbformat.write(nbformat.validator.normalize(nb)[1], nb_path)
    r = zc("run", "grid-factors", "-o", "out", cwd=tmp_path)
    assert r.returncode == 1
    line = _one_line(r, "run")
    assert "no such file or folder (missing, or deleted while running)" in line and ".zcparks-work" in line


def test_an_unexpected_error_is_one_line_that_asks_for_debug(monkeypatch, capsys):
    from zcparks import cli

    def boom(args):
        raise KeyError("surprise")

    monkeypatch.setattr(cli, "cmd_list", boom)
    parser = cli.parser
    monkeypatch.setattr(cli, "parser", lambda: _with_func(parser(), boom))
    assert cli.main(["list"]) == 1
    err = capsys.readouterr().err
    assert err == ("zcparks list: internal error (KeyError: 'surprise'); run again with --debug for the traceback, "
                   "and please report it\n")
    with pytest.raises(KeyError):
        cli.main(["list", "--debug"])


def _with_func(ap, func):
    ap.set_defaults(func=func)
    for action in ap._subparsers._group_actions:
        for sub in action.choices.values():
            sub.set_defaults(func=func)
    return ap


def test_an_oversize_parameters_or_grid_file_is_refused_before_it_is_read(tmp_path):
    with open(tmp_path / "huge.yaml", "wb") as fh:
        fh.truncate(200 * 1024 * 1024)  # sparse: 200 MiB that take no disk
    for command in ("run", "sweep"):
        r = zc(command, "pilot-parks", "-f", "huge.yaml", cwd=tmp_path)
        assert r.returncode == 2
        line = _one_line(r, command)
        assert str(tmp_path / "huge.yaml") in line and "limit of 64 KiB" in line and "refused before reading it" in line
