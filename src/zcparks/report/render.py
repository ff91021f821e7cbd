"""The one report renderer: executed notebook -> offline HTML page (our nbconvert template).

Two modes:

* ``site`` (default for ``make reports``): the Vega bundle and the shared map data are
  files under ``reports/assets/``, loaded by ``<script src>`` (works from ``file://``);
* ``standalone``: both are inlined once in the page, which then works on its own.

No page requests anything from another host: no CDN for Vega, require.js or MathJax.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Mapping
from functools import cache
from importlib.metadata import version as pkg_version
from pathlib import Path
from typing import Any

import nbformat

from zcparks import paths, records
from zcparks.errors import ZcparksError
from zcparks.report import labels
from zcparks.report.htmlsafe import reader_note, script_json
from zcparks.report.manifest import manifest
from zcparks.report.params import NotebookSpec

TEMPLATES = Path(__file__).parent / "templates"
MODES = ("site", "standalone")
INJECTED_CELL_ID = "injected-parameters"  # papermill gives its cell a random id; pages must not differ by it


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


def _shared_paths(shared: Mapping[str, str]) -> dict[str, Path]:
    """The processed file behind each shared dataset; ZcparksError naming a missing one."""
    out = {name: paths.processed_dir() / file for name, file in shared.items()}
    missing = [paths.rel(p) for p in out.values() if not p.exists()]
    if missing:
        raise ZcparksError(f"shared chart datasets missing: {', '.join(missing)}; run `make data`")
    return out


def _records(path: Path) -> list[Any]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    return doc["features"] if isinstance(doc, dict) and "features" in doc else doc


@cache
def _datasets_js(items: tuple[tuple[str, str], ...]) -> str:
    payload = {name: _records(path) for name, path in _shared_paths(dict(items)).items()}
    return "window.ZC_DATASETS = " + json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + ";\n"


def datasets_js(shared: Mapping[str, str]) -> str:
    """JavaScript defining ``window.ZC_DATASETS``: each shared dataset's records (GeoJSON features).

    Args:
        shared: dataset name (as charts refer to it) -> file in ``data/processed/`` (``shared_datasets`` of
            ``reports.yaml``).
    """
    return _datasets_js(tuple(sorted(shared.items())))


def write_assets(shared: Mapping[str, str], reports_dir: Path | None = None) -> list[Path]:
    """Write the shared assets of site mode into ``reports/assets/`` when missing or out of date.

    Args:
        shared: the shared chart datasets (see :func:`datasets_js`).
        reports_dir: the site folder; ``reports/`` by default.

    Returns:
        The files written.
    """
    out = (reports_dir or paths.reports_dir()) / "assets"
    out.mkdir(parents=True, exist_ok=True)
    written = []
    bundle = out / vega_bundle_name()
    if not bundle.exists():
        write_atomic(bundle, vega_bundle_js())
        written.append(bundle)
    data = out / DATASETS_ASSET
    newest = max((p.stat().st_mtime for p in _shared_paths(shared).values()), default=0.0)
    if not data.exists() or data.stat().st_mtime < newest:
        text = datasets_js(shared)
        if not data.exists() or data.read_text(encoding="utf-8") != text:
            write_atomic(data, text)
            written.append(data)
        else:
            os.utime(data)
    return written


DOWNLOAD_SCHEME = "zc-download:"
"""A page links a downloadable table as ``href="zc-download:<file>"``; :func:`link_downloads` resolves it."""

_DOWNLOAD_RE = re.compile(r'href="zc-download:([^"]*)"')


def link_downloads(page: str, prefix: str, allowed: list[str]) -> tuple[str, list[str]]:
    """Point every ``zc-download:<file>`` link of ``page`` at ``<prefix><file>`` (the site's ``downloads/``).

    Args:
        page: the rendered HTML.
        prefix: the relative href of ``reports/downloads/`` from the page, ending in ``/``.
        allowed: the files listed under ``downloads`` in ``reports.yaml``.

    Returns:
        The page with resolved links, and the files it links.

    Raises:
        ZcparksError: a link names a file that is not listed (it would be a broken link in the built site).
    """
    used = sorted(set(_DOWNLOAD_RE.findall(page)))
    unknown = [f for f in used if f not in allowed]
    if unknown:
        raise ZcparksError(f"page links downloads not listed under `downloads` in reports.yaml: {', '.join(unknown)}")
    return _DOWNLOAD_RE.sub(lambda m: f'href="{prefix}{m.group(1)}" download', page), used


def write_downloads(files: list[str], reports_dir: Path | None = None) -> list[Path]:
    """Copy the listed tables from ``data/processed/csv/`` into ``reports/downloads/`` when missing or changed.

    Args:
        files: file names (``downloads`` of ``reports.yaml``).
        reports_dir: the site folder; ``reports/`` by default.

    Returns:
        The files written.

    Raises:
        ZcparksError: a listed table was not built (run ``make data``).
    """
    src_dir = paths.processed_dir() / "csv"
    out = (reports_dir or paths.reports_dir()) / "downloads"
    missing = [f for f in files if not (src_dir / f).exists()]
    if missing:
        raise ZcparksError(f"downloadable tables missing in {paths.rel(src_dir)}: {', '.join(missing)}; run `make data`")
    if files:
        out.mkdir(parents=True, exist_ok=True)
    written = []
    for f in files:
        src, dst = src_dir / f, out / f
        if dst.exists() and dst.stat().st_size == src.stat().st_size and dst.stat().st_mtime >= src.stat().st_mtime:
            continue  # copied after the table was last written (the panel is 20+ MB: no byte compare per page)
        tmp = dst.with_suffix(dst.suffix + ".tmp")
        shutil.copyfile(src, tmp)
        os.replace(tmp, dst)
        written.append(dst)
    return written


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write ``text`` to a temporary file beside ``path`` and rename it into place.

    A reader (or a crash) never sees a half-written page: the rename is atomic on one file system, and the
    temporary file is removed on any error.

    Args:
        path: the file to write (its folder is created).
        text: the content, written as UTF-8 (bytes as they are); the file gets the usual permissions (mkstemp
            would make it 0600).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with (os.fdopen(fd, "wb") if isinstance(text, bytes) else os.fdopen(fd, "w", encoding="utf-8")) as fh:
            fh.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; published files must be readable
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        if exc.filename:
            raise
        # a write() that fails (full disk, ulimit -f) names no file: name the page it was writing
        raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from exc
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


UI_KEYS = ("download_csv", "save_png", "save_svg", "copy_data", "copied")
"""Page labels the page script needs (the buttons under each chart and table)."""


def ui_texts(lang: str) -> dict[str, str]:
    """The button texts of :data:`UI_KEYS` in ``lang`` (read by ``report.js`` from ``#zc-ui``)."""
    return {k: labels.t(k, lang) for k in UI_KEYS}


@cache
def page_js() -> str:
    """The page script (``templates/zcparks/report.js``): fits charts and offers their data; inlined in every page."""
    return (TEMPLATES / "zcparks" / "report.js").read_text(encoding="utf-8")


def citation(title: str, man: Mapping[str, Any], lang: str) -> str:
    """The one-line citation of a page: authors, year, title, version and commit, build date.

    Args:
        title: the page title in ``lang``.
        man: its run manifest (:func:`zcparks.report.manifest.manifest`).
        lang: ``en`` or ``zh``.
    """
    commit = str(man.get("git_commit", "unknown"))[:12]
    built = str(man.get("built_at", ""))
    return labels.t("citation", lang).format(year=built[:4], title=title, version=man.get("version"),
                                             commit=commit, built=built)


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


_PER_THREAD = threading.local()

def _exporter() -> Any:
    """The page exporter, made once per thread: a new one would compile its Jinja templates again (~0.2 s a page).

    Per thread, because a sweep renders pages in threads and an exporter keeps state while it converts. Jinja still
    reloads a template whose file changed (its loader checks the file's time).
    """
    from nbconvert import HTMLExporter

    if getattr(_PER_THREAD, "exporter", None) is None:
        _PER_THREAD.exporter = HTMLExporter(template_name="zcparks", extra_template_basedirs=[str(TEMPLATES)],
                                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                                            filters={"reader_note": reader_note})
    return _PER_THREAD.exporter


def render_html(
    executed: Path | nbformat.NotebookNode,
    spec: NotebookSpec,
    params: dict[str, Any],
    *,
    mode: str = "site",
    asset_prefix: str = "../assets/",
    other_lang_href: str | None = None,
    index_href: str | None = None,
    status_href: str | None = None,
    shared_datasets: Mapping[str, str] | None = None,
) -> str:
    """HTML of an executed notebook: inputs hidden, our template, manifest footer, offline JS.

    Args:
        executed: the executed notebook (path or node).
        spec: its spec (title, subtitle, datasets read).
        params: the checked parameters.
        mode: ``site`` (assets loaded from ``asset_prefix``) or ``standalone`` (everything inlined).
        asset_prefix: relative URL of ``reports/assets/`` from the page.
        other_lang_href: link to the page in the other language, if any.
        index_href: link to the index page, if any.
        status_href: link to the build-status page, if any (site pages link it from the footer).
        shared_datasets: the shared chart datasets (``reports.yaml``), inlined in standalone mode.

    Returns:
        The page.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
    nb = nbformat.read(executed, as_version=4) if isinstance(executed, Path) else executed
    lang = params.get("lang", "en")
    _drop_other_language(nb, lang)
    recorded = records.read(nb)  # kept in the page as data (the index's headlines are checked against it)
    records.strip(nb)  # recorded results are data for sweeps and the index, not page content
    for cell in nb.cells:
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell["id"] = INJECTED_CELL_ID
    man = manifest(spec, params, mode)
    title = spec.title_in(lang, params)  # {province} -> the province's name in lang
    zc = {
        "lang": lang,
        "other_lang": "zh" if lang == "en" else "en",
        "title": title,
        "subtitle": spec.subtitle_in(lang, params),
        "mode": mode,
        "asset_prefix": asset_prefix,
        "vega_asset": vega_bundle_name(),
        "datasets_asset": DATASETS_ASSET,
        "vega_js": vega_bundle_js() if mode == "standalone" else "",
        "datasets_js": datasets_js(shared_datasets or {}) if mode == "standalone" else "",
        "css": (TEMPLATES / "zcparks" / "report.css").read_text(encoding="utf-8"),
        "other_lang_href": other_lang_href,
        "index_href": index_href,
        "status_href": status_href,
        "manifest": man,
        "citation": citation(title, man, lang),
        "js": page_js(),
        "ui_json": script_json(ui_texts(lang)),
        "records_json": script_json(recorded),
        "manifest_json": script_json(man),
        "t": {k: labels.t(k, lang) for k in (
            "contents", "other_language", "built", "data_and_method", "run_manifest", "parameters", "version",
            "git_commit", "packages", "input_files", "file", "source", "licence", "vintage", "index_title", "bytes",
            "cite_this", "cite_title", "data_vintages", "build_status", "original_english_note")},
    }
    body, _ = _exporter().from_notebook_node(nb, resources={"zc": zc})
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


def redirect_html(target_href: str, lang: str) -> str:
    """A small page that sends the reader on to ``target_href`` (kept at a page's old address).

    Args:
        target_href: the new address, relative to the old page.
        lang: the page language.
    """
    href = html.escape(target_href, quote=True)
    sep = "" if lang == "zh" else " "  # no spaces between Chinese sentences
    return (f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1.0">'
            f'<meta http-equiv="refresh" content="0; url={href}"><link rel="canonical" href="{href}">'
            f"<title>{html.escape(labels.t('moved', lang))}</title></head>"
            f"<body><p>{html.escape(labels.t('moved_sentence', lang))}{sep}{html.escape(labels.t('moved_to', lang))}{sep}"
            f'<a href="{href}">{href}</a></p></body></html>\n')
