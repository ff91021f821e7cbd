"""One build at a time: ``python -m zcparks.buildstate.lock -- make ...`` runs a command while holding the build lock.

The lock is ``fcntl.flock`` on ``build/build.lock``; the holder writes its pid, host, start time and command into
the file. The operating system releases the lock when the holder dies, however it dies, so there is never a stale
lock to guess about. A second build waits, saying who holds the lock (``ZCPARKS_LOCK_WAIT=0``: it exits at once
with status 75, naming the holder). The child runs with ``ZCPARKS_BUILD_LOCK`` set, so nested makes and the data
build inside a locked build do not try to take the lock again. Standard library only.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from zcparks import paths

HELD_ENV = "ZCPARKS_BUILD_LOCK"
WAIT_ENV = "ZCPARKS_LOCK_WAIT"
BUSY = 75  # EX_TEMPFAIL: try again later
_held_here = False  # this process holds the lock (held() is active)


def lock_path() -> Path:
    """``build/build.lock`` under the repository root."""
    return paths.root() / "build" / "build.lock"


def holding() -> bool:
    """True inside a locked build: this process holds the lock, or runs under a holder (``ZCPARKS_BUILD_LOCK``)."""
    return _held_here or bool(os.environ.get(HELD_ENV))


def holder(path: Path | None = None) -> str:
    """Who holds (or last held) the lock, as one phrase: pid, host, start time and command."""
    try:
        h = json.loads((path or lock_path()).read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return "an unknown process"
    return f"pid {h.get('pid')} on {h.get('host')} since {h.get('started')} ({h.get('command')})"


@contextlib.contextmanager
def locked(path: Path, command: str, busy: str, wait: bool = True,
           log=lambda m: print(m, file=sys.stderr)) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``path`` for the duration of the block, writing who holds it into the file.

    Used for the build lock (:func:`held`) and for the folder of a sweep (:mod:`zcparks.engine.sweep`). The file is
    never deleted: the lock is on the open file, released by the operating system when the holder ends.

    Args:
        path: the lock file (created with its folder when missing).
        command: what the holder runs (written into the lock file for others to see).
        busy: what a second process is told, e.g. ``another build is running``; the holder is named after it.
        wait: wait for the holder to finish (with a message); False raises at once.
        log: where the waiting message goes.

    Raises:
        BlockingIOError: ``wait`` is False and another process holds the lock; the message names it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            who = holder(path)
            if not wait:
                raise BlockingIOError(f"{busy}: {who}") from None
            log(f"zcparks: {busy} ({who}); waiting for it to finish ...")
            fcntl.flock(fd, fcntl.LOCK_EX)
        info = {"pid": os.getpid(), "host": socket.gethostname(), "command": command,
                "started": time.strftime("%Y-%m-%d %H:%M:%S %Z")}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode(), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


@contextlib.contextmanager
def held(command: str, wait: bool = True, log=lambda m: print(m, file=sys.stderr)) -> Iterator[None]:
    """Hold the build lock for the duration of the block (see :func:`locked`).

    Raises:
        BlockingIOError: ``wait`` is False and another process holds the lock; the message names it.
    """
    global _held_here
    with locked(lock_path(), command, "another build is running", wait=wait, log=log):
        _held_here = True
        try:
            yield
        finally:
            _held_here = False


def main(argv: list[str] | None = None) -> int:
    """``python -m zcparks.buildstate.lock -- CMD ...``: run CMD under the build lock; returns CMD's exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--"]:
        argv = argv[1:]
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if argv else 2
    if os.environ.get(HELD_ENV):  # already inside a locked build
        return subprocess.call(argv, close_fds=False)  # keep make's jobserver pipe (make -jN) open
    wait = os.environ.get(WAIT_ENV, "1") != "0"
    try:
        with held(" ".join(argv), wait=wait):
            # close_fds=False: the inner make must inherit the jobserver pipe of `make -jN`, or it falls back to -j1
            return subprocess.call(argv, env={**os.environ, HELD_ENV: str(os.getpid())}, close_fds=False)
    except BlockingIOError as exc:
        print(f"zcparks: {exc}; try again when it has finished", file=sys.stderr)
        return BUSY
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
