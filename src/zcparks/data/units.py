"""One small registry for every unit string in zcparks data and indicators.

Every ``unit:`` string in the data metadata and every unit of a derived indicator is parsed by
:func:`parse`, and every conversion factor the indicator code multiplies by is a named
:class:`Factor` whose value is checked against the units it converts (:func:`check_factors`).

Design choices:

* **Own table instead of pint.** The page kernels must stay light (pint pulls in a large
  registry at import time) and the source spellings are few and fixed, e.g. ``"10,000 tce"``,
  ``"100 million yuan (current prices)"`` or ``"10^4 kWh"``. A table of about twenty symbols and
  a grammar of one line covers them all, and anything else is rejected loudly.
* **Source spellings are kept.** :attr:`Unit.text` is the string as written in the source; the
  parser maps it to a canonical form (a scale to the base unit of each dimension plus the
  dimension exponents), so ``"10,000 tce"`` and ``"10^4 tce"`` compare as the same quantity.
* **tce is its own dimension** (``coal_equivalent``). Converting tonnes of standard coal
  equivalent to joules depends on an accounting choice (calorific-value method, treatment of
  primary electricity), so it is never done silently: ``factor("10^4 tce", "10^8 kWh")`` raises.
* **CO2 mass is apart from physical mass** (``co2``), so tonnes of coal and tonnes of CO2 never
  mix: ``factor("10,000 t", "Mt CO2")`` raises.
* **"year" is a calendar-year label** (dimension ``calendar_year``), never a duration; the
  duration ``yr`` (365.25 days) exists only so that ``"EJ/yr"`` parses.
* **Qualifiers** in parentheses, e.g. ``"(current prices)"``, are not dimensions but they are
  part of the unit: yuan at current prices and yuan at constant prices are not convertible.

Grammar: a unit is terms joined by ``"/"`` or ``" per "`` (left-associative division, so
``a/b/c`` is ``a/(b*c)``). A term is an optional scale (``10^N``, ``10,000``, ``100 million`` or
a plain number such as ``1000``, followed by a space), a symbol with an optional SI prefix
(k, M, G, T, E; only on t, W, Wh, J, t CO2 and tCO2) and optional trailing qualifiers.

Canonical bases: t (``mass``), tCO2 (``co2``), tce (``coal_equivalent``), J (``energy``),
s (``time``), m3 (``volume``), yuan (``cny``), USD2007 (``usd2007``), person (``person``) and the
calendar year (``calendar_year``).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from zcparks.errors import ZcparksError

__all__ = [
    "FACTORS",
    "Factor",
    "HOURS_OF_100M_KWH_PER_10K_KW",
    "KG_PER_KWH_IS_T_PER_MWH",
    "MT_CO2_PER_100M_KWH",
    "MT_CO2_PER_100M_YUAN_2020",
    "MT_CO2_PER_10K_PERSONS",
    "MT_CO2_PER_10K_TCE",
    "SHARE_OF_100M_KWH",
    "SHARE_OF_10K_KW",
    "SHARE_OF_FIRST_PUBLISHED_YUAN",
    "TCE_10K_PER_100M_YUAN_2020",
    "Unit",
    "UnitError",
    "check_factors",
    "factor",
    "parse",
    "ratio_factor",
    "same_quantity",
]

RELATIVE_TOLERANCE = 1e-12
"""Relative tolerance of :meth:`Factor.check` (the factors are exact powers of ten)."""

Dims = dict[str, int]

_SECONDS_PER_HOUR = Fraction(3600)
_SECONDS_PER_YEAR = Fraction(36525, 100) * 86400  # Julian year: 365.25 days

# symbol -> (scale to the canonical base, dimension exponents, SI prefix allowed)
_SYMBOLS: dict[str, tuple[Fraction, Dims, bool]] = {
    "t": (Fraction(1), {"mass": 1}, True),
    "tce": (Fraction(1), {"coal_equivalent": 1}, False),
    "kgce": (Fraction(1, 1000), {"coal_equivalent": 1}, False),
    "kg": (Fraction(1, 1000), {"mass": 1}, False),
    "t CO2": (Fraction(1), {"co2": 1}, True),
    "tCO2": (Fraction(1), {"co2": 1}, True),
    "kgCO2": (Fraction(1, 1000), {"co2": 1}, False),
    "J": (Fraction(1), {"energy": 1}, True),
    "Wh": (_SECONDS_PER_HOUR, {"energy": 1}, True),
    "W": (Fraction(1), {"energy": 1, "time": -1}, True),
    "h": (_SECONDS_PER_HOUR, {"time": 1}, False),
    "yr": (_SECONDS_PER_YEAR, {"time": 1}, False),
    "m3": (Fraction(1), {"volume": 1}, False),
    "yuan": (Fraction(1), {"cny": 1}, False),
    "USD2007": (Fraction(1), {"usd2007": 1}, False),
    "person": (Fraction(1), {"person": 1}, False),
    "persons": (Fraction(1), {"person": 1}, False),
    "%": (Fraction(1, 100), {}, False),
    "fraction": (Fraction(1), {}, False),
    "dimensionless": (Fraction(1), {}, False),
    "previous year = 100": (Fraction(1, 100), {}, False),  # a chain index: 102.3 is growth by a factor 1.023
    "year": (Fraction(1), {"calendar_year": 1}, False),
}

_PREFIXES: dict[str, Fraction] = {
    "k": Fraction(10**3),
    "M": Fraction(10**6),
    "G": Fraction(10**9),
    "T": Fraction(10**12),
    "E": Fraction(10**18),
}

_SCALE_RE = re.compile(r"(?:10\^(?P<power>[+-]?\d+)|(?P<word>100 million|10,000)|(?P<number>\d+(?:\.\d+)?)) (?P<rest>.+)")
_QUALIFIER_RE = re.compile(r"(?P<head>.*?)\s*\((?P<qualifier>[^()]*)\)")
_PARENTHESES_RE = re.compile(r"\([^()]*\)")
_SEPARATOR_RE = re.compile(r"\s*/\s*|\s+per\s+")
_WORD_SCALES = {"100 million": Fraction(10**8), "10,000": Fraction(10**4)}


class UnitError(ZcparksError):
    """A unit string is not understood, or two units are not convertible, or a factor is wrong."""


@dataclass(frozen=True)
class Unit:
    """A parsed unit: the source spelling plus its canonical form.

    Attributes:
        text: The unit string exactly as given (the source spelling is kept for display).
        scale: Multiplier from this unit to the canonical base of its dimensions, e.g. 1e6 for
            ``"Mt CO2"`` (base tCO2) or 3.6e9 for ``"MWh"`` (base J).
        dims: Sorted (base dimension, exponent) pairs with non-zero exponents, e.g.
            ``(("co2", 1), ("energy", -1))`` for ``"tCO2/MWh"``; empty when dimensionless.
        qualifiers: Sorted parenthesised qualifiers such as ``("current prices",)``; they are
            not dimensions, but units with different qualifiers are not the same unit.
    """

    text: str
    scale: float
    dims: tuple[tuple[str, int], ...]
    qualifiers: tuple[str, ...]

    @property
    def dimensionless(self) -> bool:
        """Whether the unit has no dimension (a pure number such as ``"%"`` or ``"fraction"``)."""
        return not self.dims


@dataclass(frozen=True)
class _Parsed:
    """A parsed unit with its exact scale, so that powers of ten combine without rounding."""

    unit: Unit
    exact_scale: Fraction


def _unknown(token: str, text: str) -> UnitError:
    known = ", ".join(sorted(_SYMBOLS))
    prefixable = ", ".join(sorted(s for s, (_, _, ok) in _SYMBOLS.items() if ok))
    prefixes = ", ".join(_PREFIXES)
    return UnitError(
        f"unknown unit {token!r} in {text!r}; known symbols: {known} (SI prefixes {prefixes} only on {prefixable})"
    )


def _split_qualifiers(term: str, text: str) -> tuple[str, list[str]]:
    """Strip the trailing ``(...)`` qualifiers of one term, returning the rest and the qualifiers."""
    qualifiers: list[str] = []
    match = _QUALIFIER_RE.fullmatch(term)
    while match:
        qualifier = " ".join(match["qualifier"].split())
        if not qualifier:
            raise UnitError(f"empty qualifier '()' in unit {text!r}")
        qualifiers.append(qualifier)
        term = match["head"]
        match = _QUALIFIER_RE.fullmatch(term)
    return term, qualifiers


def _split_scale(term: str) -> tuple[Fraction, str]:
    """Split an optional leading scale (``10^N``, ``10,000``, ``100 million``, ``1000``) off a term."""
    match = _SCALE_RE.fullmatch(term)
    if match is None:
        return Fraction(1), term
    if match["power"] is not None:
        scale = Fraction(10) ** int(match["power"])
    elif match["word"] is not None:
        scale = _WORD_SCALES[match["word"]]
    else:
        scale = Fraction(match["number"])
    return scale, match["rest"]


def _lookup_symbol(symbol: str, text: str) -> tuple[Fraction, Dims]:
    """Look a symbol up in the table, with an optional SI prefix where one is allowed."""
    if symbol in _SYMBOLS:
        scale, dims, _ = _SYMBOLS[symbol]
        return scale, dims
    prefix, rest = symbol[:1], symbol[1:]
    entry = _SYMBOLS.get(rest)
    if prefix in _PREFIXES and entry is not None and entry[2]:
        return _PREFIXES[prefix] * entry[0], entry[1]
    raise _unknown(symbol, text)


def _parse_term(term: str, text: str) -> tuple[Fraction, Dims, list[str]]:
    """Parse one term into its exact scale, dimension exponents and qualifiers."""
    term, qualifiers = _split_qualifiers(term.strip(), text)
    if not term:
        raise UnitError(f"empty term in unit {text!r} (expected e.g. '10^4 kWh' on both sides of '/')")
    scale, symbol = _split_scale(term)
    symbol_scale, dims = _lookup_symbol(symbol, text)
    return scale * symbol_scale, dims, qualifiers


def _split_terms(text: str) -> list[str]:
    """Split a unit at ``/`` and `` per `` outside parentheses."""
    masked = _PARENTHESES_RE.sub(lambda m: "\0" * len(m.group()), text)
    if "(" in masked or ")" in masked:
        raise UnitError(f"unbalanced or nested parentheses in unit {text!r}")
    terms, start = [], 0
    for separator in _SEPARATOR_RE.finditer(masked):
        terms.append(text[start : separator.start()])
        start = separator.end()
    terms.append(text[start:])
    return terms


def _combine(dims: Dims, more: Dims, sign: int) -> None:
    for name, exponent in more.items():
        dims[name] = dims.get(name, 0) + sign * exponent


def _freeze(dims: Dims) -> tuple[tuple[str, int], ...]:
    return tuple(sorted((name, exponent) for name, exponent in dims.items() if exponent))


@functools.lru_cache(maxsize=1024)
def _parse_exact(text: str) -> _Parsed:
    if not isinstance(text, str):
        raise UnitError(f"a unit must be a string, got {text!r} ({type(text).__name__})")
    normalized = " ".join(text.split())
    if not normalized:
        raise UnitError("empty unit string ''; write 'dimensionless' for a pure number")
    scale, dims, qualifiers = Fraction(1), {}, set()
    for position, term in enumerate(_split_terms(normalized)):
        sign = 1 if position == 0 else -1
        term_scale, term_dims, term_qualifiers = _parse_term(term, text)
        scale *= term_scale**sign
        _combine(dims, term_dims, sign)
        qualifiers.update(term_qualifiers)
    unit = Unit(text=text, scale=float(scale), dims=_freeze(dims), qualifiers=tuple(sorted(qualifiers)))
    return _Parsed(unit, scale)


@functools.lru_cache(maxsize=1024)
def parse(text: str) -> Unit:
    """Parse a unit string of the data metadata or of an indicator.

    Args:
        text: The unit as written in the source, e.g. ``"10,000 tce"``, ``"Mt CO2"`` or
            ``"tCO2 per 10,000 yuan (current prices)"``.

    Returns:
        The parsed unit; ``text`` is kept as given, ``scale`` and ``dims`` give the canonical form
        (``"10,000 tce"`` has scale 1e4 and dims ``(("coal_equivalent", 1),)``).

    Raises:
        UnitError: If a symbol, prefix or scale is not understood (the message names the string
            and the token), a term is empty or the parentheses are unbalanced.
    """
    return _parse_exact(text).unit


def _describe(unit: Unit) -> str:
    dims = "*".join(name if exponent == 1 else f"{name}^{exponent}" for name, exponent in unit.dims) or "dimensionless"
    qualifiers = f", qualifiers {list(unit.qualifiers)}" if unit.qualifiers else ""
    return f"{unit.text!r} [{dims}{qualifiers}]"


def _require_same(a: Unit, dims: tuple[tuple[str, int], ...], qualifiers: tuple[str, ...], what: str) -> None:
    """Raise when ``a`` does not have the given dimensions and qualifiers."""
    if a.dims != dims:
        raise UnitError(f"cannot convert {what}: the dimensions differ")
    if a.qualifiers != qualifiers:
        raise UnitError(f"cannot convert {what}: the qualifiers differ (not the same unit)")


def _exact_factor(from_unit: str, to_unit: str) -> Fraction:
    source, target = _parse_exact(from_unit), _parse_exact(to_unit)
    what = f"{_describe(source.unit)} to {_describe(target.unit)}"
    _require_same(source.unit, target.unit.dims, target.unit.qualifiers, what)
    return source.exact_scale / target.exact_scale


def factor(from_unit: str, to_unit: str) -> float:
    """Return the number that converts a value in ``from_unit`` into ``to_unit``.

    Example: ``factor("GWh", "10^4 kWh") == 100`` (1 GWh is 100 times 10^4 kWh).

    Args:
        from_unit: The unit the value is in.
        to_unit: The unit wanted.

    Returns:
        ``k`` such that ``value * k`` is the same quantity expressed in ``to_unit``.

    Raises:
        UnitError: If either string does not parse, or the two differ in dimensions (e.g. tce and
            kWh, t and t CO2) or in qualifiers; the message names both strings.
    """
    return float(_exact_factor(from_unit, to_unit))


def _exact_ratio_factor(numerator: str, denominator: str, result: str) -> Fraction:
    num, den, res = _parse_exact(numerator), _parse_exact(denominator), _parse_exact(result)
    dims: Dims = dict(num.unit.dims)
    _combine(dims, dict(den.unit.dims), -1)
    if num.unit.dims == den.unit.dims:  # a pure ratio such as a share: shared qualifiers cancel
        qualifiers = tuple(sorted(set(num.unit.qualifiers) ^ set(den.unit.qualifiers)))
    else:
        qualifiers = tuple(sorted(set(num.unit.qualifiers) | set(den.unit.qualifiers)))
    what = f"{_describe(num.unit)} / {_describe(den.unit)} to {_describe(res.unit)}"
    _require_same(res.unit, _freeze(dims), qualifiers, what)
    return num.exact_scale / den.exact_scale / res.exact_scale


def ratio_factor(numerator: str, denominator: str, result: str) -> float:
    """Return the factor that puts a ratio of two quantities into the unit of an indicator.

    Example: CO2 intensity of energy in tCO2/tce from CO2 in Mt CO2 and energy in 10^4 tce is
    ``100 * co2 / energy``, and ``ratio_factor("Mt CO2", "10^4 tce", "tCO2/tce") == 100``.

    Args:
        numerator: Unit of the numerator value.
        denominator: Unit of the denominator value.
        result: Unit the ratio is reported in.

    Returns:
        ``k`` such that ``k * (numerator value / denominator value)`` is in ``result`` units.

    Raises:
        UnitError: If a string does not parse, the dimensions of ``result`` are not those of
            numerator over denominator, or the qualifiers of ``result`` are not the union of the
            qualifiers of numerator and denominator (for a pure ratio of like units, such as a share,
            qualifiers both sides share cancel); the message names all three strings.
    """
    return float(_exact_ratio_factor(numerator, denominator, result))


def same_quantity(a: str, b: str) -> bool:
    """Tell whether two spellings denote the identical unit.

    Examples: ``"10,000 tce"`` and ``"10^4 tce"``; ``"100 million kWh"`` and ``"10^8 kWh"``;
    ``"tCO2/MWh"`` and ``"kgCO2/kWh"``.

    Args:
        a: A unit string.
        b: Another unit string.

    Returns:
        True when both have the same dimensions, qualifiers and (exactly) the same scale.

    Raises:
        UnitError: If either string does not parse.
    """
    first, second = _parse_exact(a), _parse_exact(b)
    return (first.unit.dims, first.unit.qualifiers, first.exact_scale) == (
        second.unit.dims,
        second.unit.qualifiers,
        second.exact_scale,
    )


@dataclass(frozen=True)
class Factor:
    """A named conversion factor together with the units it converts, so it can be checked.

    Attributes:
        name: Name of the constant (used in error messages).
        value: The number the code multiplies by.
        numerator: Unit of the input value, or of the numerator of a ratio.
        denominator: Unit of the denominator of a ratio, or None for a plain conversion
            ``numerator -> result``.
        result: Unit of the product.
    """

    name: str
    value: float
    numerator: str
    denominator: str | None
    result: str

    def implied(self) -> float:
        """Return the value the units imply.

        Returns:
            ``ratio_factor(numerator, denominator, result)``, or ``factor(numerator, result)``
            when there is no denominator.

        Raises:
            UnitError: If the units do not parse or are not convertible; the message names the factor.
        """
        try:
            if self.denominator is None:
                return factor(self.numerator, self.result)
            return ratio_factor(self.numerator, self.denominator, self.result)
        except UnitError as err:
            raise UnitError(f"factor {self.name}: {err}") from err

    def check(self) -> None:
        """Check that ``value`` is what the units imply (relative tolerance 1e-12).

        Raises:
            UnitError: If the units are not convertible, or ``value`` differs from the implied
                value; the message names the factor, its value and the implied value.
        """
        implied = self.implied()
        if not math.isclose(self.value, implied, rel_tol=RELATIVE_TOLERANCE):
            units = self.numerator if self.denominator is None else f"{self.numerator} / {self.denominator}"
            raise UnitError(f"factor {self.name} = {self.value!r} is wrong: {units} -> {self.result} implies {implied!r}")


def check_factors(factors: Iterable[Factor]) -> None:
    """Check every factor and report all failures at once.

    Args:
        factors: The factors to check, e.g. :data:`FACTORS`.

    Raises:
        UnitError: If any factor fails its check; the message lists every failing factor.
    """
    failures = []
    for item in factors:
        try:
            item.check()
        except UnitError as err:
            failures.append(str(err))
    if failures:
        raise UnitError(f"{len(failures)} wrong factor(s):\n" + "\n".join(f"  - {f}" for f in failures))


MT_CO2_PER_10K_TCE = Factor("MT_CO2_PER_10K_TCE", 100.0, "Mt CO2", "10^4 tce", "tCO2/tce")
"""CO2 intensity of energy: Mt CO2 over 10^4 tce, times 100, is tCO2/tce."""

MT_CO2_PER_100M_YUAN_2020 = Factor(
    "MT_CO2_PER_100M_YUAN_2020",
    100.0,
    "Mt CO2",
    "100 million yuan (constant 2020 prices)",
    "tCO2 per 10,000 yuan (constant 2020 prices)",
)
"""CO2 per real GDP: Mt CO2 over 100 million yuan, times 100, is tCO2 per 10,000 yuan (constant 2020 prices)."""

MT_CO2_PER_10K_PERSONS = Factor("MT_CO2_PER_10K_PERSONS", 100.0, "Mt CO2", "10,000 persons", "tCO2 per person")
"""CO2 per capita: Mt CO2 over 10,000 persons, times 100, is tCO2 per person."""

TCE_10K_PER_100M_YUAN_2020 = Factor(
    "TCE_10K_PER_100M_YUAN_2020",
    1.0,
    "10,000 tce",
    "100 million yuan (constant 2020 prices)",
    "tce per 10,000 yuan (constant 2020 prices)",
)
"""Energy per real GDP: 10,000 tce over 100 million yuan is already tce per 10,000 yuan (constant 2020 prices)."""

HOURS_OF_100M_KWH_PER_10K_KW = Factor("HOURS_OF_100M_KWH_PER_10K_KW", 10_000.0, "10^8 kWh", "10^4 kW", "h")
"""Full-load hours: 10^8 kWh over 10^4 kW, times 10^4, is hours."""

SHARE_OF_10K_KW = Factor("SHARE_OF_10K_KW", 100.0, "10^4 kW", "10^4 kW", "%")
"""Share of capacity: 10^4 kW over 10^4 kW, times 100, is a percentage."""

SHARE_OF_100M_KWH = Factor("SHARE_OF_100M_KWH", 100.0, "100 million kWh", "100 million kWh", "%")
"""Share of generation in 100 million kWh (= 10^8 kWh), times 100, is a percentage."""

SHARE_OF_FIRST_PUBLISHED_YUAN = Factor(
    "SHARE_OF_FIRST_PUBLISHED_YUAN",
    100.0,
    "100 million yuan (current prices, as stored by Wind)",
    "100 million yuan (current prices, as stored by Wind)",
    "%",
)
"""Share of first-published value added in first-published GDP (same vintage both sides), as a percentage."""

MT_CO2_PER_100M_KWH = Factor("MT_CO2_PER_100M_KWH", 10.0, "Mt CO2", "10^8 kWh", "tCO2/MWh")
"""Emission intensity of generation: Mt CO2 over 10^8 kWh, times 10, is tCO2/MWh."""

KG_PER_KWH_IS_T_PER_MWH = Factor("KG_PER_KWH_IS_T_PER_MWH", 1.0, "kgCO2/kWh", None, "tCO2/MWh")
"""Grid emission factors: kgCO2/kWh and tCO2/MWh are the same number."""

KGCE_PER_KWH_IS_TCE_PER_MWH = Factor("KGCE_PER_KWH_IS_TCE_PER_MWH", 1.0, "kgce", "kWh", "tce/MWh")
"""Electricity to standard coal: kgce per kWh and tce per MWh are the same number."""

KG_PER_KG_IS_T_PER_T = Factor("KG_PER_KG_IS_T_PER_T", 1.0, "kgCO2", "kg", "tCO2/t")
"""Fuel CO2 coefficients: kgCO2 per kg of fuel is tCO2 per t of fuel (the same holds for kgce per kg)."""

KGCE_PER_KG_IS_TCE_PER_T = Factor("KGCE_PER_KG_IS_TCE_PER_T", 1.0, "kgce", "kg", "tce/t")
"""Fuel tce coefficients: kgce per kg of fuel is tce per t of fuel."""

KGCO2_PER_M3_TO_T_PER_10K_M3 = Factor("KGCO2_PER_M3_TO_T_PER_10K_M3", 10.0, "kgCO2", "m3", "tCO2/10^4 m3")
"""Gas CO2 coefficients: kgCO2 per m3, times 10, is tCO2 per 10^4 m3 (the unit of gas in a park balance)."""

KGCE_PER_M3_TO_TCE_PER_10K_M3 = Factor("KGCE_PER_M3_TO_TCE_PER_10K_M3", 10.0, "kgce", "m3", "tce/10^4 m3")
"""Gas tce coefficients: kgce per m3, times 10, is tce per 10^4 m3."""

GJ_OVER_KJ_PER_KGCE_TO_TCE = Factor("GJ_OVER_KJ_PER_KGCE_TO_TCE", 1000.0, "GJ", "kJ/kgce", "tce")
"""Heat to standard coal: GJ divided by the kJ in one kgce, times 1000, is tce."""

FACTORS: tuple[Factor, ...] = (
    MT_CO2_PER_10K_TCE,
    MT_CO2_PER_100M_YUAN_2020,
    MT_CO2_PER_10K_PERSONS,
    TCE_10K_PER_100M_YUAN_2020,
    HOURS_OF_100M_KWH_PER_10K_KW,
    SHARE_OF_10K_KW,
    SHARE_OF_100M_KWH,
    SHARE_OF_FIRST_PUBLISHED_YUAN,
    MT_CO2_PER_100M_KWH,
    KG_PER_KWH_IS_T_PER_MWH,
    KGCE_PER_KWH_IS_TCE_PER_MWH,
    KG_PER_KG_IS_T_PER_T,
    KGCE_PER_KG_IS_TCE_PER_T,
    KGCO2_PER_M3_TO_T_PER_10K_M3,
    KGCE_PER_M3_TO_TCE_PER_10K_M3,
    GJ_OVER_KJ_PER_KGCE_TO_TCE,
)
"""Every named factor, checked by the tests with :func:`check_factors`."""
