"""The variable dictionary (``variables.yaml``): one canonical name, unit and set of tags per panel variable.

The build (:mod:`zcparks.data.build`) reads raw panel files only through this dictionary: every variable of a
``panel: true`` file must map to exactly one entry, and values are converted into the entry's canonical unit
once, with a factor computed from the two unit strings (:func:`zcparks.data.units.factor`). Derived indicators
are declared here too; their verdict (ok / ok_with_label / refused) follows from their inputs' tags, so that no
indicator can silently divide one statistical coverage by another or mix price bases.

This module imports no pandas.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from zcparks import yamlfile
from zcparks.data import units as u
from zcparks.errors import SanityCheckError

DICTIONARY = Path(__file__).parent / "variables.yaml"

AS_PUBLISHED = "as published per fuel"
"""The unit of fuel-level inventory families: each fuel keeps its own physical unit (10^4 t, 10^8 m3, ...)."""

OK, OK_WITH_LABEL, REFUSED = "ok", "ok_with_label", "refused"

_REQUIRED = ("name_en", "name_zh", "concept", "unit")
_ALLOWED = {
    "name_en", "name_zh", "concept", "unit", "coverage", "price_basis", "energy_basis", "producer", "vintage",
    "source", "checks", "blocked_with", "derived", "zero_if_absent", "estimate", "computed_by", "inputs", "range",
    "offered_in",
}


@dataclass(frozen=True)
class Variable:
    """One entry of the dictionary.

    Attributes:
        name: the canonical name (a panel ``variable``; for a family, the prefix before ``": "``).
        name_en: short English name.
        name_zh: short Chinese name.
        concept: what is measured.
        unit: the canonical unit (values are converted into it at build time), or :data:`AS_PUBLISHED`.
        coverage: the statistical scope tag (``tags.coverage``); derived indicators take theirs from the inputs.
        price_basis: ``current``, ``constant_2020``, ``comparable`` or ``none``.
        energy_basis: ``coal_equivalent_method``, ``calorific_equivalent``, ``physical`` or ``none``.
        producer: who produced the numbers.
        vintage: which release.
        file: ``<source_id>/<file>`` of the one source file, or ``""`` for derived and computed variables.
        raw_variable: the exact variable name in that file (exact entries).
        pattern: the glob of a family of variables in that file (family entries).
        checks: quality rules to apply (``outlier``, ``break``).
        blocked_with: for families: the total whose blocked cells block this family's cells too.
        derived: for ratio indicators: numerator, denominator (lists of variables) and factor (a name in
            :mod:`zcparks.data.units`).
        zero_if_absent: ``{"generation": [...]}``: the capacity counts as 0 where it and these generation series are
            absent in every year (``rules.unknown_not_zero``).
        estimate: a modelled or estimated series (labelled so on every chart).
        computed_by: the module that computes a non-ratio variable.
        inputs: the inputs of a computed variable.
        range: ``(low, high)``: the plausible values in the canonical unit; a raw value outside stops the build (the
            message names file, line and column), a derived value outside stops it too (naming province and year).
    """

    name: str
    name_en: str
    name_zh: str
    concept: str
    unit: str
    coverage: str = ""
    price_basis: str = "none"
    energy_basis: str = "none"
    producer: str = ""
    vintage: str = ""
    file: str = ""
    raw_variable: str = ""
    pattern: str = ""
    checks: tuple[str, ...] = ()
    blocked_with: str = ""
    derived: dict[str, Any] = field(default_factory=dict)
    zero_if_absent: dict[str, list[str]] = field(default_factory=dict)
    estimate: bool = False
    computed_by: str = ""
    inputs: tuple[str, ...] = ()
    range: tuple[float, float] | None = None
    offered_in: tuple[str, ...] = ()

    @property
    def is_family(self) -> bool:
        """Whether the entry names a family of variables (``pattern``) rather than one variable."""
        return bool(self.pattern)

    def matches(self, file: str, raw_variable: str) -> bool:
        """Whether the raw ``(file, variable)`` is this entry's source."""
        if file != self.file:
            return False
        return fnmatch.fnmatchcase(raw_variable, self.pattern) if self.pattern else raw_variable == self.raw_variable


@dataclass(frozen=True)
class Dictionary:
    """The whole dictionary: variables, allowed tags, coverage mixes, quality rules and named links."""

    variables: dict[str, Variable]
    tags: dict[str, Any]
    mixes: list[dict[str, Any]]
    rules: dict[str, Any]
    links: dict[str, dict[str, Any]]
    offered: dict[str, dict[str, Any]] = field(default_factory=dict)

    def offered_sets(self) -> dict[str, dict[str, Any]]:
        """The ID sets of variables a report may offer (``offered:``), as :func:`zcparks.data.build.id_sets` writes them.

        Each has ``values`` in dictionary order, ``labels`` (name_en / name_zh) and ``describe`` (en, zh).
        """
        out = {}
        for name, body in self.offered.items():
            members = [v for v in self.variables.values() if name in v.offered_in]
            out[name] = {"values": [v.name for v in members], "aliases": {}, "describe": body["describe"],
                         "labels": {v.name: {"en": v.name_en, "zh": v.name_zh} for v in members}}
        return out

    def get(self, name: str) -> Variable:
        """The entry of a panel variable: its own, its family's (``"co2_by_sector: X"``), or its link's base.

        Raises:
            KeyError: ``name`` is not in the dictionary (the message names the file to edit).
        """
        if name in self.variables:
            return self.variables[name]
        head = name.split(": ", 1)[0]
        if head in self.variables and self.variables[head].is_family:
            return self.variables[head]
        if name in self.links:
            return self.variables[self.links[name]["base"]]
        raise KeyError(f"variable {name!r} is not in the variable dictionary ({DICTIONARY.name})")

    def canonical(self, file: str, raw_variable: str) -> Variable | None:
        """The entry whose source is the raw ``(file, variable)``; exact entries win over families."""
        exact = [v for v in self.variables.values() if v.raw_variable and v.matches(file, raw_variable)]
        if exact:
            return exact[0]
        family = [v for v in self.variables.values() if v.pattern and v.matches(file, raw_variable)]
        return family[0] if family else None

    def panel_name(self, var: Variable, raw_variable: str) -> str:
        """The panel name of a raw variable: the entry's name, or for a family the raw name with its prefix."""
        if not var.is_family:
            return var.name
        return var.name + raw_variable[raw_variable.index(": "):] if ": " in raw_variable else var.name

    def derived(self) -> list[Variable]:
        """The ratio indicators, in dictionary order."""
        return [v for v in self.variables.values() if v.derived]


def _fail(where: str, message: str) -> SanityCheckError:
    return SanityCheckError(f"{DICTIONARY.name}: {where}: {message}")


def _variable(name: str, raw: Any, tags: dict[str, Any]) -> Variable:  # noqa: C901 - one branch per field rule of a variable entry, each with its own message
    """One validated entry; errors name the variable and the field."""
    if not isinstance(raw, dict):
        raise _fail(f"variables.{name}", "expected a mapping of fields")
    unknown = sorted(set(raw) - _ALLOWED)
    if unknown:
        raise _fail(f"variables.{name}", f"unknown field(s) {unknown}; allowed: {sorted(_ALLOWED)}")
    missing = [k for k in _REQUIRED if not raw.get(k)]
    if missing:
        raise _fail(f"variables.{name}", f"missing field(s) {missing}")
    kinds = [k for k in ("source", "derived", "computed_by") if k in raw]
    if len(kinds) != 1:
        raise _fail(f"variables.{name}", f"needs exactly one of source, derived or computed_by (has {kinds})")
    src = raw.get("source") or {}
    if "source" in raw and (not src.get("file") or bool(src.get("variable")) == bool(src.get("pattern"))):
        raise _fail(f"variables.{name}.source", "needs file and exactly one of variable or pattern")
    coverage = raw.get("coverage", "")
    if coverage and coverage not in tags["coverage"]:
        raise _fail(f"variables.{name}.coverage", f"{coverage!r} is not a tag; known: {sorted(tags['coverage'])}")
    if "source" in raw and not coverage:
        raise _fail(f"variables.{name}", "a source variable needs a coverage tag")
    for key in ("price_basis", "energy_basis"):
        if raw.get(key, "none") not in tags[key]:
            raise _fail(f"variables.{name}.{key}", f"{raw[key]!r} is not one of {tags[key]}")
    if raw["unit"] != AS_PUBLISHED:
        try:
            u.parse(raw["unit"])
        except u.UnitError as exc:
            raise _fail(f"variables.{name}.unit", str(exc)) from exc
    rng = raw.get("range")
    if rng is not None and not (isinstance(rng, list) and len(rng) == 2 and all(isinstance(x, (int, float)) for x in rng)
                                and rng[0] < rng[1]):
        raise _fail(f"variables.{name}.range", f"expected [low, high] numbers with low < high, got {rng!r}")
    for check in raw.get("checks", []):
        if check not in ("outlier", "break"):
            raise _fail(f"variables.{name}.checks", f"unknown check {check!r}; known: outlier, break")
    return Variable(
        name=name, name_en=raw["name_en"], name_zh=raw["name_zh"], concept=raw["concept"], unit=raw["unit"],
        coverage=coverage, price_basis=raw.get("price_basis", "none"), energy_basis=raw.get("energy_basis", "none"),
        producer=raw.get("producer", ""), vintage=raw.get("vintage", ""), file=src.get("file", ""),
        raw_variable=src.get("variable", ""), pattern=src.get("pattern", ""), checks=tuple(raw.get("checks", [])),
        blocked_with=raw.get("blocked_with", ""), derived=raw.get("derived", {}),
        zero_if_absent=raw.get("zero_if_absent", {}), estimate=bool(raw.get("estimate", False)),
        computed_by=raw.get("computed_by", ""), inputs=tuple(raw.get("inputs", [])),
        range=tuple(rng) if rng is not None else None, offered_in=tuple(raw.get("offered_in", [])),
    )


def parse(raw: dict[str, Any]) -> Dictionary:  # noqa: C901 - the cross-entry rules of the variable dictionary, each with its own message
    """Validate a loaded dictionary document.

    Args:
        raw: the YAML document (``tags``, ``mixes``, ``rules``, ``links``, ``variables``).

    Returns:
        The :class:`Dictionary`.

    Raises:
        SanityCheckError: a field is missing or unknown, a tag is not declared, a unit does not parse, two entries
            share one source, two entries share concept + coverage + price basis + energy basis + vintage (the same
            thing under two names), or a link or derived input names an unknown variable. The message names the entry.
    """
    tags = raw["tags"]
    variables = {name: _variable(name, body, tags) for name, body in raw["variables"].items()}
    seen_source: dict[tuple[str, str], str] = {}
    seen_concept: dict[tuple[str, ...], str] = {}
    for v in variables.values():
        if v.file:
            key = (v.file, v.raw_variable or v.pattern)
            if key in seen_source:
                raise _fail(f"variables.{v.name}", f"same source as {seen_source[key]}: {key}")
            seen_source[key] = v.name
        ident = (v.concept, v.coverage, v.price_basis, v.energy_basis, v.vintage)
        if v.file and ident in seen_concept:
            raise _fail(f"variables.{v.name}", f"same concept, coverage, price basis and vintage as "
                                               f"{seen_concept[ident]} ({ident}): merge them or tell them apart")
        seen_concept[ident] = v.name
    links = raw.get("links", {})
    names = set(variables) | set(links)
    for name, link in links.items():
        for side in ("base", "extension"):
            if link.get(side) not in variables:
                raise _fail(f"links.{name}.{side}", f"unknown variable {link.get(side)!r}")
        if link.get("method") != "ratio" or not isinstance(link.get("link_year"), int):
            raise _fail(f"links.{name}", "needs method: ratio and an integer link_year")
    for v in variables.values():
        for side in ("numerator", "denominator"):
            for inp in v.derived.get(side, []):
                if inp not in names:
                    raise _fail(f"variables.{v.name}.derived.{side}", f"unknown variable {inp!r}")
        for inp in v.inputs:
            if inp not in names:
                raise _fail(f"variables.{v.name}.inputs", f"unknown variable {inp!r}")
    offered = _offered(raw.get("offered", {}), variables)
    return Dictionary(variables=variables, tags=tags, mixes=raw.get("mixes", []), rules=raw.get("rules", {}),
                      links=links, offered=offered)


def _offered(offered: Any, variables: dict[str, Variable]) -> dict[str, dict[str, Any]]:
    """The ``offered:`` sets, checked: each named ``@…`` with a describe in en and zh, each used and declared."""
    if not isinstance(offered, dict):
        raise _fail("offered", "expected a mapping of set names (\"@name\") to {describe: {en, zh}}")
    for name, body in offered.items():
        describe = body.get("describe") if isinstance(body, dict) else None
        if not str(name).startswith("@") or not isinstance(describe, dict) or set(describe) != {"en", "zh"}:
            raise _fail(f"offered.{name}", "expected a set name starting with @ and describe: {en: ..., zh: ...}")
    for v in variables.values():
        unknown = [s for s in v.offered_in if s not in offered]
        if unknown:
            raise _fail(f"variables.{v.name}.offered_in", f"unknown set(s) {unknown}; declared under offered: "
                                                         f"{sorted(offered)}")
    empty = [name for name in offered if not any(name in v.offered_in for v in variables.values())]
    if empty:
        raise _fail(f"offered.{empty[0]}", "no variable is offered in this set (offered_in)")
    return offered


@cache
def load(path: Path = DICTIONARY) -> Dictionary:
    """The dictionary in ``path`` (strict YAML: a duplicate key is an error), validated by :func:`parse`."""
    return parse(yamlfile.load(path))


# --------------------------------------------------------------------------- verdicts of derived indicators


def _basis_clash(entries: list[tuple[str, Variable]], key: str, kinds: tuple[str, ...] | None,
                 what: str) -> str | None:
    """Why two inputs differ in ``key`` (price or energy basis), or None.

    Only inputs with a basis count: those whose value is in ``kinds`` (None: every value but ``none`` and ``physical``).
    """
    counted = [(n, getattr(e, key)) for n, e in entries
               if (getattr(e, key) in kinds if kinds else getattr(e, key) not in ("none", "physical"))]
    for n1, b1 in counted:
        for n2, b2 in counted:
            if b1 != b2:
                return what.format(n1=n1, b1=b1, n2=n2, b2=b2)
    return None


def _coverage_labels(dic: Dictionary, entries: list[tuple[str, Variable]]) -> list[dict[str, str]] | str:
    """The labels of the coverage mixes among ``entries`` (:func:`verdict`), or why a pair is refused."""
    labels: list[dict[str, str]] = []
    for i, (n1, e1) in enumerate(entries):
        for n2, e2 in entries[i + 1:]:
            pair = {e1.coverage, e2.coverage}
            # a total and its parts from one inventory (e.g. CEADs CO2 and its sectors)
            same_release = e1.file == e2.file and (e1.is_family or e2.is_family)
            if len(pair) == 1 or "territorial" in pair or same_release or "" in pair:
                continue
            mix = next((m for m in dic.mixes if set(m["tags"]) == pair), None)
            if mix is None:
                return (f"{n1} (coverage {e1.coverage}) and {n2} (coverage {e2.coverage}) are not comparable; "
                        f"list the pair under mixes: in {DICTIONARY.name} only if a label can say what the mix means")
            if mix["label"] not in labels:
                labels.append(mix["label"])
    return labels


def verdict(dic: Dictionary, var: Variable) -> tuple[str, dict[str, str]]:
    """The verdict of a derived indicator on its inputs' tags.

    Rules, in order: in a ratio, two money inputs with different price bases are refused; two energy inputs with
    different energy bases are refused; then every pair of coverage tags among the inputs must be equal, include
    ``territorial``, come from one file (a total and its parts), or be listed under ``mixes`` (ok with that mix's
    label); any other pair is refused. Computed variables (``computed_by``) are judged on their ``inputs``.

    Args:
        dic: the dictionary.
        var: a derived indicator or a computed variable.

    Returns:
        ``(verdict, label)``: ``ok`` / ``ok_with_label`` / ``refused`` and the label (en, zh) to carry (the
        reason, for ``refused``).
    """
    if var.derived:
        inputs = list(dict.fromkeys(var.derived.get("numerator", []) + var.derived.get("denominator", [])))
    else:  # a computed variable (a method, e.g. a deflator: current over constant prices by design)
        inputs = list(var.inputs)
    entries = [(name, dic.get(name)) for name in inputs]  # a link has its base's tags
    why = (_basis_clash(entries, "price_basis", ("current", "constant_2020"), "{n1} is at {b1} prices but {n2} at {b2} "
                        "prices") if var.derived else None) \
        or _basis_clash(entries, "energy_basis", None, "{n1} is on the {b1} basis but {n2} on the {b2} basis")
    labels = why or _coverage_labels(dic, entries)
    if isinstance(labels, str):
        return REFUSED, {"en": labels, "zh": labels}
    if not labels:
        return OK, {"en": "", "zh": ""}
    return OK_WITH_LABEL, {lang: " ".join(lab[lang] for lab in labels) for lang in ("en", "zh")}


def check_verdicts(dic: Dictionary, indicators: list[Variable] | None = None) -> dict[str, tuple[str, dict[str, str]]]:
    """Every derived indicator's verdict; the build fails on a refused one.

    Args:
        dic: the dictionary.
        indicators: the indicators to judge; ``None`` means every derived and computed entry.

    Returns:
        Indicator name -> (verdict, label).

    Raises:
        SanityCheckError: an indicator is refused; the message names the indicator and both variables.
    """
    out = {}
    judged = [v for v in dic.variables.values() if v.derived or v.inputs]
    for var in indicators if indicators is not None else judged:
        result = verdict(dic, var)
        if result[0] == REFUSED:
            kind = "derived indicator" if var.derived else "computed variable"
            raise SanityCheckError(f"{kind} {var.name} refused: {result[1]['en']}")
        out[var.name] = result
    return out


def factor_of(var: Variable) -> u.Factor:
    """The named factor of a derived indicator (a module-level :class:`~zcparks.data.units.Factor`).

    Raises:
        SanityCheckError: the name is not a factor of :mod:`zcparks.data.units`.
    """
    name = var.derived.get("factor", "")
    f = getattr(u, name, None)
    if not isinstance(f, u.Factor):
        raise _fail(f"variables.{var.name}.derived.factor", f"{name!r} is not a factor in zcparks.data.units")
    if not u.same_quantity(f.result, var.unit):
        raise _fail(f"variables.{var.name}", f"unit {var.unit!r} is not the result {f.result!r} of factor {name}")
    return f


# --------------------------------------------------------------------------- the reference page


def _cell(text: Any) -> str:
    """``text`` fit for one Markdown table cell (no line breaks, no column separators)."""
    return " ".join(str(text).split()).replace("|", "\\|")


def reference_markdown(dic: Dictionary) -> str:
    """``docs/variables.md``: every variable of the panel with its names, unit, tags and source.

    Generated by ``zcparks vars-doc`` from ``variables.yaml``; a test fails when the page is stale.
    """
    out = ["# Variables of the provincial panel / 省级面板变量", "",
           "Generated from `src/zcparks/data/variables.yaml` by `zcparks vars-doc`; do not edit. "
           "由 `zcparks vars-doc` 根据 `variables.yaml` 生成，请勿手工编辑。", "",
           "Every value is converted once, at `make data`, into the unit given here. How the tags are used "
           "(coverage, price basis, energy basis, vintages, flags) is explained in [data.md](data.md).", "",
           "## Coverage tags / 统计口径", "", "| tag | meaning |", "|---|---|"]
    out += [f"| `{tag}` | {_cell(meaning)} |" for tag, meaning in dic.tags["coverage"].items()]
    out += ["", "## Variables / 变量", "",
            "| variable | name | 名称 | unit | coverage | price basis | energy basis | source (producer, vintage) |",
            "|---|---|---|---|---|---|---|---|"]
    for v in dic.variables.values():
        if v.derived:
            continue
        source = (f"`data/raw/{v.file}`" if v.file else f"computed by `{v.computed_by}`") + \
            (f" ({_cell(v.producer)}, {_cell(v.vintage)})" if v.producer or v.vintage else "")
        name = f"`{v.name}`" + (" (family)" if v.is_family else "") + (" — estimate" if v.estimate else "")
        out.append(f"| {name} | {_cell(v.name_en)} | {_cell(v.name_zh)} | {_cell(v.unit)} | {v.coverage or '—'} | "
                   f"{v.price_basis} | {v.energy_basis} | {source} |")
    out += ["", "## Derived indicators / 派生指标", "",
            "A ratio of sums of the variables above. Its verdict follows from its inputs' tags: `ok`, `ok_with_label` "
            "(the label goes with every chart of it) or `refused` (the build stops).", "",
            "| indicator | name | 名称 | unit | numerator | denominator | verdict | label |",
            "|---|---|---|---|---|---|---|---|"]
    for v in dic.derived():
        kind, label = verdict(dic, v)
        num = " + ".join(f"`{n}`" for n in v.derived.get("numerator", []))
        den = " + ".join(f"`{n}`" for n in v.derived.get("denominator", []))
        out.append(f"| `{v.name}` | {_cell(v.name_en)} | {_cell(v.name_zh)} | {_cell(v.unit)} | {num} | {den} | "
                   f"{kind} | {_cell(label['en']) or '—'} |")
    if dic.links:
        out += ["", "## Linked series / 衔接序列", "",
                "A longer series made of two vintages: the base, and before the link year the extension scaled to it.",
                "", "| series | name | base | extension | link year | method |", "|---|---|---|---|---|---|"]
        out += [f"| `{name}` | {_cell(link.get('name_en', ''))} | `{link.get('base')}` | `{link.get('extension')}` | "
                f"{link.get('link_year', '—')} | {link.get('method', '—')} |" for name, link in dic.links.items()]
    return "\n".join(out) + "\n"
