"""Recorded results: named values a notebook records for sweeps and index headlines.

In a notebook, ``zcparks.record("national_factor", 0.5306)`` displays an output of the MIME type
:data:`RECORD_MIME` holding ``{"name": ..., "value": ...}``. It always records (in JupyterLab too). The renderer
strips these outputs before export (:func:`strip`), so a page never shows them; :func:`read` collects them from an
executed notebook. Values must be JSON scalars or lists of them (numpy scalars are converted).
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

from zcparks.errors import ZcparksError

RECORD_MIME = "application/vnd.zcparks.record+json"
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def _plain(value: Any, name: str) -> Any:
    """``value`` as plain JSON data; numpy scalars via ``.item()``; NaN becomes None (JSON has no NaN)."""
    if hasattr(value, "item") and not isinstance(value, (list, tuple, dict, str)):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v, name) for v in value]
    raise ZcparksError(f"record {name!r}: a value must be a number, text, bool or a list of them, not "
                       f"{type(value).__name__}")


def record(name: str, value: Any) -> None:
    """Record ``value`` under ``name`` in the running notebook (an output of type :data:`RECORD_MIME`).

    Args:
        name: lower-case identifier (letters, digits, underscores), unique within the notebook.
        value: a number, text, bool, None or a list of them.

    Raises:
        ZcparksError: a bad name or a value that is not plain data.
    """
    from IPython.display import display

    if not isinstance(name, str) or not _NAME.match(name):
        raise ZcparksError(f"record name {name!r}: use lower-case letters, digits and underscores")
    display({RECORD_MIME: {"name": name, "value": _plain(value, name)}}, raw=True)


def _outputs(nb: Any) -> list[tuple[Any, int]]:
    return [(cell, i) for cell in nb.cells if cell.get("cell_type") == "code"
            for i, out in enumerate(cell.get("outputs", [])) if RECORD_MIME in out.get("data", {})]


def strip(nb: Any) -> int:
    """Remove every record output from ``nb`` (in place) before export; returns how many were removed."""
    n = 0
    for cell in nb.cells:
        if cell.get("cell_type") == "code":
            keep = [o for o in cell.get("outputs", []) if RECORD_MIME not in o.get("data", {})]
            n += len(cell.get("outputs", [])) - len(keep)
            cell["outputs"] = keep
    return n


def read(nb_or_path: Any) -> dict[str, Any]:
    """The records of an executed notebook, in the order they were made.

    Args:
        nb_or_path: a notebook node, or the path of an ``.ipynb`` file.

    Returns:
        name -> value.

    Raises:
        ZcparksError: a name was recorded twice (the message names it and the notebook).
    """
    if isinstance(nb_or_path, (str, Path)):
        nb = json.loads(Path(nb_or_path).read_text(encoding="utf-8"))
        where = str(nb_or_path)
    else:
        nb, where = nb_or_path, "notebook"
    out: dict[str, Any] = {}
    for cell in nb["cells"]:
        for o in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            data = o.get("data", {}).get(RECORD_MIME)
            if data is None:
                continue
            if isinstance(data, str):  # some writers store JSON outputs as text
                data = json.loads(data)
            if data["name"] in out:
                raise ZcparksError(f"{where}: record {data['name']!r} recorded twice")
            out[data["name"]] = data["value"]
    return out
