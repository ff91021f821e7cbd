"""The unit tests of zcparks.methods and zcparks.models need no data: they pass where `make data` never ran, with the
data layer's build on first use switched off (a test that read real data would fail, not quietly build)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from zcparks import data
from zcparks.errors import DataError

ROOT = Path(__file__).resolve().parents[1]


def test_with_the_build_on_first_use_off_a_missing_table_is_an_error_naming_the_switch(tmp_path, monkeypatch):
    monkeypatch.setenv("ZCPARKS_ROOT", str(tmp_path))
    monkeypatch.setenv(data.AUTOBUILD_ENV, "0")
    with pytest.raises(DataError, match=r"(?s)data/processed/.*not built, and the build on first use is off "
                                        r"\(ZCPARKS_DATA_AUTOBUILD=0\); run `make data`"):
        data.parks()
    assert not (tmp_path / "data" / "processed").exists()


def _scratch(tmp_path: Path) -> Path:
    """A project without data/processed/: the code, the unit tests, the raw data and the generated API page."""
    root = tmp_path / "root"
    for part in ("src", "data/raw", "docs"):
        shutil.copytree(ROOT / part, root / part, ignore=shutil.ignore_patterns("__pycache__"))
    for part in ("tests/methods", "tests/models"):
        shutil.copytree(ROOT / part, root / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "tests" / "conftest.py", root / "tests" / "conftest.py")
    shutil.copy2(ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


def _pytest(root: Path, *paths: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "ZCPARKS_ROOT": str(root), "PYTHONPATH": str(root / "src"), "ZCPARKS_DATA_AUTOBUILD": "0"}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist", *paths],
                          cwd=root, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_methods_and_models_tests_pass_without_built_data_and_a_data_reading_test_would_fail(tmp_path):
    root = _scratch(tmp_path)
    r = _pytest(root, "tests/methods", "tests/models")
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-2000:]
    assert " passed" in r.stdout and "skipped" not in r.stdout
    assert not (root / "data" / "processed").exists()
    # the control: a test that reads the parks fails there instead of building data/processed/
    (root / "tests" / "models" / "test_reads_data.py").write_text(
        "import zcparks.data as d\n\n\ndef test_parks():\n    assert len(d.parks()) == 52\n", encoding="utf-8")
    r = _pytest(root, "tests/models/test_reads_data.py")
    assert r.returncode == 1 and "ZCPARKS_DATA_AUTOBUILD=0" in r.stdout, r.stdout[-2000:]
    assert not (root / "data" / "processed").exists()
