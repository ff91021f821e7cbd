"""Scale-out on dask.distributed: pages built on a LocalCluster equal a local build; a killed worker is retried,
and never leaves a partial page."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time

import nbformat
import pytest

STAMP = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC")
PAGES = ["reports/comparisons/grid-factors.en.html", "reports/comparisons/grid-factors.zh.html",
         "reports/overview/pilot-parks.en.html", "reports/overview/pilot-parks.zh.html"]
ONLY = r"^(grid-factors|pilot-parks)\.(en|zh)$"

pytestmark = pytest.mark.slow


def zc(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zcparks.cli", *args], capture_output=True, text=True, timeout=600)


def test_a_local_cluster_of_two_workers_builds_four_pages_identical_to_a_local_build(project_copy):
    r = zc("build", "-q", "-j", "2", "--only", ONLY)
    assert r.returncode == 0, r.stdout + r.stderr
    local = {p: (project_copy / p).read_text(encoding="utf-8") for p in PAGES}
    r = zc("build", "-q", "-j", "2", "--scheduler", "local", "--only", ONLY)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "build: 4 page(s) in " in r.stdout and "with 2 Dask worker(s): 4 ok, 0 failed" in r.stdout
    for p in PAGES:
        dask = (project_copy / p).read_text(encoding="utf-8")
        assert STAMP.sub("TIME", dask) == STAMP.sub("TIME", local[p]), p
    status = json.loads((project_copy / "reports/_status/pilot-parks.zh.json").read_text(encoding="utf-8"))
    assert status["status"] == "ok"


def test_a_worker_killed_while_its_page_runs_is_retried_and_never_leaves_a_partial_page(project_copy, monkeypatch):
    from distributed import Client, LocalCluster

    from zcparks.engine import scaleout

    marker = project_copy / "started.txt"
    monkeypatch.setenv("ZC_TEST_MARKER", str(marker))
    nb_path = project_copy / "notebooks/02-grid-factors.ipynb"
    nb = nbformat.read(nb_path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(
        "import os, pathlib, time\nm = pathlib.Path(os.environ['ZC_TEST_MARKER'])\nfirst = not m.exists()\n"
        "m.write_text(str(os.getppid()))\ntime.sleep(6 if first else 0)"))
    nbformat.write(nb, nb_path)
    page = project_copy / "reports/comparisons/grid-factors.en.html"
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        result = {}
        t = threading.Thread(target=lambda: result.update(eng=scaleout.build(
            ["grid-factors.en"], cluster.scheduler_address, quiet=True)))
        t.start()
        deadline = time.time() + 120
        while not marker.exists() and time.time() < deadline:  # the notebook is running on some worker
            time.sleep(0.05)
        assert marker.exists(), "the page never started"
        busy = [w for w, keys in client.processing().items() if keys]
        assert len(busy) == 1
        assert not page.exists()  # nothing is written while a worker computes
        try:
            client.run(os._exit, 1, workers=busy)
        except Exception:  # noqa: BLE001 - the worker dies before it can answer
            pass
        t.join(timeout=300)
    eng = result["eng"]
    (res,) = eng.results
    html = page.read_text(encoding="utf-8") if page.exists() else None
    if res.status == "ok":  # retried on a fresh worker: a whole page
        assert html is not None and html.rstrip().endswith("</html>")
        assert re.search(r'id="zc-manifest-json"[^>]*>\{.*\}</script>', html, re.S)
    else:  # Dask gave up (KilledWorker): failed, and no page at all rather than a partial one
        assert "KilledWorker" in res.error and html is None
    status = json.loads((project_copy / "reports/_status/grid-factors.en.json").read_text(encoding="utf-8"))
    assert status["status"] == res.status


def test_a_sweep_on_a_local_cluster_passes_list_parameters_as_lists(tmp_path):
    import pandas as pd

    grid = tmp_path / "grid.yaml"  # a list parameter: each run's value is a list, passed to the run as a list
    grid.write_text("rulesets: [[national], [national, jiangsu_guide]]\n", encoding="utf-8")
    r = zc("sweep", "indicator-scoring", "-f", str(grid), "-p", "lang", "en", "-q", "-j", "2",
           "-o", str(tmp_path / "dask"), "--scheduler", "local")
    assert r.returncode == 0, r.stderr
    table = pd.read_csv(tmp_path / "dask" / "sweep.csv")
    assert table["status"].tolist() == ["ok", "ok"]
    assert table["rulesets"].tolist() == ["['national']", "['national', 'jiangsu_guide']"]
    # the core indicator does not depend on the rule sets judged by: 58 valid calibre combinations for the east park
    assert table["record.east_grid_certificates_n_valid"].tolist() == [58, 58]
    assert len(list((tmp_path / "dask").glob("05-indicator-scoring.en.*.ipynb"))) == 2
