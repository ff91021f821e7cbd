"""The golden matrix of input validation: every parameter type and balance field, inputs -> accepted value or message.

Recorded before notebook parameters and park balances are ported to strict pydantic models (issue 24, point 3); the
port must leave it identical. ``python tests/golden/matrix.py`` rewrites ``matrix.json`` (only ever on purpose, with
the diff read and the reason in the commit); ``tests/golden/test_golden_matrix.py`` compares.
"""

from __future__ import annotations

import copy
import json
import math
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
MATRIX = HERE / "matrix.json"

# ---------------------------------------------------------------------------------------------- parameters

VALUES: tuple[Any, ...] = (
    "a", "A", "c", "", " a ", 0, 1, 5, 10, 11, -1, 5.0, 5.5, 0.5, 1.0, -0.1, "5", "5.5", "0.5", "1e3", True, False,
    "true", "True", "FALSE", "yes", "no", "1", "0", math.nan, math.inf, -math.inf, "nan", "inf", None, [], ["x"],
    ["x", "y"], ["all"], ["all", "x"], ["x", 1], "x,y", "x, y", " x , ", ",", ("x",), {"a": 1}, "all", "Jiangsu",
    "江苏", "320000", 320000, 110000.0, "Jiangsuu", "XPCC", "xpcc", ["Jiangsu", "110000"], "Jiangsu,Beijing",
    10**30, 2**63,
)


def _params() -> dict[str, Any]:
    """One parameter of every kind a spec.yaml can declare (the ID set is a fixed synthetic one)."""
    from zcparks.report import params as schema

    help_ = {"en": "h", "zh": "说明"}
    return {
        "str": schema.Param("s", str, "a", help_),
        "str_choices": schema.Param("s", str, "a", help_, choices=("a", "b")),
        "str_id_set": schema.Param("p", str, "all", help_, choices="@provinces", extra_choices=("all",)),
        "int_range": schema.Param("i", int, 5, help_, min=1, max=10),
        "int": schema.Param("i", int, 5, help_),
        "float_range": schema.Param("f", float, 0.5, help_, min=0, max=1),
        "float": schema.Param("f", float, 0.5, help_),
        "bool": schema.Param("b", bool, False, help_),
        "list": schema.Param("l", list, ["x"], help_),
        "list_choices": schema.Param("l", list, ["x"], help_, choices=("x", "y"), extra_choices=("all",)),
        "list_id_set": schema.Param("l", list, ["all"], help_, choices="@provinces", extra_choices=("all",)),
    }


def _provinces() -> Any:
    from zcparks.report import params as schema

    return schema.ChoiceSet(
        "@provinces", values=("110000", "320000", "XPCC"),
        aliases={"Jiangsu": "320000", "江苏": "320000", "Beijing": "110000", "北京": "110000"},
        labels={"110000": {"en": "Beijing", "zh": "北京"}, "320000": {"en": "Jiangsu", "zh": "江苏"},
                "XPCC": {"en": "XPCC", "zh": "兵团"}})


def _show(value: Any) -> Any:
    """A JSON form of an accepted value that keeps its type (1 and 1.0 and True differ)."""
    if isinstance(value, list):
        return [_show(v) for v in value]
    return f"{type(value).__name__}:{value!r}"


def params_matrix() -> dict[str, dict[str, Any]]:
    """For each parameter kind, each input of :data:`VALUES` -> ``{"ok": value}`` or ``{"error": message}``."""
    from zcparks.errors import ParameterError
    from zcparks.report import params as schema

    sets = {"@provinces": _provinces()}
    real = schema.choice_sets
    schema.choice_sets = lambda: sets
    try:
        out: dict[str, dict[str, Any]] = {}
        for kind, p in _params().items():
            row = {}
            for v in VALUES:
                try:
                    row[repr(v)] = {"ok": _show(p.coerce(copy.deepcopy(v), "nb"))}
                except ParameterError as exc:
                    row[repr(v)] = {"error": str(exc)}
                except Exception as exc:  # noqa: BLE001 - recorded: bad input must give a message, never a crash
                    row[repr(v)] = {"crash": f"{type(exc).__name__}: {exc}"}
            out[kind] = row
        return out
    finally:
        schema.choice_sets = real


# ---------------------------------------------------------------------------------------------- balances

FIELD_VALUES: tuple[Any, ...] = (0, 1, -1, 2.5, "12", "x", True, None, math.nan, math.inf, [], {}, 1e12)


def _base() -> dict[str, Any]:
    from zcparks import yamlfile

    return yamlfile.load(ROOT / "data" / "templates" / "park_balance.yaml")


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a field of the template (mappings walked, leaves and lists as fields)."""
    out = []
    if isinstance(node, dict):
        for k, v in node.items():
            out.append((*prefix, k))
            out += _paths(v, (*prefix, k))
    return out


def _set(doc: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    node = doc
    for k in path[:-1]:
        node = node[k]
    if value is _DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value


_DELETE = object()


def _summary(b: Any) -> dict[str, Any]:
    """What a parsed balance holds, as JSON (dataclasses as dicts, numbers typed)."""
    import dataclasses

    def plain(x: Any) -> Any:
        if dataclasses.is_dataclass(x):
            return {f.name: plain(getattr(x, f.name)) for f in dataclasses.fields(x)}
        if isinstance(x, dict):
            return {str(k): plain(v) for k, v in x.items()}
        if isinstance(x, (list, tuple)):
            return [plain(v) for v in x]
        if isinstance(x, float) and not math.isfinite(x):
            return repr(x)
        return x

    return plain(b)


def balance_matrix() -> dict[str, Any]:
    """The template balance, then each field set to each of :data:`FIELD_VALUES`, deleted, and an unknown key added
    beside it -> ``{"ok": summary}`` (the template only) / ``"ok"`` / ``{"error": message}``."""
    from zcparks.data import balance as bal
    from zcparks.errors import ZcparksError

    def run(doc: Any) -> Any:
        try:
            bal.from_dict(doc, "balance.yaml")
        except ZcparksError as exc:
            return {"error": str(exc)}
        except Exception as exc:  # noqa: BLE001 - recorded: bad input must give a message, never a crash
            return {"crash": f"{type(exc).__name__}: {exc}"}
        return "ok"

    base = _base()
    out: dict[str, Any] = {"template": {"ok": _summary(bal.from_dict(copy.deepcopy(base), "balance.yaml"))}}
    for path in _paths(base):
        name = ".".join(str(k) for k in path)
        for v in (*FIELD_VALUES, _DELETE):
            doc = copy.deepcopy(base)
            _set(doc, path, v)
            out[f"{name} = {'<deleted>' if v is _DELETE else repr(v)}"] = run(doc)
        doc = copy.deepcopy(base)
        parent = path[:-1]
        node = doc
        for k in parent:
            node = node[k]
        if isinstance(node, dict):
            node["unknown_field"] = 1
            out[f"{'.'.join(str(k) for k in parent) or '<top>'} + unknown_field"] = run(doc)
    for doc_name, doc in (("not a mapping", [1, 2]), ("empty", {}), ("no years", {"park": base["park"]})):
        out[doc_name] = run(doc)
    return out


def matrix() -> dict[str, Any]:
    """The whole golden matrix."""
    return {"params": params_matrix(), "balances": balance_matrix()}


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    MATRIX.write_text(json.dumps(matrix(), ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {MATRIX.relative_to(ROOT)}")
