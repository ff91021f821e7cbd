"""Where a chart's numbers come from: the producers behind panel variables, for the source line under each chart.

A derived or computed variable is followed to its inputs (the variable dictionary's ``derived`` and ``inputs``), so
a ratio such as CO2 per tce names CEADs and the statistics bureaus, not "zcparks". A producer that is a third-party
copy, or an estimate, keeps that word in the line.
"""

from __future__ import annotations

from collections.abc import Iterable

from zcparks.data import dictionary

_WORDS = {"en": ("Source", "computed by zcparks from these", "estimate"),
          "zh": ("来源", "由 zcparks 据此计算", "估算")}


def producers(variables: Iterable[str]) -> list[str]:
    """The producers of the source files behind ``variables``, in first-seen order."""
    dic = dictionary.load()
    seen: list[str] = []

    def walk(name: str, depth: int = 0) -> None:
        v = dic.get(name)
        inputs = list(v.derived.get("numerator", [])) + list(v.derived.get("denominator", [])) + list(v.inputs)
        if inputs and depth < 6:
            for i in inputs:
                walk(i, depth + 1)
        elif v.producer and v.producer not in seen:
            seen.append(v.producer)

    for name in variables:
        walk(name)
    return seen


def line(variables: Iterable[str], lang: str, extra: Iterable[str] = ()) -> str:
    """The source line of a chart of ``variables`` in ``lang``, e.g. ``Source: CEADs; …``.

    Args:
        variables: panel variables shown (derived ones are followed to their inputs).
        lang: ``en`` or ``zh``.
        extra: further producers (e.g. a table that is not in the panel, such as the MEE grid factors).
    """
    variables = list(variables)
    dic = dictionary.load()
    names = list(extra) + [p for p in producers(variables) if p not in extra]
    word, computed, estimate = _WORDS[lang]
    derived = any(dic.get(v).derived or dic.get(v).inputs for v in variables)
    is_estimate = any(dic.get(v).estimate for v in variables)
    sep = "；" if lang == "zh" else "; "
    text = f"{word}{'：' if lang == 'zh' else ': '}{sep.join(names)}"
    if derived:
        text += f" ({computed})" if lang == "en" else f"（{computed}）"
    if is_estimate:
        text += f" [{estimate}]" if lang == "en" else f"【{estimate}】"
    return text
