"""What readers take away from the built site: chart and table CSVs, stable colours, the landing page, PDFs.

Needs the built reports (``make test`` builds them first) and Debian's Chromium for the browser parts.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from zcparks.report import jobs

ROOT = Path(__file__).resolve().parents[2]
REPORTS = ROOT / "reports"
ALL_JOBS = jobs.jobs()
_SPEC = re.compile(r'<script\b[^>]*\bdata-zc-chart="([^"]+)"[^>]*>(.*?)</script>', re.S)
READY = "() => window.zcparks && window.zcparks.settled()"


def specs(page: Path) -> dict[str, dict]:
    """The chart specs embedded in a built page, by chart element id."""
    return {m.group(1): json.loads(m.group(2)) for m in _SPEC.finditer(page.read_text(encoding="utf-8"))}


def colour_scales(node, out=None) -> list[tuple]:
    """Every categorical colour encoding of a spec: (field, domain, range), in spec order."""
    out = [] if out is None else out
    if isinstance(node, dict):
        color = node.get("color")
        if isinstance(color, dict) and color.get("type") == "nominal" and "field" in color:
            scale = color.get("scale") or {}
            out.append((color["field"], scale.get("domain"), scale.get("range")))
        for k, v in node.items():
            if k not in ("datasets", "data"):
                colour_scales(v, out)
    elif isinstance(node, list):
        for v in node:
            colour_scales(v, out)
    return out


def pairs() -> list[tuple[jobs.Job, jobs.Job]]:
    """(en, zh) jobs of every report without a fan-out, and of the first page of each fan-out."""
    out, seen = [], set()
    for j in ALL_JOBS:
        key = (j.report, tuple(sorted((k, str(v)) for k, v in j.params.items() if k != "lang")))
        if j.lang != "en" or key in seen or (j.index_by and j.report in {a.report for a, _ in out}):
            continue
        zh = jobs.counterpart(j, ALL_JOBS)
        if zh is not None:
            seen.add(key)
            out.append((j, zh))
    return out


# --------------------------------------------------------------------------- colours (static)


@pytest.mark.parametrize("pair", pairs(), ids=lambda p: p[0].report)
def test_colour_scales_are_keyed_by_ids_and_the_same_in_both_languages(pair):
    en, zh = pair
    a, b = specs(en.html_path()), specs(zh.html_path())
    assert a.keys() == b.keys(), "the en and zh pages show different charts"
    for chart in a:
        sa, sb = colour_scales(a[chart]), colour_scales(b[chart])
        for field, domain, rng in sa:
            assert domain and rng, f"{en.id} {chart}: colour of {field!r} has no fixed domain and range"
        assert sa == sb, f"{chart}: colour scales differ between {en.output} and {zh.output}"


def test_a_legend_names_codes_in_the_page_language():
    zh = next(j for j in ALL_JOBS if j.report == "grid-factors" and j.lang == "zh")
    ranking = next(s for s in specs(zh.html_path()).values() if colour_scales(s))
    field, domain, _ = colour_scales(ranking)[0]
    assert field == "grid_region" and domain
    assert not re.search(r"[\u4e00-\u9fff]", json.dumps(domain, ensure_ascii=False))  # the domain is codes
    assert "华北" in json.dumps(ranking, ensure_ascii=False)  # names come from labelExpr


# --------------------------------------------------------------------------- landing and status pages (static)


def test_the_index_headline_matches_the_report_it_links_to():
    index = (REPORTS / "index.html").read_text(encoding="utf-8")
    m = re.search(r'<strong data-record="grid-factors:national_factor_tco2_per_mwh" data-v="([^"]+)">([^<]+)</strong>',
                  index)
    assert m, "no national grid factor headline on the index"
    raw, shown = float(m.group(1)), m.group(2)
    job = next(j for j in ALL_JOBS if j.report == "grid-factors" and j.lang == "en")
    page = job.html_path().read_text(encoding="utf-8")
    recorded = json.loads(re.search(r'<script[^>]*id="zc-records"[^>]*>(.*?)</script>', page, re.S).group(1))
    assert recorded["national_factor_tco2_per_mwh"] == raw
    assert shown == f"{raw:.4f}" and shown in re.sub(r"<[^>]+>", " ", page)  # the page says the same figure
    assert f'href="{job.output}"' in index


def test_the_status_page_lists_every_page():
    for lang, name in (("en", "status.html"), ("zh", "status.zh.html")):
        text = (REPORTS / name).read_text(encoding="utf-8")
        missing = [j.output for j in ALL_JOBS if j.lang == lang and f'href="{j.output}"' not in text]
        assert missing == [], f"{name} does not list {missing[:5]}"


def test_every_page_ends_with_a_citation():
    job = next(j for j in ALL_JOBS if j.report == "pilot-parks" and j.lang == "zh")
    page = job.html_path().read_text(encoding="utf-8")
    cite = page[page.index('id="zc-cite"'):]
    assert "引用本报告" in cite and job.spec.title_in("zh", job.params) in cite
    assert re.search(r"[0-9a-f]{12}", cite) and "zcparks" in cite
    assert (ROOT / "CITATION.cff").read_text(encoding="utf-8").startswith("#")


# --------------------------------------------------------------------------- in the browser


@pytest.fixture(scope="module")
def page_in(browser):
    def open_page(path: Path, width: int = 1280):
        page = browser.new_page(viewport={"width": width, "height": 900}, accept_downloads=True)
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:", "blob:"))
                   else r.abort())
        page.goto(path.as_uri())
        page.wait_for_function(READY, timeout=60_000)
        return page
    return open_page


@pytest.mark.slow
def test_the_chart_csv_is_the_data_the_notebook_computed(page_in, tmp_path):
    import zcparks.data as d
    from zcparks.analyses import grid_factors as gf

    job = next(j for j in ALL_JOBS if j.report == "grid-factors" and j.lang == "en")
    page = page_in(job.html_path())
    ranking = next(cid for cid, s in specs(job.html_path()).items() if colour_scales(s))
    with page.expect_download() as dl:
        page.click(f'.zc-tools[data-for="{ranking}"] .zc-dl-csv')
    raw = Path(dl.value.path()).read_bytes()
    page.close()
    assert dl.value.suggested_filename.endswith(f"{ranking}.csv")
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    value = gf.LABELS.field("value_tco2_per_mwh", "en")  # the header is the chart's axis title (name and unit)
    got = {r["province_code"]: float(r[value]) for r in rows}
    prov = gf.provincial(d.grid_factors(), d.provinces())
    year = int(job.params.get("year") or job.spec.param("year").default)
    want = prov[(prov["year"] == year)].dropna(subset=["value_tco2_per_mwh"])
    assert got == dict(zip(want["province_code"], want["value_tco2_per_mwh"], strict=True))
    assert {r[gf.LABELS.field("grid_region", "en")] for r in rows} <= set(gf.LABELS.codes("grid_region"))  # raw codes


@pytest.mark.slow
def test_a_chart_saves_as_svg_and_png_and_copies_its_data(page_in):
    job = next(j for j in ALL_JOBS if j.report == "grid-factors" and j.lang == "zh")
    page = page_in(job.html_path(), 390)
    for kind, magic in (("svg", b"<svg"), ("png", b"\x89PNG")):
        with page.expect_download() as dl:
            page.click(f'.zc-tools[data-for="zc-chart-001"] .zc-dl-{kind}')
        assert dl.value.suggested_filename.endswith(f"zc-chart-001.{kind}")
        assert Path(dl.value.path()).read_bytes()[:64].find(magic) >= 0
    page.click('.zc-tools[data-for="zc-chart-001"] .zc-copy-data')
    page.wait_for_function("""() => { const box = document.querySelector('.zc-tools[data-for="zc-chart-001"]');
        return box.querySelector('textarea.zc-copy') || (box.querySelector('.zc-flash') || {}).textContent; }""")
    copied = page.evaluate("""() => { const a = document.querySelector('.zc-tools[data-for="zc-chart-001"] textarea');
        return a ? a.value : null; }""")
    page.close()
    if copied is not None:  # the clipboard was refused: the data is shown to select, tab-separated, header first
        assert copied.split("\n")[0].split("\t")[0] and len(copied.split("\n")) >= 30


@pytest.mark.slow
def test_csv_cells_are_quoted_and_defused(page_in):
    job = next(j for j in ALL_JOBS if j.report == "grid-factors" and j.lang == "zh")
    page = page_in(job.html_path(), 390)
    text = page.evaluate("""() => window.zcparks.csvText(['名称', 'value'],
        [['=1+2', -3.5], ['a,"b"', null], ['@SUM(A1)', 0.1], ['+x', 1e-7], ['-y', true]])""")
    page.close()
    assert text == ('名称,value\r\n\'=1+2,-3.5\r\n"a,""b""",\r\n\'@SUM(A1),0.1\r\n\'+x,1e-7\r\n\'-y,true\r\n')


@pytest.mark.slow
def test_a_table_csv_has_the_raw_values_of_its_cells(page_in):
    job = next(j for j in ALL_JOBS if j.report == "grid-factors" and j.lang == "zh")
    page = page_in(job.html_path(), 390)
    with page.expect_download() as dl:
        page.click('.zc-tools[data-for="table-1"] .zc-dl-csv')
    cells = page.evaluate("""() => Array.from(document.querySelectorAll('table[data-zc-table="1"] tbody tr'))
        .map(tr => Array.from(tr.children)
          .map(td => td.hasAttribute('data-v') ? td.getAttribute('data-v') : td.textContent.trim()))""")
    text = Path(dl.value.path()).read_bytes().decode("utf-8-sig")
    page.close()
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == len(cells) + 1
    for got, want in zip(rows[1:], cells, strict=True):
        assert [float(g) if re.fullmatch(r"-?[\d.e-]+", g) else g for g in got] == \
               [float(w) if re.fullmatch(r"-?[\d.e-]+", w) else w for w in want]


@pytest.mark.slow
def test_the_filter_box_finds_a_province_and_a_park(page_in):
    page = page_in(REPORTS / "index.zh.html", 390)
    for box, query, expect in (("browse-province-profile", "jiangsu", "江苏"), ("browse-park-profile", "ZCP-18", None)):
        page.fill(f'input.zc-filter[data-target="{box}"]', query)
        shown = page.evaluate(f"""() => Array.from(document.querySelectorAll('#{box} li'))
            .filter(li => !li.hidden).map(li => li.textContent)""")
        assert len(shown) == 1 and (expect is None or expect in shown[0]), shown
    page.close()


# --------------------------------------------------------------------------- PDF


@pytest.mark.slow
def test_zcparks_pdf_prints_01_and_02_in_both_languages(tmp_path, first_heading):
    from pypdf import PdfReader

    # from a folder outside the project, with a relative -o: the PDFs go under the caller's ./pdfs
    run = subprocess.run([sys.executable, "-m", "zcparks.cli", "pdf", "pilot-parks", "grid-factors", "-o", "pdfs"],
                         capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["pdfs"]
    tmp_path = tmp_path / "pdfs"
    made = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.pdf"))
    assert made == ["comparisons/grid-factors.en.pdf", "comparisons/grid-factors.zh.pdf",
                    "overview/pilot-parks.en.pdf", "overview/pilot-parks.zh.pdf"]
    zh = PdfReader(tmp_path / "overview/pilot-parks.zh.pdf")
    assert len(zh.pages) >= 3
    # Chromium's CJK subset maps some glyphs to Kangxi radicals (⾸ for 首): NFKC gives the ideographs back
    text = unicodedata.normalize("NFKC", "".join(p.extract_text() for p in zh.pages))
    job = next(j for j in ALL_JOBS if j.report == "pilot-parks" and j.lang == "zh")
    assert first_heading(job, "zh") in text.replace(" ", "")
    assert job.spec.title_in("zh", job.params) in text
    assert f"1 / {len(zh.pages)}" in zh.pages[0].extract_text()  # page numbers
    assert len(PdfReader(tmp_path / "comparisons/grid-factors.en.pdf").pages) >= 2


def test_zcparks_pdf_names_an_unknown_report():
    run = subprocess.run([sys.executable, "-m", "zcparks.cli", "pdf", "no-such-report"], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode != 0 and "no-such-report" in run.stderr and "pilot-parks" in run.stderr
