"""Project plumbing: pins mirrored in environment.yml, metadata complete, CI runs make test."""

from __future__ import annotations

import subprocess
from pathlib import Path

from zcparks import envfile, paths
from zcparks.data import metadata

ROOT = Path(__file__).resolve().parents[1]


def test_environment_yml_mirrors_the_lab_lock_and_the_locks_agree():
    lock = envfile.lock_pins()
    assert len(lock) > 100 and "pandas==3.1.1" in lock and "cnmaps==2.1.0" in lock
    assert any(p.startswith("jupyterlab==") for p in lock)  # researchers get JupyterLab
    assert envfile.environment_pins() == lock, "run `make lock` (or python -m zcparks.envfile)"
    reports = envfile.lock_pins(ROOT / "requirements.lock")
    assert set(reports) <= set(lock), "requirements-lab.lock must keep every pin of requirements.lock"
    # the report environment has no JupyterLab and no rfc3987-syntax (imported by jsonschema on every validation)
    assert not any(p.startswith(("jupyterlab==", "rfc3987-syntax==")) for p in reports)


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci
    assert "`make test`" in (ROOT / "README.md").read_text()


def test_make_help_lists_targets():
    out = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for target in ("data", "test", "reports", "nightly", "lint"):
        assert f"make {target}" in out


def test_every_raw_file_is_declared_with_provenance():
    declared = {(m.source_id, f.file) for m in metadata.all_sources() for f in m.files}
    notes = {"PROVENANCE.md", "metadata.yaml", "facts.md"}
    on_disk = {
        (p.parent.name, p.name) for p in paths.raw_dir().glob("*/*") if p.is_file() and p.name not in notes
    }
    assert on_disk == declared
    for m in metadata.all_sources():
        assert (paths.raw_dir() / m.source_id / "PROVENANCE.md").exists()
        for f in m.files:
            assert f.origins and (f.licence or m.licence) and (f.vintage or m.vintage)
            for v in f.variables:
                assert v.description
                if v.pattern != "*":
                    assert v.units and all(u for u in v.units), f"{f.file}: {v.name or v.pattern} has no unit"


def test_metadata_errors_name_the_field(scratch_root):
    import pytest

    from zcparks.errors import DataError

    p = scratch_root / "data" / "raw" / "regions" / "metadata.yaml"
    p.write_text(p.read_text().replace("licence:", "licenze:"), encoding="utf-8")
    with pytest.raises(DataError, match=r"regions/metadata.yaml.*\n.*field licence: Field required"):
        metadata.load("regions")


def test_temporary_folders_of_the_data_build_are_git_ignored():
    import subprocess

    r = subprocess.run(["git", "check-ignore", "-q", "data/.processed-abc123/panel.parquet"], cwd=ROOT)
    assert r.returncode == 0  # a build killed mid-way leaves no untracked files in `git status`


def test_the_longest_first_test_files_exist():
    """A moved test file must not silently drop out of the longest-first order of ``make test``."""
    from tests.conftest import LONGEST_FIRST

    missing = [f for f in LONGEST_FIRST if not (Path(__file__).parent / f).is_file()]
    assert missing == []
