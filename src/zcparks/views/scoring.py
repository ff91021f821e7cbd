"""``zcparks score`` in words: a park balance's scores (:func:`zcparks.models.scoring.score`) as plain-text tables."""

from __future__ import annotations

from typing import Any

import pandas as pd

__all__ = ["score_text"]


def score_text(out: dict[str, Any]) -> str:
    """:func:`zcparks.models.scoring.score`'s result as plain-text tables (English; codes as in the JSON)."""
    park = out["park"]
    lines = [f"{park['name_en']} ({park['source']}), {out['year']}"
             + ("  [ILLUSTRATIVE: made of stated assumptions]" if park["illustrative"] else ""),
             "core indicator I = E / Q in tCO2/tce; calibres are provisional (the official annex was not seen)",
             "key = grid factor / factor vintage / electricity-to-tce basis / green-power trades / certificates / heat "
             "factor", ""]
    res = pd.DataFrame(out["results"])
    cols = ["calibre", "key", "e_t", "q_tce", "intensity", "threshold", "margin", "verdict", "reduction_needed_t"]
    res["calibre"] = res["calibre"].fillna("-")
    def f(spec: str):
        return lambda v: "-" if v is None or pd.isna(v) else spec.format(v)

    fmt = {"e_t": f("{:,.0f}"), "q_tce": f("{:,.0f}"), "reduction_needed_t": f("{:,.0f}"), "intensity": f("{:.4f}"),
           "threshold": f("{:g}"), "margin": f("{:+.4f}")}
    lines.append(res[cols].assign(**{c: res[c].map(g) for c, g in fmt.items()}).to_string(index=False))
    if out["refused"]:
        ref = pd.DataFrame(out["refused"])
        lines += ["", f"refused ({len(ref)}; not scored):",
                  ref.groupby("reason")["key"].agg(["size", "first"]).rename(
                      columns={"size": "n", "first": "example"}).to_string()]
    rs = pd.DataFrame(out["rulesets"])
    if out["first_calibre_refused"]:
        r = out["first_calibre_refused"]
        lines += ["", f"{r['calibre']} is refused for this park ({r['reason']}); rule sets use {out['rulesets_calibre']}"]
    lines += ["", f"rule sets (under {out['rulesets_calibre']}):",
              rs.assign(core_value=rs["core_value"].map(f("{:.4f}")), core_threshold=rs["core_threshold"].map(f("{:g}")),
                        core_margin=rs["core_margin"].map(f("{:+.4f}")),
                        failed=rs["failed"].map(lambda v: ", ".join(v) or "-"))
              .rename(columns={"n_pass": "guiding_pass", "n_fail": "guiding_fail", "n_not_applicable": "guiding_na",
                               "n_not_evaluable": "not_evaluable"}).to_string(index=False)]
    return "\n".join(lines)
