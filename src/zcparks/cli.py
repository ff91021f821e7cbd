"""``zcparks``: list notebooks, run one, build every configured report, write the index.

Run ``zcparks --help`` or ``zcparks COMMAND --help``.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml

from zcparks.errors import ZcparksError

EPILOG = "Docs: README.md. Parameters of every notebook are declared in src/zcparks/params.py."


# --------------------------------------------------------------------------- helpers


def _scalar(text: str) -> Any:
    """A -p value as papermill would read it (YAML scalar: 1 -> int, true -> bool, zh -> str)."""
    try:
        v = yaml.safe_load(text)
    except yaml.YAMLError:
        return text
    return v if isinstance(v, (str, int, float, bool)) else text


def _params_from(args: argparse.Namespace) -> dict[str, Any]:
    given: dict[str, Any] = {}
    if args.file:
        path = Path(args.file)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ZcparksError(f"{path}: cannot read parameters ({exc})") from None
        if not isinstance(data, dict):
            raise ZcparksError(f"{path}: expected a mapping of parameter names to values")
        given.update(data)
    for name, value in args.param or []:
        given[name] = _scalar(value)
    return given


# --------------------------------------------------------------------------- commands


def cmd_list(args: argparse.Namespace) -> int:
    from zcparks import jobs, params

    lang = args.lang
    for name, sp in params.NOTEBOOKS.items():
        print(f"{name}  —  {sp.title(lang)}")
        print(f"  notebooks/{name}.ipynb; reads: {', '.join(sp.reads)}")
        for p in sp.params:
            help_text = p.help_zh if lang == "zh" else p.help_en
            print(f"  -p {p.name} ({p.type.__name__}, default {p.default!r}; allowed: {p.describe_allowed()})")
            print(f"       {help_text}")
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
    from zcparks import params, paths
    from zcparks.jobs import Job
    from zcparks.runner import ADHOC, run_job

    sp = params.spec(args.notebook)
    values = params.validate(sp.name, _params_from(args))  # fails here, before anything runs
    out_dir = Path(args.output_dir) if args.output_dir else paths.reports_dir() / "adhoc"
    stem = ".".join([sp.name] + [str(v) for v in values.values()])
    stem = re.sub(r"[^\w.\-]", "_", stem)
    job = Job(id=f"{ADHOC}.{stem}", report=ADHOC, notebook=sp.name, group="overview", params=values,
              output=f"adhoc/{stem}.html", mode=args.mode)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{stem}.html"
    print(f"running {sp.name} with {values} ...", file=sys.stderr)
    t0 = time.perf_counter()
    run_job(job, mode=args.mode, out_html=target, log_output=args.verbose)
    shutil.copy2(paths.reports_dir() / "_work" / f"{job.id}.ipynb", out_dir / f"{stem}.ipynb")
    print(f"wrote {target} and {out_dir / (stem + '.ipynb')} in {time.perf_counter() - t0:.1f}s ({args.mode} mode)")
    return 0


def cmd_run_job(args: argparse.Namespace) -> int:
    from zcparks import jobs, paths
    from zcparks.runner import run_job

    all_jobs = jobs.jobs()
    j = jobs.job(args.job, all_jobs)
    t0 = time.perf_counter()
    sys.stderr.write(f"[report] {j.id}: running notebooks/{j.notebook}.ipynb\n")
    sys.stderr.flush()
    path = run_job(j, all_jobs, mode=args.mode)
    sys.stderr.write(f"[report] {j.id}: ok in {time.perf_counter() - t0:.1f}s -> {paths.rel(path)}\n")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from zcparks import jobs, site

    all_jobs = jobs.jobs()
    selected = [j for j in all_jobs if not args.only or re.search(args.only, j.id)]
    if not selected:
        raise ZcparksError(f"no job matches --only {args.only!r}; jobs: {', '.join(j.id for j in all_jobs)}")
    env = dict(os.environ)
    failures: dict[str, str] = {}

    def one(j) -> tuple[str, int, str]:
        cmd = [sys.executable, "-m", "zcparks.cli", "run-job", j.id] + (["--mode", args.mode] if args.mode else [])
        r = subprocess.run(cmd, capture_output=True, text=True, env=env)
        return j.id, r.returncode, (r.stderr or "").strip()

    t0 = time.perf_counter()
    with tqdm(total=len(selected), desc="reports", unit="report", file=sys.stderr, disable=args.quiet) as bar, \
            cf.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for job_id, rc, err in (f.result() for f in cf.as_completed([pool.submit(one, j) for j in selected])):
            if rc != 0:
                failures[job_id] = err.splitlines()[-1] if err else f"exit code {rc}"
                tqdm.write(f"FAILED {job_id}: {failures[job_id]}", file=sys.stderr)
            bar.update(1)
    site.write_index(all_jobs)
    text, _ = site.summary(selected)
    print(text)
    print(f"built {len(selected) - len(failures)}/{len(selected)} in {time.perf_counter() - t0:.1f}s "
          f"with {args.jobs} worker(s); index: reports/index.html")
    return 1 if failures else 0


def cmd_index(args: argparse.Namespace) -> int:
    from zcparks import jobs, site

    names = site.write_index(jobs.jobs())
    print(f"wrote {', '.join('reports/' + n for n in names)}", file=sys.stderr)
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from zcparks import jobs, report, site

    all_jobs = jobs.jobs()
    text, failed = site.summary(all_jobs)
    print(text)
    problems = []
    if args.check:
        for j in all_jobs:
            p = j.html_path()
            if p.exists():
                problems += [f"{j.id}: {x}" for x in report.offline_problems(p.read_text(encoding="utf-8"))]
        print(f"offline check: {'ok' if not problems else str(len(problems)) + ' problem(s)'}")
        for x in problems:
            print(f"  {x}")
    return 1 if failed or problems else 0


def cmd_makefile(args: argparse.Namespace) -> int:
    from zcparks import jobs, paths
    from zcparks.data.build import datasets

    root = paths.root()
    all_jobs = jobs.jobs()
    ds = datasets()
    params_dir = root / "build" / "params"
    params_dir.mkdir(parents=True, exist_ok=True)
    lines = [
        "# Generated by `zcparks makefile` from reports.yaml: do not edit (make reports regenerates it).",
        "VPY := .venv/bin/python",
        "ZC := $(VPY) -m zcparks.cli",
        "ZC_CODE := $(shell find src/zcparks -type f \\( -name '*.py' -o -name '*.j2' -o -name '*.css' \\))",
        f"HTML := {' '.join('reports/' + j.output for j in all_jobs)}",
        "STATUS := $(wildcard reports/_status/*.json)",
        ".PHONY: html index",
        "html: $(HTML)",
        "index: reports/index.html",
        "reports/index.html: $(STATUS) reports.yaml",
        "\t@$(ZC) index",
    ]
    for j in all_jobs:
        pfile = params_dir / f"{j.id}.json"
        text = j.to_json() + "\n"
        if not pfile.exists() or pfile.read_text(encoding="utf-8") != text:
            pfile.write_text(text, encoding="utf-8")
        raw = sorted({f"data/raw/{s}/{f}" for d in j.spec.reads for s, f in ds[d]})
        deps = [f"notebooks/{j.notebook}.ipynb", f"build/params/{j.id}.json", "$(ZC_CODE)", "requirements.lock"] + raw
        lines.append(f"reports/{j.output}: {' '.join(deps)} | data/processed/.built")
        lines.append(f"\t@$(ZC) run-job {j.id}")
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {out} ({len(all_jobs)} report job(s))", file=sys.stderr)
    return 0


def cmd_params_cell(args: argparse.Namespace) -> int:
    from zcparks import params

    print(params.parameters_cell(args.notebook))
    print()
    print(params.check_cell(args.notebook))
    return 0


# --------------------------------------------------------------------------- parser


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="zcparks",
        description="zcparks: parameterised notebooks and offline HTML reports on China's national zero-carbon parks "
                    "(国家级零碳园区).",
        epilog=EPILOG,
    )
    sub = ap.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("list", help="list notebooks, their parameters and defaults, and the configured reports",
                       description="List notebooks, their parameters (type, default, allowed values, help) and the "
                                   "report jobs of reports.yaml.")
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="language of titles and help (default: en)")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("run", help="run one notebook with parameters -> executed notebook + HTML report",
                       description="Run NOTEBOOK (e.g. 01-pilot-parks) with parameters; parameters are checked "
                                   "before anything runs. Writes <stem>.ipynb and <stem>.html into the output folder.")
    p.add_argument("notebook", help="notebook name, e.g. 01-pilot-parks (see `zcparks list`)")
    p.add_argument("-p", "--param", nargs=2, action="append", metavar=("NAME", "VALUE"),
                   help="a parameter, e.g. -p lang zh (repeatable; values are read as YAML scalars like papermill)")
    p.add_argument("-f", "--file", metavar="PARAMS.yaml", help="YAML file of parameters (-p wins over it)")
    p.add_argument("-o", "--output-dir", metavar="DIR", help="output folder (default: reports/adhoc)")
    p.add_argument("--mode", choices=("standalone", "site"), default="standalone",
                   help="standalone (default): one self-contained HTML file; site: uses reports/assets/")
    p.add_argument("-v", "--verbose", action="store_true", help="stream the notebook's output while it runs")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("build", help="build every configured report in parallel, with progress and a summary",
                       description="Run every job of reports.yaml (each in its own process), write the index pages "
                                   "and print a summary. Exit code 1 if any report failed (the last good HTML of a "
                                   "failed report is kept).")
    p.add_argument("-j", "--jobs", type=int, default=2, help="reports built at the same time (default: 2)")
    p.add_argument("--only", metavar="REGEX", help="only jobs whose ID matches REGEX, e.g. 'pilot-parks\\.zh'")
    p.add_argument("--mode", choices=("standalone", "site"), help="override the configured mode")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("run-job", help="run one configured job by ID (what make calls)",
                       description="Run one job of reports.yaml by its ID (see `zcparks list`).")
    p.add_argument("job", help="job ID, e.g. pilot-parks.en")
    p.add_argument("--mode", choices=("standalone", "site"), help="override the configured mode")
    p.set_defaults(func=cmd_run_job)

    p = sub.add_parser("index", help="write reports/index.html and reports/index.zh.html",
                       description="Write the index pages from reports.yaml and the status of each job.")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("summary", help="print the state of every report; exit 1 if any failed",
                       description="Print ok / failed / stale / missing for every configured report.")
    p.add_argument("--check", action="store_true", help="also scan built HTML for requests to other hosts")
    p.set_defaults(func=cmd_summary)

    p = sub.add_parser("makefile", help="generate the make rules of the report jobs (used by make reports)",
                       description="Write the per-report make rules (dependencies: notebook, parameters, zcparks "
                                   "code, the raw files behind the data the notebook reads).")
    p.add_argument("-o", "--output", default="build/reports.mk", help="output file (default: build/reports.mk)")
    p.set_defaults(func=cmd_makefile)

    p = sub.add_parser("params-cell", help="print the parameters cell and check cell a notebook must start with",
                       description="Print the text of NOTEBOOK's parameters cell (from zcparks/params.py).")
    p.add_argument("notebook")
    p.set_defaults(func=cmd_params_cell)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except ZcparksError as exc:
        from zcparks.errors import ParameterError

        sys.stderr.write(f"zcparks {args.command}: {exc}\n")
        return 2 if isinstance(exc, ParameterError) else 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
