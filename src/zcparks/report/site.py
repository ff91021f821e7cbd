"""The index pages and the build summary: every configured report with title, parameters, build time, status.

``reports/index.html`` is in English, ``reports/index.zh.html`` in Chinese.
"""

from __future__ import annotations

import html
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
    return head + "\n" + "\n".join(rows), failed
