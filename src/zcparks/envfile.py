"""Keep ``environment.yml`` (for conda users) a mirror of ``requirements.lock`` (the pins).

``requirements.lock`` is the single source of truth (made by ``make lock`` with
``uv pip compile``); ``environment.yml`` lists ``python`` + ``pip`` from conda and every
pinned package under ``pip:``. ``python -m zcparks.envfile`` rewrites it; a test fails when
the two drift apart.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

from zcparks import paths

PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;#]+)")
PYTHON = "3.11"


def lock_pins(lock: Path | None = None) -> list[str]:
    """``name==version`` lines of requirements.lock, in file order."""
    lock = lock or paths.root() / "requirements.lock"
    pins = []
    for line in lock.read_text(encoding="utf-8").splitlines():
        m = PIN.match(line.strip())
        if m:
            pins.append(f"{m.group(1).lower()}=={m.group(2)}")
    return pins


def environment_pins(env: Path | None = None) -> list[str]:
    """The ``pip:`` pins of ``environment.yml``, lower-cased, in file order."""
    env = env or paths.root() / "environment.yml"
    doc = yaml.safe_load(env.read_text(encoding="utf-8"))
    pip = next(d["pip"] for d in doc["dependencies"] if isinstance(d, dict) and "pip" in d)
    return [p.lower() for p in pip]


def render() -> str:
    """The text of ``environment.yml`` for the pins of ``requirements.lock``."""
    lines = [
        "# Generated from requirements.lock by `python -m zcparks.envfile` (make lock). Do not edit.",
        "# conda users: conda env create -f environment.yml && conda activate zcparks && pip install --no-deps -e .",
        "name: zcparks",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        f"  - python={PYTHON}",
        "  - pip",
        "  - pip:",
    ]
    lines += [f"      - {p}" for p in lock_pins()]
    return "\n".join(lines) + "\n"


def main() -> int:
    """Rewrite ``environment.yml`` from ``requirements.lock``."""
    (paths.root() / "environment.yml").write_text(render(), encoding="utf-8")
    print(f"environment.yml: {len(lock_pins())} pins from requirements.lock")
    return 0


if __name__ == "__main__":
    sys.exit(main())
