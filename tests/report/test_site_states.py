"""The state of each page (ok, stale, failed, missing) and the data build's banner, on a tiny synthetic site.

A page is stale when its last build failed or when a raw file its manifest cites changed or is gone (as after a
failed data build, which rebuilds no page); the summary, the status page and check-site read the same states.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import os
import time
from pathlib import Path

import pytest
from markupsafe import escape

from zcparks.buildstate import datastatus as buildstatus
from zcparks.report import jobs as jobs_mod
from zcparks.report import site

RAW = "data/raw/power/factors.csv"


@pytest.fixture
def tiny(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[jobs_mod.Job]:
    """A root with one raw file and the two grid-factors pages built from it (status ok, manifest citing it)."""
    monkeypatch.setenv("ZCPARKS_ROOT", str(tmp_path))
    config = jobs_mod.Config.model_validate({
        "groups": {"comparisons": {"en": "Comparisons", "zh": "比较"}},
        "reports": [{"id": "grid-factors", "group": "comparisons", "fan_out": {"lang": ["en", "zh"]},
                     "output": "c/gf.{lang}.html"}]})
    monkeypatch.setattr(site, "load_config", lambda: config)
    raw = tmp_path / RAW
    raw.parent.mkdir(parents=True)
    raw.write_text("province,year,value\nBeijing,2023,0.5\n", encoding="utf-8")
    manifest = {"inputs": [{"file": RAW, "sha256": hashlib.sha256(raw.read_bytes()).hexdigest()}]}
    all_jobs = jobs_mod.jobs(config)
    for j in all_jobs:
        j.html_path().parent.mkdir(parents=True, exist_ok=True)
        j.html_path().write_text(f'<html><script type="application/json" id="zc-manifest-json">{json.dumps(manifest)}'
                                 "</script></html>", encoding="utf-8")
        _status(j, "ok")
    return all_jobs


def _status(job: jobs_mod.Job, status: str, error: str | None = None) -> None:
    p = site.paths.reports_dir() / "_status" / f"{job.id}.json"
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(json.dumps({"status": status, "error": error, "seconds": 1.0,
                             "last_success_at": "2026-01-01 00:00:00 UTC"}), encoding="utf-8")


def _data_status(**fields: str | None) -> None:
    buildstatus.status_path().parent.mkdir(parents=True, exist_ok=True)
    buildstatus.status_path().write_text(json.dumps({"status": "failed", **fields}), encoding="utf-8")


def test_pages_on_current_raw_files_are_ok(tiny):
    assert [site.job_state(j)["state"] for j in tiny] == ["ok", "ok"]
    text, problems = site.summary(tiny)
    assert text.splitlines()[0] == "2 report(s): 2 ok, 0 stale, 0 failed, 0 missing" and problems == 0


@pytest.mark.parametrize(("change", "reason"), [("edit", f"{RAW} changed since the page was built"),
                                                ("delete", f"{RAW} is gone")])
def test_a_page_whose_raw_file_changed_or_is_gone_is_stale_in_the_summary_and_on_the_status_page(tiny, change, reason):
    raw = site.paths.root() / RAW
    if change == "edit":
        raw.write_text("province,year,value\nBeijing,2023,0.6\n", encoding="utf-8")
    else:
        raw.unlink()
    assert site.job_state(tiny[0]) == {"state": "stale", "reasons": [reason], "status": site.read_status(tiny[0].id),
                                       "exists": True}
    text, problems = site.summary(tiny)
    assert text.splitlines()[0] == "2 report(s): 0 ok, 2 stale, 0 failed, 0 missing" and problems == 2
    assert f"  stale    grid-factors.en {' ' * 24}    1.0s  {reason}" in text.splitlines()
    page = site.status_html(tiny, "en")
    assert f'<td class="zc-status-stale">stale: showing the last good version — {reason}</td>' in page
    assert 'class="zc-status-ok"' not in page


def test_a_failed_last_build_is_stale_with_its_error_and_failed_without_a_page(tiny):
    _status(tiny[0], "failed", "KernelDied: the notebook's kernel died while it ran")
    _status(tiny[1], "failed", "BuildError: notebooks/02-grid-factors.ipynb: notebook not found")
    tiny[1].html_path().unlink()
    states = site.job_states(tiny)
    assert states[tiny[0].id]["state"] == "stale" and states[tiny[1].id]["state"] == "failed"
    assert states[tiny[0].id]["reasons"] == ["last build failed: KernelDied: the notebook's kernel died while it ran"]
    text, problems = site.summary(tiny)
    assert text.splitlines()[0] == "2 report(s): 0 ok, 1 stale, 1 failed, 0 missing" and problems == 2


def test_a_page_without_a_manifest_is_judged_by_its_status_alone(tiny):
    (site.paths.root() / RAW).unlink()
    tiny[0].html_path().write_text("<html></html>", encoding="utf-8")  # check-site calls it broken, not stale
    assert site.job_state(tiny[0])["state"] == "ok"


def test_the_summary_and_both_banners_say_when_the_data_build_failed_and_whose_data_the_pages_show(tiny):
    _data_status(error="data/raw/power/factors.csv: 1 problem(s) - file not found.",
                 finished_at="2026-02-03 04:05:06 UTC", failing_since="2026-02-01 00:00:00 UTC",
                 last_success_at="2026-01-01 00:00:00 UTC")
    en = ("The data build FAILED at 2026-02-03 04:05:06 UTC: data/raw/power/factors.csv: 1 problem(s) - file not "
          "found. It has failed since 2026-02-01 00:00:00 UTC. The pages show the data of the last good data build, "
          "of 2026-01-01 00:00:00 UTC.")
    assert site.data_failed_text("en") == en
    assert site.data_failed_text("zh") == ("数据构建于 2026-02-03 04:05:06 UTC 失败：data/raw/power/factors.csv: 1 "
                                           "problem(s) - file not found。自 2026-02-01 00:00:00 UTC 起一直失败。各页面显示"
                                           "的是上一次成功的数据构建（2026-01-01 00:00:00 UTC）的数据。")
    text, problems = site.summary(tiny)
    assert text.splitlines()[:2] == [en, "2 report(s): 2 ok, 0 stale, 0 failed, 0 missing"]
    assert problems == 1  # the failed data build counts even when no page reads the file it choked on
    for page in (site.status_html(tiny, "en"), site.index_html(tiny, "en")):
        assert f'<p class="zc-status-failed" id="zc-data-failed">{escape(en)}</p>' in page


def test_without_a_good_data_build_the_banner_says_so_plainly(tiny):
    _data_status(error="boom", finished_at="2026-02-03 04:05:06 UTC", failing_since="2026-02-03 04:05:06 UTC",
                 last_success_at=None)
    assert site.data_failed_text("en") == ("The data build FAILED at 2026-02-03 04:05:06 UTC: boom. No data build has "
                                           "succeeded yet: there is no data for the pages.")


def test_the_data_status_keeps_the_last_good_build_and_when_the_failures_began(tmp_path, monkeypatch):
    monkeypatch.setenv("ZCPARKS_ROOT", str(tmp_path))
    clock = [calendar.timegm((2026, 3, 1, 12, 0, 0))]
    real_gmtime = time.gmtime
    monkeypatch.setattr(buildstatus.time, "gmtime", lambda secs=None: real_gmtime(clock[0] if secs is None else secs))

    def fail_at(hour: int) -> dict:
        clock[0] += 3600 * hour
        buildstatus.write_status("failed", f"failure at +{hour} h")
        return buildstatus.read_status()

    # no good build recorded and no data/processed/: none ever succeeded
    assert fail_at(0)["last_success_at"] is None
    # data/processed/ built elsewhere (copied in, time kept): its .built listing dates the data the pages show
    built = tmp_path / "data/processed/.built"
    built.parent.mkdir(parents=True)
    built.write_text("", encoding="utf-8")
    t0 = calendar.timegm((2026, 2, 20, 8, 0, 0))
    os.utime(built, (t0, t0))
    buildstatus.status_path().unlink()
    first = fail_at(1)
    assert first["last_success_at"] == "2026-02-20 08:00:00 UTC" and first["failing_since"] == first["finished_at"]
    second = fail_at(2)
    assert second["failing_since"] == first["finished_at"] != second["finished_at"]
    assert second["last_success_at"] == first["last_success_at"]
    clock[0] += 3600
    buildstatus.write_status("ok")
    ok = buildstatus.read_status()
    assert ok["last_success_at"] == ok["finished_at"] == "2026-03-01 16:00:00 UTC" and ok["failing_since"] is None
    assert fail_at(1)["failing_since"] == "2026-03-01 17:00:00 UTC"  # a new run of failures
