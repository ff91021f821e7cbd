"""Recorded results and parameter sweeps: records survive execution and are stripped from pages; a sweep tabulates them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

from zcparks import records
from zcparks.engine import sweep
from zcparks.errors import ParameterError, ZcparksError
from zcparks.report import registry

ROOT = Path(__file__).resolve().parents[2]


def _nb_with(outputs: list[dict]) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [nbformat.v4.new_output("display_data", data=o) for o in outputs]
    nb.cells = [cell]
    return nb


def test_records_are_read_in_order_and_stripped_before_export():
    nb = _nb_with([{records.RECORD_MIME: {"name": "a", "value": 1}}, {"text/plain": "shown"},
                   {records.RECORD_MIME: {"name": "b", "value": [0.5, None]}}])
    assert records.read(nb) == {"a": 1, "b": [0.5, None]}
    assert records.strip(nb) == 2
    assert [list(o["data"]) for o in nb.cells[0].outputs] == [["text/plain"]]
    twice = _nb_with([{records.RECORD_MIME: {"name": "a", "value": 1}}] * 2)
    with pytest.raises(ZcparksError, match="record 'a' recorded twice"):
        records.read(twice)


def test_record_values_are_plain_data():
    assert records._plain(np.float64(0.25), "x") == 0.25 and records._plain(np.int64(3), "x") == 3
    assert records._plain(float("nan"), "x") is None
    with pytest.raises(ZcparksError, match="record 'x': a value must be a number.*DataFrame"):
        records._plain(pd.DataFrame(), "x")
    with pytest.raises(ZcparksError, match="use lower-case letters"):
        records.record("Bad Name", 1)


def test_sweep_grid_is_validated_before_anything_runs(tmp_path):
    spec = registry.spec("grid-factors")
    combos = sweep.grid(spec, [("year", "2021, 2022,2023"), ("lang", "en,zh")])
    assert len(combos) == 6 and combos[0] == {"lang": "en", "year": 2021} and combos[1]["lang"] == "zh"
    assert len(sweep.grid(spec, [("year", "2021,2021,2022")])) == 2  # a repeated value runs once
    provinces = sweep.grid(registry.spec("pilot-parks"), [("province", "Jiangsu,320000,江苏")])
    assert provinces == [{"lang": "en", "province": "320000"}]  # aliases of one province are one run
    with pytest.raises(ParameterError, match="year"):
        sweep.grid(spec, [("year", "2021,2031")])
    with pytest.raises(ParameterError, match="no values for year"):
        sweep.grid(spec, [("year", ",")])
    grid = tmp_path / "grid.yaml"
    grid.write_text("year: [2022]\nlang: [zh]\n", encoding="utf-8")
    assert sweep.grid(spec, [("year", "2023")], grid) == [{"lang": "zh", "year": 2023}]  # -p wins over the file
    grid.write_text("year: 2022\n", encoding="utf-8")
    with pytest.raises(ParameterError, match="expected a mapping of parameter names to lists"):
        sweep.grid(spec, [], grid)


@pytest.mark.slow  # runs notebooks (or needs the built site): not in make test-fast
def test_a_failed_combination_is_listed_and_does_not_stop_the_others(tmp_path, project_copy):
    nb_path = project_copy / "notebooks" / "02-grid-factors.ipynb"
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    nb["cells"].insert(3, nbformat.v4.new_code_cell("if P.year == 2022:\n    raise RuntimeError('no 2022 today')"))
    nb["cells"][3].pop("id", None)
    nb_path.write_text(json.dumps(nb), encoding="utf-8")
    out = tmp_path / "sweep"
    r = subprocess.run([sys.executable, "-m", "zcparks.cli", "sweep", "grid-factors", "-p", "year", "2022,2023",
                        "-o", str(out), "-q"], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 1
    assert "failed: lang=en, year=2022: " in r.stderr and "no 2022 today" in r.stderr
    table = pd.read_csv(out / "sweep.csv")
    assert table["status"].tolist() == ["failed", "ok"]
    failed = table.iloc[0]
    assert "RuntimeError: no 2022 today" in failed["error"] and "executed notebook" not in failed["error"]
    assert failed["notebook"].endswith("02-grid-factors.en.2022.failed.ipynb")
    assert (out / Path(failed["notebook"]).name).exists()
    assert not (project_copy / "reports" / "_status").exists()  # sweeps write no site status
