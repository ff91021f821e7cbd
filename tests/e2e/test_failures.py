"""A failing notebook never costs the last good report, and shows up where people look."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import papermill as pm
import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def site_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch copy of what a build reads: notebooks, reports.yaml, data/raw, data/processed."""
    for d in ("notebooks", "data/raw", "data/processed"):
        shutil.copytree(ROOT / d, tmp_path / d)
    shutil.copy2(ROOT / "reports.yaml", tmp_path / "reports.yaml")
    monkeypatch.setenv("ZCPARKS_ROOT", str(tmp_path))
    return tmp_path


def zc(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zcparks.cli", *args], capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_failing_notebook_keeps_last_good_report(site_root):
    ok = zc("build", "--only", r"pilot-parks\.en", "-q")
    assert ok.returncode == 0, ok.stderr
    html = site_root / "reports/overview/pilot-parks.en.html"
    good = html.read_bytes()

    nb_path = site_root / "notebooks/01-pilot-parks.ipynb"
    nb = nbformat.read(nb_path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell('raise RuntimeError("deliberate failure for the test")'))
    nbformat.write(nb, nb_path)

    bad = zc("build", "--only", r"pilot-parks\.en", "-q")
    assert bad.returncode == 1
    assert "FAILED pilot-parks.en" in bad.stderr and "deliberate failure for the test" in bad.stderr
    assert html.read_bytes() == good  # the last good report is untouched
    failed = site_root / "reports/_failed/pilot-parks.en.ipynb"
    executed = json.loads(failed.read_text(encoding="utf-8"))
    errors = [o for c in executed["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert errors and errors[-1]["evalue"] == "deliberate failure for the test"
    status = json.loads((site_root / "reports/_status/pilot-parks.en.json").read_text(encoding="utf-8"))
    assert status["status"] == "failed" and "deliberate failure" in status["error"]
    status_page = (site_root / "reports/status.html").read_text(encoding="utf-8")  # the build status has its own page
    assert 'class="zc-status-stale"' in status_page and "deliberate failure for the test" in status_page
    summary = zc("summary")
    assert summary.returncode == 1 and "stale" in summary.stdout


@pytest.mark.slow
def test_plain_papermill_rejects_bad_parameters_before_the_analysis(tmp_path):
    out = tmp_path / "out.ipynb"
    with pytest.raises(pm.PapermillExecutionError) as exc:
        pm.execute_notebook(str(ROOT / "notebooks/01-pilot-parks.ipynb"), str(out),
                            parameters={"lang": "fr"}, progress_bar=False, kernel_name="python3")
    assert exc.value.ename == "ParameterError"
    assert "parameter 'lang' got 'fr'; allowed: en | zh" in exc.value.evalue
    executed = nbformat.read(out, as_version=4)
    code = [c for c in executed.cells if c.cell_type == "code"]
    # parameters, injected parameters, check cell (failed): the analysis cells never ran
    assert [c.execution_count is not None for c in code[:3]] == [True, True, True]
    assert all(c.execution_count is None for c in code[3:])
