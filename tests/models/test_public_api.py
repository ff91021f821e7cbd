"""The public API from a plain Python session: zcparks.methods and zcparks.models alone, no notebook, no page code.

The cases have answers known by hand: a flat 1 MW load against 2 MW of PV in hours 8-15 (8 h a day) is matched
8/24 = 0.3333 without storage; with 8 MWh of lossless storage the 8 MWh surplus of each day covers 8 more hours,
16/24 = 0.6667; at 0.81 round trip (0.9 in, 0.9 out) it delivers 8 x 0.81 = 6.48 MWh, (8 + 6.48)/24 = 0.6033.
Two provinces that double everything change CO2 by activity alone; two that swap GDP shares at constant intensities
change it by structure alone.
"""

from __future__ import annotations

import json
import subprocess
import sys

SESSION = r"""
import json, sys
import numpy as np
from zcparks.methods import lmdi
from zcparks.models import matching

hours = np.arange(8760) % 24
gen, load = np.where((hours >= 8) & (hours < 16), 2.0, 0.0), np.ones(8760)
shares = [float(matching.dispatch(gen, load, power_mw=1.0, energy_mwh=e, round_trip=rt).matched_share()[0])
          for e, rt in ((0.0, 1.0), (8.0, 1.0), (8.0, 0.81))]
a0, b0 = {"gdp": 100, "energy": 50, "co2_energy": 100}, {"gdp": 100, "energy": 100, "co2_energy": 300}
doubled = lmdi.cohort_chain([0, 1], {"A": {0: a0, 1: {k: 2 * v for k, v in a0.items()}},
                                     "B": {0: b0, 1: {k: 2 * v for k, v in b0.items()}}})
swapped = lmdi.cohort_chain([0, 1], {"A": {0: a0, 1: {"gdp": 150, "energy": 75, "co2_energy": 150}},
                                     "B": {0: b0, 1: {"gdp": 50, "energy": 50, "co2_energy": 150}}})
loaded = sorted(m for m in sys.modules if m.startswith(("zcparks.", "altair")))
print(json.dumps({"shares": shares, "doubled": doubled, "swapped": swapped, "loaded": loaded}))
"""


def test_a_plain_python_session_gets_the_known_answers_from_methods_and_models_alone():
    r = subprocess.run([sys.executable, "-c", SESSION], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert [round(s, 4) for s in out["shares"]] == [0.3333, 0.6667, 0.6033]
    assert round(out["doubled"]["activity"], 9) == 400.0 and round(out["doubled"]["total"], 9) == 400.0
    assert all(abs(out["doubled"][k]) < 1e-9 for k in ("structure", "energy_intensity", "carbon_intensity"))
    assert round(out["swapped"]["structure"], 9) == -100.0 and round(out["swapped"]["total"], 9) == -100.0
    assert all(abs(out["swapped"][k]) < 1e-9 for k in ("activity", "energy_intensity", "carbon_intensity"))
    # no page code came along: no engine, no views, no analyses, no Altair
    assert not [m for m in out["loaded"] if m.startswith(("zcparks.report", "zcparks.views", "zcparks.analyses",
                                                          "altair"))], out["loaded"]


def test_docs_api_md_is_current_and_every_public_name_is_documented():
    from zcparks import apidoc, paths

    assert apidoc.problems() == []
    page = paths.root() / "docs" / "api.md"
    assert page.read_text(encoding="utf-8") == apidoc.markdown(), "docs/api.md is stale: run `zcparks api-doc`"
