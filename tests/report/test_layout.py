"""Package layout: three homes (engine, data, analyses), imports one way, no cycle, one slug per analysis."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from zcparks import paths
from zcparks.report import deps, registry

ROOT = Path(__file__).resolve().parents[2]
KERNEL = {"zcparks", "zcparks.paths", "zcparks.errors", "zcparks.yamlfile", "zcparks.records", "zcparks.buildlock",
          "zcparks.buildstatus", "zcparks.stamps", "zcparks.engineclient"}
# package -> packages it may import (besides the kernel and itself)
ALLOWED = {
    "zcparks.cli": {"zcparks.report", "zcparks.data"},
    "zcparks.envfile": set(),
    "zcparks.data": set(),
    "zcparks.report": {"zcparks.data"},  # report.manifest only, see test_engine_reads_data_only_in_manifest
    "zcparks.analyses": {"zcparks.data", "zcparks.report", "zcparks.analyses._common"},
}


def home(module: str) -> str:
    """The package a module belongs to for the layering: kernel, cli, data, report, or analyses.<pkg>."""
    if module in KERNEL:
        return "kernel"
    parts = module.split(".")
    if parts[1] == "analyses":
        return ".".join(parts[:3]) if len(parts) > 2 else "zcparks.analyses"
    return ".".join(parts[:2])


def edges() -> set[tuple[str, str]]:
    """Module -> imported module, for every zcparks module (static: imports inside functions count)."""
    out = set()
    for py in paths.package_dir().rglob("*.py"):
        src = deps.module_name(py)
        out.update((src, dst) for dst in deps.direct_imports(py))
    return out


def package_edges() -> set[tuple[str, str]]:
    return {(home(a), home(b)) for a, b in edges() if home(a) != home(b) and home(b) != "kernel"}


# analyses that a CLI command runs directly (outside a notebook): `zcparks score`
CLI_ANALYSES = {"zcparks.analyses.indicator_scoring"}


def allowed(src: str, dst: str) -> bool:
    if src == "kernel":
        return False
    if src == "zcparks.cli" and dst.startswith("zcparks.analyses."):
        return dst in CLI_ANALYSES
    group = "zcparks.analyses" if src.startswith("zcparks.analyses") else src
    if dst.startswith("zcparks.analyses."):  # one analysis may use _common, never another analysis
        return group == "zcparks.analyses" and dst == "zcparks.analyses._common"
    return dst in ALLOWED.get(group, set()) or (group == "zcparks.analyses" and dst == "zcparks.analyses")


def test_imports_run_one_way():
    wrong = sorted(e for e in package_edges() if not allowed(*e))
    assert wrong == [], f"imports against the layering: {wrong}"
    # the graph as documented in the closing note and README
    assert ("zcparks.report", "zcparks.data") in package_edges()
    assert ("zcparks.data", "zcparks.report") not in package_edges()


def test_engine_reads_data_only_in_manifest():
    users = {a for a, b in edges() if home(a) == "zcparks.report" and home(b) == "zcparks.data"}
    assert users == {"zcparks.report.manifest"}


def test_analyses_use_only_chart_and_label_helpers_of_the_engine():
    used = {b for a, b in edges() if a.startswith("zcparks.analyses") and home(b) == "zcparks.report"}
    assert used <= {"zcparks.report.charts", "zcparks.report.labels", "zcparks.report.htmlsafe"}, used


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle of ``graph`` (node -> successors) as a path that ends where it starts, or []."""
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> list[str]:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                path = [*stack, node]
                return path[path.index(nxt):] + [nxt]
            if state.get(nxt) is None and (found := visit(nxt, [*stack, node])):
                return found
        state[node] = 2
        return []

    for node in sorted(graph):
        if state.get(node) is None and (found := visit(node, [])):
            return found
    return []


def test_no_import_cycle():
    graph: dict[str, set[str]] = {}
    for a, b in edges():
        graph.setdefault(a, set()).add(b)
    cycle = find_cycle(graph)
    assert cycle == [], f"import cycle: {' -> '.join(cycle)}"


def test_the_checks_can_fail():
    assert find_cycle({"raw": {"regions"}, "regions": {"raw"}}) == ["raw", "regions", "raw"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}}) == []
    assert not allowed("zcparks.data", "zcparks.report")
    assert not allowed("zcparks.analyses.pilot_parks", "zcparks.analyses.grid_factors")
    assert not allowed("zcparks.report", "zcparks.analyses.pilot_parks")
    assert allowed("zcparks.analyses.pilot_parks", "zcparks.analyses._common")


def test_import_linter_contracts_hold_and_cover_every_analysis():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    independent = next(c for c in config["contracts"] if c["type"] == "independence")["modules"]
    assert sorted(independent) == sorted(a.package for a in registry.analyses().values()), (
        "list every analysis package in the independence contract of [tool.importlinter] in pyproject.toml")
    r = subprocess.run([str(Path(sys.executable).parent / "lint-imports"), "--no-cache"], cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "0 broken" in r.stdout, r.stdout[-2000:]


@pytest.mark.parametrize("analysis", list(registry.analyses().values()), ids=lambda a: a.slug)
def test_one_slug_names_notebook_package_report_labels_and_tests(analysis):
    slug, pkg = analysis.slug, paths.package_of(analysis.slug)
    assert paths.slug_of(pkg) == slug and analysis.package == f"zcparks.analyses.{pkg}"
    assert analysis.notebook_path.name == f"{analysis.spec.number:02d}-{slug}.ipynb" and analysis.notebook_path.exists()
    assert (ROOT / "tests" / "analyses" / pkg).is_dir(), f"tests/analyses/{pkg}/ missing"
    assert (analysis.package_dir / "labels.yaml").exists()
    from zcparks.report import jobs

    assert slug in {j.report for j in jobs.jobs()}, "each analysis has its report, with the slug as id"
    module = __import__(analysis.package, fromlist=["LABELS"])
    assert module.LABELS.prefix == f"{slug}."


def test_slug_mapping_rejects_what_it_cannot_map():
    assert paths.package_of("pilot-parks") == "pilot_parks" and paths.slug_of("grid_factors") == "grid-factors"
    for bad in ("Pilot", "pilot_parks", "-x", "a--b"):
        with pytest.raises(ValueError, match="not an analysis slug"):
            paths.package_of(bad)


def test_no_unseeded_randomness_in_the_package():
    """Pages must be reproducible: no uuid/random/secrets; numpy randomness only via default_rng(seed)."""
    import ast

    offenders = []
    for py in paths.package_dir().rglob("*.py"):
        tree = ast.parse(py.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            offenders += [f"{py.name}: imports {n}" for n in names if n.split(".")[0] in ("uuid", "random", "secrets")]
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "default_rng" and not node.args:
                offenders.append(f"{py.name}:{node.lineno}: default_rng() without a seed")
    assert offenders == []
