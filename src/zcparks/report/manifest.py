"""What a page read, and with what: the run manifest, and the raw files a page depends on.

This is the one module of the engine that imports the data layer (its light catalogue,
no pandas): a page's manifest lists the raw files behind the datasets its notebook reads,
and the same files are the page's make dependencies.
"""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from importlib.metadata import version as pkg_version
from typing import Any

import zcparks
from zcparks import paths
from zcparks.data import catalog
from zcparks.errors import ZcparksError
from zcparks.report.params import NotebookSpec

KEY_PACKAGES = ("pandas", "altair", "vl-convert-python", "papermill", "nbconvert", "geopandas", "cnmaps", "pandera")


def input_files(datasets: tuple[str, ...] | list[str]) -> list[tuple[str, str]]:
    """The raw files behind ``datasets``, each once, in order.

    Args:
        datasets: processed dataset names (a notebook's ``reads``).

    Returns:
        (source_id, file) pairs.

    Raises:
        ZcparksError: an unknown dataset (names the known ones).
    """
    known = catalog.datasets()
    unknown = [d for d in datasets if d not in known]
    if unknown:
        raise ZcparksError(f"unknown dataset(s) {unknown} in reads; known datasets: {', '.join(known)}")
    return list(dict.fromkeys(f for d in datasets for f in known[d]))


def dataset_inputs(datasets: tuple[str, ...] | list[str]) -> list[dict[str, Any]]:
    """The raw files behind ``datasets`` with sha256, size, title, producer, licence, vintage, origins.

    The records are those the data build wrote when it made the processed tables (:func:`zcparks.data.catalog.recorded`),
    so a manifest describes the bytes the page's data came from, even when a raw file changed since; a file the
    build did not record is described as it is now.
    """
    built = catalog.recorded()
    return [built.get(f"data/raw/{source_id}/{file}") or catalog.file_record(source_id, file)
            for source_id, file in input_files(datasets)]


def git_commit() -> str:
    """HEAD commit of the repository (``+dirty`` when the work tree has changes), or 'unknown'."""
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=paths.root(), capture_output=True,
                              text=True, check=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=paths.root(),
                               capture_output=True, text=True, timeout=10).stdout.strip()
        return head + ("+dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def manifest(spec: NotebookSpec, params: dict[str, Any], mode: str) -> dict[str, Any]:
    """The run manifest of one page.

    Args:
        spec: the notebook's spec.
        params: the checked parameters.
        mode: ``site`` or ``standalone``.

    Returns:
        notebook, parameters, zcparks version, git commit, key package versions, input files, build time, mode.
    """
    packages = {}
    for p in KEY_PACKAGES:
        try:
            packages[p] = pkg_version(p)
        except Exception:  # noqa: BLE001 - a missing package is reported as such
            packages[p] = "not installed"
    return {
        "notebook": f"notebooks/{spec.notebook}.ipynb",
        "analysis": spec.slug,
        "parameters": params,
        "parameters_text": ", ".join(f"{k}={v!r}" for k, v in params.items()),
        "version": zcparks.__version__,
        "git_commit": git_commit(),
        "packages": packages,
        "inputs": dataset_inputs(spec.reads),
        "built_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "mode": mode,
    }
