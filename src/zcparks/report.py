"""The one report renderer: executed notebook -> offline HTML page (our nbconvert template).

Two modes:

* ``site`` (default for ``make reports``): the Vega bundle and the shared map data are
  files under ``reports/assets/``, loaded by ``<script src>`` (works from ``file://``);
* ``standalone``: both are inlined once in the page, which then works on its own.

No page requests anything from another host: no CDN for Vega, require.js or MathJax.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
from datetime import UTC, datetime
from functools import cache
from importlib.metadata import version as pkg_version
from pathlib import Path
from typing import Any

import nbformat

import zcparks
from zcparks import labels, paths
from zcparks.params import NotebookSpec

TEMPLATES = Path(__file__).parent / "templates"
KEY_PACKAGES = ("pandas", "altair", "vl-convert-python", "papermill", "nbconvert", "geopandas", "cnmaps", "pandera")
MODES = ("site", "standalone")


# --------------------------------------------------------------------------- provenance


def dataset_inputs(datasets: tuple[str, ...]) -> list[dict[str, Any]]:
    """The raw files behind ``datasets`` with sha256, size, title, producer, licence, vintage, origins."""
    from zcparks.data.build import datasets as dataset_map
    from zcparks.data.build import file_record

    known = dataset_map()
    files = dict.fromkeys(src_file for ds in datasets for src_file in known[ds])
    return [file_record(source_id, file) for source_id, file in files]


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
    packages = {}
    for p in KEY_PACKAGES:
        try:
            packages[p] = pkg_version(p)
        except Exception:  # noqa: BLE001 - a missing package is reported as such
            packages[p] = "not installed"
    return {
        "notebook": f"notebooks/{spec.name}.ipynb",
        "parameters": params,
        "parameters_text": ", ".join(f"{k}={v!r}" for k, v in params.items()),
        "version": zcparks.__version__,
        "git_commit": git_commit(),
        "packages": packages,
        "inputs": dataset_inputs(spec.reads),
        "built_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "mode": mode,
    }


# --------------------------------------------------------------------------- assets


def vega_bundle_name() -> str:
    """File name of the Vega + Vega-Lite + vega-embed bundle (versioned, so a new bundle gets a new name)."""
    import vl_convert as vlc

    return f"vega-bundle-{vlc.get_vega_embed_version()}-{pkg_version('vl-convert-python')}.js"


@cache
def vega_bundle_js() -> str:
    """The bundle's JavaScript (shipped by vl-convert; reused from reports/assets/ when already written)."""
    cached = paths.reports_dir() / "assets" / vega_bundle_name()
    if cached.exists():
        return cached.read_text(encoding="utf-8")
    import vl_convert as vlc

    return vlc.javascript_bundle()


DATASETS_ASSET = "zc-datasets.js"
_GEOJSON = ("boundaries_provinces.geojson", "boundaries_dashline.geojson")


def _geojson_paths() -> list[Path]:
    processed = paths.processed_dir()
    if not all((processed / g).exists() for g in _GEOJSON):
        import zcparks.data as d

        d.ensure_built()
    return [processed / g for g in _GEOJSON]


@cache
def datasets_js() -> str:
    """JavaScript defining ``window.ZC_DATASETS``: province polygons and the dash line (GeoJSON features)."""
    prov_path, dash_path = _geojson_paths()
    provinces = json.loads(prov_path.read_text(encoding="utf-8"))
    dash = json.loads(dash_path.read_text(encoding="utf-8"))
    payload = {"zc_provinces": provinces["features"], "zc_dashline": dash["features"]}
    return "window.ZC_DATASETS = " + json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + ";\n"


def write_assets(reports_dir: Path | None = None) -> list[Path]:
    """Write the shared assets of site mode into ``reports/assets/`` when missing or out of date."""
    out = (reports_dir or paths.reports_dir()) / "assets"
    out.mkdir(parents=True, exist_ok=True)
    written = []
    bundle = out / vega_bundle_name()
    if not bundle.exists():
        write_atomic(bundle, vega_bundle_js())
        written.append(bundle)
    data = out / DATASETS_ASSET
    newest = max(p.stat().st_mtime for p in _geojson_paths())
    if not data.exists() or data.stat().st_mtime < newest:
        text = datasets_js()
        if not data.exists() or data.read_text(encoding="utf-8") != text:
            write_atomic(data, text)
            written.append(data)
        else:
            os.utime(data)
    return written


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path`` and rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; published files must be readable
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --------------------------------------------------------------------------- rendering


def _drop_other_language(nb: nbformat.NotebookNode, lang: str) -> None:
    """Remove markdown cells tagged ``lang-xx`` for another language than ``lang``."""
    keep = []
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        langs = [tg.removeprefix("lang-") for tg in tags if tg.startswith("lang-")]
        if langs and lang not in langs:
            continue
        keep.append(cell)
    nb.cells = keep


_H2 = re.compile(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>', re.S)


def _toc(body: str, lang: str) -> str:
    items = []
    for anchor, inner in _H2.findall(body):
        text = re.sub(r"<[^>]+>", "", inner).replace("¶", "").strip()
        items.append(f'<li><a href="#{anchor}">{text}</a></li>')
    if not items:
        return ""
    return f'<nav class="zc-toc" aria-label="{labels.t("contents", lang)}"><strong>{labels.t("contents", lang)}</strong>' \
           f'<ol>{"".join(items)}</ol></nav>'


def render_html(
    executed: Path | nbformat.NotebookNode,
    spec: NotebookSpec,
    params: dict[str, Any],
    *,
    mode: str = "site",
    asset_prefix: str = "../assets/",
    other_lang_href: str | None = None,
    index_href: str | None = None,
) -> str:
    """HTML of an executed notebook: inputs hidden, our template, manifest footer, offline JS."""
    from nbconvert import HTMLExporter

    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
    nb = nbformat.read(executed, as_version=4) if isinstance(executed, Path) else executed
    lang = params.get("lang", "en")
    _drop_other_language(nb, lang)
    man = manifest(spec, params, mode)
    zc = {
        "lang": lang,
        "other_lang": "zh" if lang == "en" else "en",
        "title": spec.title(lang),
        "subtitle": spec.subtitle(lang),
        "mode": mode,
        "asset_prefix": asset_prefix,
        "vega_asset": vega_bundle_name(),
        "datasets_asset": DATASETS_ASSET,
        "vega_js": vega_bundle_js() if mode == "standalone" else "",
        "datasets_js": datasets_js() if mode == "standalone" else "",
        "css": (TEMPLATES / "zcparks" / "report.css").read_text(encoding="utf-8"),
        "other_lang_href": other_lang_href,
        "index_href": index_href,
        "manifest": man,
        "manifest_json": json.dumps(man, ensure_ascii=False, default=str).replace("</", "<\\/"),
        "t": {k: labels.t(k, lang) for k in (
            "contents", "other_language", "built", "data_and_method", "run_manifest", "parameters", "version",
            "git_commit", "packages", "input_files", "file", "source", "licence", "vintage", "index_title")},
    }
    exporter = HTMLExporter(
        template_name="zcparks",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(nb, resources={"zc": zc})
    return body.replace("<!--ZC-TOC-->", _toc(body, lang), 1)


_EXTERNAL = re.compile(  # what a browser would fetch on opening the page (links in <a href> are not fetched)
    r"""(?:\bsrc\s*=\s*["']?\s*(?:https?:)?//"""
    r"""|<link\b[^>]*\bhref\s*=\s*["']?\s*(?:https?:)?//"""
    r"""|url\(\s*["']?\s*(?:https?:)?//"""
    r"""|@import\s+["']?(?:https?:)?//)""",
    re.I,
)


def offline_problems(page: str) -> list[str]:
    """Places where ``page`` would load something from another host (src/href/url()/@import)."""
    out = []
    for m in _EXTERNAL.finditer(page):
        line = page.count("\n", 0, m.start()) + 1
        out.append(f"line {line}: {page[m.start():m.start() + 80]!r}")
    return out
