"""Input validation stays as recorded: every parameter type and balance field, inputs -> accepted value or message.

The matrix (``matrix.json``) was recorded from the hand-written validators before their port to strict pydantic
models (issue 24, point 3); any change to what is accepted or to a message shows here, entry by entry.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("golden_matrix", HERE / "matrix.py")
golden = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(golden)
RECORDED = json.loads((HERE / "matrix.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def now():
    return golden.matrix()


@pytest.mark.parametrize("kind", sorted(RECORDED["params"]))
def test_parameters_accept_and_refuse_as_recorded(now, kind):
    assert now["params"][kind] == RECORDED["params"][kind]


def test_balances_accept_and_refuse_as_recorded(now):
    changed = {k: (RECORDED["balances"].get(k), v) for k, v in now["balances"].items() if RECORDED["balances"].get(k) != v}
    assert changed == {} and set(now["balances"]) == set(RECORDED["balances"])


def test_bad_input_never_crashes_and_the_matrix_covers_what_matters():
    crashes = [k for part in ("params", "balances") for k, v in _flat(RECORDED[part])
               if isinstance(v, dict) and "crash" in v]
    assert crashes == []
    # strictness: 1 or "yes" is no bool, True is no int, NaN is no number
    assert "error" in RECORDED["params"]["bool"]["1"] and "error" in RECORDED["params"]["bool"]["'yes'"]
    assert "error" in RECORDED["params"]["int"]["True"] and "error" in RECORDED["params"]["float"]["nan"]
    assert RECORDED["params"]["str_id_set"]["'Jiangsu'"] == {"ok": "str:'320000'"}  # an alias resolves to its code
    assert "did you mean 'Jiangsu'" in RECORDED["params"]["str_id_set"]["'Jiangsuu'"]["error"]
    assert "error" in RECORDED["balances"]["years.2025.electricity.grid_mwh = -1"]
    assert RECORDED["balances"]["years.2025.electricity.direct_green_mwh = 2.5"] == "ok"  # a fraction of a MWh is fine


def _flat(part: dict) -> list[tuple[str, object]]:
    out = []
    for k, v in part.items():
        if isinstance(v, dict) and not ({"ok", "error", "crash"} & set(v)):
            out += [(f"{k}/{k2}", v2) for k2, v2 in v.items()]
        else:
            out.append((k, v))
    return out
