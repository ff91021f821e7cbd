"""Content stamps: make sees an input change by its bytes, not by its modification time.

Make compares modification times, so it misses a deleted input (the rule that needed it fails with "No rule to make
target") and a file copied in with an old time (``cp -p``, ``tar x``, ``rsync -t``). So make's rules do not depend
on the inputs themselves but on one small stamp per input, under ``build/stamps/``:

* ``build/stamps/<path>.sha`` for every file of ``data/raw/`` and every notebook of ``notebooks/``: the file's
  sha256, or ``missing`` once the file is gone. A stamp is rewritten only when that text changes, so its
  modification time is the time its input's content last changed;
* ``build/stamps/raw.sha``: the list of every raw file with its sha256 (what the data build depends on: a file
  added, deleted or edited changes it). The data build writes the same list into ``data/processed/.built``, so
  :func:`changed_since` can say which raw files differ from the ones the processed data came from.

A stamp seen for the first time takes its input's modification time, so the first refresh after a clone or after
``make clean-reports`` rebuilds exactly what plain mtimes would. Hashes are cached by (size, mtime, ctime, inode):
copying a file in changes its inode and ctime, so a copy with an old mtime is hashed again. Standard library only
(``python -m zcparks.buildstate.stamps`` runs before every build, and a no-op build must stay fast).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

from zcparks import paths

MISSING = "missing"
RAW_LIST = "raw.sha"
SRC_LIST = "src.list"  # the engine's and analyses' file names: a module added, deleted or renamed changes it
SRC_SUFFIXES = (".py", ".yaml", ".j2", ".css", ".json")


def stamps_dir() -> Path:
    """``build/stamps/``."""
    return paths.root() / "build" / "stamps"


def stamp_of(rel: str) -> str:
    """The stamp path (relative to the root) of the input ``rel`` (e.g. ``notebooks/01-pilot-parks.ipynb``)."""
    return f"build/stamps/{rel}.sha"


def input_of(stamp: str) -> str:
    """The input path of a stamp path (the inverse of :func:`stamp_of`); other paths are returned unchanged."""
    if stamp.startswith("build/stamps/") and stamp.endswith(".sha"):
        return stamp[len("build/stamps/"):-len(".sha")]
    return stamp


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def tracked() -> list[Path]:
    """Every input make tracks by content: the files of ``data/raw/`` and the notebooks, sorted."""
    root = paths.root()
    raw = [p for p in (root / "data" / "raw").rglob("*") if p.is_file()] if (root / "data" / "raw").exists() else []
    nbs = sorted((root / "notebooks").glob("*.ipynb")) if (root / "notebooks").exists() else []
    return sorted(raw) + nbs


def hashes(files: list[Path], cache_file: Path | None = None) -> dict[str, str]:
    """sha256 of each file, by path relative to the root; unchanged files are not read again.

    Args:
        files: the files.
        cache_file: a JSON cache of earlier hashes keyed by (size, mtime, ctime, inode); None: no cache.

    Returns:
        ``{relative path: sha256 hex}``.
    """
    root = paths.root()
    cache: dict[str, list] = {}
    if cache_file is not None and cache_file.exists():
        try:
            cache = json.loads(cache_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            cache = {}
    out, fresh = {}, {}
    for p in files:
        rel = p.relative_to(root).as_posix()
        st = p.stat()
        key = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
        hit = cache.get(rel)
        sha = hit[1] if hit and hit[0] == key else _sha256(p)
        out[rel] = sha
        fresh[rel] = [key, sha]
    if cache_file is not None and fresh != cache:
        try:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache_file.with_name(f"{cache_file.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(fresh), encoding="utf-8")
            tmp.replace(cache_file)
        except OSError:  # a reader without write access (e.g. `zcparks summary` by another user): no cache
            pass
    return out


def raw_hashes() -> dict[str, str]:
    """sha256 of every file of ``data/raw/`` as it is now, by path relative to the root.

    Paths look like ``data/raw/power/metadata.yaml``.

    Uses the stamps' hash cache (:func:`hashes`), so only files changed since the last look are read.
    """
    everything = hashes(tracked(), stamps_dir() / ".cache.json")  # all tracked files: the cache keeps every entry
    return {rel: sha for rel, sha in everything.items() if rel.startswith("data/raw/")}


def raw_listing(current: dict[str, str] | None = None) -> str:
    """The text of ``build/stamps/raw.sha``: one ``<sha256>  <path>`` line per raw file, sorted by path."""
    current = current if current is not None else raw_hashes()
    return "".join(f"{sha}  {rel}\n" for rel, sha in sorted(current.items()) if rel.startswith("data/raw/"))


def parse_listing(text: str) -> dict[str, str]:
    """``{path: sha256}`` from a listing written by :func:`raw_listing`."""
    out = {}
    for line in text.splitlines():
        sha, _, rel = line.partition("  ")
        if rel:
            out[rel] = sha
    return out


def _write_if_changed(path: Path, text: str, first_mtime: float | None) -> bool:
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
        existed = True
    except FileNotFoundError:
        existed = False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    if not existed and first_mtime is not None:  # a new stamp: its input's content dates from the input's mtime
        os.utime(tmp, (first_mtime, first_mtime))
    tmp.replace(path)
    return existed


def refresh() -> list[str]:
    """Bring every stamp up to date; returns one phrase per input whose content changed since the last refresh.

    New inputs (first refresh) are not reported; an input that disappeared is (``deleted: …``), once.
    """
    sdir = stamps_dir()
    files = tracked()
    current = hashes(files, sdir / ".cache.json")
    root = paths.root()
    changes = []
    for p in files:
        rel = p.relative_to(root).as_posix()
        if _write_if_changed(root / stamp_of(rel), current[rel] + "\n", p.stat().st_mtime):
            changes.append(f"changed: {rel}")
    if sdir.exists():  # inputs gone since the last refresh: their stamps say so (their pages rebuild, and fail)
        for stamp in sdir.rglob("*.sha"):
            rel = input_of(stamp.relative_to(root).as_posix())
            if stamp != sdir / RAW_LIST and rel not in current and _write_if_changed(stamp, MISSING + "\n", None):
                changes.append(f"deleted: {rel}")
    raw_dir = root / "data" / "raw"  # the listing covers raw files only: a newer notebook must not date it
    newest = max((p.stat().st_mtime for p in files if p.is_relative_to(raw_dir)), default=None)
    listing = raw_listing(current)
    _write_if_changed(sdir / RAW_LIST, listing, newest)
    pkg = paths.package_dir()
    src = sorted(p for p in pkg.rglob("*") if p.suffix in SRC_SUFFIXES and "__pycache__" not in p.parts)
    _write_if_changed(sdir / SRC_LIST, "".join(f"{p.relative_to(pkg.parent).as_posix()}\n" for p in src),
                      max((p.stat().st_mtime for p in src), default=None))
    built = paths.processed_dir() / ".built"
    try:  # data/processed/ built from other bytes (e.g. by `zcparks run` while a file was edited, then reverted):
        if built.read_text(encoding="utf-8") != listing:  # make must rebuild it, whatever the times say
            os.utime(sdir / RAW_LIST, None)
    except FileNotFoundError:
        pass
    return sorted(changes)


def changed_since(listing_text: str) -> list[str]:
    """Raw files whose content differs from ``listing_text`` (a :func:`raw_listing`): edited, added or deleted."""
    before = parse_listing(listing_text)
    now = parse_listing(raw_listing())
    return sorted(rel for rel in set(before) | set(now) if before.get(rel) != now.get(rel))


def main(argv: list[str] | None = None) -> int:
    """``python -m zcparks.buildstate.stamps``: refresh the stamps (every build does it first); prints what changed."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in ("-h", "--help"):
        print("usage: python -m zcparks.buildstate.stamps   (no arguments: refresh build/stamps/)\n\n" + __doc__.strip())
        return 0
    if argv:
        print(f"python -m zcparks.buildstate.stamps: unexpected argument(s) {' '.join(argv)}; it takes none (--help)",
              file=sys.stderr)
        return 2
    changes = refresh()
    if changes:
        shown = ", ".join(changes[:5]) + (f" and {len(changes) - 5} more" if len(changes) > 5 else "")
        print(f"zcparks: {len(changes)} input(s) changed by content since the last build ({shown})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
