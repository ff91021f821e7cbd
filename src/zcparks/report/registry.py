"""The analyses zcparks knows: one slug each, found from ``src/zcparks/analyses/*/spec.yaml``.

An analysis is a package ``zcparks.analyses.<package>`` with a ``spec.yaml`` that declares
its slug, notebook number, titles, the datasets it reads and its parameters. Reading the
specs imports no analysis code (and so no pandas): the make rules, ``zcparks list`` and the
notebook's check cell stay fast.

Run ``python -m zcparks.report.registry --list`` to see every analysis with its slug,
notebook and package.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from zcparks import paths, yamlfile
from zcparks.errors import ParameterError, ZcparksError
from zcparks.report.params import (
    LANG,
    LANGS,
    PLACEHOLDER,
    NotebookSpec,
    Param,
    check_cell,
    parameters_cell,
    parse_requirement,
)

SPEC_FIELDS = {"slug", "number", "title", "subtitle", "reads", "params", "require"}


@dataclass(frozen=True)
class Analysis:
    """One analysis: its spec and where its parts live.

    Attributes:
        spec: the notebook spec (slug, number, titles, datasets read, parameters).
        package: the Python package, e.g. ``zcparks.analyses.pilot_parks``.
        package_dir: the package's folder.
    """

    spec: NotebookSpec
    package: str
    package_dir: Path

    @property
    def slug(self) -> str:
        """The analysis slug."""
        return self.spec.slug

    @property
    def notebook_path(self) -> Path:
        """``notebooks/NN-<slug>.ipynb``."""
        return paths.notebooks_dir() / f"{self.spec.notebook}.ipynb"

    @property
    def spec_file(self) -> str:
        """The spec's path relative to the repository root, for messages (``src/zcparks/analyses/<package>/spec.yaml``)."""
        return f"src/zcparks/analyses/{self.package_dir.name}/spec.yaml"


def _text(d: Any, what: str, where: str) -> dict[str, str]:
    if not isinstance(d, Mapping) or set(d) != set(LANGS) or not all(isinstance(v, str) and v for v in d.values()):
        raise ZcparksError(f"{where}: {what} needs a non-empty text for each of {', '.join(LANGS)}")
    return dict(d)


def load_spec(path: Path) -> NotebookSpec:  # noqa: C901 - one branch per field rule of a spec.yaml, each with its own message
    """The spec of ``path`` (an analysis's ``spec.yaml``), checked.

    Raises:
        ZcparksError: a field is missing or wrong, or the slug does not match the package folder.
    """
    where = f"src/zcparks/analyses/{path.parent.name}/spec.yaml"
    doc = yamlfile.load(path)
    if not isinstance(doc, Mapping):
        raise ZcparksError(f"{where}: expected a mapping with {', '.join(sorted(SPEC_FIELDS))}")
    extra, missing = set(doc) - SPEC_FIELDS, SPEC_FIELDS - {"params", "require"} - set(doc)
    if extra or missing:
        raise ZcparksError(f"{where}: " + (f"unknown field(s) {sorted(extra)}" if extra else f"missing {sorted(missing)}")
                           + f"; fields: {', '.join(sorted(SPEC_FIELDS))}")
    slug = doc["slug"]
    try:
        package = paths.package_of(slug)
    except ValueError as exc:
        raise ZcparksError(f"{where}: {exc}") from None
    if package != path.parent.name:
        raise ZcparksError(f"{where}: slug {slug!r} belongs in package folder {package!r}, not {path.parent.name!r}")
    if not isinstance(doc["number"], int) or not 0 <= doc["number"] <= 99:
        raise ZcparksError(f"{where}: number must be a whole number 0-99 (the NN of notebooks/NN-{slug}.ipynb)")
    own = tuple(Param.from_dict(p, where) for p in doc.get("params") or [])
    if any(p.name == LANG.name for p in own):
        raise ZcparksError(f"{where}: 'lang' is added to every notebook by the engine; do not declare it")
    title, subtitle = _text(doc["title"], "title", where), _text(doc["subtitle"], "subtitle", where)
    names = {LANG.name, *(p.name for p in own)}
    for what, texts in (("title", title), ("subtitle", subtitle)):
        for lang, text in texts.items():  # a {name} is filled with the job's value of that parameter
            unknown = sorted(set(PLACEHOLDER.findall(text)) - names)
            if unknown:
                raise ZcparksError(f"{where}: {what}.{lang} has placeholder(s) {', '.join('{' + u + '}' for u in unknown)}"
                                   f" that name no parameter; parameters: {', '.join(sorted(names))}")
    require = tuple(doc.get("require") or [])
    for rule in require:  # each names two declared parameters
        try:
            a, _, b = parse_requirement(rule)
        except ValueError as exc:
            raise ZcparksError(f"{where}: {exc}") from None
        if {a, b} - names:
            raise ZcparksError(f"{where}: requirement {rule!r} names no parameter {sorted({a, b} - names)}; "
                               f"parameters: {', '.join(sorted(names))}")
    return NotebookSpec(slug=slug, number=doc["number"], title=title, subtitle=subtitle, reads=tuple(doc["reads"]),
                        params=(LANG, *own), require=require)


@cache
def _analyses(folder: Path) -> dict[str, Analysis]:
    found: dict[str, Analysis] = {}
    numbers: dict[int, str] = {}
    for spec_path in sorted(folder.glob("*/spec.yaml")):
        spec = load_spec(spec_path)
        if spec.number in numbers:
            raise ZcparksError(f"analyses {numbers[spec.number]!r} and {spec.slug!r} both have number {spec.number}")
        numbers[spec.number] = spec.slug
        found[spec.slug] = Analysis(spec, f"zcparks.analyses.{spec_path.parent.name}", spec_path.parent)
    return dict(sorted(found.items(), key=lambda kv: kv[1].spec.number))


def analyses() -> dict[str, Analysis]:
    """Every analysis by slug, in notebook order."""
    return _analyses(paths.analyses_dir())


def get(name: str) -> Analysis:
    """The analysis called ``name``.

    Args:
        name: a slug (``pilot-parks``), a notebook (``01-pilot-parks``, ``notebooks/01-pilot-parks.ipynb``) or a
            package (``pilot_parks``).

    Raises:
        ParameterError: unknown; the message lists the known slugs.
    """
    stem = Path(str(name)).name.removesuffix(".ipynb")
    known = analyses()
    for a in known.values():
        if stem in (a.slug, a.spec.notebook, a.package_dir.name):
            return a
    raise ParameterError(f"unknown notebook {name!r}; known analyses: "
                         + ", ".join(f"{a.slug} ({a.spec.notebook})" for a in known.values()))


def spec(name: str) -> NotebookSpec:
    """The spec of the analysis ``name`` (see :func:`get`)."""
    return get(name).spec


def validate(name: str, given: Mapping[str, Any]) -> dict[str, Any]:
    """Defaults of ``name`` overlaid with ``given``, checked; raises ParameterError."""
    return spec(name).validate(given)


_KERNEL_NAMES = frozenset({"In", "Out", "get_ipython", "exit", "quit", "open"})


def check_notebook(name: str, namespace: Mapping[str, Any]) -> SimpleNamespace:
    """Validate the parameters a notebook received (its globals after the parameters cells).

    Call it in the code cell right after the ``parameters`` cell, before any import::

        import zcparks.report.registry as registry; P = registry.check_notebook("pilot-parks", globals())

    Args:
        name: the analysis slug.
        namespace: the notebook's globals; the coerced values are written back into it.

    Returns:
        The checked parameters as attributes (``P.lang``).

    Raises:
        ParameterError: with a short traceback, so the notebook's error says what is wrong.
    """
    given = {
        k: v for k, v in namespace.items()
        if not k.startswith("_") and k not in _KERNEL_NAMES
        and not (callable(v) or type(v).__name__ == "module")
    }
    try:
        values = validate(name, given)
    except ParameterError as exc:
        raise exc.with_traceback(None) from None
    namespace_update = getattr(namespace, "update", None)
    if namespace_update is not None:  # write the coerced values back (e.g. 320000 -> "320000")
        namespace_update(values)
    return SimpleNamespace(**values)


def notebook_cells(name: str) -> tuple[str, str]:
    """The parameters cell and the check cell the notebook of ``name`` must start with."""
    a = get(name)
    return parameters_cell(a.spec, a.spec_file), check_cell(a.spec)


def notebook_problems(name: str) -> list[str]:
    """What is wrong with the start of the analysis's notebook, or [] when it is as it must be.

    The first code cell must be tagged ``parameters`` and hold exactly the parameters cell of the spec (papermill
    injects the parameters after it; without the tag a run would silently use the defaults), and the next code
    cell must be the check cell.
    """
    a = get(name)
    where = f"notebooks/{a.spec.notebook}.ipynb"
    try:
        nb = json.loads(a.notebook_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [f"{where}: cannot read the notebook ({exc})"]
    code = [c for c in nb.get("cells", []) if c.get("cell_type") == "code"]
    params_cell, check = notebook_cells(name)
    fix = f"paste the cells that `zcparks params-cell {a.slug}` prints"
    if len(code) < 2:
        return [f"{where}: expected a parameters cell and a check cell first; {fix}"]
    problems = []
    if "parameters" not in code[0].get("metadata", {}).get("tags", []):
        problems.append(f"{where}: the first code cell must be tagged 'parameters' (cell tags in JupyterLab)")
    if "".join(code[0].get("source", "")) != params_cell:
        problems.append(f"{where}: the parameters cell differs from {a.spec_file}; {fix}")
    if "".join(code[1].get("source", "")) != check:
        problems.append(f"{where}: the second code cell must be the check cell; {fix}")
    return problems


def listing() -> str:
    """One line per analysis: slug, notebook, package, spec file."""
    rows = [f"{'slug':<16} {'notebook':<34} {'package':<34} spec"]
    for a in analyses().values():
        rows.append(f"{a.slug:<16} {'notebooks/' + a.spec.notebook + '.ipynb':<34} {a.package:<34} {a.spec_file}")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    """``python -m zcparks.report.registry --list``."""
    ap = argparse.ArgumentParser(prog="python -m zcparks.report.registry",
                                 description="List the analyses: slug, notebook, package, spec file.")
    ap.add_argument("--list", action="store_true", help="list every analysis (the default)")
    ap.parse_args(argv)
    try:
        print(listing())
    except ZcparksError as exc:
        print(f"registry: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
