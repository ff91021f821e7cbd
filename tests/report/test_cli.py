"""The zcparks command: --help everywhere, clear errors before anything runs."""

from __future__ import annotations

import subprocess
import sys

import pytest

COMMANDS = ["list", "run", "build", "run-job", "index", "summary", "makefile", "params-cell", "params-doc", "redirects"]


def zc(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zcparks.cli", *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help(command):
    r = zc(*([command] if command else []), "--help")
    assert r.returncode == 0 and "usage: zcparks" in r.stdout


def test_list_shows_parameters_and_jobs():
    r = zc("list")
    assert r.returncode == 0
    assert "-p lang (str, default 'en'; allowed: en | zh)" in r.stdout
    assert "pilot-parks.zh" in r.stdout and "reports/overview/pilot-parks.zh.html" in r.stdout
    assert "notebook notebooks/01-pilot-parks.ipynb; package zcparks.analyses.pilot_parks" in r.stdout
    assert "报告语言" in zc("list", "--lang", "zh").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-p", "lang", "fr"], "parameter 'lang' got 'fr'; allowed: en | zh"),
        (["-p", "no_such_param", "1"],
         "pilot-parks: unknown parameter(s) 'no_such_param'; valid parameters: lang, province"),
    ],
)
def test_run_rejects_bad_parameters_before_running(args, message, tmp_path):
    r = zc("run", "pilot-parks", *args, "-o", str(tmp_path))
    assert r.returncode == 2
    assert message in r.stderr
    assert list(tmp_path.iterdir()) == []  # nothing was executed or written


def test_run_reads_a_params_file_and_reports_bad_content(tmp_path):
    f = tmp_path / "p.yaml"
    f.write_text("lang: zh\nprovince: Narnia\n", encoding="utf-8")  # not a province
    r = zc("run", "01-pilot-parks", "-f", str(f), "-o", str(tmp_path / "out"))
    assert r.returncode == 2 and "parameter 'province' got 'Narnia'" in r.stderr


def test_unknown_job():
    r = zc("run-job", "nope.en")
    assert r.returncode == 1
    assert "unknown job 'nope.en'; jobs: pilot-parks.en, pilot-parks.zh, grid-factors.en, grid-factors.zh" in r.stderr
