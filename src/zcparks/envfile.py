"""Keep ``environment.yml`` (for conda users) a mirror of ``requirements-lab.lock`` (the pins).

``requirements.lock`` (reports and tests) and ``requirements-lab.lock`` (the same pins, resolved with
``requirements.lock`` as constraints, plus JupyterLab) are the source of truth, made by ``make lock`` with
``uv pip compile``. ``environment.yml`` is for researchers, so it mirrors the lab lock: ``python`` + ``pip``
from conda and every pinned package under ``pip:``. ``python -m zcparks.envfile`` rewrites it; tests fail
when it drifts, or when the two locks pin a shared package differently.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

from zcparks import paths

# a pinned line of requirements.lock: the name (extras such as ``pkg[extra]`` included), ``==``, and the version up
# to whitespace, an environment marker (``;``) or a comment (``#``); ``# via`` comments and blank lines do not match
PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;#]+)")
PYTHON = "3.11"  # the conda ``python=`` pin (the interpreter is not in requirements.lock)
LAB_LOCK = "requirements-lab.lock"  # what environment.yml mirrors


def lock_pins(lock: Path | None = None) -> list[str]:
    """``name==version`` lines of requirements.lock, in file order.

    Args:
        lock: the lock file; ``None`` means ``requirements-lab.lock`` at the repository root.

    Returns:
        One ``name==version`` string per pinned package, the name lower-cased (so it compares equal to
        :func:`environment_pins` whatever case the lock file uses); lines that are not pins (comments,
        ``# via`` annotations, blank lines) are skipped.

    Raises:
        FileNotFoundError: the lock file does not exist.
    """
    lock = lock or paths.root() / LAB_LOCK
    pins = []
    for line in lock.read_text(encoding="utf-8").splitlines():
        m = PIN.match(line.strip())
        if m:
            pins.append(f"{m.group(1).lower()}=={m.group(2)}")
    return pins


def environment_pins(env: Path | None = None) -> list[str]:
    """The ``pip:`` pins of ``environment.yml``, lower-cased, in file order.

    Args:
        env: the environment file; ``None`` means ``environment.yml`` at the repository root.

    Returns:
        The entries of the first ``pip:`` mapping under ``dependencies``, lower-cased (the conda entries
        ``python=...`` and ``pip`` are not included).

    Raises:
        FileNotFoundError: the environment file does not exist.
        StopIteration: ``dependencies`` has no ``pip:`` section.
    """
    env = env or paths.root() / "environment.yml"
    doc = yaml.safe_load(env.read_text(encoding="utf-8"))
    pip = next(d["pip"] for d in doc["dependencies"] if isinstance(d, dict) and "pip" in d)
    return [p.lower() for p in pip]


def render() -> str:
    """The text of ``environment.yml`` for the pins of ``requirements-lab.lock``.

    Returns:
        The whole file: a do-not-edit header, ``python`` (:data:`PYTHON`) and ``pip`` from conda-forge, and every pin of
        :func:`lock_pins` under ``pip:`` (so conda users get exactly the versions pip users get), ending
        with a newline.
    """
    lines = [
        "# Generated from requirements-lab.lock by `python -m zcparks.envfile` (make lock). Do not edit.",
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
    """Rewrite ``environment.yml`` from ``requirements-lab.lock`` (``python -m zcparks.envfile``, run by ``make lock``).

    Returns:
        0 (the exit status); prints how many pins were written.
    """
    (paths.root() / "environment.yml").write_text(render(), encoding="utf-8")
    print(f"environment.yml: {len(lock_pins())} pins from {LAB_LOCK}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
