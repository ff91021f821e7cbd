"""The client each page's make rule runs: ``python -m zcparks.engine.client run-job JOB [--mode M]``.

It sends the job to the build's engine server (``build/engine.sock``, see :mod:`zcparks.engine.server`), blocks,
prints the server's one-line result, and exits with the page's status, so make sees every page as its own target
(``-j``, ``-k``, ``-n``, ``-q`` and single-target builds work as before). With no server, or when the server goes
away mid-page, it runs the page cold instead (``zcparks run-job``), by the same code. Standard library only, so a
page's request costs a few tens of milliseconds.
"""

from __future__ import annotations

import json
import os
import socket
import sys
from pathlib import Path

from zcparks import paths


def socket_path() -> Path:
    """``build/engine.sock``: where the build's engine server listens."""
    return paths.root() / "build" / "engine.sock"


def socket_name() -> str:
    """:func:`socket_path` as the shortest string that names it (Unix socket paths are limited to ~107 bytes)."""
    path = socket_path()
    rel = os.path.relpath(path)
    return rel if len(rel) < len(str(path)) else str(path)


def request(req: dict, quiet: bool = False) -> dict | None:
    """Send one request to the engine server and return its reply; None when no server answers.

    Args:
        req: ``{"op": "run", "job": …}``, ``{"op": "stop"}`` or ``{"op": "ping"}``.
        quiet: say nothing when the server goes away before replying.
    """
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.connect(socket_name())
            s.sendall((json.dumps(req) + "\n").encode())
            data = b""
            while not data.endswith(b"\n"):
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
    except (FileNotFoundError, ConnectionRefusedError, ConnectionResetError, OSError):
        return None
    if not data.strip():
        if not quiet:
            print(f"zcparks: the build engine went away during {req.get('job')}; running it cold", file=sys.stderr)
        return None
    return json.loads(data)


def main(argv: list[str] | None = None) -> int:
    """``run-job JOB [--mode M]``: the page's status (0 ok, 1 failed)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help") or argv[0] != "run-job" or len(argv) < 2:
        print(__doc__.strip())
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    job = argv[1]
    mode = argv[argv.index("--mode") + 1] if "--mode" in argv[2:-1] else None
    reply = request({"op": "run", "job": job, "mode": mode})
    if reply is None:  # no engine: the same page, cold
        cmd = [sys.executable, "-m", "zcparks.cli", "run-job", job] + (["--mode", mode] if mode else [])
        sys.stdout.flush()
        os.execv(sys.executable, cmd)
    if reply.get("message"):
        print(reply["message"], file=sys.stderr)
    return int(reply.get("status", 1))


if __name__ == "__main__":
    sys.exit(main())
