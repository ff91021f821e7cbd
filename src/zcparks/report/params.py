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
import math
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


def value_text(value: Any) -> str:
    """A parameter value as a short name part: a list's items joined with ``+`` (``320000+XPCC``), else ``str``."""
    if isinstance(value, (list, tuple)):
        return "+".join(str(v) for v in value)
    return str(value)


def adhoc_stem(notebook: str, values: Mapping[str, Any]) -> str:
    """The file stem of an ad-hoc run: the notebook name and the parameter values, e.g. ``02-grid-factors.en.2021``.

    A list value's items are joined with ``+`` (``01-pilot-parks.en.320000+XPCC``); an empty value is ``-``.
    """
    return re.sub(r"[^\w.\-+]", "_", ".".join([notebook] + [value_text(v) or "-" for v in values.values()]))

LANGS = ("en", "zh")
TYPES: Mapping[str, type] = {"str": str, "int": int, "float": float, "bool": bool, "list": list}
"""The parameter types of ``spec.yaml``; ``list`` is a list of strings (each item checked like a ``str``)."""


# --------------------------------------------------------------------------- named ID sets


@dataclass(frozen=True)
class ChoiceSet:
    """A named set of allowed values written by the data build (e.g. ``@provinces``).

    Attributes:
        name: the set's name, with its ``@``.
        values: the allowed values, in order.
        aliases: other spellings that resolve to a value (e.g. ``Jiangsu`` -> ``320000``); matched ignoring case.
        describe: what a value is, per language; ``{values}`` is replaced by the values.
        labels: a value's display name per language (``320000`` -> ``{"en": "Jiangsu", "zh": "江苏"}``), keyed by
            ``str(value)`` (JSON keys are strings); used in page titles and the index.
        groups: the group code of a value (``320000`` -> ``East``), keyed by ``str(value)``; the index may list
            one report's pages under these groups (``index_by`` in ``reports.yaml``).
        group_labels: a group's name per language, in display order (``East`` -> ``{"en": "East", "zh": "东部"}``).
    """

    name: str
    values: tuple[Any, ...]
    aliases: Mapping[str, Any] = field(default_factory=dict)
    describe: Mapping[str, str] = field(default_factory=dict)
    labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    groups: Mapping[str, str] = field(default_factory=dict)
    group_labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def label(self, value: Any, lang: str = "en") -> str:
        """The display name of ``value`` in ``lang`` (else in English), or ``str(value)`` when it has none."""
        names = self.labels.get(str(value)) or {}
        return names.get(lang) or names.get("en") or str(value)

    def group_of(self, value: Any) -> str | None:
        """The group code of ``value`` (e.g. ``East``), or None when it is in no group (e.g. ``all``)."""
        return self.groups.get(str(value))

    def group_order(self) -> list[str]:
        """Every group code in display order: those of ``group_labels`` first, then any other, as first met."""
        out = list(self.group_labels)
        for v in self.values:
            g = self.group_of(v)
            if g is not None and g not in out:
                out.append(g)
        return out

    def group_label(self, group: str, lang: str = "en") -> str:
        """The name of ``group`` in ``lang`` (else in English), or the code itself."""
        names = self.group_labels.get(group) or {}
        return names.get(lang) or names.get("en") or group

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
    return {name: ChoiceSet(name, tuple(s["values"]), s.get("aliases", {}), s.get("describe", {}),
                            labels=s.get("labels", {}), groups=s.get("groups", {}),
                            group_labels=s.get("group_labels", {}))
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
        type: str, int, float, bool or list (a list of strings; ``choices`` and ``extra_choices`` then apply to
            each item).
        default: the value used when none is given (a list for a ``list`` parameter).
        help: the help text per language (``en``, ``zh``).
        choices: a tuple of allowed values, or the name of an ID set (``@provinces``), or None.
        extra_choices: values allowed besides an ID set (e.g. ``all``).
        min: smallest allowed number, or None.
        max: largest allowed number, or None.
        file: a ``str`` parameter naming an input file (empty = none): the CLI makes a relative path absolute
            from the directory it was run in and refuses a file that does not exist, before anything runs.
    """

    name: str
    type: type
    default: Any
    help: Mapping[str, str]
    choices: tuple[Any, ...] | str | None = None
    extra_choices: tuple[Any, ...] = ()
    min: float | None = None
    max: float | None = None
    file: bool = False

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], where: str) -> Param:
        """A parameter from its ``spec.yaml`` entry.

        Args:
            d: the entry: name, type (str, int, float, bool, list), default, help {en, zh}, and optionally
                choices (a list or an ID set such as ``@provinces``), extra_choices, min, max. A ``list``
                parameter's default is a YAML list, and it takes no min or max.
            where: the spec file, for messages.

        Raises:
            ZcparksError: a field is missing, unknown or of the wrong kind; the message names ``where``.
        """
        known = {"name", "type", "default", "help", "choices", "extra_choices", "min", "max", "file"}
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
        if d["type"] == "list":
            if not isinstance(d["default"], list):
                raise ZcparksError(f"{where}: parameter {d['name']!r}: type list needs a list as default (e.g. [a, b]), "
                                   f"got {d['default']!r}")
            if "min" in d or "max" in d:
                raise ZcparksError(f"{where}: parameter {d['name']!r}: type list takes no min or max")
        choices = d.get("choices")
        return cls(name=d["name"], type=TYPES[d["type"]], default=d["default"], help=dict(d["help"]),
                   choices=tuple(choices) if isinstance(choices, list) else choices,
                   extra_choices=tuple(d.get("extra_choices", ())), min=d.get("min"), max=d.get("max"),
                   file=bool(d.get("file", False)))

    def allowed(self) -> list[Any] | None:
        """Every allowed value (extra choices first), or None when any value of the type is allowed."""
        if self.choices is None:
            return None
        base = list(choice_set(self.choices).values) if isinstance(self.choices, str) else list(self.choices)
        return list(self.extra_choices) + base

    def describe_allowed(self, lang: str = "en") -> str:
        """The allowed values as a short phrase, for help and error messages.

        A list parameter reads ``comma-separated list of: <what one item may be>``.
        """
        if self.type is list:
            item = "str" if self.choices is None else self._describe_scalar(lang)
            return f"逗号分隔的列表，每项为：{item}" if lang == "zh" else f"comma-separated list of: {item}"
        return self._describe_scalar(lang)

    def _describe_scalar(self, lang: str) -> str:
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

    def _typed(self, value: Any, kind: type | None = None) -> Any:
        """``value`` as ``kind`` (default: this parameter's type); TypeError or ValueError when it is not one."""
        kind = kind or self.type
        v = value
        if kind is bool:
            if isinstance(v, str) and v.lower() in ("true", "false"):
                return v.lower() == "true"
            if not isinstance(v, bool):
                raise TypeError
            return v
        if isinstance(v, bool):
            raise TypeError
        if kind is int:
            if isinstance(v, float) and not v.is_integer():
                raise TypeError
            return int(v)
        if kind is float:
            return float(v)
        if not isinstance(v, (str, int)):
            raise TypeError
        return str(v)

    def coerce(self, value: Any, notebook: str) -> Any:
        """``value`` as this parameter's type and allowed value.

        Args:
            value: what was given (papermill reads ``-p`` values as YAML scalars, so ``320000`` is an int). A list
                parameter takes a list or tuple, or a string of comma-separated items (what ``-p name a,b`` gives
                on the command line and to papermill), or a single item.
            notebook: the notebook's name, for the message.

        Returns:
            The typed value; an alias of an ID set (a province name) is resolved to its value (the code). A list
            parameter gives a ``list`` (JSON and papermill keep it one), each item checked like a ``str``
            parameter's value; an extra choice such as ``all`` must then be the only item.

        Raises:
            ParameterError: naming the parameter, the value (for a list, the bad item) and what is allowed.
        """
        if self.type is list:
            return self._coerce_list(value, notebook)
        return self._coerce_scalar(value, notebook)

    def _coerce_list(self, value: Any, notebook: str) -> list[Any]:
        where = f"{notebook}: parameter {self.name!r}"
        if isinstance(value, str):
            items: list[Any] = [t.strip() for t in value.split(",") if t.strip()]
        elif isinstance(value, (list, tuple)):
            items = list(value)
        elif isinstance(value, int) and not isinstance(value, bool):  # -p name 320000 reads as an int
            items = [value]
        else:
            raise ParameterError(f"{where} got {value!r} ({type(value).__name__}); expected a list or comma-separated "
                                 f"text: {self.describe_allowed()}")
        if not items:
            raise ParameterError(f"{where} got {value!r}: needs at least one item; allowed: {self.describe_allowed()}")
        out = []
        for x in items:
            try:
                out.append(self._check(x, str))
            except _Bad as bad:
                raise ParameterError(f"{where} got {value!r}: item {x!r} is not allowed"
                                     + (f" ({type(x).__name__}, expected str)" if bad.wrong_type else "")
                                     + f"; allowed: {self.describe_allowed()}{bad.hint}") from None
        extras = [x for x in out if x in self.extra_choices]
        if extras and len(out) > 1:  # "all" and a province together mean nothing clear
            raise ParameterError(f"{where} got {value!r}: {extras[0]!r} must be the only item; allowed: "
                                 f"{self.describe_allowed()}")
        return out

    def _coerce_scalar(self, value: Any, notebook: str) -> Any:
        try:
            return self._check(value, self.type)
        except _Bad as bad:
            if bad.wrong_type:
                raise ParameterError(
                    f"{notebook}: parameter {self.name!r} got {value!r} ({type(value).__name__}); "
                    f"expected {self.type.__name__}: {self.describe_allowed()}"
                ) from None
            raise ParameterError(
                f"{notebook}: parameter {self.name!r} got {value!r}; allowed: {self.describe_allowed()}{bad.hint}"
            ) from None

    def _check(self, value: Any, kind: type) -> Any:
        """One value (a scalar, or one item of a list) typed as ``kind``, alias resolved, checked; else :class:`_Bad`."""
        try:
            v = self._typed(value, kind)
        except (TypeError, ValueError, OverflowError):  # OverflowError: int(inf)
            raise _Bad(wrong_type=True) from None
        if isinstance(v, float) and not math.isfinite(v):  # NaN passes every range check (nan < x is False)
            raise _Bad(hint="; NaN and infinity are not numbers a notebook can use")
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
            raise _Bad(hint=hint)
        return v


class _Bad(Exception):
    """A value :meth:`Param._check` refused: of the wrong type, or not allowed (with a 'did you mean' hint)."""

    def __init__(self, *, wrong_type: bool = False, hint: str = "") -> None:
        super().__init__(hint)
        self.wrong_type = wrong_type
        self.hint = hint


LANG = Param("lang", str, "en", {"en": "Report language: en (English) or zh (Chinese)",
                                 "zh": "报告语言：en（英文）或 zh（中文）"}, choices=LANGS)


# --------------------------------------------------------------------------- notebooks

PLACEHOLDER = re.compile(r"\{(\w+)\}")
"""A ``{name}`` placeholder of a title or subtitle (filled by :meth:`NotebookSpec.format_text`)."""


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
        require: relations between parameters that every run must meet, each ``"a < b"`` or ``"a <= b"``
            (e.g. ``"base_year < end_year"``), checked with the values before anything runs.
    """

    slug: str
    number: int
    title: Mapping[str, str]
    subtitle: Mapping[str, str]
    reads: tuple[str, ...]
    params: tuple[Param, ...] = (LANG,)
    require: tuple[str, ...] = ()

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

    def run_stem(self, values: Mapping[str, Any]) -> str:
        """The file stem of an ad-hoc run with ``values`` (:func:`adhoc_stem`).

        A file parameter is named by its file's stem (``05-indicator-scoring.en.my_park``), not its whole path.
        """
        files = {p.name for p in self.params if p.file}
        return adhoc_stem(self.notebook, {k: Path(v).stem if k in files and v else v for k, v in values.items()})

    def defaults(self) -> dict[str, Any]:
        """Every parameter with its default."""
        return {p.name: list(p.default) if isinstance(p.default, list) else p.default for p in self.params}

    def title_in(self, lang: str, params: Mapping[str, Any] | None = None) -> str:
        """The title in ``lang``, its ``{name}`` placeholders filled from ``params`` (see :meth:`format_text`)."""
        return self.format_text(self.title[lang], lang, params)

    def subtitle_in(self, lang: str, params: Mapping[str, Any] | None = None) -> str:
        """The subtitle in ``lang``, its ``{name}`` placeholders filled from ``params`` (see :meth:`format_text`)."""
        return self.format_text(self.subtitle[lang], lang, params)

    def format_text(self, text: str, lang: str, params: Mapping[str, Any] | None = None) -> str:
        """``text`` with each ``{name}`` of a parameter replaced by its value in ``params``.

        A parameter whose allowed values are an ID set with labels shows the value's label in ``lang``
        (``{province}`` -> ``Jiangsu`` / ``江苏``); a list shows its items joined with ``, `` (``、`` in zh).
        Without ``params`` (e.g. ``zcparks list``, where no job is chosen) the text is returned as written;
        braces that name no parameter are left as they are.

        Args:
            text: a title or subtitle.
            lang: the page language.
            params: the job's checked parameters, or None.
        """
        if not params:
            return text
        names = {p.name: p for p in self.params}

        def one(p: Param, v: Any) -> str:
            if isinstance(p.choices, str) and v not in p.extra_choices:
                return choice_set(p.choices).label(v, lang)
            return str(v)

        def fill(m: re.Match) -> str:
            name = m.group(1)
            if name not in names or name not in params:
                return m.group(0)
            p, v = names[name], params[name]
            if isinstance(v, (list, tuple)):
                return ("、" if lang == "zh" else ", ").join(one(p, x) for x in v)
            return one(p, v)

        return PLACEHOLDER.sub(fill, text)

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
        for rule in self.require:
            a, op, b = parse_requirement(rule)
            if not (out[a] < out[b] if op == "<" else out[a] <= out[b]):
                raise ParameterError(f"{self.slug}: parameter {a!r} ({out[a]!r}) must be {op} {b!r} ({out[b]!r})")
        return out


_REQUIREMENT = re.compile(r"^\s*(\w+)\s*(<=|<)\s*(\w+)\s*$")


def parse_requirement(text: str) -> tuple[str, str, str]:
    """``"base_year < end_year"`` -> ``("base_year", "<", "end_year")``.

    Raises:
        ValueError: not of the form ``a < b`` or ``a <= b``.
    """
    m = _REQUIREMENT.match(text)
    if not m:
        raise ValueError(f"requirement {text!r}: expected 'a < b' or 'a <= b' with two parameter names")
    return m.group(1), m.group(2), m.group(3)


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
        if sp.require:
            out += ["", "Requires / 要求: " + ", ".join(f"`{r}`" for r in sp.require)]
        out.append("")
    return "\n".join(out)
