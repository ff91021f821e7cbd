"""Shared fixtures. Most tests read the real data in data/raw and data/processed (built by `make data`, on which
`make test` depends); tests/methods and tests/models need none (tests/test_unit_tier.py); tests that break files do it
in a scratch copy."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def scratch_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch repository root with a copy of data/raw; ZCPARKS_ROOT points at it."""
    shutil.copytree(ROOT / "data" / "raw", tmp_path / "data" / "raw")
    monkeypatch.setenv("ZCPARKS_ROOT", str(tmp_path))
    return tmp_path


@pytest.fixture
def project_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch root with data/ (raw and processed), notebooks/ and reports.yaml; ZCPARKS_ROOT points at it."""
    root = tmp_path / "root"
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    shutil.copy2(ROOT / "reports.yaml", root / "reports.yaml")
    monkeypatch.setenv("ZCPARKS_ROOT", str(root))
    return root



@pytest.fixture(scope="session")
def lp_min_import():
    """The least grid import of an hourly dispatch by linear programming: the reference the greedy dispatch of
    zcparks.models.matching is checked against, on synthetic weeks (tests/models) and on real ones (tests/ondata)."""
    return _lp_min_import


def _lp_min_import(gen, load, power: float, energy: float, eta: float) -> float:
    """The least grid import over the period (HiGHS), from an empty battery, without grid charging."""
    import numpy as np
    from scipy.optimize import linprog

    t = len(gen)
    # variables per hour: used, charge, discharge, curtailed, import, soc  (6 t in all)
    n = 6 * t
    U, C, D, K, G, S = (np.arange(t) + i * t for i in range(6))
    a_eq, b_eq = [], []
    for h in range(t):
        row = np.zeros(n)
        row[[U[h], C[h], K[h]]] = 1
        a_eq.append(row)
        b_eq.append(gen[h])
        row = np.zeros(n)
        row[[U[h], D[h], G[h]]] = 1
        a_eq.append(row)
        b_eq.append(load[h])
        row = np.zeros(n)
        row[S[h]], row[C[h]], row[D[h]] = 1, -eta, 1 / eta
        if h:
            row[S[h - 1]] = -1
        a_eq.append(row)
        b_eq.append(0.0)
    bounds = [(0, None)] * (4 * t) + [(0, None)] * t + [(0, energy)] * t
    for h in range(t):
        bounds[C[h]] = (0, power)
        bounds[D[h]] = (0, power)
    cost = np.zeros(n)
    cost[G] = 1
    res = linprog(cost, A_eq=np.array(a_eq), b_eq=b_eq, bounds=bounds, method="highs")
    assert res.status == 0, res.message
    return float(res.fun)

# The test files that take longest, longest first. `make test` runs two xdist workers, each taking whole files
# (--dist loadfile) in collection order as it becomes free: starting the long files first keeps one worker from
# finishing minutes before the other (longest-first scheduling). Seconds of one run on 2 cores, for the order only.
LONGEST_FIRST = (
    "e2e/test_faults.py",  # ~230 s
    "e2e/test_browser.py",  # ~120 s
    "engine/test_sweep_all.py",  # ~100 s: a sweep of each of the 9 notebooks
    "engine/test_runs.py",  # ~50 s
    "report/test_cli.py",
    "engine/test_scaleout.py",
    "e2e/test_determinism.py",
    "engine/test_sweep.py",
    "analyses/east_vs_west/test_east_vs_west.py",
    "e2e/test_readers.py",
    "test_benchmarks.py",  # ~40 s: benchmarks/build.py --quick
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Put the tests of :data:`LONGEST_FIRST` first, in that order; the rest keep their order."""
    def rank(item: pytest.Item) -> int:
        rel = Path(str(item.path)).resolve().relative_to(ROOT / "tests").as_posix()
        return LONGEST_FIRST.index(rel) if rel in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)  # stable: the order within a file, and among the other files, is kept
