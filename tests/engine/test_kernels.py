"""Warm kernels: fresh per page (nothing leaks), a silent warm-up, crashes and time limits fail only their page."""

from __future__ import annotations

import asyncio
import json
import os
import re
import time

import nbformat
import pytest
from nbclient.exceptions import CellExecutionError

from zcparks import paths
from zcparks.engine import kernels
from zcparks.engine import server as engine


def notebook(*sources: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])


def outputs(nb: nbformat.NotebookNode) -> list[str]:
    return ["".join(o.get("text", "")) for c in nb.cells for o in c.get("outputs", []) if o.get("name") == "stdout"]


def run(coro):
    return asyncio.run(coro)


@pytest.mark.slow
def test_a_name_an_option_or_a_cache_of_one_page_is_gone_on_the_next_page_of_the_same_pool():
    async def two_pages():
        pool = kernels.KernelPool(1).open()
        try:
            first = notebook("import functools, os, warnings\nimport pandas as pd\nleaked = 42\n"
                             "pd.set_option('display.max_rows', 3)\nos.chdir('/')\n"
                             "warnings.simplefilter('error')\n"
                             "@functools.cache\ndef f():\n    return 1\nf()\nprint(f.cache_info().currsize)")
            await kernels.run_notebook(first, await pool.take())
            second = notebook("import os, warnings\nimport pandas as pd\n"
                              "print('leaked' in globals(), pd.get_option('display.max_rows'), os.getcwd(), "
                              "len(warnings.filters) > 0 and warnings.filters[0][0] == 'error')")
            await kernels.run_notebook(second, await pool.take())
        finally:
            await pool.close()
        return first, second

    first, second = run(two_pages())
    assert outputs(first) == ["1\n"]
    assert outputs(second) == [f"False 60 {paths.notebooks_dir()} False\n"]


@pytest.mark.slow
@pytest.mark.parametrize("forked", [False, True])
def test_kernels_talk_over_unix_sockets_of_their_own_and_leave_none_behind(forked):
    """No TCP port is picked and released before the kernel binds it (a parallel build could take it)."""
    async def page():
        pool = kernels.KernelPool(1).open() if forked else None
        try:
            kernel = await (pool.take() if forked else kernels.start_kernel())
            info = kernel.km.get_connection_info()
            sockets = sorted(f"{info['ip']}-{info[p]}" for p in
                             ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"))
            alive = [os.path.exists(s) for s in sockets]
            nb = notebook("import json, os\n"
                          "print(json.load(open(os.environ.get('JPY_CONNECTION_FILE') or "
                          "get_ipython().kernel.config['IPKernelApp']['connection_file']))['transport'])")
            await kernels.run_notebook(nb, kernel)
            return info, sockets, alive, nb
        finally:
            if pool is not None:
                await pool.close()

    info, sockets, alive, nb = run(page())
    assert info["transport"] == "ipc"
    assert os.path.dirname(info["ip"]).startswith(os.path.join(os.path.dirname(os.path.dirname(info["ip"])),
                                                               "zcparks-k"))
    assert len(set(sockets)) == 5 and all(alive)
    assert outputs(nb) == ["ipc\n"]
    assert not any(os.path.exists(s) for s in sockets)


@pytest.mark.slow
def test_the_warm_up_is_silent_execution_counts_start_at_one_and_the_namespace_is_clean():
    nb = notebook("print(sorted(k for k in globals() if not k.startswith('_') and k not in "
                  "('In', 'Out', 'get_ipython', 'exit', 'quit', 'open')))", "1 + 1")

    async def page():
        kernel = await kernels.start_kernel()
        return await kernels.run_notebook(nb, kernel)

    run(page())
    assert [c.execution_count for c in nb.cells] == [1, 2]
    assert outputs(nb) == ["[]\n"]
    assert nb.cells[1].outputs[0]["data"]["text/plain"] == "2"


@pytest.mark.slow
def test_a_notebook_that_kills_its_kernel_fails_its_page_and_the_pool_goes_on():
    async def pages():
        pool = kernels.KernelPool(1).open()
        try:
            with pytest.raises(kernels.KernelDied, match="kernel died while it ran"):
                await kernels.run_notebook(notebook("import os\nos._exit(1)"), await pool.take())
            ok = notebook("print('next page')")
            await kernels.run_notebook(ok, await pool.take())
        finally:
            await pool.close()
        return ok

    assert outputs(run(pages())) == ["next page\n"]


@pytest.mark.slow
@pytest.mark.parametrize("how", ["spawned", "forked"])
def test_a_page_past_its_time_limit_has_its_kernel_killed(how):
    async def page():
        pool = kernels.KernelPool(1, limit=1).open() if how == "forked" else None
        try:
            kernel = await pool.take() if pool else await kernels.start_kernel()
            pid = kernel.km.provisioner.pid
            t0 = time.perf_counter()
            with pytest.raises(kernels.KernelDied, match="longer than its time limit of 1.5 s; its kernel was killed"):
                await kernels.run_notebook(notebook("import time\ntime.sleep(60)"), kernel, limit=1.5)
            assert not await kernel.km.is_alive()
            return pid, time.perf_counter() - t0, pool._forks.forked if pool else 0
        finally:
            if pool:
                await pool.close()

    pid, seconds, forked = run(page())
    assert seconds < 15  # not a timing target: the kernel must not run on for its 60 s
    assert not alive(pid)
    assert forked == (1 if how == "forked" else 0)


def alive(pid: int) -> bool:
    """The process runs (a zombie, ended and not yet reaped, does not)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return False


@pytest.mark.slow
@pytest.mark.parametrize("how", ["the engine is gone", "the fork server is killed"])
def test_a_forked_kernel_does_not_outlive_the_engine_or_its_fork_server(how):
    async def page():
        pool = kernels.KernelPool(1, limit=1).open()
        kernel = await pool.take()
        pid, forks = kernel.km.provisioner.pid, pool._forks
        assert forks.forked == 1 and alive(pid)
        if how == "the engine is gone":  # what the server sees when the engine dies: the end of its socket
            forks._reader.close()
            forks._sock.close()
        else:
            forks._proc.kill()
        deadline = time.monotonic() + 30
        while alive(pid) and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        gone = not alive(pid)
        await kernel.shutdown()
        await pool.close()
        return gone

    assert run(page())


# a cell that prints what the process was started with: what a page could notice of how its kernel began
SETUP_CELL = ("import os, sys, json, signal, threading, random\n"
              "from ipykernel.kernelapp import IPKernelApp\n"
              "poller = IPKernelApp.instance().poller\n"
              "print(json.dumps({'path': sys.path, 'cwd': os.getcwd(), 'argv': sys.argv, 'leader': os.getsid(0) == "
              "os.getpid(), 'env': {k: v for k, v in os.environ.items() if k != 'JPY_PARENT_PID'}, "
              "'parent_env': os.environ['JPY_PARENT_PID'] == str(os.getppid()), 'ppid': os.getppid(), "
              "'watches_parent': type(poller).__name__ == 'ParentPollerUnix' and poller.is_alive() and "
              "poller.parent_pid == os.getppid(), "
              "'threads': sorted(t.name for t in threading.enumerate()), "
              "'signals': [str(signal.getsignal(s)) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGCHLD, "
              "signal.SIGPIPE)], 'stdin': os.path.realpath('/proc/self/fd/0')}))\n"
              "import numpy\nprint(numpy.random.random(), random.random())")


@pytest.mark.slow
def test_pool_kernels_are_forked_and_start_like_a_spawned_kernel():
    async def pages():
        cold = notebook(SETUP_CELL)
        await kernels.run_notebook(cold, await kernels.start_kernel())
        pool = kernels.KernelPool(2, limit=2).open()
        try:
            forked = [notebook(SETUP_CELL), notebook(SETUP_CELL)]
            for nb in forked:
                await kernels.run_notebook(nb, await pool.take())
            server = pool._forks._proc.pid
            return cold, forked, server, pool._forks.forked
        finally:
            await pool.close()

    cold, forked, server, n = run(pages())
    assert n == 2
    lines = ["".join(outputs(nb)).splitlines() for nb in (cold, *forked)]
    seen, draws = [json.loads(x[0]) for x in lines], [x[1] for x in lines]
    assert seen[0]["ppid"] == os.getpid() and seen[1]["ppid"] == seen[2]["ppid"] == server
    assert seen[1]["stdin"] == seen[2]["stdin"] == "/dev/null"  # a spawned kernel's is a pipe nobody writes to
    for s in seen:
        s.pop("ppid")
        s.pop("stdin")
    for s in seen:  # each kernel has a connection file of its own
        s["argv"] = [re.sub(r"[^/]*\.json$", "X.json", a) for a in s["argv"]]
    # sys.path, cwd, argv, environment, own session, threads, signal handlers, a poller watching the parent
    assert seen[1] == seen[0] and seen[2] == seen[0]
    assert seen[0]["leader"] and seen[0]["parent_env"] and seen[0]["watches_parent"]
    assert len({d.split()[0] for d in draws}) == 3 and len({d.split()[1] for d in draws}) == 3  # numpy and random


@pytest.mark.slow
def test_a_fork_server_that_cannot_work_leaves_kernels_spawned(capfd):
    from zcparks.engine.forkserver import ForkServer

    async def page(forks):
        nb = notebook("import os\nprint(os.getppid())")
        await kernels.run_notebook(nb, await kernels.start_kernel(forks=forks))
        return int(outputs(nb)[0])

    broken = ForkServer(("zcparks_no_such_module",))  # the server exits at its imports
    try:
        assert run(page(broken)) == os.getpid()
        assert broken.broken
    finally:
        broken.close()
    assert ("the kernel fork server failed (ModuleNotFoundError: No module named 'zcparks_no_such_module'); "
            "kernels are spawned instead") in capfd.readouterr().err
    other = ForkServer(())
    try:
        env = dict(os.environ)
        assert other.fork(["python", "-m", "ipykernel_launcher"], "/", env) is None  # not this interpreter
        assert other._proc is None  # nothing started for it
    finally:
        other.close()


@pytest.mark.slow
def test_a_cell_error_is_the_notebooks_own_exception_with_the_outputs_kept():
    nb = notebook("print('before')", "raise ValueError('deliberate')")

    async def page():
        await kernels.run_notebook(nb, await kernels.start_kernel())

    with pytest.raises(CellExecutionError) as exc:
        run(page())
    assert exc.value.ename == "ValueError" and exc.value.evalue == "deliberate"
    assert outputs(nb) == ["before\n"] and nb.cells[1].outputs[0]["output_type"] == "error"


@pytest.mark.parametrize(("flags", "expected"), [
    ("", 2), ("-j4 --jobserver-auth=fifo:/tmp/x", 4), ("ks -j3", 3), ("k -- JOBS=2", 2), ("--jobs=5", 5),
])
def test_the_pool_size_follows_make_j(flags, expected):
    assert engine.jobs_from_makeflags(flags, 2) == expected


def test_the_engine_summary_lists_each_page_with_status_and_seconds():
    e = engine.Engine(size=2)
    e.results = [engine.Result("a.en", "ok", 1.25, "reports/a.en.html"),
                 engine.Result("b.zh", "failed", 0.5, "report b.zh failed (KernelDied: …)\ndetail")]
    text, failed = e.summary()
    assert failed == 1
    lines = text.splitlines()
    assert lines[0].startswith("build: 2 page(s) in ") and lines[0].endswith("with 2 warm kernel(s): 1 ok, 1 failed")
    assert lines[1].split() == ["failed", "b.zh", "0.5s", "report", "b.zh", "failed", "(KernelDied:", "…)"]
    assert lines[2].split()[:3] == ["ok", "a.en", "1.2s"]
    e.quiet = True
    assert len(e.summary()[0].splitlines()) == 2  # quiet: failures only


@pytest.mark.slow
def test_the_fork_server_can_be_switched_off_and_pool_kernels_are_then_spawned(monkeypatch):
    monkeypatch.setenv(kernels.FORK_SERVER_ENV, "0")

    async def page():
        pool = kernels.KernelPool(1).open()
        try:
            kernel = await pool.take()
            nb = notebook("import sys\nprint('pandas' in sys.modules)")
            await kernels.run_notebook(nb, kernel)
            return pool._forks, kernel.km.provisioner.__class__.__name__, nb
        finally:
            await pool.close()

    forks, provisioner, nb = run(page())
    assert forks is None and provisioner == "LocalProvisioner"
    assert outputs(nb) == ["True\n"]  # the warm-up still ran
