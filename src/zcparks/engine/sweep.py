"""Parameter sweeps: run one notebook over a grid of parameter combinations and collect what it records.

``zcparks sweep grid-factors -p year 2021,2022,2023 -p lang en,zh`` runs the 6 combinations, each as an ad-hoc run
(what ``zcparks run`` does), keeps every executed notebook, and writes one tidy table beside them: ``sweep.csv`` and
``sweep.parquet``, one row per run with its parameters, status, seconds, error and every value it recorded
(:mod:`zcparks.records`). A failed run is a row with its error; it never stops the others. Sweeps write no site
status and no site page.

On this machine the runs take fresh kernels from a warm pool (forked from a server that has done the imports once,
as the site build does): no two runs share a kernel or a work folder, and a run costs no new Python process. On a
Dask cluster (``--scheduler``) each run is a ``zcparks run -f PARAMS`` process on a worker, given its checked values
as a parameters file, so a list reaches the notebook as a list and nothing is parsed twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from zcparks import paths, records, yamlfile
from zcparks.engine.runner import adhoc_failed_path
from zcparks.errors import ParameterError, ZcparksError
from zcparks.report.params import NotebookSpec, read_scalar


def grid(spec: NotebookSpec, given: list[tuple[str, str]], grid_file: Path | None = None) -> list[dict[str, Any]]:
    """Every combination of the parameter values, each validated against the notebook's spec.

    Args:
        spec: the notebook's spec.
        given: ``(name, comma-separated values)`` pairs from ``-p``; numbers and simple codes only.
        grid_file: a YAML mapping ``name: [values]`` (for values that contain commas); ``-p`` wins over it.

    Returns:
        The distinct combinations in order (the last parameter varies fastest), each as validated parameters; a
        combination given twice (also through an alias, such as a province name and its code) runs once.

    Raises:
        ParameterError: an unknown parameter, a value that is not allowed, an empty list or a bad grid file;
            the message names the parameter (nothing runs).
    """
    values: dict[str, list[Any]] = {}
    if grid_file:
        try:
            doc = yamlfile.load(grid_file, max_bytes=yamlfile.MAX_PARAMETERS_BYTES) or {}
        except ZcparksError as exc:
            raise ParameterError(f"grid file {exc}") from None
        if not isinstance(doc, dict) or not all(isinstance(v, list) for v in doc.values()):
            raise ParameterError(f"{grid_file}: expected a mapping of parameter names to lists, e.g. 'year: [2021, 2022]'")
        values.update({str(k): list(v) for k, v in doc.items()})
    for name, text in given:
        values[name] = [read_scalar(t.strip()) for t in text.split(",") if t.strip()]
    empty = [n for n, v in values.items() if not v]
    if empty:
        raise ParameterError(f"sweep: no values for {', '.join(empty)}")
    names = list(values)
    combos = [dict(zip(names, combo, strict=True)) for combo in itertools.product(*values.values())]
    validated = [spec.validate(c) for c in combos]
    unique = {json.dumps(c, sort_keys=True, default=str): c for c in validated}  # e.g. Jiangsu and 320000 are one run
    return list(unique.values())


def _execute(slug: str, params: dict[str, Any], out_dir: Path) -> tuple[int, str, float]:
    """One combination as an ad-hoc run (``zcparks run -f PARAMS -o out_dir``) in its own process.

    The child gets the validated values as a parameters file (JSON, which YAML reads as it is written), so a list,
    a number or a text reaches the notebook with its type: nothing is parsed twice.

    Returns:
        The child's exit status, its stderr and the seconds it took.
    """
    import tempfile

    with tempfile.TemporaryDirectory(prefix="zcparks-sweep-params-") as tmp:
        given = Path(tmp) / "params.yaml"
        given.write_text(json.dumps(params, ensure_ascii=False), encoding="utf-8")
        cmd = [sys.executable, "-m", "zcparks.cli", "run", slug, "-f", str(given), "-o", str(out_dir)]
        t0 = time.perf_counter()
        r = subprocess.run(cmd, capture_output=True, text=True, cwd=paths.root(),
                           env={**os.environ, "ZCPARKS_ROOT": str(paths.root())})
    return r.returncode, r.stderr, round(time.perf_counter() - t0, 2)


def remote_run(slug: str, params: dict[str, Any], root: str, pages: bool) -> dict[str, Any]:
    """A Dask task: one combination run on a worker, in a temporary folder; returns its files, status and stderr.

    The worker writes nothing where the client's sweep goes: the client writes the returned files (:func:`run`).
    """
    import tempfile

    os.environ["ZCPARKS_ROOT"] = root
    with tempfile.TemporaryDirectory(prefix="zcparks-sweep-") as tmp:
        rc, err, seconds = _execute(slug, params, Path(tmp))
        files = {p.relative_to(tmp).as_posix(): p.read_bytes() for p in Path(tmp).rglob("*")
                 if p.is_file() and not p.name.endswith(".reads")
                 and (pages or not p.relative_to(tmp).parts[0] == "downloads")}
    return {"rc": rc, "stderr": err, "seconds": seconds, "files": files}


def _child_error(rc: int, stderr: str) -> str | None:
    """The one-line error of a ``zcparks run`` child (None when it succeeded), from its stderr."""
    if rc == 0:
        return None
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    ours = [line for line in lines if line.startswith("zcparks run:")]  # the one-line error of the run
    return (ours or lines or [f"exit status {rc}"])[0].removeprefix("zcparks run: ")


def _row(spec: NotebookSpec, params: dict[str, Any], out_dir: Path, pages: bool, error: str | None,
         seconds: float) -> dict[str, Any]:
    """The sweep-table row of a finished run whose files are in ``out_dir`` (``error``: its one line, or None)."""
    stem = spec.run_stem(params)
    nb, html = out_dir / f"{stem}.ipynb", out_dir / f"{stem}.html"
    row: dict[str, Any] = {**params, "status": "ok" if error is None else "failed", "seconds": round(seconds, 2),
                           "error": "", "notebook": paths.rel(nb) if nb.exists() else ""}
    if error is not None:
        row["error"] = error.split("; executed notebook:")[0]
        failed = adhoc_failed_path(html)  # the run keeps its executed notebook with the error beside the others
        if failed.exists():
            row["notebook"] = paths.rel(failed)
    else:
        try:
            row.update({f"record.{k}": v for k, v in records.read(nb).items()})
        except ZcparksError as exc:
            row.update(status="failed", error=str(exc))
    if not pages:
        html.unlink(missing_ok=True)
    return row


async def _run_pooled(spec: NotebookSpec, combos: list[dict[str, Any]], out_dir: Path, jobs: int, pages: bool,
                      done: Callable[[int, dict[str, Any]], None]) -> None:
    """Every combination on this machine, ``jobs`` at a time, each on a fresh kernel of a warm pool.

    Each run is an ad-hoc run (:func:`zcparks.engine.runner.run_adhoc_async`) with a kernel of its own, forked from
    a server that has done the imports once, and a work folder of its own: the runs share neither. ``done(i, row)``
    is called as each run ends.
    """
    from zcparks.engine.kernels import KernelPool
    from zcparks.engine.runner import adhoc_job, run_adhoc_async
    from zcparks.errors import one_line

    pool = KernelPool(jobs, limit=len(combos)).open()
    gate = asyncio.Semaphore(pool.size)

    async def one(i: int, params: dict[str, Any]) -> None:
        job, target = adhoc_job(spec, params, out_dir)
        async with gate:
            t0 = time.perf_counter()
            try:
                await run_adhoc_async(job, target, pool=pool)
                error = None
            except Exception as exc:  # noqa: BLE001 - a failed run is a row of the table, never the end of the sweep
                error = one_line(exc)
            done(i, _row(spec, params, out_dir, pages, error, time.perf_counter() - t0))

    try:
        await asyncio.gather(*(one(i, c) for i, c in enumerate(combos)))
    finally:
        await pool.close()


def _write_remote(spec: NotebookSpec, params: dict[str, Any], out_dir: Path, pages: bool, fut: Any) -> dict[str, Any]:
    """The row of a run done on a Dask worker: its files written here (atomically), or its worker's death."""
    from zcparks.report.render import write_atomic

    try:
        res = fut.result()
    except Exception as exc:  # noqa: BLE001 - KilledWorker: the run's workers kept dying
        return {**params, "status": "failed", "seconds": 0.0, "notebook": "",
                "error": f"{type(exc).__name__}: its Dask worker died while running it, too often to retry"}
    for rel, data in res["files"].items():
        target = out_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, data)
    return _row(spec, params, out_dir, pages, _child_error(res["rc"], res["stderr"]), res["seconds"])


LOCK_NAME = ".zcparks-sweep.lock"
"""The lock file of a sweep's output folder: one sweep writes into a folder at a time."""


def run(spec: NotebookSpec, combos: list[dict[str, Any]], out_dir: Path, jobs: int = 2, pages: bool = False,
        progress: bool = True, scheduler: str | None = None, wait: bool = True) -> tuple[list[dict[str, Any]], Path]:
    """Run every combination (``jobs`` at a time) and write ``sweep.csv`` and ``sweep.parquet`` in ``out_dir``.

    One sweep writes into a folder at a time: a second one waits for the first (saying who holds the folder), or
    with ``wait=False`` is refused, as a second build is (:func:`zcparks.buildstate.lock.locked`).

    Args:
        spec: the notebook's spec.
        combos: validated parameter combinations (:func:`grid`).
        out_dir: where the executed notebooks (and pages, with ``pages``) and the table go.
        jobs: runs at the same time.
        pages: keep each run's standalone HTML page.
        progress: show a progress bar (runs done / total, failures).
        scheduler: run the combinations on a Dask cluster (``tcp://HOST:PORT``, or ``local`` for a LocalCluster of
            ``jobs`` workers); only this process writes into ``out_dir``.

        wait: when another sweep holds ``out_dir``, wait for it (else raise at once).

    Returns:
        The rows (in grid order) and the path of ``sweep.csv``.

    Raises:
        BlockingIOError: ``wait`` is False and another sweep holds ``out_dir``; the message names it (pid, start
            time, command).
    """
    from zcparks.buildstate import lock as buildlock

    out_dir = Path(os.path.abspath(out_dir))  # the runs start at the project root
    command = f"zcparks sweep {spec.slug} ({len(combos)} run(s))"
    with buildlock.locked(out_dir / LOCK_NAME, command, f"another sweep is writing to {out_dir}", wait=wait):
        return _run_locked(spec, combos, out_dir, jobs, pages, progress, scheduler)


def _run_locked(spec: NotebookSpec, combos: list[dict[str, Any]], out_dir: Path, jobs: int, pages: bool,
                progress: bool, scheduler: str | None) -> tuple[list[dict[str, Any]], Path]:
    """:func:`run` while holding the folder's lock."""
    import pandas as pd
    from tqdm import tqdm

    shared_work = out_dir / ".zcparks-work"  # made here, so that no run removes it while another one starts
    made_shared = not shared_work.exists()
    shared_work.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, Any] | None] = [None] * len(combos)
    bar = tqdm(total=len(combos), unit="run", disable=not progress or not sys.stderr.isatty(), desc=f"sweep {spec.slug}",
               file=sys.stderr)
    failed = 0

    def done(i: int, row: dict[str, Any]) -> None:
        nonlocal failed
        rows[i] = row
        failed += row["status"] != "ok"
        bar.set_postfix(failed=failed)
        bar.update()

    if scheduler:
        from distributed import as_completed as dask_completed

        from zcparks.engine.scaleout import connect

        client, cluster = connect(scheduler, max(1, jobs))
        try:
            root = str(paths.root())
            futures = {client.submit(remote_run, spec.slug, c, root, pages, pure=False): i for i, c in enumerate(combos)}
            for fut in dask_completed(futures):
                done(futures[fut], _write_remote(spec, combos[futures[fut]], out_dir, pages, fut))
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
    else:
        asyncio.run(_run_pooled(spec, combos, out_dir, max(1, jobs), pages, done))
    bar.close()
    if made_shared:
        with contextlib.suppress(OSError):
            shared_work.rmdir()  # only when empty
    done = [r for r in rows if r is not None]
    table = pd.DataFrame(done)
    table.insert(0, "run", range(1, len(done) + 1))
    csv = out_dir / "sweep.csv"
    table.to_csv(csv, index=False, encoding="utf-8")
    table.astype({c: str for c in table.columns if table[c].map(type).nunique() > 1}).to_parquet(
        out_dir / "sweep.parquet", index=False)
    return done, csv
