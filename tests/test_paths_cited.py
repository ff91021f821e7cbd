"""Every file path that code, a doc or a built page cites exists in the repository (no dead citation)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# a path of this repository: one of its top folders, then a name; not part of a longer path (../shared/data/…)
CITED = re.compile(r"(?<![\w./@:-])((?:src/zcparks|data/raw|docs|notebooks|benchmarks|tools)/[\w./@+-]*[\w/])")
PATTERN_NEXT = re.compile(r"[*{]|<[A-Za-z_]")  # archetype_*.yaml, 11-{slug}, NN-<slug>: a pattern, not a path
# where citations are read: code, notebooks, docs and the provenance of every raw folder (tests build paths of
# their own scratch projects, and other repositories' paths inside PROVENANCE files do not start with these folders)
SCANNED = re.compile(r"^(src/.*\.(py|yaml|j2)|notebooks/.*\.ipynb|(benchmarks|tools)/.*\.py|docs/.*\.md|README\.md"
                     r"|Makefile|pyproject\.toml|data/raw/[^/]+/(PROVENANCE[^/]*\.md|metadata\.yaml|[^/]*\.md))$")
PLACEHOLDERS = ("/NN", "/XX")  # notebooks/NN-<slug>.ipynb in prose


def dead_paths(text: str) -> list[str]:
    """The repository paths ``text`` cites that do not exist (generated folders count as existing)."""
    out = []
    for m in CITED.finditer(text):
        path = m.group(1).rstrip("./")
        if any(p in path for p in PLACEHOLDERS) or PATTERN_NEXT.match(text, m.end()):
            continue
        if not (ROOT / path).exists():
            out.append(path)
    return out


def _tracked() -> list[str]:
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.split()
    return sorted(f for f in listed if SCANNED.match(f) and (ROOT / f).is_file())


def test_the_scan_finds_a_dead_path_and_passes_a_live_one():
    assert dead_paths("see `docs/methods.md#lmdi-decomposition` and src/zcparks/methods/lmdi.py") == []
    assert dead_paths("see docs/nowhere.md and `src/zcparks/gone.py`.") == ["docs/nowhere.md", "src/zcparks/gone.py"]
    # not this repository's: another repository's path, a relative path outside it, a pattern
    assert dead_paths("../shared/data/raw/x.csv, cnmaps data/index/administrative.db, "
                      "src/zcparks/models/illustrative_balances/archetype_*.yaml") == []


def test_code_docs_and_provenance_cite_only_paths_that_exist():
    dead = {f: d for f in _tracked() if (d := dead_paths((ROOT / f).read_text(encoding="utf-8", errors="replace")))}
    assert dead == {}


@pytest.mark.slow
def test_built_pages_cite_only_paths_that_exist():
    pages = sorted(p for p in (ROOT / "reports").rglob("*.html") if not p.relative_to(ROOT / "reports").parts[0]
                   .startswith("_"))
    assert pages, "no built page: run make reports"
    dead = {str(p.relative_to(ROOT)): d for p in pages if (d := dead_paths(p.read_text(encoding="utf-8")))}
    assert dead == {}
