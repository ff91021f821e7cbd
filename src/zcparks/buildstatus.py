"""How the last data build of ``data/processed/`` ended: ``build/data-status.json``.

``make data`` (:func:`zcparks.data.build.main`) writes it; the index page and the build summary read it, so a
failed data build shows where people look, next to the pages it left on their last good data. Standard library
only: the index is written without pandas.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from zcparks import paths


def status_path() -> Path:
    """``build/data-status.json``."""
    return paths.root() / "build" / "data-status.json"


def read_status() -> dict | None:
    """The last data build's status (``status``, ``error``, ``finished_at``, ``last_success_at``), or None."""
    try:
        return json.loads(status_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_status(status: str, error: str | None = None) -> None:
    """Record how this data build ended (``ok`` or ``failed`` with its one-line error); keeps the last good time."""
    now = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
    prev = read_status() or {}
    data = {"status": status, "error": error, "finished_at": now,
            "last_success_at": now if status == "ok" else prev.get("last_success_at")}
    p = status_path()
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_name(f"{p.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(p)
