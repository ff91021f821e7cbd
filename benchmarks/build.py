"""Benchmark of the report build. Every figure is printed with its ratio to a floor measured in the same run:

* THE FLOOR of the build-engine issue: a bare papermill ``print(1)`` notebook, no zcparks, in a fresh process;
  the engine targets are ratios to it (below);
* the floor with render: the same notebook rendered by our HTML renderer too (what a job does), and
  01-pilot-parks (en, site mode) run the same way (a fresh process, a cold kernel), interleaved with both floors,
  median of --runs: ratio to the floor with render (target <= 2x);
* report sizes of 01-pilot-parks in site mode (page only, plus the shared assets; target <= 400 KB) and standalone
  mode (target <= 2 MB);
* a single cold ``zcparks run grid-factors`` (first year of ``@grid_factor_years``, zh; target <= 2.5x the floor)
  and a sweep of pilot-parks over provinces x 2 languages (-j 2), per run;
* a fan-out on the engine (pilot-parks x provinces x 2 languages, ``zcparks build -j2``) amortised per page
  (target <= 1.0x the floor);
* heavy parts (not with --quick): step 0 of the build-engine issue, both states in one run (``import papermill,
  nbconvert``, the floor with render and the cold ``zcparks run`` without bytecode: ``PYTHONDONTWRITEBYTECODE=1`` and
  an empty ``PYTHONPYCACHEPREFIX``, as on a machine where nothing was ever compiled, and with it: the venv as
  ``make`` installs it; and the import cost of ``rfc3987_syntax``, which jsonschema imports on every notebook
  validation when it is installed, measured in ``.venv-lab`` if ``make lab`` made it); a no-op ``make reports``
  (target <= 1 s); a full ``make reports`` with every page due (-j2, warm kernels) amortised per page (target
  <= 1.0x); ``zcparks build`` of every page with 1 and 2 workers (not with --skip-parallel).

Pages, cold runs and sweeps run in scratch projects (copies of ``data/`` and ``notebooks/`` with a ``reports.yaml``
of the reports they build; ``ZCPARKS_ROOT`` points at them), so they never rewrite the checkout's ``reports/``; only
the heavy ``make reports`` and ``zcparks build`` measurements build the checkout's site (and bring it up to date
first). ``data/processed/`` is built first (``make data``) when it is missing or stale, so the script runs on a
fresh clone.

--quick is the smallest run that still goes through every code path that can rot (the scratch projects, both
floors, the 01 page, both sizes, a cold run, a sweep, the engine fan-out): one run each, no warm-up, a fan-out of 2
provinces x 2 languages and a sweep of 1 province x 2 languages (one run per worker); its figures are noisy, its
ratios only show that the script works (tests/test_benchmarks.py runs it, in about 40 s on 2 idle cores).

Run inside the venv:  .venv/bin/python benchmarks/build.py [--runs 3] [--skip-parallel] [--step0-only] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# zcparks is imported inside the functions that use it: THE FLOOR's process (--_pure-floor-once) must not import it
ROOT = Path(__file__).resolve().parents[1]
PAGE_REPORT = "pilot-parks"  # the report of the per-page figures, the sizes, the sweep and the engine fan-out
PAGE_JOB = f"{PAGE_REPORT}.en"  # its job timed against the floor with render (jobs.jobs: ``<report>.<lang>``)
COLD_REPORT = "grid-factors"  # the cold `zcparks run` of the build-engine issue


@dataclass(frozen=True)
class Scale:
    """How much one benchmark run measures.

    Attributes:
        runs: timed repetitions of each repeated measurement (the median is printed).
        warmup: rounds of the per-page measurement run first and discarded (file cache, bytecode).
        fanout_provinces: provinces of the engine fan-out (x 2 languages = pages).
        sweep_provinces: provinces of the sweep (x 2 languages = runs).
        heavy: also step 0, the no-op and the full ``make reports`` (and the 1-vs-2 worker build unless skipped).
    """

    runs: int
    warmup: int
    fanout_provinces: int
    sweep_provinces: int
    heavy: bool


def _scale(args: argparse.Namespace) -> Scale:
    """The scale of this run: --quick is one run each, no warm-up, a 2 x 2 fan-out, a 1 x 2 sweep, nothing heavy."""
    if args.quick:
        return Scale(runs=args.runs or 1, warmup=0, fanout_provinces=2, sweep_provinces=1, heavy=False)
    return Scale(runs=args.runs or 3, warmup=1, fanout_provinces=26, sweep_provinces=10, heavy=True)


# --------------------------------------------------------------------------- measured processes


def _env(root: Path, *, no_bytecode_in: str | None = None) -> dict[str, str]:
    """The environment of a measured process.

    Args:
        root: the project zcparks works on (``ZCPARKS_ROOT``).
        no_bytecode_in: an empty folder: no bytecode is read or written (``PYTHONDONTWRITEBYTECODE=1`` and this
            ``PYTHONPYCACHEPREFIX``, step 0's cold state). None: bytecode as ``make`` runs processes (written and
            read beside the sources), whatever the caller's shell sets.
    """
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX", "ZCPARKS_ROOT")}
    env["ZCPARKS_ROOT"] = str(root)
    if no_bytecode_in is not None:
        env |= {"PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": no_bytecode_in}
    return env


def _timed(cmd: list[str], env: dict[str, str]) -> float:
    """Wall seconds of ``cmd`` run from the checkout; exits with its output if it fails (a figure of a failure is none)."""
    t0 = time.perf_counter()
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env)
    if r.returncode != 0:
        raise SystemExit(f"failed (exit {r.returncode}): {' '.join(cmd)}\n{r.stdout[-2000:]}\n{r.stderr[-3000:]}")
    return time.perf_counter() - t0


def _median(cmd: list[str], env: dict[str, str], runs: int) -> float:
    """Median wall seconds of ``runs`` runs of ``cmd``."""
    return statistics.median(_timed(cmd, env) for _ in range(runs))


def _series(secs: list[float]) -> str:
    """``median X s  [each run]`` in seconds."""
    return f"median {statistics.median(secs):.2f} s  {[round(s, 2) for s in secs]}"


def _floor_ratio(secs: float, floor: float, what: str = "the floor") -> str:
    """``secs`` as a multiple of a floor measured in this run (both in seconds)."""
    return f"{secs / floor:.2f}x {what}"


def _count(n: int, noun: str) -> str:
    """``n noun``, the noun in the plural unless ``n`` is 1 (``1 province``, ``2 provinces``)."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _grid(codes: list[str]) -> str:
    """What a sweep or fan-out of the page report over the provinces ``codes`` x both languages runs, in words."""
    from zcparks.report.params import LANGS

    return f"{PAGE_REPORT} x {_count(len(codes), 'province')} x {len(LANGS)} languages"


def _zc(py: str, *args: str) -> list[str]:
    """The command line of ``zcparks ARGS`` in this venv."""
    return [py, "-m", "zcparks.cli", *args]


# --------------------------------------------------------------------------- helpers run in their own process


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
    """The floor with render: execute a print(1) notebook with papermill and render it with our renderer (a job's work)."""
    from zcparks.report.params import LANGS, NotebookSpec
    from zcparks.report.render import render_html, write_atomic

    out = _papermill_print1(out_dir, "floor")
    spec = NotebookSpec("floor", 99, dict.fromkeys(LANGS, "print(1)"), dict.fromkeys(LANGS, ""), reads=())
    write_atomic(out_dir / "floor.html", render_html(out, spec, {"lang": "en"}))


def _pure_floor_once(out_dir: Path) -> None:
    """THE FLOOR of the build-engine issue: papermill executes a print(1) notebook; no zcparks at all."""
    _papermill_print1(out_dir, "pure")


def _job_once(job_id: str) -> None:
    """Run one configured job of the project ``ZCPARKS_ROOT`` names on a cold kernel, as ``zcparks run-job`` does."""
    from zcparks.engine.runner import run_job
    from zcparks.report import jobs

    all_jobs = jobs.jobs()
    run_job(jobs.job(job_id, all_jobs), all_jobs)


# --------------------------------------------------------------------------- scratch projects


def _data_current() -> None:
    """Build the checkout's ``data/processed/`` (``make data``, under the build lock) if it is missing or stale.

    The scratch projects copy it, and the fan-out reads its province codes; a current one is not touched (no lock).
    """
    from zcparks.data import stale_raw_files

    if not (ROOT / "data/processed/.built").exists() or stale_raw_files():
        print("data/processed/ is missing or stale: make data", file=sys.stderr)
        _timed(["make", "data"], _env(ROOT))


def _ids() -> dict[str, Any]:
    """The ID sets of the processed data (``data/processed/ids.json``: provinces, grid-factor years, ...)."""
    return json.loads((ROOT / "data/processed/ids.json").read_text(encoding="utf-8"))


def _project(dest: Path, reports: list[dict[str, Any]]) -> Path:
    """A scratch project at ``dest`` building only ``reports``: copies of data/ and notebooks/, its own reports.yaml.

    reports.yaml names a report elsewhere than under ``reports`` with a ``report`` key (``headlines[].report``,
    ``front_map.report``: :class:`zcparks.report.jobs.Config`); those entries are dropped for the reports not built
    here, or validation fails (``headlines: report 'grid-factors' is not one of the reports``). The file is then
    validated like the checkout's, so a field that names reports in another way fails here, by name, before anything
    is timed.

    Args:
        dest: the new project's root (must not exist).
        reports: entries of ``reports`` in the format of reports.yaml.

    Returns:
        ``dest``.
    """
    import yaml

    from zcparks.errors import ZcparksError
    from zcparks.report.jobs import load_config

    for d in ("data", "notebooks"):
        shutil.copytree(ROOT / d, dest / d, ignore=shutil.ignore_patterns(".processed-*"))
    config = _config(ROOT)
    kept = {r["id"] for r in reports}

    def names_other(entry: Any) -> bool:
        return isinstance(entry, dict) and "report" in entry and entry["report"] not in kept

    for key, value in list(config.items()):
        if isinstance(value, list):
            config[key] = [e for e in value if not names_other(e)]
        elif names_other(value):
            del config[key]
    config["reports"] = reports
    path = dest / "reports.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        load_config(path)
    except ZcparksError as exc:
        raise SystemExit(f"the benchmark's scratch project is not valid: {exc}") from None
    return dest


def _config(root: Path) -> dict[str, Any]:
    """The reports.yaml of the project at ``root``, as written (unvalidated)."""
    import yaml

    return yaml.safe_load((root / "reports.yaml").read_text(encoding="utf-8"))


def _configured(report_id: str) -> dict[str, Any]:
    """The entry of ``report_id`` in the checkout's reports.yaml."""
    return next(r for r in _config(ROOT)["reports"] if r["id"] == report_id)


def _fanout_entry(codes: list[str]) -> dict[str, Any]:
    """The page report fanned out over the provinces ``codes`` x both languages (one page each)."""
    from zcparks.report.params import LANGS

    return {"id": PAGE_REPORT, "group": "provinces", "params": {}, "fan_out": {"lang": list(LANGS), "province": codes},
            "output": f"provinces/{PAGE_REPORT}.{{province}}.{{lang}}.html"}


# --------------------------------------------------------------------------- measurements


def _step0(py: str, runs: int, project: Path, tmp: Path) -> None:
    """Both states of step 0 in one run: without bytecode vs with it; and what rfc3987-syntax would add."""
    year = _ids()["grid_factor_years"][0]
    with tempfile.TemporaryDirectory() as empty:
        cold_env, warm_env = _env(project, no_bytecode_in=empty), _env(project)
        cases = {
            "import papermill, nbconvert": [py, "-c", "import papermill, nbconvert"],
            "floor with render (papermill + our renderer)": [py, __file__, "--_floor-once", str(tmp)],
            f"cold `zcparks run {COLD_REPORT} -p year {year} -p lang zh`": _zc(
                py, "run", COLD_REPORT, "-p", "year", str(year), "-p", "lang", "zh", "-o", str(tmp / "step0")),
        }
        for name, cmd in cases.items():
            _timed(cmd, warm_env)  # warm the file cache (and write any missing .pyc)
            without, with_ = _median(cmd, cold_env, runs), _median(cmd, warm_env, runs)
            print(f"step 0, {name}: no bytecode {without:.2f} s, with bytecode {with_:.2f} s ({without / with_:.1f}x)")
    lab_py = ROOT / ".venv-lab" / "bin" / "python"
    r = subprocess.run([py, "-c", "import importlib.util as u; print(u.find_spec('rfc3987_syntax') is not None)"],
                       capture_output=True, text=True)
    print(f"step 0, rfc3987-syntax in the report venv: {r.stdout.strip() == 'True'}")
    if lab_py.exists():
        env = _env(ROOT)
        base = _median([str(lab_py), "-c", "import jsonschema"], env, runs)
        blocked = _median([str(lab_py), "-c", "import sys; sys.modules['rfc3987_syntax'] = None; import jsonschema"],
                          env, runs)
        print(f"step 0, `import jsonschema` in .venv-lab: {base:.2f} s with rfc3987-syntax, {blocked:.2f} s without "
              f"(+{base - blocked:.2f} s per process)")
    else:
        print("step 0, .venv-lab not built (make lab): rfc3987-syntax cost not measured here")


def _per_page(py: str, scale: Scale, project: Path, tmp: Path) -> float:
    """Both floors and the page job, interleaved (each in a fresh process); returns THE FLOOR's median in seconds."""
    from zcparks.report import registry

    env = _env(project)
    pure = "THE FLOOR: bare papermill print(1) notebook, no zcparks, fresh process"
    render = "floor with render (print(1) notebook, papermill + our renderer)"
    page = f"{registry.spec(PAGE_REPORT).notebook} ({PAGE_JOB}, site mode, cold kernel), same way"
    cases = {pure: [py, __file__, "--_pure-floor-once", str(tmp)], render: [py, __file__, "--_floor-once", str(tmp)],
             page: [py, __file__, "--_job-once", PAGE_JOB]}
    secs: dict[str, list[float]] = {name: [] for name in cases}
    for i in range(scale.warmup + scale.runs):  # the warm-up rounds are discarded
        for name, cmd in cases.items():
            t = _timed(cmd, env)
            if i >= scale.warmup:
                secs[name].append(t)
    print(f"{pure}: {_series(secs[pure])}")
    print(f"{render}: {_series(secs[render])}")
    ratio = _floor_ratio(statistics.median(secs[page]), statistics.median(secs[render]), "the floor with render")
    print(f"{page}: {_series(secs[page])}, {ratio} (target <= 2x)")
    return statistics.median(secs[pure])


def _noop_make(scale: Scale) -> None:
    """Bring the checkout's site up to date (``make reports``), then time a ``make reports`` with nothing to do."""
    env = _env(ROOT)
    _timed(["make", "reports"], env)
    noop = [_timed(["make", "reports"], env) for _ in range(scale.runs)]
    print(f"no-op `make reports`: median {statistics.median(noop):.3f} s  {[round(x, 3) for x in noop]}  "
          "(target <= 1 s)")


def _sizes(py: str, project: Path, tmp: Path) -> None:
    """Bytes of the page in site mode (built by :func:`_per_page`, and the shared assets) and in standalone mode."""
    from zcparks.report.params import LANGS

    entry = _configured(PAGE_REPORT)  # the scratch project's copy of it
    assert set(entry["fan_out"]) == {"lang"}, "the page report fans out over lang only: one page per language"
    site_page = project / "reports" / entry["output"].format(lang=LANGS[0])
    assets = sorted((project / "reports/assets").iterdir())
    out = tmp / "standalone"
    _timed(_zc(py, "run", PAGE_REPORT, "-p", "lang", LANGS[0], "--mode", "standalone", "-o", str(out)), _env(project))
    (standalone,) = out.glob("*.html")
    site_size, st_size = site_page.stat().st_size, standalone.stat().st_size
    print(f"site-mode report:       {site_size:>9,} B  ({site_size / 1000:.0f} KB; target <= 400 KB) + shared assets "
          + ", ".join(f"{a.name} {a.stat().st_size:,} B" for a in assets))
    print(f"standalone report:      {st_size:>9,} B  ({st_size / 1e6:.2f} MB; target <= 2 MB)")


def _cold_and_sweep(py: str, scale: Scale, project: Path, tmp: Path, floor: float) -> None:
    """A cold ``zcparks run`` of the cold report and a sweep of the page report, against THE FLOOR (seconds)."""
    from zcparks.report.params import LANGS

    env = _env(project)
    year = _ids()["grid_factor_years"][0]
    cmd = f"zcparks run {COLD_REPORT} -p year {year} -p lang zh"
    cold = _median(_zc(py, *cmd.split()[1:], "-o", str(tmp / "cold")), env, scale.runs)
    print(f"cold `{cmd}`: median {cold:.2f} s, {_floor_ratio(cold, floor)} (target <= 2.5x)")
    codes = _ids()["provinces"][:scale.sweep_provinces]
    n = len(codes) * len(LANGS)
    secs = _timed(_zc(py, "sweep", PAGE_REPORT, "-p", "province", ",".join(codes), "-p", "lang", ",".join(LANGS), "-q",
                      "-j", "2", "-o", str(tmp / "sweep")), env)
    print(f"sweep of {_count(n, 'run')} ({_grid(codes)}, -j 2): {secs:.1f} s, {secs / n:.2f} s per run, "
          f"{_floor_ratio(secs / n, floor)} per run")


def _fanout(py: str, scale: Scale, tmp: Path, floor: float) -> None:
    """The page report fanned out over provinces x languages, built by ``zcparks build -j2``: per page vs THE FLOOR."""
    from zcparks.report.params import LANGS

    codes = _ids()["provinces"][:scale.fanout_provinces]
    project = _project(tmp / "fanout", [_fanout_entry(codes)])
    secs = _timed(_zc(py, "build", "-q", "-j", "2"), _env(project))
    pages = len(list((project / "reports/provinces").glob("*.html")))
    expected = len(codes) * len(LANGS)
    if pages != expected:
        raise SystemExit(f"fan-out: {pages} pages built, expected {expected}")
    print(f"fan-out of {_count(pages, 'page')} ({_grid(codes)}, `zcparks build -j2`): {secs:.1f} s, amortised "
          f"{secs / pages:.2f} s per page, "
          f"{_floor_ratio(secs / pages, floor)} (target <= 1.0x)")


def _pages_due() -> int:
    """Make every page of the checkout's site due (its parameters file newer than it); returns how many there are."""
    params = sorted((ROOT / "build/params").glob("*.json"))
    for p in params:
        p.touch()
    return len(params)


def _full_make(floor: float) -> None:
    """Every configured page of the checkout with ``make reports`` (-j2, warm kernels), amortised vs THE FLOOR."""
    n = _pages_due()
    secs = _timed(["make", "reports"], _env(ROOT))
    print(f"full `make reports` (all {n} pages due, -j2, warm kernels): {secs:.1f} s, amortised {secs / n:.2f} s per "
          f"page, {_floor_ratio(secs / n, floor)} (target <= 1.0x)")


def _parallel(py: str, floor: float) -> None:
    """``zcparks build`` of every page of the checkout with 1 and 2 workers (the speed-up on this machine)."""
    n_jobs = len(list((ROOT / "build/params").glob("*.json")))
    for workers in (1, 2):
        secs = _timed(_zc(py, "build", "-q", "-j", str(workers)), _env(ROOT))
        print(f"`zcparks build -j {workers}` (all {n_jobs} jobs): {secs:.1f} s, amortised {secs / n_jobs:.2f} s per "
              f"page, {_floor_ratio(secs / n_jobs, floor)} (target <= 1.0x)")


def main() -> int:
    """Parse the arguments; run a helper (in its own process) or the benchmark."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, help="repetitions per measurement (default 3; 1 with --quick)")
    ap.add_argument("--quick", action="store_true",
                    help="the smallest run through every code path: one run each, no warm-up, a fan-out of 2 "
                         "provinces x 2 languages, a sweep of 1 x 2; no step 0, no make reports, no 1-vs-2 worker "
                         "build (tests/test_benchmarks.py runs it)")
    ap.add_argument("--skip-parallel", action="store_true", help="skip the 1-vs-2 worker build")
    ap.add_argument("--step0-only", action="store_true", help="only the bytecode / rfc3987-syntax comparison")
    ap.add_argument("--_floor-once", dest="floor_once", metavar="DIR", help=argparse.SUPPRESS)
    ap.add_argument("--_job-once", dest="job_once", metavar="JOB", help=argparse.SUPPRESS)
    ap.add_argument("--_pure-floor-once", dest="pure_floor_once", metavar="DIR", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.quick and args.step0_only:
        ap.error("--quick skips step 0; --step0-only runs nothing else")
    if args.pure_floor_once:
        _pure_floor_once(Path(args.pure_floor_once))
        return 0
    if args.floor_once:
        _floor_once(Path(args.floor_once))
        return 0
    if args.job_once:
        _job_once(args.job_once)
        return 0

    sys.stdout.reconfigure(line_buffering=True)  # each figure as soon as it is measured (a full run takes long)
    py, scale = sys.executable, _scale(args)
    print(f"zcparks build benchmark ({'quick, ' if args.quick else ''}{scale.runs} run(s) each; machine: "
          f"{len(os.sched_getaffinity(0))} cores)")
    _data_current()
    with tempfile.TemporaryDirectory(prefix="zcparks-bench-") as tmp_name:
        tmp = Path(tmp_name)
        project = _project(tmp / "page", [_configured(PAGE_REPORT)])
        if scale.heavy:
            _step0(py, scale.runs, project, tmp)
            if args.step0_only:
                return 0
        floor = _per_page(py, scale, project, tmp)
        if scale.heavy:
            _noop_make(scale)
        _sizes(py, project, tmp)
        _cold_and_sweep(py, scale, project, tmp, floor)
        _fanout(py, scale, tmp, floor)
        if scale.heavy:
            _full_make(floor)
            if not args.skip_parallel:
                _parallel(py, floor)
    return 0


if __name__ == "__main__":
    sys.exit(main())
