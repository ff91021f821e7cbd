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
