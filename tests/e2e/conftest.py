"""The browser the end-to-end tests share: Debian's headless Chromium driven by Playwright (never a download)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from zcparks.report import jobs

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: run `make browser` (installs Debian's chromium and fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def first_heading():
    """The first '## ' heading of a job's notebook prose in a language (what its page must show, the other must not)."""

    def heading(job: jobs.Job, lang: str) -> str:
        nb = json.loads(job.notebook_path().read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            text = "".join(cell["source"])
            if cell["cell_type"] == "markdown" and f"lang-{lang}" in cell["metadata"].get("tags", []) and "## " in text:
                return text.split("## ", 1)[1].splitlines()[0].strip()
        raise AssertionError(f"{job.notebook}: no '## ' heading in a lang-{lang} cell")

    return heading
