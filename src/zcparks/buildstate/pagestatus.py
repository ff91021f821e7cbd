"""How each page's last build ended: ``reports/_status/<job>.json``.

The engine's runner writes it after every run of a site page (:mod:`zcparks.engine.runner`); the index page and
the build summary read it (:mod:`zcparks.report.site`), so it sits below both. Standard library only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from zcparks import paths

__all__ = ["read_status", "status_path"]


def status_path(job_id: str) -> Path:
    """``reports/_status/<job>.json``."""
    return paths.reports_dir() / "_status" / f"{job_id}.json"


def read_status(job_id: str) -> dict[str, Any] | None:
    """The last status written for ``job_id`` (see :func:`zcparks.engine.runner.mark_failed`), or None."""
    p = status_path(job_id)
    return json.loads(p.read_text(encoding="utf-8")) if p.exists() else None
