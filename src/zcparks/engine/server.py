"""The build engine: one server per build, a pool of warm kernels, and pages run when make asks for them.

Make stays the scheduler. ``make reports`` starts one engine server (``zcparks engine start``), listening on a
Unix socket under ``build/``; each page's rule runs the small stdlib-only client :mod:`zcparks.engine.client`,
which sends the job, blocks, and exits with the page's status; ``zcparks engine stop`` prints the engine's
summary (page, status, seconds) and its exit status is the build's. Without a server (a single-target build,
``make -f build/reports.mk …``) the client runs the page cold, by the same code.

The pool keeps as many kernels warm as make runs jobs at once (``-jN`` in ``MAKEFLAGS``, or ``JOBS``). The server
exits when asked, when the process that started the build dies, or after an hour without requests.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import Any

from zcparks import paths
from zcparks.errors import ZcparksError

IDLE_EXIT = 3600.0  # seconds without a request after which a forgotten server exits


def jobs_from_makeflags(makeflags: str | None, default: int) -> int:
    """The number of jobs make runs at once: ``-jN`` in ``MAKEFLAGS`` (``-j`` alone: the CPU count), else default."""
    if makeflags:
        m = re.search(r"(?:^|\s)-\w*j(\d*)(?:\s|$)|--jobs=(\d+)", makeflags)
        if m:
            n = m.group(1) or m.group(2)
            return int(n) if n else (os.cpu_count() or default)
    return default


@dataclass
class Result:
    """One page of this build: its job, status (``ok`` / ``failed``), seconds and one-line error."""

    job: str
    status: str
    seconds: float
    error: str = ""


@dataclass
class Engine:
    """Runs pages on warm kernels, with a progress bar and a summary; used by the server and by ``zcparks build``.

    Args:
        size: kernels kept warm (the build's job count).
        total: pages expected in this build (for the progress bar; 0: unknown).
        quiet: no progress bar and no line per page; the summary lists failures only.
    """

    size: int
    total: int = 0
    quiet: bool = False
    unit: str = "warm kernel(s)"
    results: list[Result] = field(default_factory=list)
    pool: Any = None
    bar: Any = None
    t0: float = field(default_factory=time.perf_counter)

    def open(self) -> Engine:
        """Start the pool (inside the running event loop) and the progress bar."""
        from tqdm import tqdm

        from zcparks.engine.kernels import KernelPool

        self.pool = KernelPool(self.size, limit=self.total or None).open()
        self.size = self.pool.size  # no more kernels than pages
        show_bar = not self.quiet and sys.stderr.isatty()
        self.bar = tqdm(total=self.total or None, desc="reports", unit="page", file=sys.stderr, disable=not show_bar,
                        dynamic_ncols=True)
        return self

    @property
    def interactive(self) -> bool:
        """A progress bar is drawn (so the clients print failures only, not a line per page)."""
        return self.bar is not None and not self.bar.disable

    async def run(self, job_id: str, mode: str | None = None) -> Result:
        """Run one configured job on a warm kernel; never raises (a failure is a :class:`Result`)."""
        from zcparks.engine.runner import run_job_async
        from zcparks.report import jobs

        t0 = time.perf_counter()
        try:
            all_jobs = jobs.jobs()
            job = jobs.job(job_id, all_jobs)
            path = await run_job_async(job, all_jobs, mode=mode, pool=self.pool)
            res = Result(job_id, "ok", time.perf_counter() - t0, paths.rel(path))
        except Exception as exc:  # noqa: BLE001 - the page fails, the build goes on
            res = Result(job_id, "failed", time.perf_counter() - t0, str(exc).strip())
        self.results.append(res)
        if self.bar is not None:
            failed = sum(r.status != "ok" for r in self.results)
            self.bar.set_postfix_str(f"{failed} failed" if failed else "", refresh=False)
            self.bar.update(1)
        return res

    def summary(self) -> tuple[str, int]:
        """The engine's summary of this build: one row per page (status, seconds), and the number that failed."""
        failed = [r for r in self.results if r.status != "ok"]
        rows = [r for r in self.results if r.status != "ok" or not self.quiet]
        wall = time.perf_counter() - self.t0
        lines = [f"build: {len(self.results)} page(s) in {wall:.1f}s with {self.size} {self.unit}: "
                 f"{len(self.results) - len(failed)} ok, {len(failed)} failed"]
        for r in sorted(rows, key=lambda r: (r.status == "ok", r.job)):
            first = r.error.splitlines()[0] if r.error else ""
            lines.append(f"  {r.status:<7} {r.job:<40} {r.seconds:6.1f}s  {first}")
        return "\n".join(lines), len(failed)

    async def close(self) -> None:
        """Shut down the pool's kernels and the progress bar."""
        if self.pool is not None:
            await self.pool.close()
        if self.bar is not None:
            self.bar.close()


async def build(job_ids: list[str], size: int, quiet: bool = False, mode: str | None = None) -> Engine:
    """Run ``job_ids`` ``size`` at a time on warm kernels (``zcparks build``); returns the engine with its results."""
    engine = Engine(size=size, total=len(job_ids), quiet=quiet).open()
    gate = asyncio.Semaphore(engine.size)

    async def one(job_id: str) -> None:
        async with gate:
            res = await engine.run(job_id, mode)
        if res.status != "ok":
            engine.bar.write(f"FAILED {job_id}: {res.error.splitlines()[0]}", file=sys.stderr)

    try:
        await asyncio.gather(*(one(j) for j in job_ids))
    finally:
        await engine.close()
    return engine


# --------------------------------------------------------------------------- the server


async def serve(size: int, total: int, quiet: bool, watch_pid: int | None) -> int:  # noqa: C901 - the server's request loop: one branch per request and per way it ends
    """Serve run requests on ``build/engine.sock`` until stopped; returns the number of failed pages."""
    engine = Engine(size=size, total=total, quiet=quiet).open()
    stopped = asyncio.Event()
    last_request = time.monotonic()
    failures = 0

    pages: set[asyncio.Task] = set()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal last_request, failures
        last_request = time.monotonic()
        task = asyncio.current_task()
        pages.add(task)
        task.add_done_callback(pages.discard)
        try:
            req = json.loads((await reader.readline()) or b"{}")
            op = req.get("op")
            if op == "run":
                res = await engine.run(str(req["job"]), req.get("mode"))
                if res.status == "ok":
                    quiet = engine.interactive or engine.quiet
                    message = "" if quiet else f"[report] {res.job}: ok in {res.seconds:.1f}s -> {res.error}"
                else:
                    message = f"FAILED {res.job}: {res.error}"
                reply = {"status": 0 if res.status == "ok" else 1, "message": message}
            elif op == "stop":
                if engine.bar is not None:
                    engine.bar.close()  # before the summary is printed, so the two do not share a line
                text, failures = engine.summary()
                shown = engine.results and (failures or not engine.quiet)  # quiet (cron): nothing when all is well
                reply = {"status": 1 if failures else 0, "message": text if shown else ""}
                stopped.set()
            elif op == "ping":
                reply = {"status": 0, "message": f"engine pid {os.getpid()}, {engine.size} warm kernel(s)"}
            else:
                reply = {"status": 2, "message": f"unknown request {op!r}; expected run, stop or ping"}
        except Exception as exc:  # noqa: BLE001 - a bad request must not stop the build
            reply = {"status": 2, "message": f"engine: bad request: {exc}"}
        writer.write((json.dumps(reply, ensure_ascii=False) + "\n").encode())
        with contextlib.suppress(Exception):
            await writer.drain()
            writer.close()

    async def watch() -> None:
        while not stopped.is_set():
            await asyncio.sleep(0.5)
            if watch_pid and not _alive(watch_pid):
                # the build that started us is gone (killed), and with it the build lock: publish nothing more;
                # cancelling a page stops it before it writes (its kernel is shut down on the way out)
                for task in list(pages):
                    task.cancel()
                stopped.set()
            if time.monotonic() - last_request > IDLE_EXIT:
                stopped.set()

    from zcparks.engine.client import socket_name, socket_path

    sock = socket_path()
    sock.parent.mkdir(parents=True, exist_ok=True)
    sock.unlink(missing_ok=True)
    server = await asyncio.start_unix_server(handle, path=socket_name())
    watcher = asyncio.ensure_future(watch())
    try:
        await stopped.wait()
    finally:
        server.close()
        watcher.cancel()
        sock.unlink(missing_ok=True)
        await engine.close()
    return failures


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def start(size: int, total: int, quiet: bool, watch_pid: int | None, wait: float = 30.0) -> bool:
    """Start a server in the background and wait until it accepts requests; False if it did not come up.

    The server's output (progress bar) goes to this process's stderr.
    """
    from zcparks.engine import client as engineclient

    cmd = [sys.executable, "-m", "zcparks.cli", "engine", "serve", "--jobs", str(size), "--total", str(total)]
    cmd += (["--quiet"] if quiet else []) + (["--watch", str(watch_pid)] if watch_pid else [])
    engineclient.socket_path().unlink(missing_ok=True)
    proc = subprocess.Popen(cmd, cwd=paths.root(), stdin=subprocess.DEVNULL, stdout=sys.stderr,
                            start_new_session=True)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        if engineclient.request({"op": "ping"}, quiet=True) is not None:
            return True
        time.sleep(0.05)
    return False


def stop() -> tuple[str, int] | None:
    """Ask the server to stop; returns its summary and failure count, or None when no server runs."""
    from zcparks.engine import client as engineclient

    reply = engineclient.request({"op": "stop"}, quiet=True)
    if reply is None:
        return None
    return reply.get("message", ""), int(reply.get("status", 0))


def main_serve(size: int, total: int, quiet: bool, watch_pid: int | None) -> int:
    """``zcparks engine serve``: the server, in the foreground."""
    if size < 1:
        raise ZcparksError(f"--jobs {size}: expected at least 1")
    asyncio.run(serve(size, total, quiet, watch_pid))
    return 0
