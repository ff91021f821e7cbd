"""The index pages and the build summary: every configured report with title, parameters, build time, status.

``reports/index.html`` is in English, ``reports/index.zh.html`` in Chinese.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from zcparks import paths
from zcparks.report import labels
from zcparks.report.jobs import Job, load_config
from zcparks.report.render import TEMPLATES, write_atomic
from zcparks.report.runner import read_status


def job_state(job: Job) -> dict[str, Any]:
    """Ok / failed / stale / missing, with the times, for one job."""
    st = read_status(job.id) or {}
    exists = job.html_path().exists()
    if st.get("status") == "failed":
        state = "stale" if exists else "failed"  # stale: the page shown is the last good one
    else:
        state = "ok" if exists else "missing"
    return {"state": state, "status": st, "exists": exists}


def data_failure() -> dict | None:
    """The last data build's status when it failed (``build/data-status.json``), else None."""
    from zcparks.buildstatus import read_status

    st = read_status()
    return st if st and st.get("status") == "failed" else None


def index_html(all_jobs: list[Job], lang: str) -> str:
    """The index page in ``lang``: every report of that language, grouped, with its state."""
    t = labels.t
    other = "index.zh.html" if lang == "en" else "index.html"
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
        f"<title>{html.escape(t('index_title', lang))}</title>",
        f"<style>{(TEMPLATES / 'zcparks' / 'report.css').read_text(encoding='utf-8')}</style></head>",
        '<body class="zc-report"><header class="zc-header"><nav class="zc-topnav"><span></span>'
        f'<a class="zc-lang" href="{other}">{html.escape(t("other_language", lang))}</a></nav>',
        f"<h1>{html.escape(t('index_title', lang))}</h1>",
        f'<p class="zc-subtitle">{html.escape(t("index_subtitle", lang))}</p></header><main class="zc-main">',
    ]
    failed = data_failure()
    if failed:
        text = t("data_failed", lang).format(when=failed.get("finished_at"), error=failed.get("error"),
                                              last=failed.get("last_success_at") or "—")
        parts.append(f'<p class="zc-status-failed" id="zc-data-failed">{html.escape(text)}</p>')
    for group, titles in load_config().groups.items():
        jobs = [j for j in all_jobs if j.group == group and j.lang == lang]
        if not jobs:
            continue
        parts.append(f'<h2 id="group-{html.escape(group)}">{html.escape(titles[lang])}</h2>')
        parts.append('<table class="zc-table"><thead><tr>'
                     f"<th>{t('report', lang)}</th><th>{t('parameters', lang)}</th>"
                     f"<th>{t('built', lang)}</th><th>{t('status', lang)}</th></tr></thead><tbody>")
        for j in jobs:
            s = job_state(j)
            title = html.escape(j.spec.title_in(lang))
            link = f'<a href="{html.escape(j.output)}">{title}</a>' if s["exists"] else title
            params = ", ".join(f"{k}={v}" for k, v in j.params.items())
            built = (s["status"].get("last_success_at") or "—") if s["status"] else "—"
            err = s["status"].get("error") if s["state"] in ("failed", "stale") else None
            state_text = t(f"status_{s['state']}", lang) + (f" — {html.escape(err)}" if err else "")
            parts.append(f"<tr><td>{link}</td><td><code>{html.escape(params)}</code></td><td>{html.escape(built)}</td>"
                         f'<td class="zc-status-{s["state"]}">{state_text}</td></tr>')
        parts.append("</tbody></table>")
    parts.append("</main></body></html>")
    return "\n".join(parts)


def write_index(all_jobs: list[Job]) -> list[str]:
    """Write ``reports/index.html`` and ``reports/index.zh.html``; returns their names."""
    out = []
    for lang, name in (("en", "index.html"), ("zh", "index.zh.html")):
        write_atomic(paths.reports_dir() / name, index_html(all_jobs, lang))
        out.append(name)
    return out


def summary(all_jobs: list[Job]) -> tuple[str, int]:
    """A plain-text table of every job's state, and the number of failed (or stale) jobs."""
    rows, failed = [], 0
    for j in all_jobs:
        s = job_state(j)
        if s["state"] in ("failed", "stale", "missing"):
            failed += 1
        secs = s["status"].get("seconds") if s["status"] else None
        err = s["status"].get("error") if s["state"] in ("failed", "stale") else ""
        rows.append(f"  {s['state']:<8} {j.id:<40} {f'{secs:.1f}s' if secs is not None else '':>7}  {err or j.output}")
    ok = len(all_jobs) - failed
    head = f"{len(all_jobs)} report(s): {ok} ok, {failed} failed/stale/missing"
    data = data_failure()
    if data:  # counted as a failure: the pages are on the last good data
        head = (f"data build FAILED at {data.get('finished_at')}: {data.get('error')} (pages show the data of the last "
                f"good build, {data.get('last_success_at') or 'none'})\n{head}")
        failed += 1
    return head + "\n" + "\n".join(rows), failed


_REF = re.compile(r'\b(?:src|href)="([^"#?]+)[^"]*"')
_MANIFEST = re.compile(r'<script[^>]*\bid="zc-manifest-json"[^>]*>(.*?)</script>', re.S)
_NOT_FILES = ("http:", "https:", "data:", "mailto:", "javascript:", "//")


def check_page(page: Path, current: dict[str, str]) -> tuple[str, list[str]]:
    """Check one built page offline: the files it references, and its manifest against the raw files.

    Args:
        page: the HTML file.
        current: sha256 of every raw file now, by path relative to the root (:func:`zcparks.stamps.hashes`).

    Returns:
        ``("ok" | "stale" | "broken", reasons)``. Broken: a file the page links to or loads is missing, or the
        page has no readable manifest. Stale: a raw file its manifest cites changed (or is gone) since the page
        was built; the page is whole but describes older data.
    """
    text = page.read_text(encoding="utf-8")
    broken = []
    for ref in sorted(set(_REF.findall(text))):
        if ref.startswith(_NOT_FILES) or not ref.strip():
            continue
        if not (page.parent / ref).exists():
            broken.append(f"references {ref}, which does not exist")
    m = _MANIFEST.search(text)
    try:
        manifest = json.loads(m.group(1)) if m else None
    except ValueError:
        manifest = None
    if manifest is None:
        broken.append("has no readable manifest (zc-manifest-json)")
    if broken:
        return "broken", broken
    stale = [f"{f['file']} changed since the page was built" if f["file"] in current else f"{f['file']} is gone"
             for f in manifest.get("inputs", []) if current.get(f["file"]) != f.get("sha256")]
    return ("stale", stale) if stale else ("ok", [])


def check_site(all_jobs: list[Job]) -> tuple[str, int]:
    """``make check-site``: every page of the index exists, its files exist, its manifest matches the raw files.

    Returns:
        A plain-text report (one line per page that is not ok) and the number of broken pages (the exit status
        counts those; stale pages are listed but are not broken: the nightly summary already fails a build whose
        pages could not be rebuilt).
    """
    from zcparks import stamps

    current = stamps.hashes([p for p in stamps.tracked() if p.relative_to(paths.root()).parts[0] == "data"])
    rows, counts = [], {"ok": 0, "stale": 0, "broken": 0}
    root = paths.reports_dir()
    pages = [(j.id, j.html_path()) for j in all_jobs] + [(n, root / n) for n in ("index.html", "index.zh.html")]
    for name, page in pages:
        if not page.exists():
            verdict, reasons = "broken", [f"{paths.rel(page)} does not exist"]
        elif name.startswith("index"):
            verdict, reasons = check_page(page, current)
            if reasons == ["has no readable manifest (zc-manifest-json)"]:  # the index pages have none
                verdict, reasons = "ok", []
        else:
            verdict, reasons = check_page(page, current)
            if verdict == "ok" and job_state(next(j for j in all_jobs if j.id == name))["state"] == "stale":
                verdict, reasons = "stale", ["its last build failed; this is the last good page"]
        counts[verdict] += 1
        rows += [f"  {verdict:<7} {name:<40} {r}" for r in reasons]
    head = (f"check-site: {len(pages)} page(s): {counts['ok']} ok, {counts['stale']} stale, "
            f"{counts['broken']} broken")
    return "\n".join([head, *rows]), counts["broken"]
