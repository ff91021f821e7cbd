"""Fresh kernels forked from a parent that has done the imports once (the engine's kernel pool uses it).

A spawned kernel costs about 1.5 s of CPU before its first cell: the interpreter starts, imports ipykernel, and
the warm-up imports pandas, pyarrow, altair and zcparks. A build runs one fresh kernel per page (182 pages) on a
machine whose cores the pages already keep busy, so that cost is a large part of every build.

A *fork server* (``python -m zcparks.engine.forkserver FD``) imports those modules once, then forks one child per
kernel. The child goes straight into ipykernel's ``IPKernelApp`` with the connection file jupyter_client wrote,
which is what ``python -m ipykernel_launcher -f …`` does after its imports:

* **Still a fresh kernel.** The server runs nothing but imports, so each child starts from the state a fresh
  ``import`` leaves: no user namespace, empty caches, default options. It has its own process, session, cwd,
  environment and stdin (``/dev/null``, as a spawned kernel reads none). Python's ``random`` reseeds itself in a
  forked child; numpy's global generator is reseeded from the OS here.
* **Same environment only.** The server is started with the environment and cwd of the first kernel asked for;
  a kernel asked for with another environment (modules may have read it at import) or another command line is
  spawned as usual.
* **Managed as usual.** jupyter_client manages the child through :class:`ForkProvisioner`, a ``LocalProvisioner``
  whose process is the forked child: interrupt, kill and the page time limit signal its process group. The
  engine is not the child's parent, so it reads the child's end from a pidfd (Linux 5.3 and newer; ``/proc``
  otherwise); the server reaps its children.
* **Never outlived.** A forked kernel watches its parent, the server, as a spawned kernel watches the engine
  (ipykernel's parent poller; ipykernel reads ``JPY_PARENT_PID`` at import, so the server passes it as
  ``--IPKernelApp.parent_handle``). The server exits at the end of its socket, when the engine stops or dies,
  and kills the kernels it forked that are still running; if the server itself is killed, its kernels exit.
* **Never in the way.** If the server cannot be started or import, kernels are spawned as before, and one line on
  stderr says so. A server that fails once a request was sent fails that kernel (a forked child may hold its
  ports) and is not used again.

What still differs from a spawned kernel, none of it visible in a page: the children share the server's string
hash seed (set and dict orders of strings repeat between pages, as they would under a fixed ``PYTHONHASHSEED``),
the exit status of a kernel goes to the server (the engine sees -1), and jemalloc's background thread, which
pyarrow starts in the server, is off in the children (freed memory goes back to the OS a little later).
"""

from __future__ import annotations

import json
import os
import select
import signal
import socket
import subprocess
import sys
import threading
from typing import Any

from jupyter_client.provisioning.local_provisioner import LocalProvisioner

from zcparks.errors import BuildError

# what the server imports before it forks: the warm-up's modules (kernels.WARM_MODULES) and ipykernel's own
KERNEL_MODULES = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell")
LAUNCHER = ["-m", "ipykernel_launcher"]  # the kernel spec's command after the interpreter (python3, native)
REPLY_TIMEOUT = 120  # seconds: the first reply waits for the server's imports


class ForkServer:
    """The engine's side of one fork server, started at the first :meth:`fork` (thread-safe).

    Args:
        modules: what the server imports before it forks (besides ipykernel's modules).
    """

    def __init__(self, modules: tuple[str, ...]) -> None:
        self.modules = modules
        self._lock = threading.Lock()
        self._proc: subprocess.Popen | None = None
        self._sock: socket.socket | None = None
        self._reader: Any = None
        self._env: dict[str, str] | None = None
        self._cwd: str | None = None
        self.broken = False
        self.forked = 0

    def fork(self, cmd: list[str], cwd: str, env: dict[str, str]) -> int | None:
        """A kernel forked for ``cmd`` (jupyter_client's command line) in ``cwd`` with ``env``: its pid.

        Returns:
            the child's pid; None when this kernel must be spawned instead (another environment, cwd or
            command, or no working server).
        """
        if cmd[:1] != [sys.executable] or cmd[1:3] != LAUNCHER:
            return None
        with self._lock:
            if self.broken:
                return None
            if self._proc is None:
                self._start(cwd, env)
                if self.broken or "ready" not in self._reply():  # the first line: its imports are done, or why not
                    return None
            if env != self._env or cwd != self._cwd:
                return None
            try:
                self._sock.sendall(json.dumps({"args": cmd[3:], "cwd": cwd}).encode() + b"\n")
            except OSError as exc:  # nothing reached the server: this kernel can be spawned instead
                self._give_up(f"{type(exc).__name__}: {exc}")
                return None
            reply = self._reply()
            if "pid" not in reply:  # a child may exist on this kernel's connection file: no second kernel on it
                self._give_up(reply.get("error", "no pid in its reply"))
                raise BuildError(f"the kernel fork server failed while it started this page's kernel "
                                 f"({reply.get('error', 'no pid in its reply')})")
            self.forked += 1
            return int(reply["pid"])

    def _reply(self) -> dict[str, Any]:
        """The server's next line; a closed or garbled line gives up the server (the reason is printed once)."""
        try:
            line = self._reader.readline()
            reply = json.loads(line) if line else {"error": "the fork server exited"}
        except (OSError, ValueError) as exc:
            reply = {"error": f"{type(exc).__name__}: {exc}"}
        if "error" in reply:
            self._give_up(reply["error"])
        return reply

    def _start(self, cwd: str, env: dict[str, str]) -> None:
        ours, theirs = socket.socketpair()
        ours.settimeout(REPLY_TIMEOUT)
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", __name__, str(theirs.fileno()), *self.modules, *KERNEL_MODULES],
                cwd=cwd, env=env, stdin=subprocess.DEVNULL, pass_fds=(theirs.fileno(),), start_new_session=True)
        except OSError as exc:
            ours.close()
            self._give_up(str(exc))
            return
        finally:
            theirs.close()
        self._sock, self._reader = ours, ours.makefile("rb")
        self._env, self._cwd = dict(env), cwd

    def _give_up(self, why: str) -> None:
        """Use the server no more (it is closed by :meth:`close` only: closing it kills the kernels it forked)."""
        if not self.broken:
            print(f"zcparks: the kernel fork server failed ({why}); kernels are spawned instead", file=sys.stderr)
        self.broken = True

    def close(self) -> None:
        """Stop the server; it kills any kernel it forked that is still running (normally all were shut down)."""
        with self._lock:
            self.broken = True
            if self._sock is not None:
                self._reader.close()
                self._sock.close()  # the server exits when it reads the end of its socket
                self._sock = None
            if self._proc is not None:
                try:
                    self._proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self._proc.kill()
                    self._proc.wait()


class _Forked:
    """A ``Popen``-like handle on a forked kernel, a child of the server and not of this process."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        try:
            self._fd: int | None = os.pidfd_open(pid)
        except (AttributeError, OSError):
            self._fd = None

    def _alive(self) -> bool:
        if self._fd is not None:  # readable once the process has ended (a zombie included)
            return not select.select([self._fd], [], [], 0)[0]
        try:
            with open(f"/proc/{self.pid}/stat") as f:
                return f.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
        except (OSError, IndexError):
            return False

    def poll(self) -> int | None:
        if self.returncode is None and not self._alive():
            self.returncode = -1  # ended; its status went to its parent, the server
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        import time

        end = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if end is not None and time.monotonic() > end:
                raise subprocess.TimeoutExpired([str(self.pid)], timeout)
            time.sleep(0.02)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            if self._fd is not None:
                signal.pidfd_send_signal(self._fd, signum)  # never another process that got the pid later
            else:
                os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ForkProvisioner(LocalProvisioner):
    """jupyter_client's local provisioner, launching its kernel by a fork of :attr:`server` when it can."""

    server: ForkServer | None = None

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        """Fork the kernel from :attr:`server`; spawn it (``LocalProvisioner``) if the server can't."""
        import asyncio
        import pathlib

        cwd = str(kwargs.get("cwd") or pathlib.Path.cwd())
        env = dict(kwargs.get("env") or os.environ)
        pid = await asyncio.to_thread(self.server.fork, cmd, cwd, env) if self.server is not None else None
        if pid is None:
            return await super().launch_kernel(cmd, **kwargs)
        self.process = _Forked(pid)
        self.pid = self.pgid = pid  # the child leads its own session (setsid) before the server replies
        self.cwd = cwd
        return self.connection_info

    async def send_signal(self, signum: int) -> None:
        """Signal the kernel's process group, unless the kernel has ended.

        The server reaps its kernels at once, so an ended kernel's pid, which is its group's id, is free for reuse
        (a spawned kernel stays a zombie of the engine until waited for).
        """
        if isinstance(self.process, _Forked) and self.process.poll() is not None:
            return
        await super().send_signal(signum)


# ----------------------------------------------------------------------------------------------- the server side


_CHILDREN: set[int] = set()  # the kernels this server forked that have not ended


def _reap(_signum: int, _frame: Any) -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        _CHILDREN.discard(pid)


def _become_kernel(args: list[str], cwd: str, conn: socket.socket, ready_w: int) -> None:
    """In the forked child: set up the process as ``python -m ipykernel_launcher`` would be, and run the kernel."""
    import importlib.util

    conn.close()
    for sig in (signal.SIGCHLD, signal.SIGTERM):
        signal.signal(sig, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    os.setsid()
    os.write(ready_w, b"1")
    os.close(ready_w)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.chdir(cwd)
    parent = os.getppid()
    os.environ["JPY_PARENT_PID"] = str(parent)  # as jupyter_client's launcher sets it: the kernel's parent
    sys.argv = [importlib.util.find_spec("ipykernel_launcher").origin, *args]
    if "numpy.random" in sys.modules:
        sys.modules["numpy.random"].seed()  # a fresh process draws its own seed; a fork would share the server's
    from ipykernel.kernelapp import IPKernelApp

    # ipykernel read JPY_PARENT_PID when the server imported it (unset then): say it again, so the kernel's parent
    # poller watches the server and the kernel exits with it
    IPKernelApp.launch_instance(argv=[*args, f"--IPKernelApp.parent_handle={parent}"])


def serve(fd: int, modules: list[str]) -> None:
    """The server: import ``modules``, then fork a kernel for each request read from socket ``fd``, until EOF."""
    import importlib

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # it stops when the engine closes its socket, not on Ctrl-C
    conn = socket.socket(fileno=fd)
    if sys.path[0] == "" or os.path.realpath(sys.path[0]) == os.path.realpath(os.getcwd()):
        del sys.path[0]  # as ipykernel_launcher does before its imports (the kernel puts "" back at its start)
    try:
        for name in modules:
            importlib.import_module(name)
    except Exception as exc:  # noqa: BLE001 - told to the engine, which spawns its kernels instead
        conn.sendall(json.dumps({"error": f"{type(exc).__name__}: {exc}"}).encode() + b"\n")
        return
    conn.sendall(b'{"ready": true}\n')
    signal.signal(signal.SIGCHLD, _reap)
    reader = conn.makefile("rb")
    try:
        _serve(conn, reader)
    finally:  # the engine stopped or died: no kernel of ours may outlive it
        for pid in list(_CHILDREN):
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                pass


def _serve(conn: socket.socket, reader: Any) -> None:
    import traceback

    for line in reader:
        req = json.loads(line)
        ready_r, ready_w = os.pipe()
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGCHLD})  # no reaping between the fork and the add
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD})
                os.close(ready_r)
                reader.close()
                _become_kernel(req["args"], req["cwd"], conn, ready_w)
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
            except BaseException:  # noqa: BLE001 - the child must never return into the server's loop
                traceback.print_exc()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        _CHILDREN.add(pid)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD})
        os.close(ready_w)
        started = os.read(ready_r, 1)  # b"1": the child has its own session now, its pid is its process group
        os.close(ready_r)
        reply = {"pid": pid} if started == b"1" else {"error": "the forked kernel exited before it started"}
        conn.sendall(json.dumps(reply).encode() + b"\n")


if __name__ == "__main__":
    serve(int(sys.argv[1]), sys.argv[2:])
