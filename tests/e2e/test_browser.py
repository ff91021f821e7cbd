"""Open every built report offline in headless Chromium (Debian's, driven by Playwright).

Each page is opened at 390 x 844 (a phone) and resized to 1280 x 900. Asserts at both widths: no sideways page
scroll, every chart drawn and within the viewport, no text under 11 px; and no console error, no request to a
non-file URL (each is aborted), Chinese text in the zh version. Saves screenshots under reports/_screenshots/.
`make test` installs Chromium (make browser) and builds the reports first.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from zcparks.report import jobs

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "reports" / "_screenshots"
CJK = re.compile(r"[\u4e00-\u9fff]")


WIDTHS = ((390, 844), (1280, 900))  # a phone, a laptop
READY = ("() => !window.zcparks || (window.zcparks.settled() && "
         "document.documentElement.getAttribute('data-zc-charts') === 'ready')")
MEASURE = """() => {
  const vw = window.innerWidth, doc = document.documentElement;
  const charts = Array.from(document.querySelectorAll('.zc-chart')).map(d => {
    const s = d.querySelector('svg, canvas'); const r = s ? s.getBoundingClientRect() : null;
    return {id: d.id, area: r ? r.width * r.height : 0, right: r ? r.right : 0, hidden: d.clientWidth === 0}; });
  const small = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || !el || el.closest('script, style, textarea') || !el.getClientRects().length) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 11) small.push(size + 'px: ' + n.textContent.trim().slice(0, 40));
  }
  return {overflow: doc.scrollWidth - doc.clientWidth, vw: vw, charts: charts, small: small.slice(0, 10)};
}"""


VISIBLE_TEXT = """() => {
  const out = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || !el || el.closest('script, style, textarea, code, [lang="en"]')) continue;
    if (!el.getClientRects().length) continue;  // not shown
    out.push(n.textContent);
  }
  return out;
}"""
LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:[\s,.;:()/&+–-]+[A-Za-z][A-Za-z'’-]*){2,}")
GLOSSARY = re.compile(  # proper names, units and file names a Chinese page may show in Latin letters
    r"https?://\S+|\S+\.(?:csv|yaml|json|md|ipynb|html|py)\b|\S*/\S*|"
    r"\b(?:zcparks|Git|CSV|PNG|SVG|PDF|ERA5|MERRA-2|IPCC|CEADs|NBS|NDRC|MEE|CO2|tCO2|tce|kgce|MWh|kWh|GWh|TWh|MW|GW|kW|"
    r"UTC|PV|LMDI|Shapley|HTML|CFE|Vega-Lite|Altair|pandas|papermill|pvlib|cnmaps|GB/T|XPCC|ID|id|sha256)\b")


def latin_runs(texts: list[str]) -> list[str]:
    """Runs of 3 or more Latin words in ``texts`` once glossary terms are taken out (English left on a zh page)."""
    out = []
    for t in texts:
        for m in LATIN_RUN.finditer(GLOSSARY.sub(" | ", t)):
            if len(re.findall(r"[A-Za-z][A-Za-z'’-]*", m.group(0))) >= 3:
                out.append(m.group(0).strip()[:80])
    return out


def visit(browser, path: Path, shot: str) -> dict:
    """Open ``path`` offline at each of :data:`WIDTHS` (one page, resized: the charts must follow their boxes)."""
    page = browser.new_page(viewport={"width": WIDTHS[0][0], "height": WIDTHS[0][1]})
    errors: list[str] = []
    foreign: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    def route(r):
        if r.request.url.startswith(("file:", "data:", "blob:", "about:")):
            r.continue_()
        else:  # every request to another host is refused and recorded
            foreign.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    SHOTS.mkdir(parents=True, exist_ok=True)
    widths = {}
    for w, h in WIDTHS:
        page.set_viewport_size({"width": w, "height": h})
        page.wait_for_function(READY, timeout=60_000)
        widths[w] = page.evaluate(MEASURE)
        page.screenshot(path=str(SHOTS / f"{shot}.{w}.png"), full_page=False)
    text = page.inner_text("body")
    visible = page.evaluate(VISIBLE_TEXT)
    page.close()
    return {"errors": errors, "foreign": foreign, "widths": widths, "text": text, "visible": visible,
            "sizes": [c["area"] for c in widths[WIDTHS[-1][0]]["charts"]]}


def check_layout(r: dict) -> None:
    """At every width: no sideways page scroll, every chart drawn and inside the viewport, no text under 11 px."""
    for w, m in r["widths"].items():
        assert m["overflow"] <= 0, f"at {w} px the page scrolls sideways by {m['overflow']} px"
        drawn = [c for c in m["charts"] if not c["hidden"]]
        assert all(c["area"] > 0 for c in drawn), f"at {w} px charts not drawn: {[c['id'] for c in drawn if not c['area']]}"
        wide = [(c["id"], round(c["right"])) for c in drawn if c["right"] > m["vw"] + 0.5]
        assert not wide, f"at {w} px charts past the viewport's right edge ({m['vw']} px): {wide}"
        assert m["small"] == [], f"at {w} px text below 11 px: {m['small']}"


ALL_JOBS = jobs.jobs()


def sample(all_jobs: list[jobs.Job]) -> list[jobs.Job]:
    """The pages the browser opens: every page of a report without an ``index_by`` fan-out, and of a report that
    fans out over provinces or parks the first and the last value, in both languages.

    All pages of a fan-out come from one notebook; :func:`test_every_page_is_built_with_its_charts` checks every
    page without a browser, and ``ZCPARKS_BROWSER_ALL=1`` opens them all.
    """
    import os

    if os.environ.get("ZCPARKS_BROWSER_ALL") == "1":
        return list(all_jobs)
    by_report: dict[str, list[jobs.Job]] = {}
    for j in all_jobs:
        by_report.setdefault(j.report, []).append(j)
    out = []
    for group in by_report.values():
        key = group[0].index_by
        if key is None:
            out += group
            continue
        values = list(dict.fromkeys(j.params[key] for j in group))
        keep = {values[0], values[-1]}  # the first and the last page (e.g. Beijing and the XPCC, ZCP-01 and ZCP-52)
        out += [j for j in group if j.params[key] in keep]
    return out


JOBS = sample(ALL_JOBS)
# known pages; a new analysis needs at least one chart
MIN_CHARTS = {"pilot-parks": 6, "grid-factors": 2, "east-vs-west": 5, "provincial-trends": 9, "indicator-scoring": 9,
              "province-profile": 5, "hourly-matching": 15, "park-profile": 2}


def test_the_sample_has_every_report_and_two_or_more_pages_of_each_fan_out():
    reports = {j.report for j in ALL_JOBS}
    assert {j.report for j in JOBS} == reports
    for r in reports:
        assert sum(j.report == r for j in JOBS) >= min(4, sum(j.report == r for j in ALL_JOBS))  # 2 pages x 2 languages


@pytest.mark.slow
@pytest.mark.parametrize("job", ALL_JOBS, ids=lambda j: j.id)
def test_every_page_is_built_with_its_charts(job):
    """Every page (also those the browser does not open): built, no error output, its charts' specs embedded."""
    path = job.html_path()
    assert path.exists(), f"{path} missing: run `make reports`"
    text = path.read_text(encoding="utf-8")
    assert text.count("data-zc-chart=") >= MIN_CHARTS.get(job.analysis, 1)  # one embedded spec per chart
    assert "Traceback" not in text


@pytest.mark.slow
@pytest.mark.parametrize("job", JOBS, ids=lambda j: j.id)
def test_report_renders_offline(browser, first_heading, job):
    path = job.html_path()
    assert path.exists(), f"{path} missing: run `make reports`"
    r = visit(browser, path, job.id)
    assert r["errors"] == []
    assert r["foreign"] == []
    check_layout(r)
    heading_en, heading_zh = first_heading(job, "en"), first_heading(job, "zh")
    assert len(r["sizes"]) >= MIN_CHARTS.get(job.analysis, 1) and all(s > 0 for s in r["sizes"])
    if job.lang == "zh":
        english = latin_runs(r["visible"])
        assert english == [], f"English on the zh page outside code and lang=en elements: {english[:12]}"
        assert job.spec.title_in("zh", {**job.params, "lang": "zh"}) in r["text"] and len(CJK.findall(r["text"])) > 30
        assert heading_zh in r["text"] and heading_en not in r["text"]
    else:
        assert heading_en in r["text"] and heading_zh not in r["text"]


@pytest.mark.slow
@pytest.mark.parametrize("name", ["index.html", "index.zh.html", "status.html", "status.zh.html"])
def test_index_renders_offline(browser, name):
    r = visit(browser, ROOT / "reports" / name, name.replace(".html", ""))
    assert r["errors"] == [] and r["foreign"] == []
    check_layout(r)
    if ".zh." in name:
        assert latin_runs(r["visible"]) == []
    if name == "index.zh.html":
        assert "首批国家级零碳园区建设名单" in r["text"]


@pytest.mark.slow
def test_standalone_report_works_on_its_own(browser, tmp_path):
    out = tmp_path / "standalone"
    run = subprocess.run([sys.executable, "-m", "zcparks.cli", "run", "pilot-parks", "-p", "lang", "zh",
                          "-p", "province", "320000", "-o", str(out)], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    page = out / "01-pilot-parks.zh.320000.html"
    assert "<script src=" not in page.read_text(encoding="utf-8")  # everything inlined
    lonely = tmp_path / "elsewhere" / "report.html"  # moved away from any assets folder
    lonely.parent.mkdir()
    shutil.copy2(page, lonely)
    r = visit(browser, lonely, "standalone-zh-320000")
    assert r["errors"] == [] and r["foreign"] == []
    assert len(r["sizes"]) >= 6 and all(s > 0 for s in r["sizes"])
    assert r["text"].index("江苏") < r["text"].index("北京经济技术开发区")  # Jiangsu's parks listed first
