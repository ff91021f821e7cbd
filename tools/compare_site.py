"""Build the site at two commits and show how the pages differ, with build dates and commit hashes normalised.

A refactoring must leave every page as it was, except for changes it states. This script builds the site of each
commit in its own git worktree (the data build, then every page, with this checkout's ``.venv``), normalises what
changes on every build, and prints the files that differ with a short diff of each::

    .venv/bin/python tools/compare_site.py 4485cf4 HEAD            # the whole site (~4 min a build on 2 cores)
    .venv/bin/python tools/compare_site.py 4485cf4 HEAD --only 'pilot-parks|index'

What is normalised (:func:`normalise`): build dates and times, commit hashes, the package version, the manifest's
timestamps, the spelling of the same character reference (``&#x27;``, ``&#39;``; ``&quot;``, ``&#34;``) and the order
of the words in a filter key (``data-k``). Everything else that differs is printed. Exit status: 0 when the sites
are equal after normalising, 1 when they differ, 2 when a build failed.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
# (pattern, replacement) applied to every page, in order
NORMALISE = (
    (re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?( ?UTC|Z|[+-]\d{2}:?\d{2})?"), "<time>"),
    (re.compile(r"\b[0-9a-f]{40}\b"), "<commit>"),
    (re.compile(r"(commit|提交)(\W{0,3})[0-9a-f]{7,12}\b"), r"\1\2<commit>"),
    (re.compile(r"\bzcparks (v?)\d+\.\d+\.\d+\b"), r"zcparks \1<version>"),
    (re.compile(r'"version": ?"\d+\.\d+\.\d+"'), '"version": "<version>"'),
    (re.compile(r"&#x27;"), "&#39;"),
    (re.compile(r"&quot;"), "&#34;"),
)
DATA_K = re.compile(r'data-k="([^"]*)"')


def normalise(text: str) -> str:
    """``text`` with what changes on every build replaced (see the module docstring)."""
    for pattern, repl in NORMALISE:
        text = pattern.sub(repl, text)
    return DATA_K.sub(lambda m: f'data-k="{" ".join(sorted(m.group(1).split()))}"', text)


def build(rev: str, where: Path, only: str | None) -> Path:
    """Build the site of ``rev`` in a worktree at ``where``; returns its ``reports/`` folder."""
    subprocess.run(["git", "worktree", "add", "--detach", "-f", str(where), rev], cwd=ROOT, check=True,
                   capture_output=True)
    env = {**os.environ, "PYTHONPATH": str(where / "src"), "ZCPARKS_ROOT": str(where), "PYTHONHASHSEED": "0"}
    steps = [[str(PYTHON), "-m", "zcparks.data.build"],
             [str(PYTHON), "-m", "zcparks.cli", "build", "-q", "-j", str(os.cpu_count() or 2),
              *(["--only", only] if only else [])]]
    for cmd in steps:
        print(f"[{rev}] {' '.join(cmd[1:])}", flush=True)
        r = subprocess.run(cmd, cwd=where, env=env, capture_output=True, text=True)
        if r.returncode != 0 and cmd[2] == "zcparks.data.build":
            sys.exit(f"compare_site: the data build of {rev} failed:\n{r.stdout[-2000:]}{r.stderr[-2000:]}")
        if r.returncode != 0:
            print(f"[{rev}] some pages failed:\n{r.stdout[-3000:]}", flush=True)
    return where / "reports"


def pages(reports: Path) -> dict[str, Path]:
    """The published pages of a built site (HTML, not the work and failure folders), by relative path."""
    return {p.relative_to(reports).as_posix(): p for p in sorted(reports.rglob("*.html"))
            if not p.relative_to(reports).parts[0].startswith("_")}


def compare(before: Path, after: Path, context: int = 1, shown: int = 12) -> int:
    """Print the differences of two built sites after :func:`normalise`; returns how many pages differ."""
    a, b = pages(before), pages(after)
    for name in sorted(set(a) - set(b)):
        print(f"only before: {name}")
    for name in sorted(set(b) - set(a)):
        print(f"only after:  {name}")
    changed = 0
    for name in sorted(set(a) & set(b)):
        old = normalise(a[name].read_text(encoding="utf-8")).splitlines()
        new = normalise(b[name].read_text(encoding="utf-8")).splitlines()
        if old == new:
            continue
        changed += 1
        diff = list(difflib.unified_diff(old, new, f"before/{name}", f"after/{name}", n=context, lineterm=""))
        print("\n".join(line[:300] for line in diff[:shown]))
        if len(diff) > shown:
            print(f"... {len(diff) - shown} more diff line(s) in {name}")
    same = len(set(a) & set(b)) - changed
    print(f"compare_site: {same} page(s) equal, {changed} differ, {len(set(a) ^ set(b))} only on one side")
    return changed + len(set(a) ^ set(b))


def main(argv: list[str] | None = None) -> int:
    """The command line (``--help``); returns the exit status."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("before", help="the commit to compare against, e.g. 4485cf4")
    ap.add_argument("after", nargs="?", default="HEAD", help="the commit to compare (default: HEAD)")
    ap.add_argument("--only", metavar="REGEX", help="only pages whose job ID matches REGEX (the index is always built)")
    ap.add_argument("--keep", metavar="DIR", help="build in DIR/before and DIR/after and keep them")
    args = ap.parse_args(argv)
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="zcparks-compare-"))
    try:
        before = build(args.before, base / "before", args.only)
        after = build(args.after, base / "after", args.only)
        return 1 if compare(before, after) else 0
    finally:
        if not args.keep:
            for side in ("before", "after"):
                subprocess.run(["git", "worktree", "remove", "--force", str(base / side)], cwd=ROOT,
                               capture_output=True)


if __name__ == "__main__":
    sys.exit(main())
