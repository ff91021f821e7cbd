"""Open every built report offline in headless Chromium (Debian's, driven by Playwright).

Asserts: no console error, no request to a non-file URL, at least one rendered chart of
non-zero size, Chinese text in the zh version. Saves screenshots under reports/_screenshots/.
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
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = ROOT / "reports" / "_screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: run `make browser` (installs Debian's chromium and fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def visit(browser, path: Path, shot: str) -> dict:
    page = browser.new_page(viewport={"width": 1100, "height": 1000})
    errors: list[str] = []
    foreign: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith(("file:", "data:", "blob:", "about:"))
            else None)
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    charts = page.locator(".zc-chart svg, .zc-chart canvas")
    n_charts = charts.count()
    if n_charts:
        charts.first.wait_for(state="visible", timeout=10_000)
    sizes = page.eval_on_selector_all(
        ".zc-chart svg, .zc-chart canvas", "els => els.map(e => {const r = e.getBoundingClientRect(); "
        "return r.width * r.height})")
    text = page.inner_text("body")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=False)
    page.close()
    return {"errors": errors, "foreign": foreign, "sizes": sizes, "text": text}


ALL_JOBS = jobs.jobs()


def sample(all_jobs: list[jobs.Job]) -> list[jobs.Job]:
    """The pages the browser opens: every page of a report without an ``index_by`` fan-out, and of a report that
    fans out over provinces or parks the first two and the last value, in both languages.

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
        keep = set(values[:2] + values[-1:])
        out += [j for j in group if j.params[key] in keep]
    return out


JOBS = sample(ALL_JOBS)
# known pages; a new analysis needs at least one chart
MIN_CHARTS = {"pilot-parks": 6, "grid-factors": 2, "east-vs-west": 5, "provincial-trends": 9, "indicator-scoring": 9,
              "province-profile": 5, "hourly-matching": 15, "park-profile": 2}


def first_heading(job: jobs.Job, lang: str) -> str:
    """The first '## ' heading of the notebook's prose in ``lang`` (what the page must show, and the other must not)."""
    import json

    nb = json.loads(job.notebook_path().read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and f"lang-{lang}" in cell["metadata"].get("tags", []) and "## " in text:
            return text.split("## ", 1)[1].splitlines()[0].strip()
    raise AssertionError(f"{job.notebook}: no '## ' heading in a lang-{lang} cell")


def test_the_sample_has_every_report_and_two_or_more_pages_of_each_fan_out():
    reports = {j.report for j in ALL_JOBS}
    assert {j.report for j in JOBS} == reports
    for r in reports:
        assert sum(j.report == r for j in JOBS) >= min(4, sum(j.report == r for j in ALL_JOBS))


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
def test_report_renders_offline(browser, job):
    path = job.html_path()
    assert path.exists(), f"{path} missing: run `make reports`"
    r = visit(browser, path, job.id)
    assert r["errors"] == []
    assert r["foreign"] == []
    heading_en, heading_zh = first_heading(job, "en"), first_heading(job, "zh")
    assert len(r["sizes"]) >= MIN_CHARTS.get(job.analysis, 1) and all(s > 0 for s in r["sizes"])
    if job.lang == "zh":
        assert job.spec.title_in("zh", {**job.params, "lang": "zh"}) in r["text"] and len(CJK.findall(r["text"])) > 30
        assert heading_zh in r["text"] and heading_en not in r["text"]
    else:
        assert heading_en in r["text"] and heading_zh not in r["text"]


@pytest.mark.slow
@pytest.mark.parametrize("name", ["index.html", "index.zh.html"])
def test_index_renders_offline(browser, name):
    r = visit(browser, ROOT / "reports" / name, name.replace(".html", ""))
    assert r["errors"] == [] and r["foreign"] == []
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
