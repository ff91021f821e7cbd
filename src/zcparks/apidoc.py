"""``docs/api.md``: the public API of :mod:`zcparks.methods` and :mod:`zcparks.models`, from their code.

Each module's ``__all__`` is the API: every name in it is listed with its signature and the first paragraph of its
docstring (which states the units). ``zcparks api-doc`` writes the page; a test fails when it is stale, and when a
public module has no ``__all__`` or a name in it has no docstring.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from types import ModuleType

PACKAGES = ("zcparks.methods", "zcparks.models")
"""The packages whose modules are public API (a researcher imports them from a plain Python session)."""


def modules(package: str) -> list[ModuleType]:
    """Every module of ``package`` (not starting with ``_``), imported, in name order."""
    pkg = importlib.import_module(package)
    names = sorted(m.name for m in pkgutil.iter_modules(pkg.__path__) if not m.name.startswith("_"))
    return [importlib.import_module(f"{package}.{n}") for n in names]


def _first_paragraph(obj: object) -> str:
    doc = inspect.getdoc(obj) or ""
    return " ".join(doc.split("\n\n")[0].split())


def _signature(obj: object) -> str:
    try:
        return str(inspect.signature(obj))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""


def problems() -> list[str]:
    """What keeps the API page from being complete: modules without ``__all__``, public names without a docstring."""
    out = []
    for package in PACKAGES:
        for mod in modules(package):
            names = getattr(mod, "__all__", None)
            if names is None:
                out.append(f"{mod.__name__} has no __all__")
                continue
            for name in names:
                obj = getattr(mod, name, None)
                if obj is None:
                    out.append(f"{mod.__name__}.__all__ names {name!r}, which it does not define")
                elif (inspect.isfunction(obj) or inspect.isclass(obj)) and not inspect.getdoc(obj):
                    out.append(f"{mod.__name__}.{name} has no docstring")
    return out


def markdown() -> str:
    """The text of ``docs/api.md``."""
    out = ["# Public API: `zcparks.methods` and `zcparks.models`", "",
           "Generated from the code by `zcparks api-doc`; do not edit (a test fails when this file is stale).", "",
           "Use these from a plain Python session (`.venv/bin/python`), no notebook needed. Frames and dataclasses "
           "go in and out; units are in the names or the docstrings. `methods` are domain-free numerics; `models` "
           "are the park and power models.", ""]
    for package in PACKAGES:
        pkg = importlib.import_module(package)
        out += [f"## `{package}`", "", _first_paragraph(pkg), ""]
        for mod in modules(package):
            out += [f"### `{mod.__name__}`", "", _first_paragraph(mod), ""]
            for name in getattr(mod, "__all__", []):
                obj = getattr(mod, name)
                if inspect.isfunction(obj) or inspect.isclass(obj):
                    kind = "class" if inspect.isclass(obj) else "def"
                    out.append(f"- `{kind} {name}{_signature(obj)}`: {_first_paragraph(obj)}")
                else:
                    out.append(f"- `{name}` = `{obj!r}`" if isinstance(obj, (int, float, str, tuple)) else f"- `{name}`")
            out.append("")
    return "\n".join(out)
