"""Parameter sweeps: run one notebook over a grid of parameter combinations and collect what it records.

``zcparks sweep grid-factors -p year 2021,2022,2023 -p lang en,zh`` runs the 6 combinations, each as an ad-hoc run
(``zcparks run`` in its own process, so runs never share a kernel or a working directory), keeps every executed
notebook, and writes one tidy table beside them: ``sweep.csv`` and ``sweep.parquet``, one row per run with its
parameters, status, seconds, error and every value it recorded (:mod:`zcparks.records`). A failed run is a
row with its error; it never stops the others. Sweeps write no site status and no site page.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from zcparks import paths, records, yamlfile
from zcparks.errors import ParameterError, ZcparksError
from zcparks.report.params import NotebookSpec, adhoc_stem, read_scalar


def grid(spec: NotebookSpec, given: list[tuple[str, str]], grid_file: Path | None = None) -> list[dict[str, Any]]:
    """Every combination of the parameter values, each validated against the notebook's spec.

    Args:
        spec: the notebook's spec.
        given: ``(name, comma-separated values)`` pairs from ``-p``; numbers and simple codes only.
        grid_file: a YAML mapping ``name: [values]`` (for values that contain commas); ``-p`` wins over it.

    Returns:
        The distinct combinations in order (the last parameter varies fastest), each as validated parameters; a
        combination given twice (also through an alias, such as a province name and its code) runs once.

    Raises:
        ParameterError: an unknown parameter, a value that is not allowed, an empty list or a bad grid file;
            the message names the parameter (nothing runs).
    """
    values: dict[str, list[Any]] = {}
    if grid_file:
        try:
            doc = yamlfile.load(grid_file) or {}
        except ZcparksError as exc:
            raise ParameterError(f"grid file {exc}") from None
        if not isinstance(doc, dict) or not all(isinstance(v, list) for v in doc.values()):
            raise ParameterError(f"{grid_file}: expected a mapping of parameter names to lists, e.g. 'year: [2021, 2022]'")
        values.update({str(k): list(v) for k, v in doc.items()})
    for name, text in given:
        values[name] = [read_scalar(t.strip()) for t in text.split(",") if t.strip()]
    empty = [n for n, v in values.items() if not v]
    if empty:
        raise ParameterError(f"sweep: no values for {', '.join(empty)}")
    names = list(values)
    combos = [dict(zip(names, combo, strict=True)) for combo in itertools.product(*values.values())]
    validated = [spec.validate(c) for c in combos]
    unique = {json.dumps(c, sort_keys=True, default=str): c for c in validated}  # e.g. Jiangsu and 320000 are one run
    return list(unique.values())


def _run_one(spec: NotebookSpec, params: dict[str, Any], out_dir: Path, pages: bool) -> dict[str, Any]:
    """One combination as an ad-hoc run in its own process; returns its row of the sweep table."""
    cmd = [sys.executable, "-m", "zcparks.cli", "run", spec.slug, "-o", str(out_dir)]
    for name, value in params.items():
        cmd += ["-p", name, json.dumps(value) if not isinstance(value, str) else value]
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=paths.root(), env=dict(os.environ))
    seconds = round(time.perf_counter() - t0, 2)
    stem = adhoc_stem(spec.notebook, params)
    nb, html = out_dir / f"{stem}.ipynb", out_dir / f"{stem}.html"
    row: dict[str, Any] = {**params, "status": "ok" if r.returncode == 0 else "failed", "seconds": seconds,
                           "error": "", "notebook": paths.rel(nb) if nb.exists() else ""}
    if r.returncode != 0:
        lines = [line for line in r.stderr.strip().splitlines() if line.strip()]
        ours = [line for line in lines if line.startswith("zcparks run:")]  # the one-line error of the run
        error = (ours or lines or [f"exit status {r.returncode}"])[0].removeprefix("zcparks run: ")
        row["error"] = error.split("; executed notebook:")[0]
        failed = out_dir / ".zcparks-work" / "_failed" / f"adhoc.{stem}.ipynb"
        if failed.exists():  # keep the executed notebook with its error beside the others
            failed.replace(out_dir / f"{stem}.failed.ipynb")
            row["notebook"] = paths.rel(out_dir / f"{stem}.failed.ipynb")
    else:
        try:
            row.update({f"record.{k}": v for k, v in records.read(nb).items()})
        except ZcparksError as exc:
            row.update(status="failed", error=str(exc))
    if not pages:
        html.unlink(missing_ok=True)
    return row


def run(spec: NotebookSpec, combos: list[dict[str, Any]], out_dir: Path, jobs: int = 2, pages: bool = False,
        progress: bool = True) -> tuple[list[dict[str, Any]], Path]:
    """Run every combination (``jobs`` at a time) and write ``sweep.csv`` and ``sweep.parquet`` in ``out_dir``.

    Args:
        spec: the notebook's spec.
        combos: validated parameter combinations (:func:`grid`).
        out_dir: where the executed notebooks (and pages, with ``pages``) and the table go.
        jobs: runs at the same time.
        pages: keep each run's standalone HTML page.
        progress: show a progress bar (runs done / total, failures).

    Returns:
        The rows (in grid order) and the path of ``sweep.csv``.
    """
    import pandas as pd
    from tqdm import tqdm

    out_dir.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, Any] | None] = [None] * len(combos)
    bar = tqdm(total=len(combos), unit="run", disable=not progress, desc=f"sweep {spec.slug}")
    failed = 0
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {pool.submit(_run_one, spec, c, out_dir, pages): i for i, c in enumerate(combos)}
        for fut in as_completed(futures):
            rows[futures[fut]] = row = fut.result()
            failed += row["status"] != "ok"
            bar.set_postfix(failed=failed)
            bar.update()
    bar.close()
    done = [r for r in rows if r is not None]
    table = pd.DataFrame(done)
    table.insert(0, "run", range(1, len(done) + 1))
    csv = out_dir / "sweep.csv"
    table.to_csv(csv, index=False, encoding="utf-8")
    table.astype({c: str for c in table.columns if table[c].map(type).nunique() > 1}).to_parquet(
        out_dir / "sweep.parquet", index=False)
    return done, csv
