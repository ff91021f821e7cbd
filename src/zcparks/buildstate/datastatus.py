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


TIME_FORMAT = "%Y-%m-%d %H:%M:%S UTC"
"""How the status gives times (UTC, to the second)."""


def read_status() -> dict | None:
    """The last data build's status, or None when no data build has recorded one.

    Returns:
        ``status`` (``ok`` or ``failed``), ``error`` (one line, or None), ``finished_at`` (when that build ended),
        ``last_success_at`` (when the data now in ``data/processed/`` was built, or None when no build ever
        succeeded) and ``failing_since`` (when the run of failed builds that this one ends began; None when ok).
    """
    try:
        return json.loads(status_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _processed_built_at() -> str | None:
    """When ``data/processed/`` was last built: the time of its ``.built`` listing, or None when there is none.

    A good data build writes ``.built`` last and a failed one never touches it, so this is the time of the data the
    pages now show, also where no status recorded it (``data/processed/`` copied in, or built before statuses were
    written).
    """
    try:
        return time.strftime(TIME_FORMAT, time.gmtime((paths.processed_dir() / ".built").stat().st_mtime))
    except OSError:
        return None


def write_status(status: str, error: str | None = None) -> None:
    """Record how this data build ended: ``ok``, or ``failed`` with its one-line error.

    A failure keeps the time of the last good build (:func:`_processed_built_at` when none is recorded) and the
    time the failures began, so the site can say which data its pages show and since when the build fails.
    """
    now = time.strftime(TIME_FORMAT, time.gmtime())
    prev = read_status() or {}
    data = {"status": status, "error": error, "finished_at": now, "last_success_at": now, "failing_since": None}
    if status == "failed":
        data["last_success_at"] = prev.get("last_success_at") or _processed_built_at()
        earlier = prev.get("failing_since") or prev.get("finished_at") if prev.get("status") == "failed" else None
        data["failing_since"] = earlier or now
    p = status_path()
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_name(f"{p.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(p)
