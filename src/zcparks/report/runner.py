"""Run one report job: papermill -> HTML, atomically; never lose the last good report.

* the executed notebook goes to ``reports/_work/<job>.ipynb``;
* on success the HTML is written to a temporary file and renamed over the old one;
* on failure the old HTML stays untouched, the executed notebook (with papermill's error
  cell) is copied to ``reports/_failed/<job>.ipynb`` and the status says ``failed``.

Every run writes ``reports/_status/<job>.json`` (the index page and the nightly summary read it).
"""

from __future__ import annotations

import json
import os
import shutil
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from zcparks import paths
from zcparks.errors import BuildError, ParameterError
from zcparks.report import registry
from zcparks.report.jobs import Job

ADHOC = "adhoc"


def status_path(job_id: str) -> Path:
    """``reports/_status/<job>.json``."""
    return paths.reports_dir() / "_status" / f"{job_id}.json"


def read_status(job_id: str) -> dict[str, Any] | None:
    """The last status written for ``job_id``, or None."""
    p = status_path(job_id)
    return json.loads(p.read_text(encoding="utf-8")) if p.exists() else None


def _write_status(job: Job, status: str, seconds: float, error: str | None = None) -> None:
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
        "title": job.spec.title_in(job.lang),
        "status": status,
        "seconds": round(seconds, 2),
        "finished_at": now,
        "last_success_at": now if status == "ok" else prev.get("last_success_at"),
        "error": error,
    }
    write_atomic(status_path(job.id), json.dumps(data, ensure_ascii=False, indent=1))


def mark_failed(job: Job, error: str) -> None:
    """Record ``job`` as failed without running it (e.g. an input file is missing); its last good page is kept."""
    _write_status(job, "failed", 0.0, error=error)


def execute(job: Job, out_nb: Path, log_output: bool = False, work: Path | None = None) -> None:
    """Execute the job's notebook with papermill into ``out_nb``.

    Args:
        job: the job (notebook and parameters).
        out_nb: where the executed notebook is written (also when a cell fails: it holds the error).
        log_output: stream the notebook's output to the terminal.
        work: the job's work folder (:func:`work_dir`), for its reads log.

    Raises:
        PapermillExecutionError: a cell failed.
    """
    import papermill as pm

    out_nb.parent.mkdir(parents=True, exist_ok=True)
    reads = reads_log_path(job, work)
    reads.unlink(missing_ok=True)
    previous = os.environ.get(paths.READS_LOG_ENV)
    os.environ[paths.READS_LOG_ENV] = str(reads)  # the kernel inherits it: the data layer logs each dataset read
    try:
        _papermill(pm, job, out_nb, log_output)
    finally:
        if previous is None:
            os.environ.pop(paths.READS_LOG_ENV, None)
        else:
            os.environ[paths.READS_LOG_ENV] = previous


def work_dir(job: Job, out_html: Path | None = None) -> Path:
    """Where a job's work files go: ``reports/_work/``, or ``.zcparks-work/`` beside an ad-hoc page.

    So ``zcparks run -o DIR`` needs write access to DIR only.
    """
    if job.report == ADHOC and out_html is not None:
        return out_html.parent / ".zcparks-work"
    return paths.reports_dir() / "_work"


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


def _papermill(pm: Any, job: Job, out_nb: Path, log_output: bool) -> None:
    pm.execute_notebook(
        str(job.notebook_path()),
        str(out_nb),
        parameters=job.params,
        kernel_name="python3",
        progress_bar=False,
        log_output=log_output,
        cwd=str(paths.notebooks_dir()),
        report_mode=False,
        # ipykernel warns on every start that local TCP is unencrypted, and logs "KeyboardInterrupt caught in
        # kernel" when jupyter_client interrupts it as part of every shutdown: both harmless. Cell errors reach us
        # through papermill, not through this log.
        extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
    )


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


def run_job(job: Job, all_jobs: list[Job] | None = None, *, mode: str | None = None,
            out_html: Path | None = None, log_output: bool = False) -> Path:
    """Execute and render ``job``; the last good page is kept on any failure.

    Args:
        job: the job.
        all_jobs: every configured job (to link the other language).
        mode: override the job's mode.
        out_html: write here instead of the job's output path (``zcparks run``).
        log_output: stream the notebook's output.

    Returns:
        The page's path.

    Raises:
        BuildError: anything failed; the status is written and the executed notebook copied to ``reports/_failed/``.
    """
    from zcparks.report.jobs import counterpart, load_config
    from zcparks.report.render import link_downloads, render_html, write_assets, write_atomic, write_downloads

    all_jobs = all_jobs or [job]
    mode = mode or job.mode
    t0 = time.perf_counter()
    target = out_html or job.html_path()
    work = work_dir(job, out_html)
    adhoc = job.report == ADHOC and out_html is not None  # writes only beside its page
    site_root = target.parent if adhoc else paths.reports_dir()
    work_nb = work / f"{job.id}.ipynb"
    work_nb.unlink(missing_ok=True)
    try:
        params = job.spec.validate(job.params)  # before anything runs
        if not job.notebook_path().exists():
            raise BuildError(f"{paths.rel(job.notebook_path())}: notebook not found")
        problems = registry.notebook_problems(job.analysis)
        if problems:
            raise BuildError("; ".join(problems))
        execute(job, work_nb, log_output=log_output, work=work)
        check_reads(job, work)
        other = counterpart(job, all_jobs)
        in_site = job.report != ADHOC  # ad-hoc pages may be written anywhere: no links into the site
        config = load_config()
        shared = config.shared_datasets
        page = render_html(
            work_nb, job.spec, params, mode=mode, shared_datasets=shared,
            asset_prefix="assets/" if adhoc else _rel_href(job.output, "assets/x")[:-1],
            other_lang_href=_rel_href(job.output, other.output) if other and in_site else None,
            index_href=_rel_href(job.output, "index.html" if job.lang == "en" else "index.zh.html") if in_site else None,
        )
        downloads = config.downloads
        prefix = "downloads/" if adhoc else _rel_href(job.output, "downloads/x")[:-1]
        page, linked = link_downloads(page, prefix, downloads)
        if mode == "site":
            write_assets(shared, site_root)
        write_downloads(linked, site_root)  # ad-hoc pages get their own copies beside them
        write_atomic(target, page)
        if in_site:
            write_redirects(job)
    except Exception as exc:  # noqa: BLE001 - any failure keeps the last good report
        seconds = time.perf_counter() - t0
        failed_dir = work / "_failed" if adhoc else paths.reports_dir() / "_failed"
        failed_dir.mkdir(parents=True, exist_ok=True)
        if work_nb.exists():
            shutil.copy2(work_nb, failed_dir / f"{job.id}.ipynb")
        kind = type(exc).__name__
        summary = str(exc).strip().splitlines()[-1] if str(exc).strip() else kind
        if kind == "PapermillExecutionError":  # the notebook's own exception, not the last line of its traceback
            kind = getattr(exc, "ename", kind)
            summary = (str(getattr(exc, "evalue", "")).strip().splitlines() or [kind])[0]
        if isinstance(exc, ParameterError):
            summary = str(exc)
        _write_status(job, "failed", seconds, error=f"{kind}: {summary}")
        if isinstance(exc, (ParameterError, BuildError)):
            detail = ""
        elif type(exc).__name__ == "PapermillExecutionError":  # the failing cell and its traceback
            detail = "\n" + str(exc).strip()
        else:
            detail = "\n" + traceback.format_exc(limit=3)
        kept = f"; kept the last good report {paths.rel(target)}" if target.exists() else ""
        raise BuildError(
            f"report {job.id} failed ({kind}: {summary}){kept}; executed notebook: "
            f"{paths.rel(failed_dir / (job.id + '.ipynb')) if work_nb.exists() else 'not created'}{detail}"
        ) from exc
    failed_copy = (work / "_failed" if adhoc else paths.reports_dir() / "_failed") / f"{job.id}.ipynb"
    failed_copy.unlink(missing_ok=True)
    _write_status(job, "ok", time.perf_counter() - t0)
    return target
