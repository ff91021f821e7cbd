"""The zcparks modules a piece of code imports, found statically (``ast``; nothing is imported).

Used for narrow rebuilds: a report depends on the files of the modules in the import
closure of its analysis package, not on every file of ``src/zcparks``. Imports inside
functions count too (they run when the function does), and so does every ``__init__.py``
on the way to a module (Python runs them first).
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

from zcparks import paths

ROOT_PACKAGE = "zcparks"


def module_file(module: str) -> Path | None:
    """The source file of ``module`` (``zcparks.a.b``) in this checkout, or None if it is not a zcparks module."""
    if module != ROOT_PACKAGE and not module.startswith(ROOT_PACKAGE + "."):
        return None
    base = paths.package_dir().joinpath(*module.split(".")[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def module_name(file: Path) -> str:
    """The module name of a source file of the zcparks package (``.../data/raw.py`` -> ``zcparks.data.raw``)."""
    rel = file.relative_to(paths.package_dir()).with_suffix("")
    parts = [ROOT_PACKAGE, *rel.parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(node: ast.ImportFrom, current: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = current.split(".") if is_package else current.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


@cache
def direct_imports(file: Path) -> frozenset[str]:
    """The zcparks modules ``file`` imports (anywhere in it), as module names.

    ``from zcparks.x import y`` counts ``zcparks.x.y`` when that is a module, else ``zcparks.x`` (as grimp and
    import-linter do); the packages on the way are added by :func:`closure`, not here.
    """
    tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
    current, is_package = module_name(file), file.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(node, current, is_package)
            subs = [f"{base}.{a.name}" for a in node.names if module_file(f"{base}.{a.name}")]
            found.update(subs)
            if len(subs) < len(node.names):  # some names are attributes of the package itself
                found.add(base)
    return frozenset(m for m in found if module_file(m))


def _with_parents(module: str) -> list[str]:
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


def closure(module: str) -> list[Path]:
    """Every file that importing ``module`` can read: its source, its imports' (recursively), their packages'.

    Besides the ``.py`` files, each package folder in the closure brings its ``*.yaml`` files (a spec, labels,
    the data vocabulary): the code reads them at import or call time.

    Args:
        module: a zcparks module or package, e.g. ``zcparks.analyses.pilot_parks``.

    Returns:
        The files, sorted.
    """
    seen: set[str] = set()
    todo = _with_parents(module)
    files: set[Path] = set()
    while todo:
        m = todo.pop()
        file = module_file(m)
        if m in seen or file is None:
            continue
        seen.add(m)
        files.add(file)
        if file.name == "__init__.py":
            files.update(file.parent.glob("*.yaml"))
        for dep in direct_imports(file):
            todo.extend(_with_parents(dep))
    return sorted(files)


def package_closure(package_dir: Path) -> list[Path]:
    """The closure (:func:`closure`) of every module of a package folder and its subfolders.

    Computed once per folder in a process (like :func:`direct_imports`): every page of a fan-out has the same one,
    and the rules of ~200 pages would otherwise walk the same imports ~200 times.
    """
    return list(_package_closure(package_dir))


@cache
def _package_closure(package_dir: Path) -> tuple[Path, ...]:
    files: set[Path] = set()
    for py in sorted(package_dir.rglob("*.py")):
        files.update(closure(module_name(py)))
    return tuple(sorted(files))
