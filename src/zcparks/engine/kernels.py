"""Fresh, pre-warmed notebook kernels, and running one notebook on one of them.

A page costs mostly start-up: a kernel process, then ``import pandas, altair`` in it. The engine
therefore keeps kernels started *ahead* (:class:`KernelPool`), each already warmed by an imports-only cell.

* **Fresh, never reused.** A page takes one warm kernel, and the kernel is shut down after the page. Reusing a
  kernel would leak the user namespace, ``functools.cache`` contents, pandas and Altair options, the warnings
  registry and the cwd from one page into the next.
* **Silent warm-up.** The warm-up runs with ``silent=True, store_history=False`` and binds no name: execution
  counts, outputs and the namespace of the page are exactly those of a cold kernel.
* **One code path.** A cold run (:func:`start_kernel` then :func:`run_notebook`) does the very same steps as a
  warm one, warm-up included; only *when* the kernel was started differs, and *how*: the pool's kernels are
  forked from a server that has done the warm-up's imports once (:mod:`zcparks.engine.forkserver`), a cold one is
  spawned. The determinism test checks that pages built both ways are equal.
* **No process-wide cwd.** Kernels start with cwd ``notebooks/``, set by the kernel manager, so several pages can
  run in one process (papermill's ``cwd=`` would change the whole process's directory).
* **No port race.** Kernels talk over Unix sockets (zmq ``ipc``) in a folder of this process's own, not over
  local TCP ports: jupyter_client picks a free TCP port by binding and releasing it, and another process (a
  parallel build, a Dask worker, a test) could take it before the kernel bound it ("Address already in use").
* **A page time limit** is enforced by a watchdog that kills the kernel (nbclient's own timeout is per cell); a
  kernel that dies (crash, ``os._exit``, the watchdog) fails its page with :class:`KernelDied`.
"""

from __future__ import annotations

import asyncio
import atexit
import itertools
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from typing import Any

from zcparks import paths
from zcparks.errors import BuildError

KERNEL_NAME = "python3"
# ipykernel warns on every start that local TCP is unencrypted, and logs "KeyboardInterrupt caught in kernel" when
# jupyter_client interrupts it during shutdown: both harmless; cell errors reach us through the notebook client
KERNEL_ARGS = ["--IPKernelApp.log_level=CRITICAL"]
# what the warm-up imports: the heavy libraries every page uses and the modules the notebooks' first cells import.
# importlib in a comprehension binds no name in the kernel's namespace.
# (not geopandas: pages draw maps from the shared GeoJSON datasets, and importing it cost 1.2 s of CPU per page)
WARM_MODULES = ("pandas", "pyarrow", "altair", "zcparks.data", "zcparks.report.registry",
                "zcparks.report.display", "zcparks.report.charts")
WARM_CODE = f"[__import__('importlib').import_module(m) for m in {WARM_MODULES!r}]\n"
STARTUP_TIMEOUT = 120  # seconds for a kernel to start and warm up
_KERNEL_IDS = itertools.count(1)
FORK_SERVER_ENV = "ZCPARKS_FORK_SERVER"
"""Set to ``0`` to spawn every pool kernel (``python -m ipykernel_launcher``) instead of forking it."""
# a Unix socket path holds at most 107 bytes; the longest is the prefix + "-" + a small port number
MAX_IPC_PREFIX = 96
_ipc_dir: tuple[int, str] | None = None  # (the process that made it, the folder)


def _ipc_prefix() -> str:
    """A socket path prefix no other kernel uses: ``<this process's folder>/k<n>`` (the ports are ``-1`` … ``-5``).

    The folder is made once per process, in ``/tmp`` when the temporary folder's path is too long for a socket
    path (e.g. macOS's ``$TMPDIR``), and removed when the process ends.
    """
    global _ipc_dir
    if _ipc_dir is None or _ipc_dir[0] != os.getpid():  # a forked child makes its own
        base = tempfile.gettempdir()
        if len(base) > MAX_IPC_PREFIX - 30 and os.path.isdir("/tmp"):
            base = "/tmp"
        folder = tempfile.mkdtemp(prefix="zcparks-k", dir=base)
        _ipc_dir = (os.getpid(), folder)
        atexit.register(_remove_ipc_dir, os.getpid(), folder)
    prefix = f"{_ipc_dir[1]}/k{next(_KERNEL_IDS)}"
    if len(prefix) > MAX_IPC_PREFIX:
        raise BuildError(f"the kernel socket folder {_ipc_dir[1]} has too long a path for a Unix socket "
                         f"(at most {MAX_IPC_PREFIX - 10} characters); set TMPDIR to a shorter folder")
    return prefix


def _remove_ipc_dir(pid: int, folder: str) -> None:
    if os.getpid() == pid:  # not in a forked child that happens to run atexit handlers
        shutil.rmtree(folder, ignore_errors=True)


class KernelDied(BuildError):
    """The page's kernel died (it crashed, exited, or was killed by the page time limit)."""


@dataclass
class Kernel:
    """A started, warmed kernel: its manager, its client, and when it became ready."""

    km: Any
    kc: Any
    ready_at: float = field(default_factory=time.perf_counter)

    async def shutdown(self) -> None:
        """Stop the kernel at once and release its channels (a kernel serves one page only)."""
        try:
            self.kc.stop_channels()
            if await self.km.is_alive():
                await self.km.shutdown_kernel(now=True)
        except Exception:  # noqa: BLE001 - already dead or half started: only cleanup is left
            pass
        finally:
            try:
                await self.km.cleanup_resources()
            except Exception:  # noqa: BLE001
                pass


async def _silent(kc: Any, code: str, timeout: float) -> None:
    """Run ``code`` silently (no outputs, no history, no execution count) and wait for its reply."""
    msg_id = kc.execute(code, silent=True, store_history=False)
    deadline = time.monotonic() + timeout
    while True:
        reply = await kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    content = reply["content"]
    if content.get("status") != "ok":
        raise BuildError(f"kernel warm-up failed: {content.get('ename')}: {content.get('evalue')}")


async def start_kernel(env: dict[str, str] | None = None, forks: Any = None) -> Kernel:
    """Start one kernel with cwd ``notebooks/`` and warm it (:data:`WARM_CODE`).

    Args:
        env: the kernel's environment; None: this process's.
        forks: a :class:`~zcparks.engine.forkserver.ForkServer` to fork the kernel from (its imports done once);
            None: spawn it. The steps after the launch, warm-up included, are the same either way.

    Raises:
        BuildError: the kernel did not start, or the warm-up failed (the message says why).
    """
    from jupyter_client.manager import AsyncKernelManager

    km = AsyncKernelManager(kernel_name=KERNEL_NAME, transport="ipc", ip=_ipc_prefix())
    if forks is not None:
        from zcparks.engine.forkserver import ForkProvisioner

        km.kernel_id = f"zcparks-{os.getpid()}-{next(_KERNEL_IDS)}"  # a name for jupyter_client's logs only
        km.provisioner = ForkProvisioner(kernel_id=km.kernel_id, kernel_spec=km.kernel_spec, parent=km)
        km.provisioner.server = forks
    try:
        await km.start_kernel(cwd=str(paths.notebooks_dir()), extra_arguments=KERNEL_ARGS,
                              env=dict(env if env is not None else os.environ))
        kc = km.client()
        kc.start_channels()
        await kc.wait_for_ready(timeout=STARTUP_TIMEOUT)
        kernel = Kernel(km, kc)
        await _silent(kc, WARM_CODE, STARTUP_TIMEOUT)
    except Exception as exc:
        try:
            await km.shutdown_kernel(now=True)
        except Exception:  # noqa: BLE001
            pass
        if isinstance(exc, BuildError):
            raise
        raise BuildError(f"could not start a notebook kernel: {type(exc).__name__}: {exc}") from exc
    kernel.ready_at = time.perf_counter()
    return kernel


async def run_notebook(nb: Any, kernel: Kernel, *, setup: str = "", limit: float | None = None,
                       log_output: bool = False) -> Any:
    """Execute every cell of ``nb`` (in place) on ``kernel``; the kernel is shut down afterwards, whatever happens.

    Args:
        nb: the parameterised notebook (nbformat node); its cells get their outputs, also when one fails.
        kernel: a fresh kernel from :func:`start_kernel` or a :class:`KernelPool`.
        setup: code run silently before the first cell (e.g. the page's reads-log path in ``os.environ``).
        limit: the page time limit in seconds (None: none). When exceeded, the kernel is killed.
        log_output: print the cells' outputs as they arrive (``zcparks run --verbose``).

    Raises:
        nbclient.exceptions.CellExecutionError: a cell raised (``ename``, ``evalue`` and ``traceback`` are set).
        KernelDied: the kernel died, or was killed after ``limit`` seconds.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError

    client = NotebookClient(nb, km=kernel.km, kernel_name=KERNEL_NAME, record_timing=False, timeout=None,
                            allow_errors=False, resources={"metadata": {"path": str(paths.notebooks_dir())}})
    client.kc = kernel.kc
    if log_output:
        client.on_cell_executed = lambda cell, **_: _print_outputs(cell)
    timed_out = False

    async def watchdog() -> None:
        nonlocal timed_out
        await asyncio.sleep(limit)
        timed_out = True
        await kernel.km.shutdown_kernel(now=True)  # kills the process: the running cell ends with a dead kernel

    dog = asyncio.ensure_future(watchdog()) if limit else None
    try:
        if setup:
            await _silent(kernel.kc, setup, STARTUP_TIMEOUT)
        await client.async_execute()
    except DeadKernelError as exc:
        if timed_out:
            raise KernelDied(f"the page took longer than its time limit of {limit:g} s; its kernel was killed") \
                from exc
        raise KernelDied(f"the notebook's kernel died while it ran ({exc})") from exc
    except Exception as exc:
        if timed_out:
            raise KernelDied(f"the page took longer than its time limit of {limit:g} s; its kernel was killed") \
                from exc
        raise
    finally:
        if dog is not None:
            dog.cancel()
        await kernel.shutdown()
    return nb


def _print_outputs(cell: Any) -> None:
    for out in cell.get("outputs", []):
        text = out.get("text") or out.get("data", {}).get("text/plain")
        if text:
            print("".join(text) if isinstance(text, list) else text, flush=True)


class KernelPool:
    """Kernels started ahead: ``size`` of them are always starting or ready while the pool is open.

    :meth:`take` hands out a ready kernel (waiting for one if none is ready yet) and starts a replacement, so the
    next page finds one warm. Kernels are never given back: the page shuts its kernel down (:func:`run_notebook`).
    The pool's kernels are forked from one :class:`~zcparks.engine.forkserver.ForkServer`, which has imported
    :data:`WARM_MODULES` once (about 1.5 s of CPU less per page).

    Args:
        size: how many kernels to keep ahead (the build's job count).
        env: the kernels' environment; None: this process's at the time each kernel starts.
        limit: the number of pages expected, if known: no kernel is started beyond it (none is left to kill).
    """

    def __init__(self, size: int, env: dict[str, str] | None = None, limit: int | None = None) -> None:
        self.size = max(1, size) if limit is None else max(1, min(size, limit))
        self.env = env
        self.limit = limit
        self._started = 0
        self._ready: asyncio.Queue = asyncio.Queue()
        self._starting: set[asyncio.Task] = set()
        self._closed = False
        self._forks: Any = None

    def open(self) -> KernelPool:
        """Start the first ``size`` kernels (call from within the running event loop)."""
        from zcparks.engine.forkserver import ForkServer

        if os.environ.get(FORK_SERVER_ENV, "1").strip() != "0":
            self._forks = ForkServer(WARM_MODULES)
        for _ in range(self.size):
            self._start_one()
        return self

    def _start_one(self, force: bool = False) -> None:
        if self._closed or (not force and self.limit is not None and self._started >= self.limit):
            return
        self._started += 1

        async def start() -> None:
            try:
                self._ready.put_nowait(await start_kernel(self.env, self._forks))
            except Exception as exc:  # noqa: BLE001 - handed to the page that takes it
                self._ready.put_nowait(exc)

        task = asyncio.ensure_future(start())
        self._starting.add(task)
        task.add_done_callback(self._starting.discard)

    async def take(self) -> Kernel:
        """A warm kernel for one page; a replacement starts at once.

        Raises:
            BuildError: the kernel could not be started or warmed.
        """
        if self._ready.empty() and not self._starting:  # more pages than expected: never wait for nothing
            self._start_one(force=True)
        got = await self._ready.get()
        self._start_one()
        if isinstance(got, BaseException):
            raise got
        return got

    async def close(self) -> None:
        """Stop starting kernels and shut down the ready ones."""
        self._closed = True
        await asyncio.gather(*self._starting, return_exceptions=True)  # a kernel half started is a process to stop
        while not self._ready.empty():
            got = self._ready.get_nowait()
            if isinstance(got, Kernel):
                await got.shutdown()
        if self._forks is not None:
            await asyncio.to_thread(self._forks.close)  # waits for the server to exit (up to 10 s)
