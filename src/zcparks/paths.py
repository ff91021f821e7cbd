"""Where things are, and how an analysis is named. Every path in zcparks is derived from here.

The repository root is found from this file (``src/zcparks/paths.py``); set the
environment variable ``ZCPARKS_ROOT`` to point zcparks at another checkout (tests do this
to work on a scratch copy). Code (the analysis packages, templates) is always found
beside this file, data, notebooks and reports under the root.

**One slug per analysis.** An analysis is named by its slug, e.g. ``pilot-parks``: lower
case words joined by ``-``. The slug is the report id, the label-key prefix and the URL
stem; the notebook is ``notebooks/NN-<slug>.ipynb``; the Python package is the slug with
``-`` replaced by ``_`` (``zcparks.analyses.pilot_parks``), because a package name cannot
hold a hyphen; the tests live in ``tests/analyses/<package>/``. :func:`package_of` and
:func:`slug_of` are the one mapping between the two spellings.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

SLUG = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
PACKAGE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


def root() -> Path:
    """The repository root (the folder holding ``data/``, ``notebooks/`` and ``reports/``).

    Returns:
        ``$ZCPARKS_ROOT`` when set, else the checkout this file belongs to.
    """
    env = os.environ.get("ZCPARKS_ROOT")
    if env:
        return Path(env).resolve()
    return Path(__file__).resolve().parents[2]


def package_dir() -> Path:
    """The ``zcparks`` package folder (code, templates and analysis specs; never moved by ZCPARKS_ROOT)."""
    return Path(__file__).resolve().parent


def analyses_dir() -> Path:
    """The folder of the analysis packages, ``src/zcparks/analyses``."""
    return package_dir() / "analyses"


def raw_dir() -> Path:
    """Immutable raw inputs, ``data/raw`` (one folder per source, with PROVENANCE.md and metadata.yaml)."""
    return root() / "data" / "raw"


def processed_dir() -> Path:
    """Built tables, ``data/processed`` (written by ``make data``; not committed)."""
    return root() / "data" / "processed"


def notebooks_dir() -> Path:
    """The notebooks, ``notebooks/NN-<slug>.ipynb``."""
    return root() / "notebooks"


def reports_dir() -> Path:
    """The built site, ``reports/`` (not committed)."""
    return root() / "reports"


READS_LOG_ENV = "ZCPARKS_READS_LOG"


def reads_log() -> Path | None:
    """The file to which the data layer appends each dataset a notebook reads, if the runner set one.

    The report runner sets ``$ZCPARKS_READS_LOG`` for the notebook's kernel and compares the log with the
    ``reads`` of the analysis's spec.
    """
    value = os.environ.get(READS_LOG_ENV)
    return Path(value) if value else None


def rel(path: str | Path) -> str:
    """``path`` relative to the repository root where possible (for messages and manifests).

    Args:
        path: any path.

    Returns:
        The path relative to :func:`root`, or ``path`` unchanged when it lies outside.
    """
    try:
        return str(Path(path).resolve().relative_to(root()))
    except ValueError:
        return str(path)


def package_of(slug: str) -> str:
    """The Python package name of an analysis slug: ``pilot-parks`` -> ``pilot_parks``.

    Args:
        slug: lower-case words joined by ``-``.

    Returns:
        The slug with ``-`` replaced by ``_``.

    Raises:
        ValueError: ``slug`` is not a valid slug.
    """
    if not SLUG.match(slug):
        raise ValueError(f"{slug!r} is not an analysis slug; expected lower-case words joined by '-', e.g. 'pilot-parks'")
    return slug.replace("-", "_")


def slug_of(package: str) -> str:
    """The slug of an analysis package name: ``pilot_parks`` -> ``pilot-parks`` (inverse of :func:`package_of`).

    Args:
        package: the last component of the package name, lower-case words joined by ``_``.

    Returns:
        The package name with ``_`` replaced by ``-``.

    Raises:
        ValueError: ``package`` is not a valid analysis package name.
    """
    if not PACKAGE.match(package):
        raise ValueError(f"{package!r} is not an analysis package name; expected lower-case words joined by '_'")
    return package.replace("_", "-")
