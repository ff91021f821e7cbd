"""The build benchmark still runs against the current code (issue 30): ``benchmarks/build.py --quick``.

No timing threshold: the figures depend on the machine and on what else runs. The test checks that every code path
of the benchmark works (the scratch projects with their reports.yaml, both floors, the page job, the sizes, a cold
run, a sweep, the engine fan-out) and that each figure comes with its ratio to the floor measured in the same run.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

RATIO = r"\d+\.\d\dx the floor"
EXPECTED = {  # one line per figure of the quick run, each with its ratio
    "page vs the floor with render": rf"^\d\d-pilot-parks \(pilot-parks\.en, .*: median .* s .*{RATIO} with render",
    "cold run": rf"^cold `zcparks run grid-factors .*: median .* s, {RATIO} ",
    "sweep": rf"^sweep of \d+ runs? \(pilot-parks x \d+ provinces? x 2 languages, .* s per run, {RATIO} per run",
    "fan-out": rf"^fan-out of \d+ pages? \(pilot-parks x \d+ provinces? x 2 languages, .* s per page, {RATIO} ",
    "site size": r"^site-mode report: +[\d,]+ B .*shared assets \S",
    "standalone size": r"^standalone report: +[\d,]+ B",
}


@pytest.mark.slow
def test_quick_benchmark_prints_every_figure_with_its_ratio() -> None:
    r = subprocess.run([sys.executable, "benchmarks/build.py", "--quick"], cwd=ROOT, capture_output=True, text=True,
                       timeout=600)  # a guard against a hang, not a speed check
    assert r.returncode == 0, f"{r.stdout}\n{r.stderr[-3000:]}"
    missing = [name for name, pattern in EXPECTED.items() if not re.search(pattern, r.stdout, re.M)]
    assert not missing, f"no line for {missing} in:\n{r.stdout}"
