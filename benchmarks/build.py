"""Benchmark of the report build. Prints:

* time per notebook (01-pilot-parks) against the bare-kernel floor: a ``print(1)`` notebook
  run the same way (fresh process: papermill execution + our HTML renderer), interleaved,
  median of --runs;
* THE FLOOR of the build-engine issue: a bare papermill ``print(1)`` notebook, no zcparks, in a fresh process;
  the engine targets are ratios to it: a full ``make reports`` with every page due (-j2, warm kernels) and a
  52-page fan-out (pilot-parks x 26 provinces x 2 languages, ``zcparks build -j2``) amortised per page (<= 1.0x),
  a single cold ``zcparks run`` of 02 (<= 2.5x), and a sweep of 20 runs;
* time of a no-op ``make reports`` (everything up to date), median of --runs (<= 1 s);
* report sizes in site mode (page only, plus the shared assets) and standalone mode;
* ``zcparks build`` wall time with 1 and 2 workers (speed-up on this machine);
* step 0 of the build-engine issue, both states in one run: ``import papermill, nbconvert``, the floor notebook and a
  cold ``zcparks run grid-factors`` without bytecode (``PYTHONDONTWRITEBYTECODE=1`` and an empty
  ``PYTHONPYCACHEPREFIX``, as on a machine where nothing was ever compiled) and with it (the venv as ``make``
  installs it); and the import cost of ``rfc3987_syntax`` (jsonschema imports it on every notebook validation when
  it is installed), measured in ``.venv-lab`` if ``make lab`` made it: the report venv no longer has it.

Run inside the venv after ``make reports``:  .venv/bin/python benchmarks/build.py [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _papermill_print1(out_dir: Path, name: str) -> Path:
    """Execute a print(1) notebook (a tagged parameters cell, then print(1)) with papermill; returns the output."""
    import nbformat
    import papermill as pm

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell('lang = "en"')
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell, nbformat.v4.new_code_cell("print(1)")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    src, out = out_dir / f"{name}.ipynb", out_dir / f"{name}.out.ipynb"
    nbformat.write(nb, src)
    pm.execute_notebook(str(src), str(out), parameters={"lang": "en"}, kernel_name="python3", progress_bar=False)
    return out


def _floor_once(out_dir: Path) -> None:
    """Execute a print(1) notebook with papermill and render it with our renderer (what a job does)."""
    from zcparks.report.params import NotebookSpec
    from zcparks.report.render import render_html, write_atomic

    out = _papermill_print1(out_dir, "floor")
    spec = NotebookSpec("floor", 99, {"en": "print(1)", "zh": "print(1)"}, {"en": "", "zh": ""}, reads=())
    write_atomic(out_dir / "floor.html", render_html(out, spec, {"lang": "en"}))


def _pure_floor_once(out_dir: Path) -> None:
    """The floor of the build-engine issue: papermill executes a print(1) notebook; no zcparks at all."""
    _papermill_print1(out_dir, "pure")


def _fanout_project(tmp: Path, n_provinces: int) -> Path:
    """A scratch project whose reports.yaml fans pilot-parks out over ``n_provinces`` provinces x 2 languages."""
    import json
    import shutil

    import yaml

    root = tmp / "fanout"
    for d in ("data", "notebooks"):
        shutil.copytree(ROOT / d, root / d, ignore=shutil.ignore_patterns(".processed-*"))
    config = yaml.safe_load((ROOT / "reports.yaml").read_text(encoding="utf-8"))
    codes = json.loads((ROOT / "data/processed/ids.json").read_text(encoding="utf-8"))["provinces"][:n_provinces]
    config["reports"] = [{"id": "pilot-parks", "group": "provinces", "params": {},
                          "fan_out": {"lang": ["en", "zh"], "province": codes},
                          "output": "provinces/pilot-parks.{province}.{lang}.html"}]
    (root / "reports.yaml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def _full_builds(py: str, floor: float) -> None:
    """Every configured page with make -j2 (forced), and a 52-page fan-out with the engine: per page vs the floor."""
    import os

    params = sorted((ROOT / "build/params").glob("*.json"))
    for p in params:
        p.touch()  # every page is due
    secs = _timed(["make", "reports"])
    n = len(params)
    print(f"full `make reports` (all {n} pages due, -j2, warm kernels): {secs:.1f} s, amortised {secs / n:.2f} s per page, "
          f"{secs / n / floor:.2f}x the floor (target <= 1.0x)")
    with tempfile.TemporaryDirectory() as tmp:
        root = _fanout_project(Path(tmp), 26)
        env = {**os.environ, "ZCPARKS_ROOT": str(root)}
        secs = _timed([py, "-m", "zcparks.cli", "build", "-q", "-j", "2"], env=env)
        pages = len(list((root / "reports/provinces").glob("*.html")))
        print(f"52-page fan-out (pilot-parks x 26 provinces x 2 languages, `zcparks build -j2`): {pages} pages in "
              f"{secs:.1f} s, amortised {secs / pages:.2f} s per page, {secs / pages / floor:.2f}x the floor "
              "(target <= 1.0x)")


def _job_once(job_id: str) -> None:
    from zcparks.report import jobs
    from zcparks.report.runner import run_job

    all_jobs = jobs.jobs()
    run_job(jobs.job(job_id, all_jobs), all_jobs)


def _timed(cmd: list[str], env: dict[str, str] | None = None) -> float:
    t0 = time.perf_counter()
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env)
    if r.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{r.stderr[-2000:]}")
    return time.perf_counter() - t0


def _step0(py: str, runs: int) -> None:
    """Both states of step 0 in one run: without bytecode vs with it; and what rfc3987-syntax would add."""
    import os

    with tempfile.TemporaryDirectory() as empty, tempfile.TemporaryDirectory() as tmp:
        cold_env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": empty}
        warm_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
        cases = {
            "import papermill, nbconvert": [py, "-c", "import papermill, nbconvert"],
            "floor notebook (papermill + render)": [py, __file__, "--_floor-once", tmp],
            "cold `zcparks run grid-factors -p year 2021 -p lang zh`": [
                py, "-m", "zcparks.cli", "run", "grid-factors", "-p", "year", "2021", "-p", "lang", "zh", "-o", tmp],
        }
        for name, cmd in cases.items():
            _timed(cmd, warm_env)  # warm the file cache (and write any missing .pyc)
            without = statistics.median(_timed(cmd, cold_env) for _ in range(runs))
            with_ = statistics.median(_timed(cmd, warm_env) for _ in range(runs))
            print(f"step 0, {name}: no bytecode {without:.2f} s, with bytecode {with_:.2f} s ({without / with_:.1f}x)")
    lab_py = ROOT / ".venv-lab" / "bin" / "python"
    r = subprocess.run([py, "-c", "import importlib.util as u; print(u.find_spec('rfc3987_syntax') is not None)"],
                       capture_output=True, text=True)
    print(f"step 0, rfc3987-syntax in the report venv: {r.stdout.strip() == 'True'}")
    if lab_py.exists():
        base = statistics.median(_timed([str(lab_py), "-c", "import jsonschema"]) for _ in range(runs))
        blocked = statistics.median(_timed([str(lab_py), "-c", "import sys; sys.modules['rfc3987_syntax'] = None; "
                                                        "import jsonschema"]) for _ in range(runs))
        print(f"step 0, `import jsonschema` in .venv-lab: {base:.2f} s with rfc3987-syntax, {blocked:.2f} s without "
              f"(+{base - blocked:.2f} s per process)")
    else:
        print("step 0, .venv-lab not built (make lab): rfc3987-syntax cost not measured here")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3, help="repetitions per measurement (default 3)")
    ap.add_argument("--skip-parallel", action="store_true", help="skip the 1-vs-2 worker build")
    ap.add_argument("--step0-only", action="store_true", help="only the bytecode / rfc3987-syntax comparison")
    ap.add_argument("--_floor-once", dest="floor_once", metavar="DIR", help=argparse.SUPPRESS)
    ap.add_argument("--_job-once", dest="job_once", metavar="JOB", help=argparse.SUPPRESS)
    ap.add_argument("--_pure-floor-once", dest="pure_floor_once", metavar="DIR", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.pure_floor_once:
        _pure_floor_once(Path(args.pure_floor_once))
        return 0
    if args.floor_once:
        _floor_once(Path(args.floor_once))
        return 0
    if args.job_once:
        _job_once(args.job_once)
        return 0

    py = sys.executable
    print(f"zcparks build benchmark ({args.runs} runs each; machine: {subprocess.getoutput('nproc')} cores)")
    _step0(py, args.runs)
    if args.step0_only:
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        floor, nb01, pure = [], [], []
        for i in range(args.runs + 1):  # first round is a discarded warm-up
            f = _timed([py, __file__, "--_floor-once", tmp])
            n = _timed([py, __file__, "--_job-once", "pilot-parks.en"])
            p = _timed([py, __file__, "--_pure-floor-once", tmp])
            if i:
                floor.append(f)
                nb01.append(n)
                pure.append(p)
        f_med, n_med, floor_pure = statistics.median(floor), statistics.median(nb01), statistics.median(pure)
        floor_s, nb01_s = [round(x, 2) for x in floor], [round(x, 2) for x in nb01]
        print(f"THE FLOOR: bare papermill print(1) notebook, no zcparks, fresh process: median {floor_pure:.2f} s  "
              f"{[round(x, 2) for x in pure]}")
        print(f"bare-kernel floor (print(1) notebook, papermill + render): median {f_med:.2f} s  {floor_s}")
        print(f"01-pilot-parks (en, site mode), same way:                 median {n_med:.2f} s  {nb01_s}")
        print(f"ratio 01 / floor: {n_med / f_med:.2f}x  (target <= 2x)")

    subprocess.run(["make", "reports"], cwd=ROOT, capture_output=True)
    noop = [_timed(["make", "reports"]) for _ in range(args.runs)]
    print(f"no-op `make reports`: median {statistics.median(noop):.3f} s  {[round(x, 3) for x in noop]}  (target <= 1 s)")

    site_page = ROOT / "reports/overview/pilot-parks.en.html"
    assets = sorted((ROOT / "reports/assets").iterdir())
    with tempfile.TemporaryDirectory() as tmp:
        _timed([py, "-m", "zcparks.cli", "run", "pilot-parks", "-p", "lang", "en", "--mode", "standalone", "-o", tmp])
        standalone = Path(tmp) / "01-pilot-parks.en.all.html"
        st_size = standalone.stat().st_size
    site_size = site_page.stat().st_size
    print(f"site-mode report:       {site_size:>9,} B  ({site_size / 1000:.0f} KB; target <= 400 KB) + shared assets "
          + ", ".join(f"{a.name} {a.stat().st_size:,} B" for a in assets))
    print(f"standalone report:      {st_size:>9,} B  ({st_size / 1e6:.2f} MB; target <= 2 MB)")

    # a single cold `zcparks run` of 02 and a sweep of 20 runs, against the floor measured above
    with tempfile.TemporaryDirectory() as tmp:
        cold = statistics.median(_timed([py, "-m", "zcparks.cli", "run", "grid-factors", "-p", "year", "2021", "-p",
                                         "lang", "zh", "-o", tmp]) for _ in range(args.runs))
        print(f"cold `zcparks run grid-factors -p year 2021 -p lang zh`: median {cold:.2f} s, {cold / floor_pure:.2f}x the "
              f"floor (target <= 2.5x)")
        provinces = "110000,120000,130000,140000,150000,210000,220000,230000,310000,320000"  # x 2 languages = 20 runs
        secs = _timed([py, "-m", "zcparks.cli", "sweep", "pilot-parks", "-p", "province", provinces, "-p", "lang",
                       "en,zh", "-q", "-j", "2", "-o", str(Path(tmp) / "sweep")])
        print(f"sweep of 20 runs (pilot-parks x 10 provinces x 2 languages, -j 2): {secs:.1f} s, {secs / 20:.2f} s per run, "
              f"{secs / 20 / floor_pure:.2f}x the floor per run")

    _full_builds(py, floor_pure)
    if not args.skip_parallel:
        n_jobs = len(list((ROOT / "build/params").glob("*.json")))
        for workers in (1, 2):
            secs = _timed([py, "-m", "zcparks.cli", "build", "-q", "-j", str(workers)])
            print(f"`zcparks build -j {workers}` (all {n_jobs} jobs): {secs:.1f} s, amortised {secs / n_jobs:.2f} s per "
                  f"page, {secs / n_jobs / floor_pure:.2f}x the floor (target <= 1.0x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
