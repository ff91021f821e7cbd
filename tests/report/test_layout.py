"""Package layout: homes named for what they hold, imports one way (import-linter), no cycle, one slug per analysis."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from zcparks import paths
from zcparks.engine import deps
from zcparks.report import registry

ROOT = Path(__file__).resolve().parents[2]
def edges() -> set[tuple[str, str]]:
    """Module -> imported module, for every zcparks module (static: imports inside functions count)."""
    out = set()
    for py in paths.package_dir().rglob("*.py"):
        src = deps.module_name(py)
        out.update((src, dst) for dst in deps.direct_imports(py))
    return out


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


def test_the_cycle_check_can_fail():
    assert find_cycle({"raw": {"regions"}, "regions": {"raw"}}) == ["raw", "regions", "raw"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}}) == []


def test_the_import_layers_hold(tmp_path):
    """The one check of the import layers: import-linter's contracts in pyproject.toml (cli > analyses > views >
    models | report > methods > data > kernel; the analyses independent of each other by a wildcard, so adding one
    needs no edit). A contract that is broken on purpose must be reported."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    independent = next(c for c in config["contracts"] if c["type"] == "independence")["modules"]
    assert independent == ["zcparks.analyses.*"]
    lint = str(Path(sys.executable).parent / "lint-imports")
    r = subprocess.run([lint, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "0 broken" in r.stdout, r.stdout[-2000:]
    broken = tmp_path / "broken.toml"  # the same contracts plus one that the tree breaks: the check can fail
    broken.write_text((ROOT / "pyproject.toml").read_text(encoding="utf-8") + (
        '\n[[tool.importlinter.contracts]]\nname = "no page imports the data layer"\ntype = "forbidden"\n'
        'source_modules = ["zcparks.analyses"]\nforbidden_modules = ["zcparks.data"]\n'), encoding="utf-8")
    r = subprocess.run([lint, "--no-cache", "--config", str(broken)], cwd=ROOT, capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 1 and "1 broken" in r.stdout, r.stdout[-2000:]


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
