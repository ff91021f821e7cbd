"""``zcparks``: list notebooks, run one, build every configured report, write the index.

Run ``zcparks --help`` or ``zcparks COMMAND --help``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

from zcparks.errors import ZcparksError

EPILOG = ("Docs: README.md and docs/ (researchers.md: run, sweep, score); parameters: docs/parameters.md. "
          "Each analysis declares its parameters in src/zcparks/analyses/<package>/spec.yaml.")


# --------------------------------------------------------------------------- helpers


def _info(message: str) -> None:
    """A progress line on stderr, unless ``ZCPARKS_QUIET`` is set (``make reports QUIET=1``, for cron)."""
    if not os.environ.get("ZCPARKS_QUIET"):
        print(message, file=sys.stderr)


def _params_from(args: argparse.Namespace) -> dict[str, Any]:
    from zcparks.report.params import read_scalar

    given: dict[str, Any] = {}
    if args.file:
        from zcparks import yamlfile
        from zcparks.errors import ParameterError

        path = Path(args.file)
        try:
            data = yamlfile.load(path, max_bytes=yamlfile.MAX_PARAMETERS_BYTES) or {}
        except ZcparksError as exc:
            raise ParameterError(f"parameters file {exc}") from None
        if not isinstance(data, dict):
            raise ParameterError(f"{path}: expected a mapping of parameter names to values, e.g. 'lang: zh'")
        given.update(data)
    for name, value in args.param or []:
        given[name] = read_scalar(value)
    return given


def _resolve_files(sp: Any, values: dict[str, Any]) -> dict[str, Any]:
    """File parameters (``file: true`` in the spec) as absolute paths from the caller's directory, checked to exist.

    The notebook runs in ``notebooks/``, so a path relative to where the user typed the command would not be found
    there.

    Raises:
        ParameterError: naming the parameter and the path when the file does not exist.
    """
    from zcparks.errors import ParameterError

    out = dict(values)
    for p in sp.params:
        v = out.get(p.name)
        if not (p.file and isinstance(v, str) and v):
            continue
        path = Path(v).expanduser()
        if not path.is_absolute():
            path = Path.cwd() / path
        if not path.is_file():
            raise ParameterError(f"parameter {p.name}: no such file {v!r} (looked for {path})")
        out[p.name] = str(path.resolve())
    return out


def _output_folder(path: Path) -> Path:
    """Make the output folder ``path`` (with its parents) before anything runs.

    Raises:
        ZcparksError: it cannot be made (a read-only or system folder, a file in the way); names it and why.
    """
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ZcparksError(f"cannot make the output folder {path} ({exc.strerror or exc})") from None
    return path


def _current_data() -> None:
    """Make ``data/processed/`` current before an ad-hoc run or a sweep.

    When a raw file changed since the last data build, rebuild (like ``make data``, under the build lock), so the page
    and its manifest describe the raw files as they are now.
    """
    import zcparks.data as d
    from zcparks import paths
    from zcparks.buildstate import lock as buildlock
    from zcparks.buildstate import stamps
    from zcparks.data.build import build

    stale = d.stale_raw_files() if (paths.processed_dir() / ".built").exists() else []
    if not stale:
        d.ensure_built()
        return
    print(f"zcparks: {len(stale)} raw file(s) changed since the last data build (e.g. {paths.rel(stale[0])}); "
          "rebuilding data/processed/ first (same as `make data`)", file=sys.stderr)
    with contextlib.ExitStack() as stack:
        if not buildlock.holding():
            stack.enter_context(buildlock.held("zcparks: rebuild data/processed/"))
        stamps.refresh()  # make then sees these bytes as the current ones (pages built from them are not stale)
        build(log=lambda m: print(m, file=sys.stderr))


# --------------------------------------------------------------------------- commands


def cmd_list(args: argparse.Namespace) -> int:
    """``zcparks list``: analyses (slug, notebook, package), their parameters, and the configured jobs."""
    from zcparks.report import jobs, registry

    lang = args.lang
    for a in registry.analyses().values():
        sp = a.spec
        print(f"{sp.slug}  —  {sp.title_in(lang)}")
        print(f"  notebook notebooks/{sp.notebook}.ipynb; package {a.package}; reads: {', '.join(sp.reads)}")
        for p in sp.params:
            print(f"  -p {p.name} ({p.type.__name__}, default {p.default!r}; allowed: {p.describe_allowed(lang)})")
            print(f"       {p.help[lang]}")
        print()
    try:
        all_jobs = jobs.jobs()
    except ZcparksError as exc:
        print(f"reports.yaml: {exc}", file=sys.stderr)
        return 1
    print(f"Configured reports (reports.yaml): {len(all_jobs)} job(s)")
    for j in all_jobs:
        print(f"  {j.id:<32} -> reports/{j.output}")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    """``zcparks run NAME``: one notebook with parameters -> an executed notebook and a page (standalone by default)."""
    import asyncio

    from zcparks import paths
    from zcparks.engine.runner import adhoc_job, run_adhoc_async
    from zcparks.report import registry

    sp = registry.spec(args.notebook)
    _current_data()  # the parameters' ID sets and the notebook's tables, built from the raw files as they are
    values = _resolve_files(sp, sp.validate(_params_from(args)))  # fails here, before anything runs
    out_dir = _output_folder(Path(args.output_dir) if args.output_dir else paths.reports_dir() / "adhoc")
    job, target = adhoc_job(sp, values, out_dir, args.mode)
    print(f"running {sp.slug} (notebooks/{sp.notebook}.ipynb) with {values} ...", file=sys.stderr)
    t0 = time.perf_counter()
    executed = asyncio.run(run_adhoc_async(job, target, log_output=args.verbose))
    print(f"wrote {target} and {executed} in {time.perf_counter() - t0:.1f}s ({args.mode} mode)")
    return 0


def cmd_sweep(args: argparse.Namespace) -> int:
    """``zcparks sweep NAME -p year 2021,2022 -p lang en,zh``: a grid of runs and one table of their records."""
    from zcparks import paths
    from zcparks.engine import sweep
    from zcparks.report import registry

    sp = registry.spec(args.notebook)
    _current_data()
    combos = sweep.grid(sp, args.param or [], Path(args.file) if args.file else None)  # fails before anything runs
    combos = [_resolve_files(sp, c) for c in combos]  # input files from the caller's folder, checked before any run
    out_dir = Path(args.output_dir) if args.output_dir else paths.root() / "build" / "sweeps" / sp.slug
    _output_folder(out_dir)
    if not args.quiet:
        print(f"sweep {sp.slug}: {len(combos)} run(s), {args.jobs} at a time -> {paths.rel(out_dir)}", file=sys.stderr)
    try:
        rows, csv = sweep.run(sp, combos, out_dir, jobs=args.jobs, pages=args.pages, progress=not args.quiet,
                              scheduler=args.scheduler, wait=not args.no_wait)
    except BlockingIOError as exc:  # --no-wait and another sweep writes to the folder
        from zcparks.buildstate.lock import BUSY

        print(f"zcparks sweep: {exc}; try again when it has finished, or choose another -o", file=sys.stderr)
        return BUSY
    failed = [r for r in rows if r["status"] != "ok"]
    for r in failed:
        shown = ", ".join(f"{k}={r[k]}" for k in combos[0])
        print(f"failed: {shown}: {r['error']}", file=sys.stderr)
    print(f"{len(rows) - len(failed)} ok, {len(failed)} failed; table: {paths.rel(csv)} (+ sweep.parquet)")
    return 1 if failed else 0


def cmd_run_job(args: argparse.Namespace) -> int:
    """``zcparks run-job JOB``: one configured job (what make calls)."""
    from zcparks import paths
    from zcparks.engine.runner import run_job
    from zcparks.report import jobs

    all_jobs = jobs.jobs()
    j = jobs.job(args.job, all_jobs)
    t0 = time.perf_counter()
    sys.stderr.write(f"[report] {j.id}: running notebooks/{j.notebook}.ipynb\n")
    sys.stderr.flush()
    path = run_job(j, all_jobs, mode=args.mode)
    sys.stderr.write(f"[report] {j.id}: ok in {time.perf_counter() - t0:.1f}s -> {paths.rel(path)}\n")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """``zcparks build``: every configured job on warm kernels (the engine, in this process), the index, a summary."""
    import asyncio

    from zcparks.engine import server as engine
    from zcparks.report import jobs, site

    all_jobs = jobs.jobs()
    selected = [j for j in all_jobs if not args.only or re.search(args.only, j.id)]
    if not selected:
        raise ZcparksError(f"no job matches --only {args.only!r}; jobs: {', '.join(j.id for j in all_jobs)}")
    from zcparks.buildstate import lock as buildlock

    _current_data()  # pages from the raw files as they are (rebuilds stale data under the lock first)
    with contextlib.ExitStack() as stack:
        if not buildlock.holding():  # only this process writes the site, under the lock
            stack.enter_context(buildlock.held("zcparks build"))
        ids = [j.id for j in selected]
        if args.scheduler:
            from zcparks.engine import scaleout

            eng = scaleout.build(ids, args.scheduler, workers=max(1, args.jobs), mode=args.mode, quiet=args.quiet)
        else:
            eng = asyncio.run(engine.build(ids, max(1, args.jobs), quiet=args.quiet, mode=args.mode))
        site.write_index(all_jobs)
    text, failed = eng.summary()
    print(text)
    print("index: reports/index.html")
    return 1 if failed else 0


def cmd_engine(args: argparse.Namespace) -> int:
    """``zcparks engine start|stop|serve|status``: the build's engine server (make reports uses it)."""
    from zcparks.engine import server as engine

    if args.action == "serve":
        return engine.main_serve(args.jobs, args.total, args.quiet, args.watch)
    if args.action == "start":
        size = args.jobs or engine.jobs_from_makeflags(os.environ.get("MAKEFLAGS"), int(os.environ.get("JOBS", "2")))
        if not engine.start(size, args.total, args.quiet, args.watch):
            print("zcparks engine: the engine server did not start; pages run cold", file=sys.stderr)
        return 0
    if args.action == "stop":
        got = engine.stop()
        if got is None:
            return 0
        text, status = got
        if text:
            print(text)
        return status
    from zcparks.engine import client as engineclient

    reply = engineclient.request({"op": "ping"}, quiet=True)
    print(reply["message"] if reply else "no engine server is running")
    return 0 if reply else 1


def cmd_index(args: argparse.Namespace) -> int:
    """``zcparks index``: write the index pages."""
    from zcparks.report import jobs, site

    names = site.write_index(jobs.jobs())
    _info(f"wrote {', '.join('reports/' + n for n in names)}")
    return 0


def cmd_redirects(args: argparse.Namespace) -> int:
    """``zcparks redirects``: (re)write the redirect pages at the old addresses of every built page."""
    from zcparks.engine.runner import write_redirects
    from zcparks.report import jobs

    written = [p for j in jobs.jobs() for p in write_redirects(j)]
    _info(f"wrote {len(written)} redirect page(s)")
    return 0


def cmd_assets(args: argparse.Namespace) -> int:
    """``zcparks assets``: (re)write the site's shared assets and the downloadable tables (a make target)."""
    from zcparks import paths
    from zcparks.report.jobs import load_config
    from zcparks.report.render import DATASETS_ASSET, vega_bundle_name, write_assets, write_downloads

    config = load_config()
    written = write_assets(config.shared_datasets) + write_downloads(config.downloads)
    for p in written:
        _info(f"wrote {paths.rel(p)}")
    # make's grouped target (build/reports.mk: ASSETS and DOWNLOADS): every target counts as remade, also those whose
    # bytes did not change and were left alone, or make would find them older than a changed table on every run
    site = paths.reports_dir()
    for p in [site / "assets" / vega_bundle_name(), site / "assets" / DATASETS_ASSET,
              *(site / "downloads" / f for f in config.downloads)]:
        if p.exists():
            os.utime(p)
    return 0


def cmd_missing_input(args: argparse.Namespace) -> int:
    """``zcparks missing-input FILE``: a page input is gone; mark the pages that need it failed and say so."""
    from zcparks import paths
    from zcparks.buildstate import stamps
    from zcparks.engine import makerules
    from zcparks.engine.runner import mark_failed
    from zcparks.report import jobs

    engine = makerules.engine_files()
    missing = stamps.input_of(args.file)  # make names the input's stamp
    stamp = stamps.stamp_of(missing)
    needing = [j for j in jobs.jobs() if stamp in makerules.page_dependencies(j, engine)]
    args.file = missing
    for j in needing:
        mark_failed(j, f"missing input {args.file}")
        params = paths.root() / "build" / "params" / f"{j.id}.json"
        if params.exists():
            params.touch()  # a prerequisite of the page: once the input is back, the next make rebuilds the page
    names = ", ".join(j.id for j in needing) or "no configured page"
    sys.stderr.write(f"zcparks: missing input {args.file}, needed by {names}; the last good pages are kept\n")
    return 1


def cmd_summary(args: argparse.Namespace) -> int:
    """``zcparks summary``: the state of every job; with --check, the offline scan of every page."""
    from zcparks.report import jobs, render, site

    all_jobs = jobs.jobs()
    text, failed = site.summary(all_jobs)
    print(text)
    problems = []
    if args.check:
        for j in all_jobs:
            p = j.html_path()
            if p.exists():
                problems += [f"{j.id}: {x}" for x in render.offline_problems(p.read_text(encoding="utf-8"))]
        print(f"offline check: {'ok' if not problems else str(len(problems)) + ' problem(s)'}")
        for x in problems:
            print(f"  {x}")
    return 1 if failed or problems else 0


def cmd_pdf(args: argparse.Namespace) -> int:
    """``zcparks pdf [REPORT...]``: print built pages to PDF with headless Chromium."""
    from zcparks.errors import ZcparksError
    from zcparks.report import jobs, pdf

    all_jobs = jobs.jobs()
    known = list(dict.fromkeys(j.report for j in all_jobs))
    wanted = args.reports or [r for r in known if all(j.index_by is None for j in all_jobs if j.report == r)]
    unknown = [r for r in wanted if r not in known]
    if unknown:
        raise ZcparksError(f"zcparks pdf: unknown report(s) {', '.join(unknown)}; the reports are: {', '.join(known)}")
    pages = [j for j in all_jobs if j.report in wanted and (not args.lang or j.lang in args.lang)]
    out = Path(args.output).resolve() if args.output else None
    written = pdf.print_pages(pages, out_dir=out, progress=not args.quiet)
    _info(f"wrote {len(written)} PDF(s) under {written[0].parent if len(written) == 1 else (out or 'reports/pdf')}")
    return 0


def cmd_check_site(args: argparse.Namespace) -> int:
    """``zcparks check-site``: every page of the index, the files it references, its manifest (see site.check_site)."""
    from zcparks.report import jobs, site

    text, broken = site.check_site(jobs.jobs())
    print(text)
    return 1 if broken else 0


def cmd_makefile(args: argparse.Namespace) -> int:
    """``zcparks makefile``: write the per-page make rules (see :mod:`zcparks.engine.makerules`)."""
    from zcparks.engine import makerules

    n = makerules.write(Path(args.output))
    _info(f"wrote {args.output} ({n} report job(s))")
    return 0


def cmd_params_cell(args: argparse.Namespace) -> int:
    """``zcparks params-cell NAME``: the parameters cell and the check cell of a notebook."""
    from zcparks.report import registry

    params_cell, check = registry.notebook_cells(args.notebook)
    print(params_cell)
    print()
    print(check)
    return 0


def cmd_params_doc(args: argparse.Namespace) -> int:
    """``zcparks params-doc``: write docs/parameters.md from every analysis's spec."""
    from zcparks import paths
    from zcparks.report import params, registry

    out = Path(args.output) if args.output else paths.root() / "docs" / "parameters.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    text = params.reference_markdown([a.spec for a in registry.analyses().values()])
    out.write_text(text, encoding="utf-8")
    print(f"wrote {paths.rel(out)} ({len(registry.analyses())} notebook(s))", file=sys.stderr)
    return 0


def cmd_vars_doc(args: argparse.Namespace) -> int:
    """``zcparks vars-doc``: write docs/variables.md from the variable dictionary (``variables.yaml``)."""
    from zcparks import paths
    from zcparks.data import dictionary

    out = Path(args.output) if args.output else paths.root() / "docs" / "variables.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    dic = dictionary.load()
    out.write_text(dictionary.reference_markdown(dic), encoding="utf-8")
    print(f"wrote {paths.rel(out)} ({len(dic.variables)} variable(s))", file=sys.stderr)
    return 0


def cmd_api_doc(args: argparse.Namespace) -> int:
    """``zcparks api-doc``: write docs/api.md from the public modules of zcparks.methods and zcparks.models."""
    from zcparks import apidoc, paths

    missing = apidoc.problems()
    if missing:
        raise ZcparksError("the public API is incomplete: " + "; ".join(missing))
    out = Path(args.output) if args.output else paths.root() / "docs" / "api.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(apidoc.markdown(), encoding="utf-8")
    print(f"wrote {paths.rel(out)}", file=sys.stderr)
    return 0


def cmd_score(args: argparse.Namespace) -> int:
    """``zcparks score BALANCE``: the core indicator and rule-set verdicts of a park balance, as a table or JSON."""
    import json

    from zcparks.data import balance
    from zcparks.models import scoring as sc
    from zcparks.views.scoring import score_text

    _current_data()
    b = balance.load(args.balance)
    ctx = sc.setup()
    out = sc.score(b, ctx, year=args.year, calibres=args.calibre, all_calibres=args.all_calibres,
                   rulesets=args.ruleset, clean_includes_gas=args.clean_includes_gas)
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    print(score_text(out))
    return 0


# --------------------------------------------------------------------------- parser


def parser() -> argparse.ArgumentParser:
    """The ``zcparks`` argument parser: one sub-command per task, each with ``--help``."""
    ap = argparse.ArgumentParser(
        prog="zcparks",
        description="zcparks: parameterised notebooks and offline HTML reports on China's national zero-carbon parks "
                    "(国家级零碳园区).",
        epilog=EPILOG,
    )
    sub = ap.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("list", help="list analyses (slug, notebook, package), their parameters, and the reports",
                       description="List every analysis with its slug, notebook and package, its parameters (type, "
                                   "default, allowed values, help) and the report jobs of reports.yaml.")
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="language of titles and help (default: en)")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("run", help="run one notebook with parameters -> executed notebook + HTML report",
                       description="Run an analysis's notebook (by slug, e.g. pilot-parks, or notebook name, e.g. "
                                   "01-pilot-parks) with parameters; parameters are checked before anything runs. "
                                   "Writes <stem>.ipynb and <stem>.html into the output folder.")
    p.add_argument("notebook", help="analysis slug or notebook name, e.g. pilot-parks or 01-pilot-parks (`zcparks list`)")
    p.add_argument("-p", "--param", nargs=2, action="append", metavar=("NAME", "VALUE"),
                   help="a parameter, e.g. -p lang zh (repeatable; values are read as YAML scalars like papermill)")
    p.add_argument("-f", "--file", metavar="PARAMS.yaml", help="YAML file of parameters (-p wins over it)")
    p.add_argument("-o", "--output-dir", metavar="DIR", help="output folder (default: reports/adhoc)")
    p.add_argument("--mode", choices=("standalone", "site"), default="standalone",
                   help="standalone (default): one self-contained HTML file; site: uses reports/assets/")
    p.add_argument("-v", "--verbose", action="store_true", help="stream the notebook's output while it runs")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("sweep", help="run a notebook over a grid of parameters and tabulate what it records",
                       description="Run an analysis's notebook for every combination of the given values (each run "
                                   "in its own process) and collect each run's parameters, status and recorded values "
                                   "(zcparks.record) into sweep.csv and sweep.parquet beside the executed notebooks. "
                                   "A failed run is listed with its error and does not stop the others (exit code 1). "
                                   "Writes nothing into the site.")
    p.add_argument("notebook", help="analysis slug or notebook name, e.g. grid-factors (`zcparks list`)")
    p.add_argument("-p", "--param", nargs=2, action="append", metavar=("NAME", "VALUES"),
                   help="a parameter and its comma-separated values, e.g. -p year 2021,2022,2023 (repeatable); "
                        "for a list parameter each value is a run with a one-item list; for lists of several items "
                        "or values that contain commas use -f")
    p.add_argument("-f", "--file", metavar="GRID.yaml",
                   help="YAML mapping of parameter names to lists of values, e.g. 'metrics: [[grid_factor], "
                        "[co2_per_real_gdp, energy_per_real_gdp]]' (-p wins)")
    p.add_argument("-o", "--output-dir", metavar="DIR", help="output folder (default: build/sweeps/<slug>)")
    p.add_argument("-j", "--jobs", type=int, default=int(os.environ.get("JOBS", "2")),
                   help="runs at the same time (default: $JOBS or 2)")
    p.add_argument("--pages", action="store_true", help="also keep each run's standalone HTML page")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="run the combinations on a Dask cluster: tcp://HOST:8786, or `local` for a LocalCluster of "
                        "-j workers; only this process writes the output folder (see docs/researchers.md)")
    p.add_argument("--no-wait", action="store_true",
                   help="when another sweep is writing to the output folder, exit at once (status 75) naming it, "
                        "instead of waiting for it to finish")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar (for cron)")
    p.set_defaults(func=cmd_sweep)

    p = sub.add_parser("build", help="build every configured report in parallel, with progress and a summary",
                       description="Run every job of reports.yaml on warm kernels (a fresh kernel per page), "
                                   "write the index pages "
                                   "and print a summary. Exit code 1 if any report failed (the last good HTML of a "
                                   "failed report is kept).")
    p.add_argument("-j", "--jobs", type=int, default=2,
                   help="reports built at the same time (default: 2); with --scheduler local, the Dask workers")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="run the pages on a Dask cluster: tcp://HOST:8786 (a running `dask scheduler`), or `local` "
                        "for a LocalCluster of -j workers; only this process writes the site (see docs/researchers.md)")
    p.add_argument("--only", metavar="REGEX", help="only jobs whose ID matches REGEX, e.g. 'pilot-parks\\.zh'")
    p.add_argument("--mode", choices=("standalone", "site"), help="override the configured mode")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("engine", help="start, stop or query the build's engine server (what make reports calls)",
                       description="The engine keeps kernels warm for a build. `start` launches a server on "
                                   "build/engine.sock in the background (pool size: --jobs, else -jN from MAKEFLAGS, "
                                   "else $JOBS); page rules then send it their job (python -m zcparks.engine.client). "
                                   "`stop` prints the engine's summary of the build and exits 1 if a page failed. "
                                   "`status` says whether a server runs; `serve` is the server itself.")
    p.add_argument("action", choices=("start", "stop", "status", "serve"))
    p.add_argument("-j", "--jobs", type=int, default=0, help="kernels kept warm (default: make's -jN, else $JOBS)")
    p.add_argument("--total", type=int, default=0, help="pages expected (for the progress bar)")
    p.add_argument("--watch", type=int, metavar="PID", help="stop when process PID (the build) is gone")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no line per page (cron)")
    p.set_defaults(func=cmd_engine)

    p = sub.add_parser("run-job", help="run one configured job by ID (what make calls)",
                       description="Run one job of reports.yaml by its ID (see `zcparks list`).")
    p.add_argument("job", help="job ID, e.g. pilot-parks.en")
    p.add_argument("--mode", choices=("standalone", "site"), help="override the configured mode")
    p.set_defaults(func=cmd_run_job)

    p = sub.add_parser("index", help="write reports/index.html and reports/index.zh.html",
                       description="Write the index pages from reports.yaml and the status of each job.")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("redirects", help="write the redirect pages at old page addresses (moved_from in reports.yaml)",
                       description="Write a small redirect page at each moved_from address of every built report, "
                                   "so that old links keep working.")
    p.set_defaults(func=cmd_redirects)

    p = sub.add_parser("missing-input", help="mark the pages that need a missing input file failed (make calls it)",
                       description="Say which pages need FILE (a deleted notebook or raw file), mark them failed in "
                                   "their status (their last good HTML is kept) and exit 1.")
    p.add_argument("file", help="the missing file, relative to the repository root")
    p.set_defaults(func=cmd_missing_input)

    p = sub.add_parser("assets", help="write the shared assets of site mode and the downloadable tables",
                       description="Write reports/assets/ (Vega bundle, shared map data) and reports/downloads/ (the "
                                   "tables listed under downloads in reports.yaml) when missing or out of date.")
    p.set_defaults(func=cmd_assets)

    p = sub.add_parser("summary", help="print the state of every report; exit 1 if any failed",
                       description="Print ok / failed / stale / missing for every configured report.")
    p.add_argument("--check", action="store_true", help="also scan built HTML for requests to other hosts")
    p.set_defaults(func=cmd_summary)

    p = sub.add_parser("check-site", help="check the built site: pages of the index, files they reference, manifests "
                                          "against the raw files (make check-site); exit 1 if a page is broken",
                       description="Offline check of reports/: every page the index lists exists; every file a page "
                                   "loads or links to (assets, downloads, the other language) exists; every raw-file "
                                   "hash in a page's manifest equals the file now. A changed raw file makes the "
                                   "page stale (listed), a missing file makes it broken (exit 1).")
    p.set_defaults(func=cmd_check_site)

    p = sub.add_parser("pdf", help="print built report pages to PDF with headless Chromium (make pdf)",
                       description="Print the built pages of REPORT (every language, every page of a fan-out) to A4 "
                                   "PDF with Debian's headless Chromium: each page is opened offline at print width, "
                                   "and printed once its charts are drawn. Without REPORT: every report that does not "
                                   "fan out over provinces or parks. PDFs go to reports/pdf/ (or -o DIR), each written "
                                   "atomically. Build the pages first (make reports).")
    p.add_argument("reports", nargs="*", metavar="REPORT", help="report ids (zcparks list), e.g. pilot-parks")
    p.add_argument("--lang", action="append", choices=("en", "zh"), help="only this language (repeatable)")
    p.add_argument("-o", "--output", metavar="DIR", help="write the PDFs here instead of reports/pdf/")
    p.add_argument("-q", "--quiet", action="store_true", help="no line per PDF")
    p.set_defaults(func=cmd_pdf)

    p = sub.add_parser("makefile", help="generate the make rules of the report jobs (used by make reports)",
                       description="Write the per-report make rules (dependencies: the engine, the notebook, its "
                                   "parameters, the zcparks files its analysis imports, the raw files behind the data "
                                   "it reads).")
    p.add_argument("-o", "--output", default="build/reports.mk", help="output file (default: build/reports.mk)")
    p.set_defaults(func=cmd_makefile)

    p = sub.add_parser("params-cell", help="print the parameters cell and check cell a notebook must start with",
                       description="Print the text of the parameters cell and the check cell of NOTEBOOK (an "
                                   "analysis slug or notebook name), from the analysis's spec.yaml.")
    p.add_argument("notebook", help="analysis slug or notebook name, e.g. pilot-parks")
    p.set_defaults(func=cmd_params_cell)

    p = sub.add_parser("score", help="score a park balance: core indicator under named or all calibres, rule sets",
                       description="Score a park balance (YAML or CSV; template: data/templates/park_balance.yaml) "
                                   "against the national zero-carbon park indicators: the core indicator I = E/Q "
                                   "(tCO2/tce) under the reference calibres (both provisional), or under every valid "
                                   "combination of the accounting switches; combinations that count green power twice "
                                   "are refused and listed. Also prints each rule set's verdict under the first "
                                   "calibre. The illustrative archetypes are "
                                   "data/raw/illustrative_balances/archetype_*.yaml.",
                       epilog="Example: zcparks score data/templates/park_balance.yaml --calibre text-copy --all-calibres")
    p.add_argument("balance", metavar="BALANCE", help="the park balance file (.yaml, .yml or .csv)")
    p.add_argument("--calibre", action="append", metavar="NAME",
                   help="reference calibre: spec-provisional or text-copy (repeatable; default: both)")
    p.add_argument("--all-calibres", action="store_true",
                   help="also score every valid combination of the switches (full factorial)")
    p.add_argument("--ruleset", action="append", metavar="ID",
                   help="rule set to judge by (repeatable; default: auto = national plus the park's province's own)")
    p.add_argument("--year", type=int, default=0, help="year of the balance to score (default: its latest)")
    p.add_argument("--clean-includes-gas", action="store_true",
                   help="count natural gas as clean energy in the clean-energy share (not confirmed by the rules)")
    p.add_argument("--json", action="store_true", help="print the result as JSON instead of tables")
    p.set_defaults(func=cmd_score)

    docs = (
        ("params-doc", "docs/parameters.md", "every notebook's parameters, en and zh", cmd_params_doc,
         "Write the parameter reference generated from every analysis's spec.yaml: notebook, parameter, type, "
         "default, allowed values, help in English and Chinese."),
        ("api-doc", "docs/api.md", "the public API of zcparks.methods and zcparks.models", cmd_api_doc,
         "Write the API reference of zcparks.methods and zcparks.models from each module's __all__, signatures and "
         "docstrings; refuses when a public name has no docstring."),
        ("vars-doc", "docs/variables.md", "every variable of the provincial panel", cmd_vars_doc,
         "Write the variable reference generated from the variable dictionary (src/zcparks/data/variables.yaml): "
         "names in English and Chinese, unit, coverage, price and energy basis, source file; derived indicators "
         "with their verdict."),
    )
    for name, target, what, func, description in docs:  # the generated reference pages (a test keeps each current)
        p = sub.add_parser(name, help=f"write {target} ({what})", description=description)
        p.add_argument("-o", "--output", metavar="FILE", help=f"output file (default: {target})")
        p.set_defaults(func=func)
    debug_help = "on an error, also print the Python traceback (default: one line; or set ZCPARKS_DEBUG=1)"
    ap.add_argument("--debug", action="store_true", help=debug_help)
    for command in sub.choices.values():  # also after the command: zcparks run NAME --debug
        command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=debug_help)
    return ap


PATH_ARGS = {"run": ("output_dir", "file"), "sweep": ("output_dir", "file"), "score": ("balance",), "pdf": ("output",)}
"""The path arguments of the commands a researcher types (``-o``, ``-f``, a balance file): resolved against the
caller's folder. (``missing-input FILE`` names a file relative to the project root, as make gives it.)"""


def _absolute_paths(args: argparse.Namespace) -> None:
    """Make every path argument absolute against the folder the command was typed in, once, at entry.

    Runs happen elsewhere (notebooks execute in ``notebooks/``, sweep runs in processes started at the root), so a
    relative ``-o out`` or ``-f params.yaml`` must mean the caller's ``./out``, whatever runs it later.
    """
    for name in PATH_ARGS.get(args.command, ()):
        value = getattr(args, name, None)
        if isinstance(value, str) and value:
            setattr(args, name, str(Path(os.path.abspath(Path(value).expanduser()))))


def main(argv: list[str] | None = None) -> int:
    """Run ``zcparks`` with ``argv``.

    Every error is one line on stderr naming what failed and why (the file, parameter or field); a traceback only
    with ``--debug`` (or ``ZCPARKS_DEBUG=1``).

    Returns:
        0 on success, 1 on an error, 2 on a bad parameter, 75 when another sweep holds the output folder
        (``--no-wait``), 130 on Ctrl-C.
    """
    args = parser().parse_args(argv)
    debug = bool(getattr(args, "debug", False) or os.environ.get("ZCPARKS_DEBUG"))
    _absolute_paths(args)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (zcparks list | head): nothing to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error when Python flushes stdout
        return 141
    except Exception as exc:
        if debug:
            raise
        from zcparks.errors import one_line

        sys.stderr.write(f"zcparks {args.command}: {one_line(exc)}\n")
        from zcparks.errors import ParameterError

        return 2 if isinstance(exc, ParameterError) else 1


if __name__ == "__main__":
    sys.exit(main())
