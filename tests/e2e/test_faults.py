"""Faults and bad input at the level of ``make reports`` / ``make nightly``, on a tiny fixture site.

The fixture is a scratch project with the real Makefile, data and notebooks, whose reports.yaml keeps one report
(grid-factors, en + zh). It is built once per module; each test breaks a copy of it and checks three outcomes:
the exact one-line message (and no traceback), the exit code, and that the last good pages are unchanged (or, where
the fault is repaired by the build, that the site is correct again: ``zcparks check-site`` passes).
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from markupsafe import escape

ROOT = Path(__file__).resolve().parents[2]
PAGES = ("reports/comparisons/grid-factors.en.html", "reports/comparisons/grid-factors.zh.html")
FACTORS = "data/raw/power/mee_grid_emission_factors_2021_2023.csv"
POWER_META = "data/raw/power/metadata.yaml"
NOTEBOOK = "notebooks/02-grid-factors.ipynb"

pytestmark = pytest.mark.slow


def _env(root: Path, **extra: str) -> dict[str, str]:
    drop = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "ZCPARKS_BUILD_LOCK", "ZCPARKS_ROOT")
    return {**{k: v for k, v in os.environ.items() if k not in drop}, **extra}


def make(root: Path, *targets: str, **env: str) -> subprocess.CompletedProcess:
    """Run make in ``root``; its stdout and stderr come as one stream, in order (both as ``.stdout`` and ``.stderr``)."""
    r = subprocess.run(["make", "--no-print-directory", *targets], cwd=root, env=_env(root, **env),
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600)
    r.stderr = r.stdout
    return r


def zc(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zcparks.cli", *args], cwd=root,
                          env=_env(root, ZCPARKS_ROOT=str(root)), capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tiny") / "site"
    root.mkdir()
    for f in ("Makefile", "pyproject.toml", "requirements.lock", "requirements-lab.lock"):
        shutil.copy2(ROOT / f, root / f)
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    shutil.copytree(ROOT / "data", root / "data", ignore=shutil.ignore_patterns(".processed-*"))
    (root / "src").symlink_to(ROOT / "src")
    (root / ".venv").symlink_to(ROOT / ".venv")
    config = yaml.safe_load((ROOT / "reports.yaml").read_text(encoding="utf-8"))
    config["reports"] = [r for r in config["reports"] if r["id"] == "grid-factors"]
    config["headlines"] = [h for h in config["headlines"] if h["report"] == "grid-factors"]
    config.pop("front_map")  # the parks map of pilot-parks, which this site does not build
    config["downloads"] = ["grid_factors.csv"]
    (root / "reports.yaml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    r = make(root, "reports")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "[data " not in r.stderr, "the copied data/processed/ should be current (content stamps)"
    return root


@pytest.fixture
def site(built: Path, tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(built, root, symlinks=True)
    return root


def pages(root: Path) -> dict[str, bytes]:
    return {p: (root / p).read_bytes() for p in PAGES}


def manifest(root: Path, page: str = PAGES[0]) -> dict:
    text = (root / page).read_text(encoding="utf-8")
    return json.loads(re.search(r'id="zc-manifest-json"[^>]*>(.*?)</script>', text, re.S).group(1))


def edit(path: Path, old: str, new: str, keep_mtime: bool = False) -> None:
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    if keep_mtime:  # like cp -p or tar: new bytes, old time
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def no_traceback(r: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in r.stdout + r.stderr, r.stdout + r.stderr


def check_site_ok(root: Path) -> None:
    r = zc(root, "check-site")
    assert r.returncode == 0 and "0 stale, 0 broken" in r.stdout, r.stdout + r.stderr


# --------------------------------------------------------------------------- pages that lie or break silently


def test_1_7_new_bytes_with_an_old_mtime_rebuild_data_and_pages_the_manifest_cites_them_full_width_digits_read(site):
    """Faults 1 and 7 in one build: new bytes under an old time, and full-width digits (read, with a notice)."""
    import hashlib

    raw = site / FACTORS
    edit(raw, ",0.7075,", ",０.７０７６,", keep_mtime=True)
    r = make(site, "reports")
    assert r.returncode == 0, r.stderr
    assert f"input(s) changed by content since the last build (changed: {FACTORS})" in r.stderr
    assert "line 21, column 'value': '０.７０７６' read as '0.7076'" in r.stderr
    assert "[data " in r.stderr and "[report] grid-factors.en: ok" in r.stderr
    # the cnmaps steps read neither file: their results of the last build are reused (zcparks.data.geo.memo)
    assert "boundaries (cnmaps, simplified): unchanged inputs, reused from the last build" in r.stderr
    cited = {f["file"]: f["sha256"] for f in manifest(site)["inputs"]}
    assert cited[FACTORS] == hashlib.sha256(raw.read_bytes()).hexdigest()
    check_site_ok(site)


def test_1_check_site_counts_a_page_built_from_older_raw_data_as_stale_not_broken(site):
    edit(site / FACTORS, ",0.7075,", ",0.7076,")
    r = zc(site, "check-site")
    assert r.returncode == 0, r.stdout
    assert "2 stale, 0 broken" in r.stdout and f"{FACTORS} changed since the page was built" in r.stdout


def test_3_deleted_assets_are_found_by_check_site_and_rebuilt_by_make(site):
    good = pages(site)
    shutil.rmtree(site / "reports/assets")
    r = zc(site, "check-site")
    assert r.returncode == 1 and "2 broken" in r.stdout
    assert "references ../assets/vega-bundle-" in r.stdout and "which does not exist" in r.stdout
    r = make(site, "reports")
    assert r.returncode == 0, r.stderr
    assert pages(site) == good  # the pages were fine: only the assets were missing
    check_site_ok(site)


def test_2_4_an_edited_metadata_yaml_rebuilds_the_pages_that_cite_it_and_script_markup_cannot_break_them(site):
    """Faults 2 and 4 in one build: the edited licence reaches the manifest of both pages, as inert text."""
    payload = "public notices <!--<script>alert(1)</script> (checked 2026-12-01)"
    scripts_before = (site / PAGES[0]).read_text(encoding="utf-8").count("<script")
    edit(site / POWER_META, "licence: official Chinese government statistics (public notices); no licence statement\n",
         f"licence: '{payload}'\n")
    r = make(site, "reports")
    assert r.returncode == 0, r.stderr
    page = (site / PAGES[0]).read_text(encoding="utf-8")
    assert "<!--<script" not in page and "alert(1)</script>" not in page
    assert page.count("<script") == scripts_before  # every chart script is still there
    for p in PAGES:
        assert {f["file"]: f["licence"] for f in manifest(site, p)["inputs"]}[FACTORS] == payload
    check_site_ok(site)


# --------------------------------------------------------------------------- bad values: the data build refuses


DATA_FAULTS = {
    "5-g-per-kWh": (FACTORS, ",0.7075,", ",707.5,",
                    f"make data failed: {FACTORS}, line 21, column 'value': 707.5 tCO2/MWh for "
                    "'grid_average_co2_emission_factor' is outside the plausible range 0-1.5 tCO2/MWh"),
    "6-inf": (FACTORS, ",0.7075,", ",inf,", "line 21, column 'value': value 'inf' for "
                                            "'grid_average_co2_emission_factor' is not a finite number"),
    "8-unknown-key-column": (POWER_META, "key: [province_en, year, variable]", "key: [province_en, yeer, variable]",
                             "key names unknown column(s) ['yeer']; the columns are province_en, province_zh, year"),
    "10-deleted-raw-file": (FACTORS, None, None, f"make data failed: {FACTORS}: 1 problem(s) - file not found; "
                                                 "expected the raw file listed in data/raw/power/metadata.yaml"),
    "10-deleted-provenance": ("data/raw/power/PROVENANCE.md", None, None,
                              "field notes names PROVENANCE.md, which is missing from data/raw/power/"),
}


@pytest.mark.parametrize(("case", "target"), [(c, "reports") for c in DATA_FAULTS]
                         + [("5-g-per-kWh", "nightly"), ("10-deleted-raw-file", "nightly")])
def test_bad_data_fails_with_one_line_keeps_the_pages_and_the_index_and_summary_say_so(site, case, target):
    rel, old, new, message = DATA_FAULTS[case]
    good = pages(site)
    if old is None:
        (site / rel).unlink()
    else:
        edit(site / rel, old, new)
    r = make(site, target)
    no_traceback(r)
    assert r.returncode != 0
    assert message in r.stderr, r.stderr
    assert pages(site) == good
    assert "no report was rebuilt (last good HTML kept)" in r.stdout
    # the summary: the data build's failure first, then the pages, which are stale when a file they cite changed
    # (their manifests cite the factors file, not metadata.yaml or PROVENANCE.md)
    built = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime((site / "data/processed/.built").stat().st_mtime))
    banner, counts = re.search(r"^(The data build FAILED at .*)\n(2 report\(s\): .*)$", r.stdout, re.M).groups()
    assert re.fullmatch(r"The data build FAILED at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC: (.+)\. The pages show the data "
                        rf"of the last good data build, of {built}\.", banner), banner
    assert message.removeprefix("make data failed: ") in banner
    if rel == FACTORS:
        assert counts == "2 report(s): 0 ok, 2 stale, 0 failed, 0 missing"
        reason = f"{FACTORS} is gone" if old is None else f"{FACTORS} changed since the page was built"
        assert re.search(rf"^  stale +grid-factors\.en .*  {re.escape(reason)}$", r.stdout, re.M), r.stdout
        assert f'class="zc-status-stale">stale: showing the last good version — {reason}' in \
            (site / "reports/status.html").read_text(encoding="utf-8")
    else:
        assert counts == "2 report(s): 2 ok, 0 stale, 0 failed, 0 missing"
    for name in ("index.html", "status.html"):  # the site says the same, in the same words
        page = (site / "reports" / name).read_text(encoding="utf-8")
        assert f'<p class="zc-status-failed" id="zc-data-failed">{escape(banner)}</p>' in page
    if target == "nightly":
        # the site is whole, on its last good data: its pages cite raw bytes that are no longer there
        assert "check-site: 6 page(s): 4 ok, 2 stale, 0 broken" in r.stdout
    summary = zc(site, "summary")
    assert summary.returncode == 1 and "data build FAILED" in summary.stdout


def test_10_a_deleted_file_that_nothing_reads_is_named_and_the_site_stays_correct(site):
    extra = site / "data/raw/power/scratch-notes.txt"
    extra.write_text("notes of a session\n", encoding="utf-8")
    assert make(site, "reports").returncode == 0
    extra.unlink()
    r = make(site, "reports")
    assert r.returncode == 0, r.stderr
    assert "input(s) changed by content since the last build (deleted: data/raw/power/scratch-notes.txt)" in r.stderr
    check_site_ok(site)


def test_a_repaired_data_fault_clears_the_banner(site):
    backup = (site / FACTORS).read_bytes()
    (site / FACTORS).unlink()
    assert make(site, "reports").returncode != 0
    (site / FACTORS).write_bytes(backup)
    r = make(site, "reports")
    assert r.returncode == 0, r.stderr
    assert 'id="zc-data-failed"' not in (site / "reports/index.html").read_text(encoding="utf-8")
    check_site_ok(site)


# --------------------------------------------------------------------------- faults of the build itself


@pytest.mark.parametrize("target", ["reports", "nightly"])
def test_11_a_deleted_notebook_fails_its_pages_naming_it_and_they_come_back(site, target):
    good = pages(site)
    backup = (site / NOTEBOOK).read_bytes()
    (site / NOTEBOOK).unlink()
    r = make(site, target)
    no_traceback(r)
    assert r.returncode != 0
    assert f"input(s) changed by content since the last build (deleted: {NOTEBOOK})" in r.stderr
    assert f"report grid-factors.en failed (BuildError: {NOTEBOOK}: notebook not found); kept the last good report" \
        in r.stderr
    assert pages(site) == good
    assert 'class="zc-status-stale"' in (site / "reports/status.html").read_text(encoding="utf-8")
    assert zc(site, "summary").returncode == 1
    if target == "nightly":  # its summary and check-site agree with the index: two stale pages
        assert "2 report(s): 0 ok, 2 stale, 0 failed, 0 missing" in r.stdout
        assert "check-site: 6 page(s): 4 ok, 2 stale, 0 broken" in r.stdout
    (site / NOTEBOOK).write_bytes(backup)
    assert make(site, "reports").returncode == 0
    assert zc(site, "summary").returncode == 0
    check_site_ok(site)


def test_9_a_second_build_waits_or_names_the_holder(site):
    for p in PAGES:  # make the first build rebuild both pages, so it holds the lock for a few seconds
        (site / p).unlink()
    first = subprocess.Popen(["make", "--no-print-directory", "reports"], cwd=site, env=_env(site),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lock = site / "build/build.lock"
    deadline = time.time() + 60
    while time.time() < deadline:  # until the first build holds the lock
        with lock.open("a") as f:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
                fcntl.flock(f, fcntl.LOCK_UN)
            except BlockingIOError:
                break
        time.sleep(0.05)
    second = make(site, "reports", ZCPARKS_LOCK_WAIT="0")
    assert second.returncode != 0
    assert re.search(r"zcparks: another build is running: pid \d+ on .+ \(make --no-print-directory "
                     r"locked-reports\); try again when it has finished", second.stderr), second.stderr
    out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    waiting = make(site, "reports")  # after the first: nothing to wait for, nothing to do
    assert waiting.returncode == 0 and "another build is running" not in waiting.stderr
    check_site_ok(site)


def _read_only(folder: Path, cmd: list[str]) -> list[str]:
    """``cmd`` run where ``folder`` is read-only: a read-only bind mount for root (who may write anywhere), else chmod."""
    if os.geteuid() != 0:
        for p in [folder, *folder.rglob("*")]:
            p.chmod(p.stat().st_mode & ~0o222)
        return cmd
    script = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" "$0" && exec "$@"'
    probe = subprocess.run(["unshare", "-m", "sh", "-c", script, str(folder), "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.fail(f"cannot make {folder} read-only for root (unshare -m with a bind mount): {probe.stderr.strip()}")
    return ["unshare", "-m", "sh", "-c", script, str(folder), *cmd]


def test_13_a_read_only_reports_folder_is_one_line_and_adhoc_runs_still_work(site, tmp_path):
    good = pages(site)
    (site / "build/params/grid-factors.en.json").touch()  # the page is due for a rebuild
    cmd = _read_only(site / "reports", ["make", "--no-print-directory", "reports"])
    r = subprocess.run(cmd, cwd=site, env=_env(site), capture_output=True, text=True, timeout=300)
    assert r.stdout == "", r.stdout
    no_traceback(r)
    assert r.returncode != 0
    assert re.search(r"^make reports: cannot write to reports/ \(reports, owned by \S+, is not writable by \S+ here\); "
                     r"run the build as its owner or fix the permissions \(the last good pages are kept\)$",
                     r.stderr, re.M), r.stderr
    assert pages(site) == good
    out = tmp_path / "elsewhere"
    cmd = _read_only(site / "reports", [sys.executable, "-m", "zcparks.cli", "run", "grid-factors", "-p", "lang", "zh",
                                        "-o", str(out)])
    r = subprocess.run(cmd, cwd=site, env=_env(site, ZCPARKS_ROOT=str(site)), capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0, r.stderr
    assert [p.name for p in out.glob("*.html")] == ["02-grid-factors.zh.2023.html"], r.stderr
    assert pages(site) == good


def test_15_a_build_killed_while_pages_are_written_leaves_whole_pages_and_the_next_build_mends_it(site):
    import signal

    good = pages(site)
    for job in ("grid-factors.en", "grid-factors.zh"):
        (site / f"build/params/{job}.json").touch()  # both pages are due
    build = subprocess.Popen(["make", "--no-print-directory", "reports"], cwd=site, env=_env(site),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    reads = site / "reports/_work/grid-factors.en.reads"
    reads.unlink(missing_ok=True)
    deadline = time.time() + 120
    while not reads.exists() and time.time() < deadline and build.poll() is None:  # a kernel is running the page
        time.sleep(0.02)
    os.killpg(build.pid, signal.SIGKILL)
    build.wait(timeout=60)
    assert pages(site) == good  # whole old pages: they are replaced by a rename, never written in place
    r = make(site, "reports")
    assert r.returncode == 0, r.stdout
    check_site_ok(site)


def test_14_temporaries_left_by_a_killed_data_build_are_removed_under_the_lock(site):
    left = site / "data/.processed-killed"
    left.mkdir()
    (left / "panel.parquet").write_bytes(b"half")
    edit(site / FACTORS, ",0.7075,", ",0.7076,")  # so make data builds
    r = make(site, "data")
    assert r.returncode == 0, r.stderr
    assert "removing data/.processed-killed, left by an interrupted build" in r.stderr
    assert not left.exists() and not list((site / "data").glob(".processed-*"))


# --------------------------------------------------------------------------- the engine behind make


def test_pages_run_on_the_engine_and_a_crashed_or_hung_kernel_fails_only_its_page(site):
    import nbformat

    good = pages(site)
    nb = nbformat.read(site / NOTEBOOK, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("import os, time\nif lang == 'en':\n    os._exit(1)\ntime.sleep(120)"))
    nbformat.write(nb, site / NOTEBOOK)
    t0 = time.perf_counter()
    r = make(site, "reports", ZCPARKS_PAGE_LIMIT="10")
    no_traceback(r)
    assert r.returncode != 0 and time.perf_counter() - t0 < 100
    assert "build: 2 page(s) in " in r.stdout and "with 2 warm kernel(s): 0 ok, 2 failed" in r.stdout
    assert re.search(r"failed +grid-factors\.en .*KernelDied: the notebook's kernel died while it ran", r.stdout)
    assert re.search(r"failed +grid-factors\.zh .*KernelDied: the page took longer than its time limit of 10 s",
                     r.stdout)
    assert pages(site) == good
    assert "make reports: some reports failed (last good HTML kept)" in r.stdout
    assert not (site / "build/engine.sock").exists()  # the engine stopped with the build


def test_a_dry_run_starts_no_engine_and_a_single_target_runs_cold(site):
    good = pages(site)
    for job in ("grid-factors.en", "grid-factors.zh"):
        (site / f"build/params/{job}.json").touch()
    r = make(site, "-n", "reports")
    assert r.returncode == 0, r.stdout
    assert "warm kernel(s)" not in r.stdout and "[report]" not in r.stdout and pages(site) == good  # nothing ran
    assert "python -m zcparks.engine.client run-job grid-factors.en" in r.stdout  # what would run
    r = make(site, "-f", "build/reports.mk", PAGES[0])  # no engine server: the client runs the page cold
    assert r.returncode == 0, r.stdout
    assert "[report] grid-factors.en: ok in " in r.stdout
    assert subprocess.run(["make", "-q", "-f", "build/reports.mk", PAGES[0]], cwd=site, env=_env(site)).returncode == 0


def test_make_j_reaches_the_engine_through_the_build_lock(site):
    for job in ("grid-factors.en", "grid-factors.zh"):
        (site / f"build/params/{job}.json").touch()
    r = make(site, "-j4", "reports")
    assert r.returncode == 0, r.stdout
    assert "jobserver unavailable" not in r.stdout  # the lock wrapper keeps make's jobserver pipe open
    assert "build: 2 page(s) in " in r.stdout and "with 2 warm kernel(s): 2 ok, 0 failed" in r.stdout


def test_quiet_builds_print_nothing_when_all_is_well(site):
    for job in ("grid-factors.en", "grid-factors.zh"):
        (site / f"build/params/{job}.json").touch()
    r = make(site, "reports", "QUIET=1")
    assert r.returncode == 0 and r.stdout == "", r.stdout
    assert make(site, "reports").stdout == ""  # a no-op build says nothing either
