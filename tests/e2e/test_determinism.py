"""Two cold builds of the same page are byte-identical, except for the build timestamp."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

STAMP = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC")


CASES = {  # two notebooks: (slug, parameters, the page zcparks run writes)
    "pilot-parks": ("pilot-parks", ["-p", "lang", "zh", "-p", "province", "320000"], "01-pilot-parks.zh.320000.html"),
    "grid-factors": ("grid-factors", ["-p", "lang", "en", "-p", "year", "2022"], "02-grid-factors.en.2022.html"),
}


def _cold_build(out: Path, case: str) -> str:
    slug, params, page = CASES[case]
    r = subprocess.run([sys.executable, "-m", "zcparks.cli", "run", slug, *params, "-o", str(out)],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    return (out / page).read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("case", list(CASES))
def test_two_cold_builds_differ_only_in_the_timestamp(tmp_path, case):
    first, second = _cold_build(tmp_path / "a", case), _cold_build(tmp_path / "b", case)
    assert len(STAMP.findall(first)) >= 2  # the header and the manifest carry it
    assert "zc-chart-001" in first and 'id="cell-id=injected-parameters"' in first
    assert STAMP.sub("TIME", first) == STAMP.sub("TIME", second)


@pytest.mark.slow
def test_pages_built_on_warm_kernels_equal_cold_builds_except_the_timestamp(project_copy):
    """Two notebooks, each built cold (zcparks run-job, a kernel of its own) and warm (the engine's pool of one)."""
    pages = {"grid-factors.en": "reports/comparisons/grid-factors.en.html",
             "pilot-parks.zh": "reports/overview/pilot-parks.zh.html"}
    cold = {}
    for job, page in pages.items():
        r = subprocess.run([sys.executable, "-m", "zcparks.cli", "run-job", job], capture_output=True, text=True,
                           timeout=600)
        assert r.returncode == 0, r.stderr
        cold[job] = (project_copy / page).read_text(encoding="utf-8")
    # one warm kernel for three pages: the second and third take kernels warmed while the previous page ran
    r = subprocess.run([sys.executable, "-m", "zcparks.cli", "build", "-j1", "-q", "--only",
                        r"^(data-catalogue\.en|grid-factors\.en|pilot-parks\.zh)$"],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "with 1 warm kernel(s): 3 ok, 0 failed" in r.stdout
    for job, page in pages.items():
        warm = (project_copy / page).read_text(encoding="utf-8")
        assert len(STAMP.findall(warm)) >= 2
        assert STAMP.sub("TIME", warm) == STAMP.sub("TIME", cold[job])  # only the build time may differ
