"""The index pages and the build summary: every configured report with title, parameters, build time, status.

``reports/index.html`` is in English, ``reports/index.zh.html`` in Chinese.
"""

from __future__ import annotations

import json
import re
import string
from functools import cache
from pathlib import Path
from typing import Any

from markupsafe import Markup

from zcparks import paths
from zcparks.buildstate import stamps
from zcparks.buildstate.pagestatus import read_status
from zcparks.report import labels
from zcparks.report.jobs import Job, load_config
from zcparks.report.params import choice_set
from zcparks.report.render import TEMPLATES, write_atomic


def job_state(job: Job, current: dict[str, str] | None = None) -> dict[str, Any]:
    """The state of one job's page: ok, stale, failed or missing, and why.

    Stale: the page is there and whole but is not what a build would make now. Either its last build failed (the
    last good page is kept), or a raw file its manifest cites changed or is gone since it was built, e.g. after a
    failed data build, which rebuilds no page. Failed: its last build failed and there is no page. Missing: never
    built.

    Args:
        job: the job.
        current: sha256 of every raw file now (:func:`zcparks.buildstate.stamps.raw_hashes`); None: looked up here (callers
            with many jobs pass it once).

    Returns:
        ``state``; ``reasons``, one phrase each (empty when ok or missing); ``status``, the job's last status
        (``{}`` if none); ``exists``, whether the page is there.
    """
    st = read_status(job.id) or {}
    page = job.html_path()
    exists = page.exists()
    reasons = [f"last build failed: {st.get('error')}"] if st.get("status") == "failed" else []
    if exists:
        manifest = page_manifest(page.read_text(encoding="utf-8"))
        if manifest is not None:
            reasons += input_changes(manifest, stamps.raw_hashes() if current is None else current)
        state = "stale" if reasons else "ok"
    else:
        state = "failed" if reasons else "missing"
    return {"state": state, "reasons": reasons, "status": st, "exists": exists}


def job_states(all_jobs: list[Job]) -> dict[str, dict[str, Any]]:
    """:func:`job_state` of every job, by job id (the raw files are hashed once)."""
    current = stamps.raw_hashes()
    return {j.id: job_state(j, current) for j in all_jobs}


def data_failure() -> dict | None:
    """The last data build's status when it failed (``build/data-status.json``), else None."""
    from zcparks.buildstate.datastatus import read_status

    st = read_status()
    return st if st and st.get("status") == "failed" else None


def data_failed_text(lang: str) -> str | None:
    """The sentences that say the last data build failed, or None when it did not.

    When it failed and with what error, since when it fails (when an earlier build failed too), and which data the
    pages show: that of the last good build, with its time, or none at all when no data build has succeeded.
    """
    failed = data_failure()
    if not failed:
        return None
    t = labels.t
    when = failed.get("finished_at")
    text = [t("data_failed", lang).format(when=when, error=(failed.get("error") or "").rstrip("."))]
    since = failed.get("failing_since")
    if since and since != when:
        text.append(t("data_failing_since", lang).format(since=since))
    last = failed.get("last_success_at")
    text.append(t("data_last_good", lang).format(last=last) if last else t("data_never_good", lang))
    return " ".join(text) if lang == "en" else "".join(text)


@cache
def _templates() -> Any:
    """The Jinja environment of the site's own pages (``templates/site/``): autoescaped, strict about missing names."""
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True,
                              lstrip_blocks=True, undefined=jinja2.StrictUndefined)


def _page(template: str, title: str, subtitle: str, lang: str, other: str, back: str | None = None,
          scripts: list[str] | None = None, **context: Any) -> str:
    """A site page (index or status) from ``templates/site/<template>``: the shared head, top bar and banner."""
    t = labels.t
    return _templates().get_template(f"site/{template}").render(
        lang=lang, title=title, subtitle=subtitle, other=other, other_label=t("other_language", lang),
        back=back, back_label=t("index_title", lang), scripts=scripts or [],
        css=Markup((TEMPLATES / "zcparks" / "report.css").read_text(encoding="utf-8")),
        data_failed=data_failed_text(lang), **context)


def status_html(all_jobs: list[Job], lang: str) -> str:
    """The build-status page in ``lang``: every page of that language, grouped, with its state and build time.

    A report with ``index_by`` (``reports.yaml``) is listed under ``h3`` sub-headings, one per group of its ID set
    (e.g. the NBS regions of ``@provinces``); each row's title has its ``{param}`` placeholders filled.
    """
    t = labels.t
    states = job_states([j for j in all_jobs if j.lang == lang])
    groups = []
    for group, titles in load_config().groups.items():
        jobs = [j for j in all_jobs if j.group == group and j.lang == lang]
        if not jobs:
            continue
        used: set[str] = set()
        blocks = []
        for chunk in _chunks(jobs):
            blocks += ([{"heading": None, "rows": _rows(chunk, lang, states)}] if chunk[0].index_by is None
                       else _grouped(chunk, group, lang, used, states))
        groups.append({"id": group, "title": titles[lang], "blocks": blocks})
    head = {k: t(k, lang) for k in ("report", "parameters", "built", "status")}
    return _page("status.html.j2", t("build_status", lang), t("status_subtitle", lang), lang,
                 "status.zh.html" if lang == "en" else "status.html", "index.html" if lang == "en" else "index.zh.html",
                 groups=groups, head=head)


def headline_items(all_jobs: list[Job], lang: str) -> list[dict[str, Any]]:
    """The index's headline findings in ``lang`` (``headlines`` of ``reports.yaml``), each linked to its report.

    Each value is the report's recorded result from its last good build (``records`` of its status), formatted as
    configured and kept raw in ``data-v``; a report not built yet says so instead of showing a number.

    Returns:
        One dict per headline: ``href`` and ``report_title`` of its report, and either ``missing`` (the text saying
        it is not built yet) or ``parts``, the sentence as (text, value) pairs, value None or a dict with
        ``record`` (``report:name``), ``raw`` and ``shown``.
    """
    t = labels.t
    out = []
    for h in load_config().headlines:
        job = next((j for j in all_jobs if j.report == h.report and j.lang == lang and j.index_by is None), None)
        if job is None:
            continue
        recorded = (read_status(job.id) or {}).get("records") or {}
        item: dict[str, Any] = {"href": job.output, "report_title": job.spec.title_in(lang, job.params),
                                "missing": None, "parts": []}
        if any(recorded.get(name) is None for name in h.values) or not job.html_path().exists():
            item["missing"] = t("headline_missing", lang)
        else:
            # the placeholders are exactly the configured values (jobs.Headline)
            for text, name, _spec, _conv in string.Formatter().parse(getattr(h, lang)):
                value = None if name is None else {"record": f"{h.report}:{name}", "raw": str(recorded[name]),
                                                   "shown": format(recorded[name], h.values[name])}
                item["parts"].append((text, value))
        out.append(item)
    return out


_CHART_SCRIPT = r'<script\b[^>]*\bdata-zc-chart="{id}"[^>]*>(.*?)</script>'


def front_map(all_jobs: list[Job], lang: str) -> dict[str, Any] | None:
    """The chart ``front_map`` of ``reports.yaml`` names, taken from its built page in ``lang`` (one renderer).

    Returns:
        ``chart`` (its HTML), ``href`` and ``report_title`` of the page it comes from; None when that page is not
        built or has no such chart.
    """
    fm = load_config().front_map
    job = next((j for j in all_jobs if fm and j.report == fm["report"] and j.lang == lang and j.index_by is None), None)
    if job is None or not job.html_path().exists():
        return None
    m = re.search(_CHART_SCRIPT.format(id=re.escape(fm["chart"])), job.html_path().read_text(encoding="utf-8"), re.S)
    if not m:
        return None
    from zcparks.report.charts import spec_html

    return {"chart": Markup(spec_html(json.loads(m.group(1)), "zc-front-map")), "href": job.output,
            "report_title": job.spec.title_in(lang, job.params)}


def _browse(jobs: list[Job], lang: str, list_id: str) -> dict[str, Any]:
    """A browsable list of one fan-out report's pages by group (e.g. NBS region), filtered offline on the page."""
    key = jobs[0].index_by
    cs = choice_set(jobs[0].spec.param(key).choices)
    by_value = {str(j.params[key]): j for j in jobs}
    groups = [(None, [v for v in cs.values if cs.group_of(v) is None])]
    groups += [(g, [v for v in cs.values if cs.group_of(v) == g]) for g in cs.group_order()]
    out = []
    for g, values in groups:
        # what the filter box matches: the code and both names, in a fixed order (a set's order varies by process)
        entries = [{"k": " ".join(dict.fromkeys((str(v), cs.label(v, "en"), cs.label(v, "zh")))).lower(),
                    "name": cs.label(v, lang), "href": j.output if j.html_path().exists() else None, "code": str(v)}
                 for v in values if (j := by_value.get(str(v))) is not None]
        if entries:
            out.append({"head": cs.group_label(g, lang) if g is not None else None, "entries": entries})
    return {"id": list_id, "about": jobs[0].spec.subtitle_in(lang, {}), "groups": out}


_FILTER_JS = """(function () {
  document.querySelectorAll('input.zc-filter').forEach(function (box) {
    var list = document.getElementById(box.getAttribute('data-target'));
    box.addEventListener('input', function () {
      var q = box.value.trim().toLowerCase(), any = false;
      list.querySelectorAll('.zc-browse-group').forEach(function (g) {
        var shown = 0;
        g.querySelectorAll('li').forEach(function (li) {
          var hit = !q || li.getAttribute('data-k').indexOf(q) >= 0 || li.textContent.toLowerCase().indexOf(q) >= 0;
          li.hidden = !hit; if (hit) { shown += 1; }
        });
        g.hidden = shown === 0; if (shown) { any = true; }
      });
      list.querySelector('.zc-filter-none').hidden = any;
    });
  });
})();"""


def index_html(all_jobs: list[Job], lang: str) -> str:
    """The landing page in ``lang``: what zcparks is, headline findings, the parks map, the reports by theme.

    The headline figures are the reports' recorded results (:func:`headline_items`); the map is the configured chart
    of a built page (:func:`front_map`); province and park profiles get a browsable list by region with a filter
    box that works offline. The build status is on its own page (:func:`status_html`), linked from the footer.
    """
    from zcparks.report.htmlsafe import script_json
    from zcparks.report.render import DATASETS_ASSET, page_js, ui_texts, vega_bundle_name

    t = labels.t
    fmap = front_map(all_jobs, lang)
    if fmap:
        fmap |= {"title": t("parks_map", lang), "from_label": t("map_from", lang),
                 "ui_json": Markup(script_json(ui_texts(lang))), "page_js": Markup(page_js())}
    groups = []
    for group, titles in load_config().groups.items():
        jobs = [j for j in all_jobs if j.group == group and j.lang == lang]
        if not jobs:
            continue
        reports = [{"title": j.spec.title_in(lang, j.params), "href": j.output if j.html_path().exists() else None,
                    "subtitle": j.spec.subtitle_in(lang, j.params)} for j in jobs if j.index_by is None]
        browses = [_browse([j for j in jobs if j.report == report], lang, f"browse-{report}")
                   for report in dict.fromkeys(j.report for j in jobs if j.index_by is not None)]
        groups.append({"id": group, "title": titles[lang], "reports": reports, "browses": browses})
    return _page(
        "index.html.j2", t("index_title", lang), t("index_subtitle", lang), lang,
        "index.zh.html" if lang == "en" else "index.html",
        scripts=[f"assets/{vega_bundle_name()}", f"assets/{DATASETS_ASSET}"] if fmap else [],
        intro=t("index_intro", lang), headlines=headline_items(all_jobs, lang), headlines_title=t("headlines", lang),
        map=fmap, groups=groups, filter_js=Markup(_FILTER_JS),
        filter={"placeholder": t("filter_placeholder", lang), "label": t("filter", lang), "none": t("filter_none", lang)},
        footer={"status_href": "status.html" if lang == "en" else "status.zh.html",
                "status_label": t("build_status", lang), "cite_hint": t("cite_hint", lang)})


def _chunks(jobs: list[Job]) -> list[list[Job]]:
    """``jobs`` cut into runs: consecutive jobs of reports without ``index_by`` together, each indexed report alone."""
    out: list[list[Job]] = []
    for j in jobs:
        last = out[-1][-1] if out else None
        if last is not None and (last.report == j.report if j.index_by else last.index_by is None):
            out[-1].append(j)
        else:
            out.append([j])
    return out


def _rows(jobs: list[Job], lang: str, states: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The status table's rows of ``jobs``: title (linked when built), parameters, build time, state and why."""
    rows = []
    for j in jobs:
        s = states[j.id]
        params = ", ".join(f"{k}={','.join(map(str, v)) if isinstance(v, list) else v}" for k, v in j.params.items())
        rows.append({"title": j.spec.title_in(lang, j.params),  # {province} -> the province's name
                     "href": j.output if s["exists"] else None, "params": params,
                     "built": s["status"].get("last_success_at") or "—", "state": s["state"],
                     "state_text": labels.t(f"status_{s['state']}", lang), "why": "; ".join(s["reasons"])})
    return rows


def _grouped(jobs: list[Job], group: str, lang: str, used: set[str],
             states: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The jobs of one report with ``index_by``: one ``h3`` and table (a block) per group of its ID set.

    Groups come in the order of the set's ``group_labels``, pages within a group in the set's value order. Pages
    whose value is in no group (e.g. ``all``) come first, in a table without a sub-heading. The ``h3`` ids are
    ``group-<index group>-<group code>`` (``group-provinces-East``), with the report id inserted when another
    report of the same index group already took that id.

    Args:
        jobs: the report's jobs in one language.
        group: the index group (``reports.yaml`` groups) they are listed under.
        lang: the page language.
        used: the ``h3`` ids already on the page (updated).
        states: :func:`job_state` of each job, by id.
    """
    key = jobs[0].index_by
    cs = choice_set(jobs[0].spec.param(key).choices)
    order = {str(v): i for i, v in enumerate(cs.values)}
    rank = sorted(jobs, key=lambda j: order.get(str(j.params[key]), len(order)))  # stable: value order
    blocks = []
    loose = [j for j in rank if cs.group_of(j.params[key]) is None]
    if loose:
        blocks.append({"heading": None, "rows": _rows(loose, lang, states)})
    for g in cs.group_order():
        members = [j for j in rank if cs.group_of(j.params[key]) == g]
        if not members:
            continue
        hid = _id(f"group-{group}-{g}")
        if hid in used:
            hid = _id(f"group-{group}-{jobs[0].report}-{g}")
        used.add(hid)
        blocks.append({"heading": {"id": hid, "label": cs.group_label(g, lang)}, "rows": _rows(members, lang, states)})
    return blocks


def _id(text: str) -> str:
    return re.sub(r"[^\w\-]", "-", text)


SITE_PAGES = ("index.html", "index.zh.html", "status.html", "status.zh.html")
"""The pages of the site itself: the landing page and the build-status page, in English and Chinese."""


def write_index(all_jobs: list[Job]) -> list[str]:
    """Write the landing pages (``index.html``, ``index.zh.html``) and the status pages; returns their names."""
    out = []
    for name in SITE_PAGES:
        lang = "zh" if ".zh." in name else "en"
        page = index_html(all_jobs, lang) if name.startswith("index") else status_html(all_jobs, lang)
        write_atomic(paths.reports_dir() / name, page)
        out.append(name)
    return out


def summary(all_jobs: list[Job]) -> tuple[str, int]:
    """The build summary: a failed data build first, then the count of each state, then one row per job.

    Returns:
        The plain text, and the number of problems: the jobs that are not ok (stale, failed or missing), plus one
        when the last data build failed (its pages may all be ok when it changed no file they read).
    """
    states = job_states(all_jobs)
    rows = []
    for j in all_jobs:
        s = states[j.id]
        secs = s["status"].get("seconds")
        why = "; ".join(s["reasons"]) or j.output
        rows.append(f"  {s['state']:<8} {j.id:<40} {f'{secs:.1f}s' if secs is not None else '':>7}  {why}")
    count = {state: sum(s["state"] == state for s in states.values()) for state in ("ok", "stale", "failed", "missing")}
    head = [f"{len(all_jobs)} report(s): " + ", ".join(f"{n} {state}" for state, n in count.items())]
    data = data_failed_text("en")
    if data:
        head.insert(0, data)
    return "\n".join(head + rows), len(all_jobs) - count["ok"] + (1 if data else 0)


_REF = re.compile(r'\b(?:src|href)="([^"#?]+)[^"]*"')
_MANIFEST = re.compile(r'<script[^>]*\bid="zc-manifest-json"[^>]*>(.*?)</script>', re.S)
_NOT_FILES = ("http:", "https:", "data:", "mailto:", "javascript:", "//")


def check_page(page: Path, current: dict[str, str]) -> tuple[str, list[str]]:
    """Check one built page offline: the files it references, and its manifest against the raw files.

    Args:
        page: the HTML file.
        current: sha256 of every raw file now, by path relative to the root (:func:`zcparks.buildstate.stamps.hashes`).

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
    manifest = page_manifest(text)
    if manifest is None:
        broken.append("has no readable manifest (zc-manifest-json)")
    if broken:
        return "broken", broken
    stale = input_changes(manifest, current)
    return ("stale", stale) if stale else ("ok", [])


def page_manifest(text: str) -> dict | None:
    """The run manifest of a built page (its ``zc-manifest-json`` script), or None when it has no readable one."""
    m = _MANIFEST.search(text)
    try:
        return json.loads(m.group(1)) if m else None
    except ValueError:
        return None


def input_changes(manifest: dict, current: dict[str, str]) -> list[str]:
    """The raw files a page's manifest cites whose bytes are not those it was built from, one phrase each.

    Args:
        manifest: the page's run manifest (its ``inputs`` give each raw file with its sha256 at the data build).
        current: sha256 of every raw file now, by path relative to the root.

    Returns:
        ``<file> changed since the page was built`` or ``<file> is gone`` per such file, in manifest order.
    """
    return [f"{f['file']} changed since the page was built" if f["file"] in current else f"{f['file']} is gone"
            for f in manifest.get("inputs", []) if current.get(f["file"]) != f.get("sha256")]


def check_site(all_jobs: list[Job]) -> tuple[str, int]:
    """``make check-site``: every page of the index exists, its files exist, its manifest matches the raw files.

    Returns:
        A plain-text report (one line per page that is not ok) and the number of broken pages (the exit status
        counts those; stale pages are listed but are not broken: the nightly summary already fails a build whose
        pages could not be rebuilt).
    """
    current = stamps.raw_hashes()
    rows, counts = [], {"ok": 0, "stale": 0, "broken": 0}
    root = paths.reports_dir()
    pages = [(j.id, j.html_path()) for j in all_jobs] + [(n, root / n) for n in SITE_PAGES]
    for name, page in pages:
        if not page.exists():
            verdict, reasons = "broken", [f"{paths.rel(page)} does not exist"]
        elif name in SITE_PAGES:
            verdict, reasons = check_page(page, current)
            if reasons == ["has no readable manifest (zc-manifest-json)"]:  # the site's own pages have none
                verdict, reasons = "ok", []
        else:
            verdict, reasons = check_page(page, current)
            if verdict == "ok":  # whole and on current raw files: stale still when its last build failed
                s = job_state(next(j for j in all_jobs if j.id == name), current)
                verdict, reasons = s["state"], s["reasons"]
        counts[verdict] += 1
        rows += [f"  {verdict:<7} {name:<40} {r}" for r in reasons]
    head = (f"check-site: {len(pages)} page(s): {counts['ok']} ok, {counts['stale']} stale, "
            f"{counts['broken']} broken")
    return "\n".join([head, *rows]), counts["broken"]
