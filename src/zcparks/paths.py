"""Where things are. Every path in zcparks is derived from here.

The repository root is found from this file (``src/zcparks/paths.py``); set the
environment variable ``ZCPARKS_ROOT`` to point zcparks at another checkout (tests do this
to work on a scratch copy).
"""

from __future__ import annotations

import os
from pathlib import Path


def root() -> Path:
    """The repository root (the folder holding ``data/``, ``notebooks/`` and ``reports/``)."""
    env = os.environ.get("ZCPARKS_ROOT")
    if env:
        return Path(env).resolve()
    return Path(__file__).resolve().parents[2]


def raw_dir() -> Path:
    return root() / "data" / "raw"


def processed_dir() -> Path:
    return root() / "data" / "processed"


def notebooks_dir() -> Path:
    return root() / "notebooks"


def reports_dir() -> Path:
    return root() / "reports"


def rel(path: Path) -> str:
    """``path`` relative to the repository root where possible (for messages and manifests)."""
    try:
        return str(Path(path).resolve().relative_to(root()))
    except ValueError:
        return str(path)
