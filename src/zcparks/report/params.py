"""The parameter schema of every notebook: type, default, allowed values, help in en and zh.

Each analysis declares its parameters once, in its ``spec.yaml``; the registry
(:mod:`zcparks.report.registry`) reads them into :class:`NotebookSpec`. Every notebook also
takes ``lang`` (:data:`LANG`), added by the engine. The same check runs in three places:

* ``zcparks run`` / ``zcparks build`` validate before anything is executed;
* the notebook's check cell (``zcparks.report.registry.check_notebook``) validates what
  papermill injected, so a plain ``papermill nb.ipynb out.ipynb -p lang fr`` fails before
  any analysis cell runs;
* a test checks that each notebook's ``parameters`` cell is exactly
  :func:`parameters_cell` (which is also what ``papermill --help-notebook`` reads).

Allowed values may be a list, or a named ID set such as ``@provinces``. Named sets are
data, not code: the data build writes them to ``data/processed/ids.json`` (values, aliases
such as province names, and a description), so the engine knows no park or province.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from zcparks import paths
from zcparks.errors import ParameterError, ZcparksError


def read_scalar(text: str) -> Any:
    """A command-line parameter value as papermill reads ``-p``: a YAML scalar (1 -> int, true -> bool, zh -> str).

    Anything that is not a plain scalar (a list, a mapping, bad YAML) stays the text as given.
    """
    import yaml

    try:
        v = yaml.safe_load(text)
    except yaml.YAMLError:
        return text
    return v if isinstance(v, (str, int, float, bool)) else text


def adhoc_stem(notebook: str, values: Mapping[str, Any]) -> str:
    """The file stem of an ad-hoc run: the notebook name and the parameter values, e.g. ``02-grid-factors.en.2021``."""
    return re.sub(r"[^\w.\-]", "_", ".".join([notebook] + [str(v) for v in values.values()]))

LANGS = ("en", "zh")
TYPES: Mapping[str, type] = {"str": str, "int": int, "float": float, "bool": bool}


# --------------------------------------------------------------------------- named ID sets


@dataclass(frozen=True)
class ChoiceSet:
    """A named set of allowed values written by the data build (e.g. ``@provinces``).

    Attributes:
        name: the set's name, with its ``@``.
        values: the allowed values, in order.
        aliases: other spellings that resolve to a value (e.g. ``Jiangsu`` -> ``320000``); matched ignoring case.
        describe: what a value is, per language; ``{values}`` is replaced by the values.
    """

    name: str
    values: tuple[Any, ...]
    aliases: Mapping[str, Any] = field(default_factory=dict)
    describe: Mapping[str, str] = field(default_factory=dict)

    def description(self, lang: str = "en") -> str:
        """What a value of this set is, in ``lang``."""
        text = self.describe.get(lang) or self.describe.get("en") or f"one of the {self.name} values"
        return text.replace("{values}", ", ".join(str(v) for v in self.values))

    def resolve(self, value: Any) -> Any:
        """``value`` itself when allowed, else the value its alias names, else ``None``."""
        if value in self.values:
            return value
        key = str(value).strip().lower()
        for alias, target in self.aliases.items():
            if alias.lower() == key:
                return target
        return None

    def suggest(self, value: Any) -> list[str]:
        """Up to three aliases close to ``value`` (for 'did you mean' hints)."""
        names = [a for a in self.aliases if not a.isdigit()]
        return difflib.get_close_matches(str(value), names, n=3, cutoff=0.5)


def ids_path() -> Path:
    """``data/processed/ids.json``: the named ID sets (written by ``make data``)."""
    return paths.processed_dir() / "ids.json"


@cache
def _choice_sets(path: Path, mtime: float) -> dict[str, ChoiceSet]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    return {name: ChoiceSet(name, tuple(s["values"]), s.get("aliases", {}), s.get("describe", {}))
            for name, s in doc.get("choice_sets", {}).items()}


def choice_sets() -> dict[str, ChoiceSet]:
    """Every named ID set of ``data/processed/ids.json``.

    Raises:
        ZcparksError: the file is missing (run ``make data``).
    """
    path = ids_path()
    if not path.exists():
        raise ZcparksError(f"{paths.rel(path)} not found: the named ID sets (@provinces, @parks, ...) are built by "
                           "`make data`; run it first")
    return _choice_sets(path, path.stat().st_mtime)


def choice_set(name: str) -> ChoiceSet:
    """The named ID set ``name`` (e.g. ``@parks``).

    Raises:
        ZcparksError: no such set; the message lists the known ones.
    """
    sets = choice_sets()
    if name not in sets:
        raise ZcparksError(f"unknown ID set {name!r}; known: {', '.join(sets)}")
    return sets[name]


# --------------------------------------------------------------------------- parameters


@dataclass(frozen=True)
class Param:
    """One notebook parameter.

    Attributes:
        name: a Python identifier.
        type: str, int, float or bool.
        default: the value used when none is given.
        help: the help text per language (``en``, ``zh``).
        choices: a tuple of allowed values, or the name of an ID set (``@provinces``), or None.
        extra_choices: values allowed besides an ID set (e.g. ``all``).
        min: smallest allowed number, or None.
        max: largest allowed number, or None.
    """

    name: str
    type: type
    default: Any
    help: Mapping[str, str]
    choices: tuple[Any, ...] | str | None = None
    extra_choices: tuple[Any, ...] = ()
    min: float | None = None
    max: float | None = None

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], where: str) -> Param:
        """A parameter from its ``spec.yaml`` entry.

        Args:
            d: the entry: name, type (str, int, float, bool), default, help {en, zh}, and optionally choices
                (a list or an ID set such as ``@provinces``), extra_choices, min, max.
            where: the spec file, for messages.

        Raises:
            ZcparksError: a field is missing, unknown or of the wrong kind; the message names ``where``.
        """
        known = {"name", "type", "default", "help", "choices", "extra_choices", "min", "max"}
        extra = set(d) - known
        missing = {"name", "type", "default", "help"} - set(d)
        if extra or missing:
            raise ZcparksError(f"{where}: parameter {d.get('name', '?')!r}: "
                               + (f"unknown field(s) {sorted(extra)}" if extra else f"missing field(s) {sorted(missing)}")
                               + f"; fields: {', '.join(sorted(known))}")
        if d["type"] not in TYPES:
            raise ZcparksError(f"{where}: parameter {d['name']!r}: type {d['type']!r}; expected one of {', '.join(TYPES)}")
        if set(d["help"]) != set(LANGS):
            raise ZcparksError(f"{where}: parameter {d['name']!r}: help needs exactly the languages {LANGS}")
        choices = d.get("choices")
        return cls(name=d["name"], type=TYPES[d["type"]], default=d["default"], help=dict(d["help"]),
                   choices=tuple(choices) if isinstance(choices, list) else choices,
                   extra_choices=tuple(d.get("extra_choices", ())), min=d.get("min"), max=d.get("max"))

    def allowed(self) -> list[Any] | None:
        """Every allowed value (extra choices first), or None when any value of the type is allowed."""
        if self.choices is None:
            return None
        base = list(choice_set(self.choices).values) if isinstance(self.choices, str) else list(self.choices)
        return list(self.extra_choices) + base

    def describe_allowed(self, lang: str = "en") -> str:
        """The allowed values as a short phrase, for help and error messages."""
        if isinstance(self.choices, str):
            what = choice_set(self.choices).description(lang)
            word = " 或 " if lang == "zh" else " or "
            extra = word.join(repr(x) for x in self.extra_choices)
            return f"{extra}{word}{what}" if extra else what
        if self.choices is not None:
            return " | ".join(str(c) for c in self.choices)
        if self.min is not None or self.max is not None:
            return f"{self.type.__name__} in [{self.min}, {self.max}]"
        return self.type.__name__

    def _typed(self, value: Any) -> Any:
        v = value
        if self.type is bool:
            if isinstance(v, str) and v.lower() in ("true", "false"):
                return v.lower() == "true"
            if not isinstance(v, bool):
                raise TypeError
            return v
        if isinstance(v, bool):
            raise TypeError
        if self.type is int:
            if isinstance(v, float) and not v.is_integer():
                raise TypeError
            return int(v)
        if self.type is float:
            return float(v)
        if not isinstance(v, (str, int)):
            raise TypeError
        return str(v)

    def coerce(self, value: Any, notebook: str) -> Any:
        """``value`` as this parameter's type and allowed value.

        Args:
            value: what was given (papermill reads ``-p`` values as YAML scalars, so ``320000`` is an int).
            notebook: the notebook's name, for the message.

        Returns:
            The typed value; an alias of an ID set (a province name) is resolved to its value (the code).

        Raises:
            ParameterError: naming the parameter, the value and what is allowed.
        """
        try:
            v = self._typed(value)
        except (TypeError, ValueError):
            raise ParameterError(
                f"{notebook}: parameter {self.name!r} got {value!r} ({type(value).__name__}); "
                f"expected {self.type.__name__}: {self.describe_allowed()}"
            ) from None
        hint = ""
        if v not in self.extra_choices and isinstance(self.choices, str):
            cs = choice_set(self.choices)
            resolved = cs.resolve(v)
            if resolved is None:
                close = cs.suggest(value)
                hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
            else:
                v = resolved
        allowed = None if v in self.extra_choices else self.allowed()
        out_of_range = (self.min is not None and v < self.min) or (self.max is not None and v > self.max)
        if (allowed is not None and v not in allowed) or out_of_range:
            raise ParameterError(
                f"{notebook}: parameter {self.name!r} got {value!r}; allowed: {self.describe_allowed()}{hint}"
            )
        return v


LANG = Param("lang", str, "en", {"en": "Report language: en (English) or zh (Chinese)",
                                 "zh": "报告语言：en（英文）或 zh（中文）"}, choices=LANGS)


# --------------------------------------------------------------------------- notebooks


@dataclass(frozen=True)
class NotebookSpec:
    """What the engine knows of one analysis notebook.

    Attributes:
        slug: the analysis slug (report id, label prefix), e.g. ``pilot-parks``.
        number: the notebook's number, ``NN`` in ``notebooks/NN-<slug>.ipynb``.
        title: the page title per language.
        subtitle: the page subtitle per language.
        reads: the processed datasets the notebook reads (for manifests and make dependencies).
        params: every parameter, ``lang`` first.
    """

    slug: str
    number: int
    title: Mapping[str, str]
    subtitle: Mapping[str, str]
    reads: tuple[str, ...]
    params: tuple[Param, ...] = (LANG,)

    @property
    def name(self) -> str:
        """The name used in messages and in the check cell: the slug."""
        return self.slug

    @property
    def notebook(self) -> str:
        """The notebook's file stem, ``NN-<slug>``."""
        return f"{self.number:02d}-{self.slug}"

    def param(self, name: str) -> Param:
        """The parameter ``name``; ParameterError listing the valid ones if unknown."""
        for p in self.params:
            if p.name == name:
                return p
        raise ParameterError(self._unknown([name]))

    def _unknown(self, names: list[str]) -> str:
        valid = ", ".join(p.name for p in self.params)
        return f"{self.slug}: unknown parameter(s) {', '.join(repr(n) for n in names)}; valid parameters: {valid}"

    def defaults(self) -> dict[str, Any]:
        """Every parameter with its default."""
        return {p.name: p.default for p in self.params}

    def title_in(self, lang: str) -> str:
        """The title in ``lang``."""
        return self.title[lang]

    def subtitle_in(self, lang: str) -> str:
        """The subtitle in ``lang``."""
        return self.subtitle[lang]

    def validate(self, given: Mapping[str, Any]) -> dict[str, Any]:
        """Defaults overlaid with ``given``, each value checked and coerced.

        Raises:
            ParameterError: an unknown name, or a value of the wrong type or outside what is allowed.
        """
        unknown = [k for k in given if k not in {p.name for p in self.params}]
        if unknown:
            raise ParameterError(self._unknown(unknown))
        out = self.defaults()
        for k, v in given.items():
            out[k] = self.param(k).coerce(v, self.slug)
        return out


def parameters_cell(spec: NotebookSpec, spec_file: str) -> str:
    """The text of the notebook's ``parameters`` cell (typed, with the help papermill shows).

    Args:
        spec: the notebook's spec.
        spec_file: where the parameters are declared (named in the cell's first line).
    """
    lines = [f"# Parameters of {spec.slug}: declared in {spec_file} (edit there, then `zcparks params-cell {spec.slug}`)."]
    for p in spec.params:
        lines.append(f"{p.name}: {p.type.__name__} = {p.default!r}  # {p.help['en']} / {p.help['zh']}")
    return "\n".join(lines)


def check_cell(spec: NotebookSpec) -> str:
    """The text of the cell that must follow the parameters cell."""
    return (
        "# Check the parameters (also those injected by papermill) before anything else runs.\n"
        f'import zcparks.report.registry as registry; P = registry.check_notebook("{spec.slug}", globals())'
    )


def _md(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def reference_markdown(specs: list[NotebookSpec]) -> str:
    """``docs/parameters.md``: every notebook, parameter, type, default, allowed values and help (en, zh).

    Args:
        specs: the notebooks, in order.

    Returns:
        Markdown text; generated by ``zcparks params-doc``, checked for drift by a test.
    """
    out = ["# Notebook parameters / 笔记本参数", "",
           "Generated from each analysis's `spec.yaml` by `zcparks params-doc`; do not edit. "
           "A test fails when this file is stale.", "",
           "由 `zcparks params-doc` 根据各分析的 `spec.yaml` 生成，请勿手工编辑。", ""]
    for sp in specs:
        out += [f"## {sp.notebook}: {sp.title['en']} / {sp.title['zh']}", "",
                f"`zcparks run {sp.slug} -p NAME VALUE` · notebook `notebooks/{sp.notebook}.ipynb` · "
                f"package `zcparks.analyses.{paths.package_of(sp.slug)}` · reads: {', '.join(sp.reads)}", "",
                "| parameter | type | default | allowed | 允许值 | help (en) | 说明 (zh) |",
                "|---|---|---|---|---|---|---|"]
        for p in sp.params:
            out.append(f"| `{p.name}` | {p.type.__name__} | `{p.default!r}` | {_md(p.describe_allowed('en'))} | "
                       f"{_md(p.describe_allowed('zh'))} | {_md(p.help['en'])} | {_md(p.help['zh'])} |")
        out.append("")
    return "\n".join(out)
