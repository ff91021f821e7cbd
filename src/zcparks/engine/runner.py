"""Run one report job: parameters -> executed notebook -> HTML, atomically; never lose the last good report.

* the notebook is parameterised as papermill does it (the injected cell) and executed by nbclient on a fresh,
  warmed kernel (:mod:`zcparks.engine.kernels`): one taken from the engine's pool, or started for this page
  alone (a cold run), by the same code;
* the executed notebook goes to ``reports/_work/<job>.ipynb``;
* on success the HTML is written to a temporary file and renamed over the old one;
* on failure the old HTML stays untouched, the executed notebook (with the failing cell's
  error output) is copied to ``reports/_failed/<job>.ipynb`` and the status says ``failed``.

Every run writes ``reports/_status/<job>.json`` (the index page and the nightly summary read it).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import shutil
import time
import traceback
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from zcparks import paths
from zcparks.buildstate.pagestatus import read_status, status_path
from zcparks.errors import BuildError, ParameterError, os_error_text
from zcparks.report import registry
from zcparks.report.jobs import Job
from zcparks.report.params import NotebookSpec

ADHOC = "adhoc"


def _write_status(job: Job, status: str, seconds: float, error: str | None = None,
                  recorded: dict[str, Any] | None = None) -> None:
    from zcparks.report.render import write_atomic

    if job.report == ADHOC:  # ad-hoc runs (zcparks run) are not part of the site
        return
    prev = read_status(job.id) or {}
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    data = {
        "job": job.id,
        "report": job.report,
        "analysis": job.analysis,
        "notebook": job.notebook,
        "group": job.group,
        "params": job.params,
        "output": job.output,
        "title": job.spec.title_in(job.lang, job.params),
        "status": status,
        "seconds": round(seconds, 2),
        "finished_at": now,
        "last_success_at": now if status == "ok" else prev.get("last_success_at"),
        "error": error,
        # the results the page's notebook recorded (zcparks.record), for the index's headlines; a failed build keeps
        # those of the last good page, which is the page still shown
        "records": recorded if status == "ok" else prev.get("records", {}),
    }
    write_atomic(status_path(job.id), json.dumps(data, ensure_ascii=False, indent=1))


def mark_failed(job: Job, error: str) -> None:
    """Record ``job`` as failed without running it (e.g. an input file is missing); its last good page is kept."""
    _write_status(job, "failed", 0.0, error=error)


PAGE_LIMIT_ENV = "ZCPARKS_PAGE_LIMIT"
DEFAULT_PAGE_LIMIT = 900.0  # seconds; a page that runs longer has its kernel killed and fails


def page_limit() -> float:
    """The per-page time limit in seconds: ``$ZCPARKS_PAGE_LIMIT`` or :data:`DEFAULT_PAGE_LIMIT`.

    Raises:
        ParameterError: the variable is not a positive number.
    """
    raw = os.environ.get(PAGE_LIMIT_ENV)
    if not raw:
        return DEFAULT_PAGE_LIMIT
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if value <= 0:
        raise ParameterError(f"{PAGE_LIMIT_ENV}={raw!r}: expected a positive number of seconds")
    return value


async def execute(job: Job, out_nb: Path, *, pool: Any = None, log_output: bool = False,
                  work: Path | None = None, limit: float | None = None) -> None:
    """Parameterise the job's notebook and execute it on a fresh kernel into ``out_nb``.

    Args:
        job: the job (notebook and parameters).
        out_nb: where the executed notebook is written (also when a cell fails: it holds the error).
        pool: a :class:`~zcparks.engine.kernels.KernelPool` to take a warm kernel from; None starts one (cold).
        log_output: stream the notebook's output to the terminal.
        work: the job's work folder (:func:`work_dir`), for its reads log.
        limit: the page time limit in seconds; None: :func:`page_limit`.

    Raises:
        nbclient.exceptions.CellExecutionError: a cell failed.
        KernelDied: the kernel crashed or the page ran past its time limit.
    """
    import nbformat
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    from zcparks.engine import kernels

    out_nb.parent.mkdir(parents=True, exist_ok=True)
    reads = reads_log_path(job, work)
    reads.unlink(missing_ok=True)
    nb = load_notebook_node(str(job.notebook_path()))  # as papermill reads it (every cell gets a tags list)
    nb = parameterize_notebook(nb, job.params, report_mode=False, kernel_name=kernels.KERNEL_NAME, language="python")
    # the data layer logs each dataset read to this file; set silently in the kernel, so pooled kernels (started
    # before the page was known) get it too, and the page's namespace stays untouched
    setup = f"__import__('os').environ[{paths.READS_LOG_ENV!r}] = {str(reads)!r}\n"
    kernel = await pool.take() if pool is not None else await kernels.start_kernel()
    try:
        await kernels.run_notebook(nb, kernel, setup=setup, limit=limit or page_limit(), log_output=log_output)
    finally:  # atomically: a full disk leaves no half notebook behind, and the error names the file
        from zcparks.report.render import write_atomic

        text = nbformat.writes(nb)
        write_atomic(out_nb, text if text.endswith("\n") else text + "\n")  # as nbformat.write ends it


def work_dir(job: Job, out_html: Path | None = None) -> Path:
    """Where a job's work files go: ``reports/_work/``, or ``.zcparks-work/<job id>.<pid>/`` beside an ad-hoc page.

    So ``zcparks run -o DIR`` needs write access to DIR only. Each ad-hoc run has a folder of its own, named by its
    job and its process: the runs of a sweep share ``DIR``, two runs of the same job may write into one ``DIR`` at
    once, and a run removes only the work files it created (:func:`adhoc_failed_path` keeps a failed notebook).
    """
    if job.report == ADHOC and out_html is not None:
        # absolute: the kernel runs in notebooks/ and writes its reads log here
        return Path(os.path.abspath(out_html.parent)) / ".zcparks-work" / f"{job.id}.{os.getpid()}"
    return paths.reports_dir() / "_work"


def adhoc_failed_path(out_html: Path) -> Path:
    """``<stem>.failed.ipynb`` beside an ad-hoc page ``<stem>.html``: the executed notebook of a failed run."""
    return out_html.with_name(out_html.name.removesuffix(".html") + ".failed.ipynb")


def failed_path(job: Job, target: Path, adhoc: bool = False) -> Path:
    """Where the executed notebook of a failed page is kept: ``reports/_failed/<job>.ipynb``, or beside an ad-hoc page."""
    return adhoc_failed_path(target) if adhoc else paths.reports_dir() / "_failed" / f"{job.id}.ipynb"


def reads_log_path(job: Job, work: Path | None = None) -> Path:
    """``<work>/<job>.reads``: the datasets the job's notebook read, one per line (see :func:`check_reads`)."""
    return (work or work_dir(job)) / f"{job.id}.reads"


def check_reads(job: Job, work: Path | None = None) -> list[str]:
    """The datasets the notebook read, checked against the ``reads`` of its spec.

    Returns:
        The datasets read, sorted.

    Raises:
        BuildError: the notebook read a dataset its spec does not declare; the page would miss it in its
            manifest and in its make dependencies (it would not be rebuilt when that data changes).
    """
    log = reads_log_path(job, work)
    read = sorted(set(log.read_text(encoding="utf-8").split())) if log.exists() else []
    undeclared = [d for d in read if d not in job.spec.reads]
    if undeclared:
        raise BuildError(f"notebooks/{job.notebook}.ipynb read dataset(s) {undeclared} that "
                         f"{registry.get(job.analysis).spec_file} does not list under reads "
                         f"({', '.join(job.spec.reads)}); add them there")
    return read


def _rel_href(from_output: str, to_output: str) -> str:
    return os.path.relpath(to_output, start=os.path.dirname(from_output) or ".")


def write_redirects(job: Job) -> list[Path]:
    """Write a redirect page at each old address of ``job`` (``moved_from``), pointing to its page.

    Returns:
        The stubs written (none when the page itself does not exist yet).
    """
    from zcparks.report.render import redirect_html, write_atomic

    if not job.html_path().exists():
        return []
    out = []
    for old in job.moved_from:
        stub = paths.reports_dir() / old
        write_atomic(stub, redirect_html(_rel_href(old, job.output), job.lang))
        out.append(stub)
    return out


def run_job(job: Job, all_jobs: list[Job] | None = None, **kwargs: Any) -> Path:
    """:func:`run_job_async` on a kernel started for this page alone (a cold run); same arguments."""
    return asyncio.run(run_job_async(job, all_jobs, **kwargs))


_ERRNO_TEXT = re.compile(r"^\[Errno (?P<errno>\d+)\] (?P<reason>[^:]+): '(?P<file>[^']+)'$")
"""How Python words an ``OSError`` with a file: ``[Errno 2] No such file or directory: 'x.reads'``."""


@dataclass
class Failure:
    """Why a page failed: the exception's kind, its one-line summary, and the detail shown under it."""

    kind: str
    summary: str
    detail: str = ""

    @classmethod
    def of(cls, exc: BaseException) -> Failure:
        """The failure of ``exc``: a cell error is the notebook's own exception (``ename: evalue``), not a traceback."""
        kind = type(exc).__name__
        summary = str(exc).strip().splitlines()[-1] if str(exc).strip() else kind
        if kind == "CellExecutionError":
            kind = getattr(exc, "ename", kind)
            lines = [ln.strip() for ln in str(getattr(exc, "evalue", "")).strip().splitlines() if ln.strip()]
            # a DataError names its file on the first line and each problem on one line below: keep the first few
            summary = " ".join(lines[:6]) + (" …" if len(lines) > 6 else "") if lines else kind
            if kind in ("DataError", "ParameterError"):  # zcparks's own errors say what to fix: no traceback
                return cls(kind, summary)
            m = _ERRNO_TEXT.match(summary)
            if m:  # an operating-system error inside the kernel (e.g. the output folder deleted while running)
                return cls(kind, os_error_text(OSError(int(m["errno"]), m["reason"], m["file"])))
            return cls(kind, summary, "\n" + str(exc).strip())  # the failing cell and its traceback
        if isinstance(exc, ParameterError):
            return cls(kind, str(exc))
        if isinstance(exc, OSError):  # a full disk, a read-only folder, a file deleted while running: no traceback
            return cls(kind, os_error_text(exc))
        if isinstance(exc, BuildError):
            return cls(kind, summary)
        return cls(kind, summary, "\n" + "".join(traceback.format_exception(exc, limit=3)))


@dataclass
class Computed:
    """A page computed and not yet written: its HTML, the downloads it links to, and the results it recorded."""

    html: str
    linked: list[str]
    records: dict[str, Any]


async def compute_page(job: Job, all_jobs: list[Job], *, mode: str, work: Path, adhoc: bool = False, pool: Any = None,
                       log_output: bool = False, limit: float | None = None) -> Computed:
    """Execute and render ``job`` without writing anything but its work files (``work/<job>.ipynb``, reads log).

    This is the part of a page a Dask worker does (:mod:`zcparks.engine.scaleout`); :func:`publish` writes it.
    The executed notebook is read once: its records go into the page and, through :func:`succeed`, its status.

    Returns:
        The page's HTML, the downloadable tables it links to and its recorded results (:mod:`zcparks.records`).

    Raises:
        Exception: anything that fails the page (see :class:`Failure`).
    """
    import nbformat

    from zcparks import records
    from zcparks.report.jobs import counterpart, load_config
    from zcparks.report.render import link_downloads, render_html

    params = job.spec.validate(job.params)  # before anything runs
    if not job.notebook_path().exists():
        raise BuildError(f"{paths.rel(job.notebook_path())}: notebook not found")
    problems = registry.notebook_problems(job.analysis)
    if problems:
        raise BuildError("; ".join(problems))
    work_nb = work / f"{job.id}.ipynb"
    await execute(job, work_nb, pool=pool, log_output=log_output, work=work, limit=limit)
    check_reads(job, work)
    other = counterpart(job, all_jobs)
    in_site = job.report != ADHOC  # ad-hoc pages may be written anywhere: no links into the site
    config = load_config()
    nb = nbformat.read(work_nb, as_version=4)
    recorded = records.read(nb)  # before render_html, which strips them from the node
    page = render_html(
        nb, job.spec, params, mode=mode, shared_datasets=config.shared_datasets,
        asset_prefix="assets/" if adhoc else _rel_href(job.output, "assets/x")[:-1],
        other_lang_href=_rel_href(job.output, other.output) if other and in_site else None,
        index_href=_rel_href(job.output, "index.html" if job.lang == "en" else "index.zh.html") if in_site else None,
        status_href=_rel_href(job.output, "status.html" if job.lang == "en" else "status.zh.html") if in_site else None,
    )
    prefix = "downloads/" if adhoc else _rel_href(job.output, "downloads/x")[:-1]
    return Computed(*link_downloads(page, prefix, config.downloads), recorded)


def publish(job: Job, page: str, linked: list[str], *, mode: str, target: Path, adhoc: bool = False) -> None:
    """Write a computed page atomically, with the shared assets and downloads it needs and its redirects."""
    from zcparks.report.jobs import load_config
    from zcparks.report.render import write_assets, write_atomic, write_downloads

    site_root = target.parent if adhoc else paths.reports_dir()
    if mode == "site":
        write_assets(load_config().shared_datasets, site_root)
    write_downloads(linked, site_root)  # ad-hoc pages get their own copies beside them
    write_atomic(target, page)
    if job.report != ADHOC:
        write_redirects(job)


def fail(job: Job, failure: Failure, seconds: float, *, work: Path, target: Path, adhoc: bool = False) -> BuildError:
    """Record a failed page (status, executed notebook kept in ``_failed/``); returns the error to raise.

    The last good page at ``target`` is not touched.
    """
    work_nb = work / f"{job.id}.ipynb"
    failed_copy = failed_path(job, target, adhoc)
    kept_nb = "not created"
    if work_nb.exists():
        try:
            failed_copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(work_nb, failed_copy)
            kept_nb = paths.rel(failed_copy)
        except OSError as exc:  # a full disk or a folder gone: the page's own failure is what to report
            kept_nb = f"not kept ({os_error_text(exc)})"
    _write_status(job, "failed", seconds, error=f"{failure.kind}: {failure.summary}")
    kept = f"; kept the last good report {paths.rel(target)}" if target.exists() else ""
    return BuildError(f"report {job.id} failed ({failure.kind}: {failure.summary}){kept}; executed notebook: {kept_nb}",
                      failure.detail)


def succeed(job: Job, seconds: float, recorded: dict[str, Any], *, work: Path, target: Path | None = None,
            adhoc: bool = False) -> None:
    """Record a page built: status ok with its recorded results, and no stale copy of an earlier failure."""
    failed_path(job, target or job.html_path(), adhoc).unlink(missing_ok=True)
    _write_status(job, "ok", seconds, recorded=recorded)


async def run_job_async(job: Job, all_jobs: list[Job] | None = None, *, mode: str | None = None,
                        out_html: Path | None = None, log_output: bool = False, pool: Any = None,
                        limit: float | None = None) -> Path:
    """Execute and render ``job``; the last good page is kept on any failure.

    Args:
        job: the job.
        all_jobs: every configured job (to link the other language).
        mode: override the job's mode.
        out_html: write here instead of the job's output path (``zcparks run``).
        log_output: stream the notebook's output.
        pool: the engine's :class:`~zcparks.engine.kernels.KernelPool` (a warm kernel); None: a cold kernel.
        limit: the page time limit in seconds (None: :func:`page_limit`).

    Returns:
        The page's path.

    Raises:
        BuildError: anything failed; the status is written and the executed notebook copied to ``reports/_failed/``.
    """
    all_jobs = all_jobs or [job]
    mode = mode or job.mode
    t0 = time.perf_counter()
    target = out_html or job.html_path()
    work = work_dir(job, out_html)
    adhoc = job.report == ADHOC and out_html is not None  # writes only beside its page
    (work / f"{job.id}.ipynb").unlink(missing_ok=True)
    try:
        page = await compute_page(job, all_jobs, mode=mode, work=work, adhoc=adhoc, pool=pool,
                                  log_output=log_output, limit=limit)
        publish(job, page.html, page.linked, mode=mode, target=target, adhoc=adhoc)
    except Exception as exc:  # noqa: BLE001 - any failure keeps the last good report
        raise fail(job, Failure.of(exc), time.perf_counter() - t0, work=work, target=target, adhoc=adhoc) from exc
    succeed(job, time.perf_counter() - t0, page.records, work=work, target=target, adhoc=adhoc)
    return target


def adhoc_job(spec: NotebookSpec, values: dict[str, Any], out_dir: Path, mode: str = "standalone") -> tuple[Job, Path]:
    """The ad-hoc job of ``spec`` with checked ``values`` (``zcparks run``, a sweep's run) and its page's path.

    Args:
        spec: the analysis's spec.
        values: checked parameters (:meth:`NotebookSpec.validate`); file parameters as absolute paths.
        out_dir: the folder its page and executed notebook go to (absolute).
        mode: ``standalone`` (one self-contained file) or ``site``.

    Returns:
        The job and ``out_dir/<stem>.html`` (:meth:`NotebookSpec.run_stem`).
    """
    stem = spec.run_stem(values)
    job = Job(id=f"{ADHOC}.{stem}", report=ADHOC, analysis=spec.slug, group="overview", params=values,
              output=f"adhoc/{stem}.html", mode=mode)
    return job, out_dir / f"{stem}.html"


async def run_adhoc_async(job: Job, target: Path, *, pool: Any = None, log_output: bool = False) -> Path:
    """Run an ad-hoc job: its page at ``target`` and its executed notebook beside it (``<stem>.ipynb``).

    The run works in a folder of its own (:func:`work_dir`) and removes, when it ends, only the work files it
    created; the folder of all work folders only when this run made it and it is empty. On failure the last good
    page is kept and the executed notebook is kept as ``<stem>.failed.ipynb`` (:func:`fail`).

    Args:
        job: the job (:func:`adhoc_job`).
        target: the page's path.
        pool: a :class:`~zcparks.engine.kernels.KernelPool` (a sweep's warm kernels); None: a cold kernel.
        log_output: stream the notebook's output.

    Returns:
        The executed notebook's path.

    Raises:
        BuildError: the run failed (see :func:`run_job_async`); OSError: its notebook could not be copied.
    """
    work = work_dir(job, target)
    made_shared = not work.parent.exists()
    executed = target.with_name(target.name.removesuffix(".html") + ".ipynb")
    try:
        await run_job_async(job, mode=job.mode, out_html=target, log_output=log_output, pool=pool)
        shutil.copy2(work / f"{job.id}.ipynb", executed)
    finally:  # the work files are not results
        for f in (work / f"{job.id}.ipynb", reads_log_path(job, work)):
            with contextlib.suppress(OSError):
                f.unlink(missing_ok=True)
        for folder in (work, work.parent) if made_shared else (work,):  # only when empty
            with contextlib.suppress(OSError):
                folder.rmdir()
    return executed

