"""Narrow rebuilds: editing one analysis makes only its pages out of date; editing the engine, every page.

Works on a scratch copy of the tree: the rules are generated there (``zcparks makefile`` run with that copy's
code), every page is marked built (``make -t``), then files are edited and the rules regenerated.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PILOT = ["reports/overview/pilot-parks.en.html", "reports/overview/pilot-parks.zh.html"]
GRID = ["reports/comparisons/grid-factors.en.html", "reports/comparisons/grid-factors.zh.html"]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for d in ("src", "notebooks", "data/raw"):
        shutil.copytree(ROOT / d, tmp_path / d, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    (tmp_path / "data/processed").mkdir(parents=True)
    for f in ("ids.json", ".built"):
        shutil.copy2(ROOT / "data/processed" / f, tmp_path / "data/processed" / f)
    shutil.copy2(ROOT / "requirements.lock", tmp_path / "requirements.lock")
    config = yaml.safe_load((ROOT / "reports.yaml").read_text(encoding="utf-8"))  # the two reports checked here
    config["reports"] = [r for r in config["reports"] if r["id"] in ("pilot-parks", "grid-factors")]
    config["headlines"] = [h for h in config["headlines"] if h["report"] in ("pilot-parks", "grid-factors")]
    (tmp_path / "reports.yaml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _rules(tmp_path)
    for page in PILOT + GRID:
        (tmp_path / page).parent.mkdir(parents=True, exist_ok=True)
    r = subprocess.run(["make", "-s", "-t", "-f", "build/reports.mk", *PILOT, *GRID], cwd=tmp_path,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert _stale(tmp_path) == [], "all pages should be up to date after make -t"
    return tmp_path


def _rules(tree: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(tree / "src"), "ZCPARKS_ROOT": str(tree)}
    r = subprocess.run([sys.executable, "-m", "zcparks.buildstate.stamps"], cwd=tree, env=env, capture_output=True,
                       text=True)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([sys.executable, "-m", "zcparks.cli", "makefile", "-o", "build/reports.mk"], cwd=tree,
                       env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert "src/zcparks/analyses/pilot_parks" in (tree / "build/reports.mk").read_text(), "rules from the copy"


def _stale(tree: Path) -> list[str]:
    return [t for t in PILOT + GRID
            if subprocess.run(["make", "-q", "-f", "build/reports.mk", t], cwd=tree).returncode != 0]


def _edit(tree: Path, rel: str, text: str = "\n# edited by the narrow-rebuild test\n") -> None:
    time.sleep(0.01)
    path = tree / rel
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    later = time.time() + 2  # newer than every page, whatever the file system's time resolution
    os.utime(path, (later, later))


def test_editing_one_analysis_rebuilds_only_its_pages(tree):
    _edit(tree, "src/zcparks/analyses/pilot_parks/text.py")
    _rules(tree)
    assert _stale(tree) == PILOT


def test_a_new_module_of_an_analysis_is_found_from_its_imports(tree):
    (tree / "src/zcparks/analyses/grid_factors/extra.py").write_text('"""A new helper."""\n\nX = 1\n')
    _edit(tree, "src/zcparks/analyses/grid_factors/__init__.py", "\nfrom zcparks.analyses.grid_factors import extra\n")
    _rules(tree)
    assert "src/zcparks/analyses/grid_factors/extra.py" in (tree / "build/reports.mk").read_text()
    assert _stale(tree) == GRID


def test_editing_labels_of_one_analysis_rebuilds_only_its_pages(tree):
    _edit(tree, "src/zcparks/analyses/grid_factors/labels.yaml")
    _rules(tree)
    assert _stale(tree) == GRID


def test_editing_shared_or_engine_code_rebuilds_every_page(tree):
    _edit(tree, "src/zcparks/views/maps.py")
    _rules(tree)
    assert _stale(tree) == PILOT + GRID


def test_editing_the_engine_rebuilds_every_page(tree):
    _edit(tree, "src/zcparks/report/render.py")
    _rules(tree)
    assert _stale(tree) == PILOT + GRID


def test_rules_are_made_without_pandas():
    r = subprocess.run([sys.executable, "-X", "importtime", "-m", "zcparks.cli", "makefile", "-o",
                        str(ROOT / "build" / "reports.check.mk")], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    imported = {line.split("|")[-1].strip() for line in r.stderr.splitlines() if line.startswith("import time:")}
    assert "pandas" not in imported and "altair" not in imported and "zcparks.engine.makerules" in imported
    (ROOT / "build" / "reports.check.mk").unlink()


def test_a_first_raw_listing_is_dated_by_the_raw_files_not_by_a_newer_notebook(tmp_path, monkeypatch):
    import os

    from zcparks.buildstate import stamps

    raw = tmp_path / "data" / "raw" / "src" / "a.csv"
    raw.parent.mkdir(parents=True)
    raw.write_text("x\n1\n", encoding="utf-8")
    os.utime(raw, (1_000_000_000, 1_000_000_000))
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "99-new.ipynb").write_text("{}", encoding="utf-8")  # written now: much newer
    (tmp_path / "data" / "processed").mkdir()
    monkeypatch.setenv("ZCPARKS_ROOT", str(tmp_path))
    stamps.refresh()
    listing = tmp_path / "build" / "stamps" / stamps.RAW_LIST
    assert listing.stat().st_mtime == 1_000_000_000  # data built after the raw files stays current in a clone
