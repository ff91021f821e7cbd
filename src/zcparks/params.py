"""Every notebook's parameters, declared once: type, default, allowed values, help (en/zh).

The same check runs in three places:

* ``zcparks run`` / ``zcparks build`` validate before anything is executed;
* the notebook's second code cell (``zcparks.params.check_notebook(...)``) validates what
  papermill injected, so a plain ``papermill nb.ipynb out.ipynb -p lang fr`` fails before
  any analysis cell runs;
* a test checks that each notebook's ``parameters`` cell is exactly
  :func:`parameters_cell` (which is also what ``papermill --help-notebook`` reads).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType, SimpleNamespace
from typing import Any

from zcparks.errors import ParameterError

LANGS = ("en", "zh")


def _province_units() -> list[str]:
    import zcparks.data as d

    return d.ids()["units"]


def _park_ids() -> list[str]:
    import zcparks.data as d

    return d.ids()["parks"]


def _grid_factor_years() -> list[int]:
    import zcparks.data as d

    return d.ids()["grid_factor_years"]


CHOICE_SETS: Mapping[str, Callable[[], list]] = MappingProxyType(
    {"@provinces": _province_units, "@parks": _park_ids, "@grid_factor_years": _grid_factor_years}
)


@dataclass(frozen=True)
class Param:
    """One notebook parameter."""

    name: str
    type: type  # str, int, float or bool
    default: Any
    help_en: str
    help_zh: str
    choices: tuple[Any, ...] | str | None = None  # a tuple, or a name in CHOICE_SETS
    extra_choices: tuple[Any, ...] = ()  # allowed besides a CHOICE_SETS list (e.g. "all")
    min: float | None = None
    max: float | None = None

    def allowed(self) -> list[Any] | None:
        if self.choices is None:
            return None
        base = list(CHOICE_SETS[self.choices]()) if isinstance(self.choices, str) else list(self.choices)
        return list(self.extra_choices) + base

    def describe_allowed(self) -> str:
        if isinstance(self.choices, str):
            what = {"@provinces": "a GB/T 2260 province code (e.g. 110000) or XPCC",
                    "@parks": "a park ID ZCP-01 ... ZCP-52",
                    "@grid_factor_years": "a data year of the MEE/NBS factors ("
                                          + ", ".join(str(y) for y in self.allowed() or []) + ")"}[self.choices]
            extra = " or ".join(repr(x) for x in self.extra_choices)
            return f"{extra} or {what}" if extra else what
        if self.choices is not None:
            return " | ".join(str(c) for c in self.choices)
        if self.min is not None or self.max is not None:
            return f"{self.type.__name__} in [{self.min}, {self.max}]"
        return self.type.__name__

    def coerce(self, value: Any, notebook: str) -> Any:
        """``value`` as this parameter's type, or ParameterError naming parameter, value and what is allowed."""
        v = value
        try:
            if self.type is bool:
                if isinstance(v, str) and v.lower() in ("true", "false"):
                    v = v.lower() == "true"
                elif not isinstance(v, bool):
                    raise TypeError
            elif self.type is int:
                if isinstance(v, bool) or (isinstance(v, float) and not v.is_integer()):
                    raise TypeError
                v = int(v)
            elif self.type is float:
                if isinstance(v, bool):
                    raise TypeError
                v = float(v)
            elif self.type is str:
                if isinstance(v, bool) or not isinstance(v, (str, int)):
                    raise TypeError
                v = str(v)
        except (TypeError, ValueError):
            raise ParameterError(
                f"{notebook}: parameter {self.name!r} got {value!r} ({type(value).__name__}); "
                f"expected {self.type.__name__}: {self.describe_allowed()}"
            ) from None
        allowed = None if v in self.extra_choices else self.allowed()
        if allowed is not None and v not in allowed and self.choices == "@provinces" and isinstance(v, str):
            v = self._province_from_name(v, value, notebook)
        if allowed is not None and v not in allowed:
            raise ParameterError(
                f"{notebook}: parameter {self.name!r} got {value!r}; allowed: {self.describe_allowed()}"
            )
        if (self.min is not None and v < self.min) or (self.max is not None and v > self.max):
            raise ParameterError(
                f"{notebook}: parameter {self.name!r} got {value!r}; allowed: {self.describe_allowed()}"
            )
        return v


    def _province_from_name(self, name: str, given: Any, notebook: str) -> str:
        """A province given by name ('Jiangsu', '江苏', '江苏省') -> its code; unknown -> ParameterError."""
        from zcparks.regions import XPCC_EN, XPCC_ZH, UnknownProvinceError, resolve_province

        if name in (XPCC_EN, XPCC_ZH):
            return "XPCC"
        try:
            return resolve_province(name)
        except UnknownProvinceError as exc:
            raise ParameterError(
                f"{notebook}: parameter {self.name!r} got {given!r}; allowed: {self.describe_allowed()} "
                f"(or a province name). {exc}"
            ) from None


@dataclass(frozen=True)
class NotebookSpec:
    """A notebook: its title/subtitle (en/zh), the processed datasets it reads, its parameters."""

    name: str
    title_en: str
    title_zh: str
    subtitle_en: str
    subtitle_zh: str
    reads: tuple[str, ...]  # datasets in zcparks.data.build.DATASETS
    params: tuple[Param, ...] = field(default_factory=tuple)

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise ParameterError(self._unknown([name]))

    def _unknown(self, names: list[str]) -> str:
        valid = ", ".join(p.name for p in self.params)
        return f"{self.name}: unknown parameter(s) {', '.join(repr(n) for n in names)}; valid parameters: {valid}"

    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.params}

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en

    def subtitle(self, lang: str) -> str:
        return self.subtitle_zh if lang == "zh" else self.subtitle_en


LANG = Param(
    "lang", str, "en",
    "Report language: en (English) or zh (Chinese)",
    "报告语言：en（英文）或 zh（中文）",
    choices=LANGS,
)

NOTEBOOKS: Mapping[str, NotebookSpec] = MappingProxyType(
    {
        "01-pilot-parks": NotebookSpec(
            name="01-pilot-parks",
            title_en="China's first national zero-carbon park construction sites",
            title_zh="首批国家级零碳园区建设名单",
            subtitle_en="Where they are, what they make, how long they take, and how the list checks against press claims",
            subtitle_zh="分布、产业、建设周期，以及名单与公开报道的核对",
            reads=("parks", "provinces", "boundaries", "press_claims"),
            params=(
                LANG,
                Param(
                    "province", str, "all",
                    "Provincial unit to highlight on the map and list first in the table: all, a GB/T 2260 code "
                    "(e.g. 320000) or XPCC",
                    "在地图上突出显示并在表中优先列出的省级单位：all、GB/T 2260 代码（如 320000）或 XPCC",
                    choices="@provinces", extra_choices=("all",),
                ),
            ),
        ),
        "02-grid-factors": NotebookSpec(
            name="02-grid-factors",
            title_en="Grid electricity CO2 emission factors by province",
            title_zh="分省电力二氧化碳排放因子",
            subtitle_en="The MEE/NBS average factors that parks may use for purchased electricity, "
                        "and how far apart provinces are",
            subtitle_zh="园区外购电力核算可参考的生态环境部、国家统计局电力平均排放因子及其省际差异",
            reads=("grid_factors", "provinces", "boundaries"),
            params=(
                LANG,
                Param(
                    "year", int, 2023,
                    "Data year of the factors shown on the map and in the ranking",
                    "地图和排序所用排放因子的数据年份",
                    choices="@grid_factor_years",
                ),
            ),
        ),
    }
)


def spec(notebook: str) -> NotebookSpec:
    """The spec of ``notebook`` (name without .ipynb), or ParameterError listing the known ones."""
    name = notebook.removesuffix(".ipynb").rsplit("/", 1)[-1]
    if name not in NOTEBOOKS:
        raise ParameterError(f"unknown notebook {notebook!r}; known notebooks: {', '.join(NOTEBOOKS)}")
    return NOTEBOOKS[name]


def validate(notebook: str, given: Mapping[str, Any]) -> dict[str, Any]:
    """Defaults overlaid with ``given``, each value checked and coerced; raises ParameterError."""
    sp = spec(notebook)
    names = {p.name for p in sp.params}
    unknown = [k for k in given if k not in names]
    if unknown:
        raise ParameterError(sp._unknown(unknown))
    out = sp.defaults()
    for k, v in given.items():
        out[k] = sp.param(k).coerce(v, sp.name)
    return out


_KERNEL_NAMES = frozenset({"In", "Out", "get_ipython", "exit", "quit", "open"})


def check_notebook(notebook: str, namespace: Mapping[str, Any]) -> SimpleNamespace:
    """Validate the parameters a notebook received (its globals after the parameters cells).

    Call it in the code cell right after the ``parameters`` cell, before any import::

        import zcparks.params; P = zcparks.params.check_notebook("01-pilot-parks", globals())
    """
    given = {
        k: v for k, v in namespace.items()
        if not k.startswith("_") and k not in _KERNEL_NAMES
        and not (callable(v) or type(v).__name__ == "module")
    }
    try:
        values = validate(notebook, given)
    except ParameterError as exc:
        raise exc.with_traceback(None) from None  # the message says it all; keep the notebook's error short
    namespace_update = getattr(namespace, "update", None)
    if namespace_update is not None:  # write the coerced values back (e.g. 320000 -> "320000")
        namespace_update(values)
    return SimpleNamespace(**values)


def parameters_cell(notebook: str) -> str:
    """The text of the notebook's ``parameters`` cell (typed, with help papermill shows)."""
    sp = spec(notebook)
    lines = [f"# Parameters of {sp.name}: declared in zcparks/params.py (edit there, then `zcparks params-cell`)."]
    for p in sp.params:
        lines.append(f"{p.name}: {p.type.__name__} = {p.default!r}  # {p.help_en} / {p.help_zh}")
    return "\n".join(lines)


def check_cell(notebook: str) -> str:
    """The text of the cell that must follow the parameters cell."""
    return (
        "# Check the parameters (also those injected by papermill) before anything else runs.\n"
        f'import zcparks.params; P = zcparks.params.check_notebook("{notebook}", globals())'
    )
