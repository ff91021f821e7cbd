"""The built site (make test runs `make reports` first): pages, manifests, index, incremental make."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from pathlib import Path

import pytest

from zcparks.buildstate.stamps import stamp_of
from zcparks.report import jobs, render, site

ROOT = Path(__file__).resolve().parents[2]
JOBS = jobs.jobs()
MIN_CHARTS = {"pilot-parks": 6, "grid-factors": 2}  # known pages; a new analysis needs at least one chart


def _page(job: jobs.Job) -> str:
    path = job.html_path()
    assert path.exists(), f"{path} missing: run `make reports`"
    return path.read_text(encoding="utf-8")


def _manifest(page: str) -> dict:
    m = re.search(r'id="zc-manifest-json"[^>]*>(.*?)</script>', page, re.S)
    assert m, "run manifest missing"
    return json.loads(m.group(1))


@pytest.mark.parametrize("job", JOBS, ids=lambda j: j.id)
def test_page_has_title_toc_charts_and_manifest(job):
    page = _page(job)
    assert f"<title>{job.spec.title_in(job.lang, job.params)}</title>" in page
    assert '<nav class="zc-toc"' in page
    assert "vnd.zcparks.record" not in page  # recorded results are stripped before export
    assert page.count('data-zc-chart="') >= MIN_CHARTS.get(job.analysis, 1)
    man = _manifest(page)
    assert man["parameters"] == job.params
    assert man["notebook"] == f"notebooks/{job.notebook}.ipynb" and man["analysis"] == job.analysis
    assert re.fullmatch(r"[0-9a-f]{40}(\+dirty)?|unknown", man["git_commit"])
    assert man["packages"]["pandas"] == "3.1.1"
    files = {f["file"]: f for f in man["inputs"]}
    for f in files.values():
        assert f["sha256"] == hashlib.sha256((ROOT / f["file"]).read_bytes()).hexdigest()
        assert f["licence"] and f["origins"]
    assert "data/raw/boundaries/province_name_code_crosswalk.csv" in files
    reads = set(job.spec.reads)  # the manifest cites the raw files behind exactly what the spec declares
    assert ("data/raw/provincial_panel/ceads_ipcc_sectoral_co2_1997_2019.csv" in files) == ("panel" in reads)
    assert ("data/raw/pilot_parks/parks.csv" in files) == ("parks" in reads)
    assert ("data/raw/power/mee_grid_emission_factors_2021_2023.csv" in files) == bool(reads & {"grid_factors",
                                                                                              "panel"})


@pytest.mark.parametrize("job", JOBS, ids=lambda j: j.id)
def test_notebook_read_only_what_its_spec_declares(job):
    log = ROOT / "reports" / "_work" / f"{job.id}.reads"
    assert log.exists(), "the runner logs the datasets a notebook reads"
    read = set(log.read_text(encoding="utf-8").split())
    assert read and read <= set(job.spec.reads)


@pytest.mark.parametrize("job", JOBS, ids=lambda j: j.id)
def test_page_loads_nothing_from_other_hosts(job):
    page = _page(job)
    assert render.offline_problems(page) == []
    assert "cdn.jsdelivr" not in page and "require.js" not in page and "mathjax" not in page.lower()
    srcs = re.findall(r'<script src="([^"]+)"', page)
    assert srcs and all(not s.startswith(("http", "//")) and (job.html_path().parent / s).exists() for s in srcs)


def test_offline_scan_flags_loads_not_links():
    assert render.offline_problems('<a href="https://www.mee.gov.cn/x.pdf">notice</a>') == []
    assert len(render.offline_problems('<script src="https://cdn.jsdelivr.net/npm/vega@6"></script>')) == 1
    assert len(render.offline_problems('<link rel="stylesheet" href="//fonts.example/x.css">')) == 1
    assert len(render.offline_problems("<style>@import 'https://x/y.css'; b{background:url(http://x/i.png)}</style>")) == 2


def test_language_switch_links_to_the_other_version():
    en = jobs.job("pilot-parks.en", JOBS)
    page = _page(en)
    href = re.search(r'<a class="zc-lang" href="([^"]+)"', page).group(1)
    assert href == "pilot-parks.zh.html" and (en.html_path().parent / href).exists()
    zh = _page(jobs.job("pilot-parks.zh", JOBS))
    assert "首批国家级零碳园区建设名单" in zh and "数据与方法" in zh and "编号" in zh
    assert "园区分布" in zh and "Where the parks are" not in zh  # markdown cells of the other language dropped


def test_index_and_status_pages_link_every_report_and_the_status_page_says_ok():
    for names, lang in ((("index.html", "status.html"), "en"), (("index.zh.html", "status.zh.html"), "zh")):
        for name in names:
            page = (ROOT / "reports" / name).read_text(encoding="utf-8")
            for j in JOBS:
                if j.lang == lang:
                    assert f'href="{j.output}"' in page, f"{name} does not link {j.output}"
                    assert site.job_state(j)["state"] == "ok"
        status = (ROOT / "reports" / names[1]).read_text(encoding="utf-8")
        assert 'class="zc-status-ok"' in status
        assert 'class="zc-status-ok"' not in (ROOT / "reports" / names[0]).read_text(encoding="utf-8")
        assert f'href="{names[1]}"' in (ROOT / "reports" / names[0]).read_text(encoding="utf-8")  # footer link
    assert "总览" in (ROOT / "reports" / "index.zh.html").read_text(encoding="utf-8")


def _make_q(*args: str) -> int:
    return subprocess.run(["make", "-q", "--no-print-directory", "-f", "build/reports.mk", *args],
                          cwd=ROOT, capture_output=True).returncode


@pytest.mark.slow  # runs notebooks (or needs the built site): not in make test-fast
def test_make_is_incremental_and_rebuilds_only_what_reads_changed_data():
    """Raw files and notebooks reach make through their content stamps (build/stamps/<path>.sha)."""
    html01 = "reports/overview/pilot-parks.en.html"
    html02 = "reports/comparisons/grid-factors.en.html"
    targets = [f"reports/{j.output}" for j in JOBS] + ["reports/index.html"]
    assert _make_q(*targets) == 0, "nothing should be out of date after make reports"
    assert _make_q("-W", stamp_of("data/raw/pilot_parks/parks.csv"), html01) == 1  # 01 reads the parks ...
    assert _make_q("-W", stamp_of("data/raw/pilot_parks/parks.csv"), html02) == 0  # ... 02 does not
    assert _make_q("-W", stamp_of("data/raw/power/mee_grid_emission_factors_2021_2023.csv"), html02) == 1
    assert _make_q("-W", stamp_of("data/raw/power/mee_grid_emission_factors_2021_2023.csv"), html01) == 0
    assert _make_q("-W", stamp_of("notebooks/01-pilot-parks.ipynb"), html01) == 1
    assert _make_q("-W", stamp_of("notebooks/01-pilot-parks.ipynb"), html02) == 0
    assert _make_q("-W", "src/zcparks/report/charts.py", html01) == 1  # the engine: every page
    assert _make_q("-W", "src/zcparks/report/charts.py", html02) == 1
    assert _make_q("-W", "src/zcparks/analyses/pilot_parks/charts.py", html01) == 1  # one analysis: its pages only
    assert _make_q("-W", "src/zcparks/analyses/pilot_parks/charts.py", html02) == 0
    assert _make_q("-W", "src/zcparks/analyses/grid_factors/labels.yaml", html01) == 0
    assert _make_q("-W", stamp_of("data/raw/power/gem_trackers_2023_capacity_by_province_status.csv"), html01) == 0
    assert _make_q("-W", "build/params/pilot-parks.zh.json", html01) == 0  # the other job's parameters
    stub = "reports/overview/01-pilot-parks.en.html"  # a redirect page is a target too: made again when missing
    assert _make_q(stub) == 0 and _make_q("-W", "reports.yaml", stub) == 1 and _make_q("-W", html01, stub) == 0


def test_renamed_pages_keep_their_old_addresses():
    moved = {j.id: j.moved_from for j in JOBS}
    assert moved["pilot-parks.en"] == ("overview/01-pilot-parks.en.html",)
    assert moved["grid-factors.zh"] == ("comparisons/02-grid-factors.zh.html",)


@pytest.mark.parametrize("job", [j for j in JOBS if j.moved_from], ids=lambda j: j.id)
def test_old_addresses_redirect_to_the_page(job):
    for old in job.moved_from:
        stub = (ROOT / "reports" / old).read_text(encoding="utf-8")
        target = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', stub).group(1)
        assert (ROOT / "reports" / old).parent.joinpath(target).resolve() == job.html_path().resolve()
        assert render.offline_problems(stub) == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_download_links_of_the_built_site_give_real_rows(lang):
    page = ROOT / "reports" / "overview" / f"data-catalogue.{lang}.html"
    hrefs = re.findall(r'href="([^"]+\.csv)" download', page.read_text(encoding="utf-8"))
    assert len(hrefs) == 11 and not any(h.startswith("zc-download:") for h in hrefs)
    for href in hrefs:
        csv = (page.parent / href).resolve()
        assert csv.is_relative_to(ROOT / "reports" / "downloads"), href
        lines = csv.read_text(encoding="utf-8-sig").splitlines()
        assert len(lines) > 1 and "," in lines[0]
    panel = (page.parent / hrefs[0]).read_text(encoding="utf-8-sig").splitlines()
    assert panel[0].startswith("province_code,year,variable,value,unit") and len(panel) > 100_000


def test_a_link_to_an_unlisted_download_fails_the_page():
    with pytest.raises(Exception, match="not listed under `downloads`.*secret.csv"):
        render.link_downloads('<a href="zc-download:secret.csv">x</a>', "../downloads/", ["panel.csv"])
    page, used = render.link_downloads('<a href="zc-download:panel.csv">x</a>', "../downloads/", ["panel.csv"])
    assert page == '<a href="../downloads/panel.csv" download>x</a>' and used == ["panel.csv"]


def test_a_page_depends_on_the_metadata_of_its_sources():
    from zcparks.engine import makerules

    job = next(j for j in JOBS if j.id == "grid-factors.en")
    deps = makerules.page_dependencies(job, makerules.engine_files())
    assert stamp_of("data/raw/power/metadata.yaml") in deps  # a changed licence or unit reaches the manifest
    assert stamp_of("data/raw/power/mee_grid_emission_factors_2021_2023.csv") in deps
    assert stamp_of("notebooks/02-grid-factors.ipynb") in deps  # inputs by content, through their stamps


def test_shared_assets_and_downloads_are_make_targets():
    rules = (ROOT / "build" / "reports.mk").read_text(encoding="utf-8")
    assert "html: $(HTML) $(REDIRECTS) $(ASSETS) $(DOWNLOADS)" in rules
    assert "$(ASSETS) $(DOWNLOADS) &: " in rules and "reports/assets/zc-datasets.js" in rules
    assert _make_q("reports/assets/zc-datasets.js", "reports/downloads/panel.csv") == 0  # up to date after the build
