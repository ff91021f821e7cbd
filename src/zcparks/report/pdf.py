"""Print built report pages to PDF with headless Chromium (Debian's, driven by Playwright): ``zcparks pdf``.

Each page is opened offline (every non-file request aborted), at print width, with print media; the page script
fits every chart to that width and sets ``<html data-zc-charts="ready">`` when all are drawn, and only then is the
page printed (A4, the report stylesheet's ``@page`` margins and page numbers). PDFs go to ``reports/pdf/`` beside
the pages' paths (``pdf/overview/pilot-parks.zh.pdf``), each written atomically: a failed print keeps the last PDF.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from zcparks import paths
from zcparks.errors import BuildError, ZcparksError
from zcparks.report.jobs import Job

CHROMIUM = "/usr/bin/chromium"
PRINT_WIDTH_PX = 688
"""The printable width of A4 with the stylesheet's 14 mm side margins, at 96 px per inch: (210 - 28) mm."""
READY_TIMEOUT_MS = 120_000
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def chromium_path() -> str:
    """Debian's Chromium (``apt-get install chromium``; ``make browser`` installs it).

    Raises:
        ZcparksError: it is not installed.
    """
    found = shutil.which("chromium") or (CHROMIUM if Path(CHROMIUM).exists() else None)
    if not found:
        raise ZcparksError(f"{CHROMIUM} not found: run `make browser` (installs Debian's chromium and fonts-noto-cjk)")
    return found


def pdf_path(job: Job, out_dir: Path | None = None) -> Path:
    """Where the PDF of ``job`` goes: ``<out_dir or reports/pdf>/<its output path, .html -> .pdf>``."""
    return (out_dir or paths.reports_dir() / "pdf") / Path(job.output).with_suffix(".pdf")


def print_pages(pages: list[Job], out_dir: Path | None = None, progress: bool = True) -> list[Path]:
    """Print the built pages of ``pages`` to PDF; returns the files written.

    Args:
        pages: the jobs whose built pages are printed.
        out_dir: the folder of the PDFs (``reports/pdf/`` by default).
        progress: print one line per PDF.

    Raises:
        ZcparksError: a page is not built (run ``make reports``) or Chromium is missing.
        BuildError: a page did not become ready or had an error; PDFs already printed are kept.
    """
    from playwright.sync_api import sync_playwright

    from zcparks.report.render import write_atomic

    missing = [paths.rel(j.html_path()) for j in pages if not j.html_path().exists()]
    if missing:
        raise ZcparksError(f"not built: {', '.join(missing)}; run `make reports` first")
    exe = chromium_path()
    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=ARGS)
        try:
            for i, job in enumerate(pages, 1):
                target = pdf_path(job, out_dir)
                page = browser.new_page(viewport={"width": PRINT_WIDTH_PX, "height": 1000})
                errors: list[str] = []
                page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
                page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
                page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:", "blob:"))
                           else r.abort())
                page.emulate_media(media="print")
                page.goto(job.html_path().as_uri())
                try:
                    page.wait_for_function("document.documentElement.getAttribute('data-zc-charts') === 'ready'",
                                           timeout=READY_TIMEOUT_MS)
                except Exception as exc:  # noqa: BLE001 - named in the error below
                    raise BuildError(f"{paths.rel(job.html_path())}: charts not ready after "
                                     f"{READY_TIMEOUT_MS // 1000} s ({type(exc).__name__}); no PDF written") from None
                if errors:
                    raise BuildError(f"{paths.rel(job.html_path())}: page error(s) {errors[:3]}; no PDF written")
                data = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
                page.close()
                write_atomic(target, data)
                out.append(target)
                if progress:
                    print(f"[pdf {i}/{len(pages)}] {paths.rel(target)} ({len(data) // 1024} KiB)", flush=True)
        finally:
            browser.close()
    return out
