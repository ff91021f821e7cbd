"""The zcparks command: --help everywhere, clear errors before anything runs."""

from __future__ import annotations

import subprocess
import sys

import pytest

from zcparks import paths

ROOT = paths.root()

COMMANDS = ["list", "run", "sweep", "build", "run-job", "index", "summary", "makefile", "params-cell", "params-doc",
            "assets", "redirects", "missing-input"]


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
    f.write_text("lang: zh\nlang: en\n", encoding="utf-8")
    r = zc("run", "pilot-parks", "-f", str(f), "-o", str(tmp_path / "out"))
    assert r.returncode == 2 and "p.yaml: not valid YAML" in r.stderr and "duplicate key 'lang'" in r.stderr


def test_unknown_job():
    r = zc("run-job", "nope.en")
    assert r.returncode == 1
    assert ("unknown job 'nope.en'; jobs: data-catalogue.en, data-catalogue.zh, pilot-parks.en, pilot-parks.zh, "
            "grid-factors.en, grid-factors.zh") in r.stderr


def test_a_notebook_that_reads_an_undeclared_dataset_fails(tmp_path, monkeypatch):
    from zcparks.engine import runner
    from zcparks.errors import BuildError
    from zcparks.report import jobs

    job = next(j for j in jobs.jobs() if j.id == "grid-factors.en")
    monkeypatch.setenv("ZCPARKS_ROOT", str(tmp_path))  # the log goes to a scratch reports/_work/
    log = runner.reads_log_path(job)
    log.parent.mkdir(parents=True)
    log.write_text("provinces\ngrid_factors\n", encoding="utf-8")
    assert runner.check_reads(job) == ["grid_factors", "provinces"]
    log.write_text("provinces\npanel\npanel\n", encoding="utf-8")
    with pytest.raises(BuildError, match=r"notebooks/02-grid-factors.ipynb read dataset\(s\) \['panel'\] that "
                                         r"src/zcparks/analyses/grid_factors/spec.yaml does not list under reads"):
        runner.check_reads(job)


def test_the_data_layer_logs_what_it_reads(tmp_path, monkeypatch):
    import zcparks.data as d

    log = tmp_path / "reads"
    monkeypatch.setenv("ZCPARKS_READS_LOG", str(log))
    d.provinces()
    d.dash_line()
    assert log.read_text(encoding="utf-8").split() == ["provinces", "boundaries"]


def test_an_impossible_output_folder_is_one_line_not_a_traceback():
    r = zc("run", "grid-factors", "-o", "/proc/zcparks-cannot-exist")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.strip() == ("zcparks run: cannot make the output folder /proc/zcparks-cannot-exist "
                                "(No such file or directory)")


def test_a_manifest_cites_the_raw_bytes_the_processed_data_came_from(tmp_path, monkeypatch):
    import hashlib
    import shutil

    from zcparks.report import manifest

    shutil.copytree(ROOT / "data", tmp_path / "data")
    monkeypatch.setenv("ZCPARKS_ROOT", str(tmp_path))
    raw = tmp_path / "data/raw/power/mee_grid_emission_factors_2021_2023.csv"
    before = hashlib.sha256(raw.read_bytes()).hexdigest()
    raw.write_text(raw.read_text(encoding="utf-8").replace("0.7075", "0.7076", 1), encoding="utf-8")  # no make data
    cited = {f["file"]: f for f in manifest.dataset_inputs(["grid_factors"])}
    assert cited["data/raw/power/mee_grid_emission_factors_2021_2023.csv"]["sha256"] == before


@pytest.mark.slow  # runs notebooks (or needs the built site): not in make test-fast
def test_an_adhoc_run_writes_only_where_it_was_asked(tmp_path, project_copy):
    root = project_copy
    out = tmp_path / "out"
    r = zc("run", "data-catalogue", "-p", "lang", "zh", "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert not (root / "reports").exists()  # no work files, status or downloads under the site folder
    assert sorted(p.name for p in out.iterdir()) == ["00-data-catalogue.zh.1990.html", "00-data-catalogue.zh.1990.ipynb",
                                                    "downloads"]
    page = (out / "00-data-catalogue.zh.1990.html").read_text(encoding="utf-8")
    assert 'href="downloads/panel.csv"' in page and (out / "downloads" / "panel.csv").stat().st_size > 1_000_000


@pytest.mark.slow  # runs notebooks (or needs the built site): not in make test-fast
def test_an_adhoc_run_rebuilds_stale_data_first_so_the_manifest_tells_the_truth(tmp_path, project_copy):
    import hashlib
    import json
    import re

    raw = project_copy / "data/raw/power/mee_grid_emission_factors_2021_2023.csv"
    raw.write_text(raw.read_text(encoding="utf-8").replace("0.7075", "0.7076", 1), encoding="utf-8")
    r = zc("run", "grid-factors", "-p", "year", "2021", "-o", str(tmp_path / "out"))
    assert r.returncode == 0, r.stderr
    assert "raw file(s) changed since the last data build" in r.stderr and "rebuilding data/processed/" in r.stderr
    page = (tmp_path / "out" / "02-grid-factors.en.2021.html").read_text(encoding="utf-8")
    man = json.loads(re.search(r'id="zc-manifest-json"[^>]*>(.*?)</script>', page, re.S).group(1))
    cited = {f["file"]: f["sha256"] for f in man["inputs"]}
    assert cited["data/raw/power/mee_grid_emission_factors_2021_2023.csv"] == hashlib.sha256(raw.read_bytes()).hexdigest()


def test_a_missing_input_fails_the_pages_that_need_it_with_one_line(project_copy):
    import json

    r = zc("missing-input", "data/raw/power/mee_grid_emission_factors_2021_2023.csv")
    assert r.returncode == 1
    line = r.stderr.strip()
    head = "zcparks: missing input data/raw/power/mee_grid_emission_factors_2021_2023.csv, needed by "
    assert line.startswith(head) and line.endswith("; the last good pages are kept") and "\n" not in line
    needed = set(line[len(head):-len("; the last good pages are kept")].split(", "))
    assert {"data-catalogue.en", "data-catalogue.zh", "grid-factors.en", "grid-factors.zh"} <= needed
    assert not any(j.startswith("pilot-parks") for j in needed)  # pilot-parks reads no grid factor
    status = json.loads((project_copy / "reports/_status/grid-factors.en.json").read_text(encoding="utf-8"))
    assert status["status"] == "failed" and status["error"].startswith("missing input data/raw/power/")
    assert not (project_copy / "reports/_status/pilot-parks.en.json").exists()  # pilot-parks does not read it
    rules = (ROOT / "build" / "reports.mk").read_text(encoding="utf-8")
    assert "notebooks/02-grid-factors.ipynb" in rules.splitlines()[-2] and "missing-input $@" in rules.splitlines()[-1]
