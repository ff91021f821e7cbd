"""Scale-out on dask.distributed: ``zcparks build --scheduler tcp://HOST:8786`` (or ``local``).

The same jobs as a local build, run on the workers of a Dask cluster:

* a worker computes a page (:func:`page_task`: execute on a fresh kernel of its own, render) in a private
  temporary folder and returns the HTML, the executed notebook and the status; it writes nothing of the site;
* only the client writes the site (:func:`zcparks.engine.runner.publish`, atomic renames) while it holds the build
  lock, so a worker's death can never leave a half-written page;
* a worker that dies while running a page has its task rescheduled by Dask; after Dask's allowed failures
  (``distributed.scheduler.allowed-failures``, default 3) the client gets ``KilledWorker`` and marks the page
  failed, keeping its last good HTML. A notebook error is a result, not an exception, so it is never retried.

Workers need the same pinned environment (``make venv`` from the same ``requirements.lock``) and the project
(code, ``notebooks/``, ``data/processed/``) at the same path, e.g. on a shared file system; see docs/researchers.md.
"""

from __future__ import annotations

import asyncio
import os
import socket
import tempfile
import time
from pathlib import Path
from typing import Any

from zcparks import paths


def page_task(job_id: str, mode: str | None, root: str) -> dict[str, Any]:
    """Compute one page on a worker; never raises for a failing page (the failure is in the result).

    Args:
        job_id: the configured job.
        mode: override the job's mode (None: its own).
        root: the project root, as the client sees it (the same path on every worker).

    Returns:
        ``job``, ``ok``, ``page`` (HTML or None), ``linked`` (downloads), ``records`` (its recorded results, when
        ok), ``notebook`` (executed, JSON text or None),
        ``failure`` (kind, summary, detail) when not ok, ``seconds`` and ``worker`` (host and pid).
    """
    os.environ["ZCPARKS_ROOT"] = root
    from zcparks.engine import runner
    from zcparks.report import jobs

    t0 = time.perf_counter()
    out: dict[str, Any] = {"job": job_id, "ok": False, "page": None, "linked": [], "notebook": None,
                           "failure": None, "worker": f"{socket.gethostname()}:{os.getpid()}"}
    with tempfile.TemporaryDirectory(prefix="zcparks-worker-") as tmp:
        work = Path(tmp)
        try:
            all_jobs = jobs.jobs()
            job = jobs.job(job_id, all_jobs)
            page = asyncio.run(runner.compute_page(job, all_jobs, mode=mode or job.mode, work=work))
            out.update(ok=True, page=page.html, linked=page.linked, records=page.records)
        except Exception as exc:  # noqa: BLE001 - a failing notebook is a result: Dask must not retry it
            f = runner.Failure.of(exc)
            out["failure"] = (f.kind, f.summary, f.detail)
        nb = work / f"{job_id}.ipynb"
        if nb.exists():
            out["notebook"] = nb.read_text(encoding="utf-8")
    out["seconds"] = time.perf_counter() - t0
    return out


def _record(job: Any, res: dict[str, Any], mode: str | None) -> tuple[str, str]:
    """Write a worker's result into the site (client side): the page, or the failure; returns (status, message)."""
    from zcparks.engine import runner

    work = runner.work_dir(job)
    work.mkdir(parents=True, exist_ok=True)
    nb = work / f"{job.id}.ipynb"
    nb.unlink(missing_ok=True)
    if res.get("notebook") is not None:
        nb.write_text(res["notebook"], encoding="utf-8")
    target = job.html_path()
    if res["ok"]:
        runner.publish(job, res["page"], res["linked"], mode=mode or job.mode, target=target)
        runner.succeed(job, res["seconds"], res["records"], work=work)
        return "ok", paths.rel(target)
    err = runner.fail(job, runner.Failure(*res["failure"]), res["seconds"], work=work, target=target)
    return "failed", str(err)


WORKER_WAIT = 60.0  # seconds to wait for a first worker to join the scheduler


def connect(scheduler: str, workers: int) -> tuple[Any, Any]:
    """A Dask client (and the LocalCluster it owns, or None) with at least one worker connected.

    Args:
        scheduler: ``tcp://HOST:PORT`` or ``local``.
        workers: LocalCluster worker processes (one thread each).

    Raises:
        ZcparksError: the address is malformed, the scheduler cannot be reached, or no worker joins within
            :data:`WORKER_WAIT` seconds (the message says how to start one).
    """
    from distributed import Client, LocalCluster

    from zcparks.errors import ZcparksError

    cluster = None
    try:
        if scheduler == "local":
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None, processes=True)
        client = Client(cluster if cluster is not None else scheduler, timeout=30)
    except (OSError, ValueError, TimeoutError) as exc:
        if cluster is not None:
            cluster.close()
        raise ZcparksError(f"cannot connect to the Dask scheduler {scheduler!r} ({exc}); expected tcp://HOST:PORT of a "
                           "running `dask scheduler`, or `local`") from None
    try:
        client.wait_for_workers(1, timeout=WORKER_WAIT)
    except (TimeoutError, OSError):
        client.close()
        if cluster is not None:
            cluster.close()
        raise ZcparksError(f"no Dask worker joined the scheduler {scheduler} within {WORKER_WAIT:g} s; start one with "
                           f"`.venv/bin/dask worker {scheduler} --nthreads 1`") from None
    return client, cluster


def build(job_ids: list[str], scheduler: str, workers: int = 2, mode: str | None = None, quiet: bool = False) -> Any:
    """Run ``job_ids`` on a Dask cluster and write the results.

    Args:
        job_ids: the jobs.
        scheduler: ``tcp://HOST:PORT`` of a running scheduler, or ``local`` for a LocalCluster on this machine.
        workers: worker processes of the LocalCluster (one thread each); ignored for a remote scheduler.
        mode: override the jobs' mode.
        quiet: no progress bar.

    Returns:
        An :class:`~zcparks.engine.server.Engine` holding one result per page (for its summary).
    """
    import sys

    from distributed import as_completed
    from tqdm import tqdm

    from zcparks.engine import server as engine
    from zcparks.report import jobs

    all_jobs = jobs.jobs()
    by_id = {j.id: j for j in all_jobs}
    client, cluster = connect(scheduler, workers)
    eng = engine.Engine(size=workers if cluster is not None else len(client.scheduler_info()["workers"]),
                        total=len(job_ids), quiet=quiet, unit="Dask worker(s)")
    root = str(paths.root())
    run = f"{os.getpid()}-{time.time_ns()}"  # task keys unique to this build (a cluster may outlive it)
    try:
        futures = {client.submit(page_task, j, mode, root, key=f"zcparks-page-{j}-{run}", pure=False): j
                   for j in job_ids}
        with tqdm(total=len(job_ids), desc="reports", unit="page", file=sys.stderr,
                  disable=quiet or not sys.stderr.isatty()) as bar:
            for fut in as_completed(futures):
                job = by_id[futures[fut]]
                try:
                    res = fut.result()
                except Exception as exc:  # noqa: BLE001 - KilledWorker: the page's workers kept dying
                    res = {"job": job.id, "ok": False, "notebook": None, "seconds": 0.0,
                           "failure": (type(exc).__name__, f"its Dask worker died while running it, too often to "
                                       f"retry ({exc}); the page was not written", "")}
                status, message = _record(job, res, mode)
                eng.results.append(engine.Result(job.id, status, res["seconds"], message))
                if status != "ok":
                    bar.write(f"FAILED {job.id}: {message.splitlines()[0]}")
                bar.update(1)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return eng
