"""Two cold builds of the same page are byte-identical, except for the build timestamp."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

STAMP = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC")


def _cold_build(out: Path) -> str:
    r = subprocess.run([sys.executable, "-m", "zcparks.cli", "run", "pilot-parks", "-p", "lang", "zh", "-p", "province",
                        "320000", "-o", str(out)], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    return (out / "01-pilot-parks.zh.320000.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_two_cold_builds_differ_only_in_the_timestamp(tmp_path):
    first, second = _cold_build(tmp_path / "a"), _cold_build(tmp_path / "b")
    assert len(STAMP.findall(first)) >= 2  # the header and the manifest carry it
    assert "zc-chart-001" in first and 'id="cell-id=injected-parameters"' in first
    assert STAMP.sub("TIME", first) == STAMP.sub("TIME", second)
