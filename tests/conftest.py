"""Shared fixtures. Tests read the real data in data/raw and data/processed (built by
`make data`, on which `make test` depends); tests that break files do it in a scratch copy."""

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
