"""The indicator-scoring page, park by park: what each section of the notebook shows for one park.

Every function shows one park's part of a section (a sub-heading, then sentences, charts and tables). The notebook
passes in the page's display module (``zcparks.report.display``, imported there as ``show``): an analysis does not
import it (the import contracts of ``pyproject.toml``). Core indicators are in tCO2/tce.

The section functions share their arguments: ``show`` (that display module), ``case`` (the park: a
:class:`~zcparks.analyses.indicator_scoring.ParkCase`), ``ctx`` (the scoring context) and ``lang`` (``en`` or ``zh``);
a function that takes more documents those.
"""

from __future__ import annotations

from types import ModuleType

from zcparks.analyses import indicator_scoring as sc
from zcparks.analyses.indicator_scoring import LABELS as L
from zcparks.analyses.indicator_scoring import ParkCase, charts, text


def show_core(show: ModuleType, case: ParkCase, ctx: sc.Context, calibre: str, lang: str) -> None:
    """The park's core indicator under the default calibre (or why another one is used) and under every calibre.

    Args:
        show: the page's display module (``zcparks.report.display``).
        case: the park (:func:`~zcparks.analyses.indicator_scoring.park_cases`).
        ctx: the scoring context (:func:`~zcparks.models.scoring.setup`).
        calibre: the name of the page's default calibre.
        lang: ``en`` or ``zh``.
    """
    b, y = case.balance, case.year
    show.heading(text.heading_text(b, lang, y), f"core-{case.key}", level=3)
    fallback = text.fallback_note(b, y, ctx, calibre, lang)
    if fallback:
        show.note(fallback)
    show.note(text.core_sentence(b, y, case.calibre, ctx, lang))
    show.note(text.range_sentence(sc.summary_range(case.factorial), lang))
    show.chart(charts.factorial_strip(case.factorial, lang, text.park_name(b, lang)), lang,
               source=text.source_line(b, lang))


def show_tornado(show: ModuleType, case: ParkCase, ctx: sc.Context, lang: str) -> None:
    """One switch at a time from the park's calibre: the range of its core indicator against its threshold."""
    b, y = case.balance, case.year
    t = sc.tornado(b, y, ctx, case.calibre)
    threshold = sc.core_of(b, y, case.calibre, ctx)["threshold"]
    show.chart(charts.tornado(t, sc.tornado_bars(t), lang, text.calibre_label(case.calibre.name, lang), threshold,
                              text.park_name(b, lang)), lang, source=L.t("source_rules", lang))


def show_flips(show: ModuleType, case: ParkCase, lang: str) -> None:
    """Per value of each switch: how many of the park's valid combinations pass and fail, and their range.

    Args:
        show: the page's display module (``zcparks.report.display``).
        case: the park.
        lang: ``en`` or ``zh``.
    """
    show.heading(text.heading_text(case.balance, lang, case.year), f"flips-{case.key}", level=3)
    show.table(text.flips_table(sc.flips(case.factorial), lang), lang, L)


def show_exclusions(show: ModuleType, case: ParkCase, lang: str) -> None:
    """The park's combinations that are not scored, with the reason of each.

    Args:
        show: the page's display module (``zcparks.report.display``).
        case: the park.
        lang: ``en`` or ``zh``.
    """
    show.heading(text.heading_text(case.balance, lang, case.year), f"refused-{case.key}", level=3)
    show.table(text.exclusions_table(sc.exclusions(case.factorial)), lang, L)


def show_rules(show: ModuleType, case: ParkCase, ctx: sc.Context, rulesets: list[str], clean_includes_gas: bool,
               lang: str) -> None:
    """The park's verdict on every indicator under the national rules, then under the chosen provincial rule sets.

    Args:
        show: the page's display module (``zcparks.report.display``).
        case: the park.
        ctx: the scoring context.
        rulesets: the ``rulesets`` parameter (``["auto"]``: the park's province's own).
        clean_includes_gas: count natural gas as clean energy in the clean-energy share.
        lang: ``en`` or ``zh``.
    """
    b, y, calibre = case.balance, case.year, case.calibre
    show.heading(text.heading_text(b, lang, y), f"rules-{case.key}", level=3)
    show.table(text.evaluation_table(sc.evaluate(b, y, calibre, ctx, "national", clean_includes_gas), lang), lang, L)
    chosen = sc.rulesets_for(b, rulesets)
    if chosen == ["national"]:
        return
    if b.park["province_code"] == sc.INNER_MONGOLIA:
        show.note(L.t("as_if_regional", lang))
    show.table(text.ruleset_table(sc.ruleset_table(b, y, calibre, ctx, chosen, clean_includes_gas), lang),
               lang, L, codes_from={"core_outcome": "outcome"})
    for rs in (r for r in chosen if r != "national"):
        show.table(text.evaluation_table(sc.evaluate(b, y, calibre, ctx, rs, clean_includes_gas), lang), lang, L,
                   caption=L.code("ruleset", rs, lang))


def show_cliffs(show: ModuleType, case: ParkCase, ctx: sc.Context, lang: str) -> None:
    """The park's core indicator against every size band's threshold (the cliffs at 200 000 and 1 000 000 tce)."""
    show.heading(text.heading_text(case.balance, lang, case.year), f"cliffs-{case.key}", level=3)
    a = sc.account_of(case.balance, case.year, case.calibre, ctx)
    show.table(text.cliffs_table(sc.cliffs(a, ctx.rules), lang), lang, L)


def show_change(show: ModuleType, case: ParkCase, ctx: sc.Context, lang: str) -> None:
    """The change of the park's core indicator from its base year, split into ΔE and ΔQ (or why there is none)."""
    b, y = case.balance, case.year
    show.heading(text.heading_text(b, lang, y), f"change-{case.key}", level=3)
    if case.base_year == y:
        show.note(L.t("one_year", lang, year=y))
        return
    ch = sc.change(b, ctx, case.calibre, case.base_year, y)
    show.note(text.change_sentence(ch, lang))
    show.table(text.change_table(ch), lang, L)
    show.chart(charts.dilution_bars(ch, lang, text.park_name(b, lang)), lang)


def show_boundary(show: ModuleType, case: ParkCase, ctx: sc.Context, lang: str) -> None:
    """What moving each unit outside the park's boundary does to its core indicator and verdict."""
    be = sc.boundary_effects(case.balance, ctx, case.calibre)
    show.heading(text.park_name(case.balance, lang), f"boundary-{case.key}", level=3)
    for sentence in text.boundary_sentences(be, lang):
        show.note(sentence)
    if not be.empty:
        show.table(text.boundary_table(be), lang, L, codes_from={"verdict_full": "outcome", "verdict_without": "outcome"})
