"""A sweep of every registered notebook: a 2-point grid, a list parameter where the notebook has one.

Each run gets its parameters as a file, so a list (``metrics: [grid_factor]``) reaches the notebook as a list; the
sweep table must hold, for every row, the parameters that row was given. Run from a folder outside the project, with
a relative output folder, as a researcher would.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from zcparks.report import registry

ROOT = Path(__file__).resolve().parents[2]

GRIDS = {
    "data-catalogue": {"first_year": [1990, 2000]},
    "pilot-parks": {"province": ["all", "320000"]},
    "grid-factors": {"year": [2021, 2023], "lang": ["zh"]},
    "provincial-trends": {"provinces": [["all"], ["320000", "650000"]], "end_year": [2019]},
    "east-vs-west": {"metrics": [["grid_factor"], ["co2_per_real_gdp", "energy_per_real_gdp"]], "base_year": [2010]},
    "indicator-scoring": {"rulesets": [["auto"], ["national"]]},
    "hourly-matching": {"park_ids": [["ZCP-01"], ["ZCP-01", "ZCP-52"]], "storage_h": [2.0]},
    "province-profile": {"province": ["320000", "650000"]},
    "park-profile": {"park": ["ZCP-01", "ZCP-52"]},
}
"""Per notebook, the grid swept: two runs each, a list parameter's values being lists."""


def test_the_grids_cover_every_registered_notebook_and_each_list_parameter():
    assert set(GRIDS) == set(registry.analyses())
    for slug, grid in GRIDS.items():
        spec = registry.spec(slug)
        lists = [p.name for p in spec.params if p.type is list]
        if lists:  # the notebook has a list parameter: the grid varies one
            assert any(name in lists for name in grid), slug
        n = 1
        for values in grid.values():
            n *= len(values)
        assert n == 2, slug


def _cell(value):
    """A sweep.csv cell as the value it stands for (a list is written as its Python text)."""
    if isinstance(value, str) and value.startswith("["):
        return ast.literal_eval(value)
    return value


@pytest.mark.slow
@pytest.mark.parametrize("slug", list(GRIDS))
def test_a_sweep_of_every_notebook_runs_every_combination(slug, tmp_path):
    caller = tmp_path / "elsewhere"  # a folder outside the project
    caller.mkdir()
    (caller / "grid.yaml").write_text(yaml.safe_dump(GRIDS[slug]), encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "zcparks.cli", "sweep", slug, "-f", "grid.yaml", "-o", "sw", "-q",
                        "-j", "2"], cwd=caller, capture_output=True, text=True, env=None)
    assert r.returncode == 0, r.stderr
    table = pd.read_csv(caller / "sw" / "sweep.csv", dtype=str, keep_default_na=False)
    assert table["status"].tolist() == ["ok", "ok"], table["error"].tolist()
    spec = registry.spec(slug)
    given = [dict(zip(GRIDS[slug], combo, strict=True)) for combo in _product(GRIDS[slug])]
    for (_, row), params in zip(table.iterrows(), given, strict=True):
        for name, value in params.items():
            want = spec.param(name).coerce(value, slug)
            got = _cell(row[name])
            assert str(got) == str(want), (slug, name, got, want)
    if slug == "grid-factors":  # real records: the MEE/NBS national averages, Tianjin highest in 2023
        assert table["record.national_factor_tco2_per_mwh"].tolist() == ["0.5568", "0.5306"]
        assert table["record.highest_province"].tolist()[1] == "120000"
    assert len(list((caller / "sw").glob("*.ipynb"))) == 2  # every run's notebook, in the caller's folder
    assert not list((caller / "sw").glob("*.failed.ipynb"))
    assert not (caller / "sw" / ".zcparks-work").exists()  # the runs cleaned up after themselves
    assert not (ROOT / "sw").exists()


def _product(grid: dict[str, list]) -> list[tuple]:
    import itertools

    return list(itertools.product(*grid.values()))
