"""Tests of the units vocabulary: parsing of every source spelling, conversions and named factors."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from zcparks.data import units
from zcparks.data.units import (
    FACTORS,
    Factor,
    Unit,
    UnitError,
    check_factors,
    factor,
    parse,
    ratio_factor,
    same_quantity,
)
from zcparks.errors import ZcparksError

MASS = (("mass", 1),)
CO2 = (("co2", 1),)
TCE = (("coal_equivalent", 1),)
ENERGY = (("energy", 1),)
POWER = (("energy", 1), ("time", -1))
VOLUME = (("volume", 1),)
CNY = (("cny", 1),)
PERSON = (("person", 1),)
CURRENT = ("current prices",)

# every spelling used by the data files and indicators: (text, scale to the base, dims, qualifiers)
SPELLINGS = [
    ("year", 1.0, (("calendar_year", 1),), ()),
    ("100 million yuan (current prices)", 1e8, CNY, CURRENT),
    ("10^4 t", 1e4, MASS, ()),
    ("10^8 m3", 1e8, VOLUME, ()),
    ("10^10 kJ", 1e13, ENERGY, ()),
    ("10^8 kWh", 3.6e14, ENERGY, ()),
    ("10^4 tce", 1e4, TCE, ()),
    ("Mt CO2", 1e6, CO2, ()),
    ("MW", 1e6, POWER, ()),
    ("USD2007/kWh", 1 / 3.6e6, (("energy", -1), ("usd2007", 1)), ()),
    ("EJ/yr", 1e18 / (365.25 * 86400), POWER, ()),
    ("dimensionless", 1.0, (), ()),
    ("%", 0.01, (), ()),
    ("h", 3600.0, (("time", 1),), ()),
    ("10,000 tce", 1e4, TCE, ()),
    ("10,000 t", 1e4, MASS, ()),
    ("10,000 persons", 1e4, PERSON, ()),
    ("100 million kWh", 3.6e14, ENERGY, ()),
    ("100 million m3", 1e8, VOLUME, ()),
    ("tCO2/MWh", 1 / 3.6e9, (("co2", 1), ("energy", -1)), ()),
    ("yuan per person", 1.0, (("cny", 1), ("person", -1)), ()),
    ("10^4 kWh", 3.6e10, ENERGY, ()),
    ("10^4 kW", 1e7, POWER, ()),
    ("fraction (annual mean)", 1.0, (), ("annual mean",)),
    ("tCO2/tce", 1.0, (("co2", 1), ("coal_equivalent", -1)), ()),
    ("tCO2 per 10,000 yuan (current prices)", 1e-4, (("cny", -1), ("co2", 1)), CURRENT),
    ("tCO2 per person", 1.0, (("co2", 1), ("person", -1)), ()),
    ("tce per 10,000 yuan (current prices)", 1e-4, (("cny", -1), ("coal_equivalent", 1)), CURRENT),
    ("kgCO2/kWh", 1e-3 / 3.6e6, (("co2", 1), ("energy", -1)), ()),
    ("GWh", 3.6e12, ENERGY, ()),
    ("TWh", 3.6e15, ENERGY, ()),
    ("t", 1.0, MASS, ()),
    ("kW", 1e3, POWER, ()),
    ("GW", 1e9, POWER, ()),
    ("yuan", 1.0, CNY, ()),
    ("person", 1.0, PERSON, ()),
]


@pytest.mark.parametrize(("text", "scale", "dims", "qualifiers"), SPELLINGS, ids=[s[0] for s in SPELLINGS])
def test_every_source_spelling_parses_to_its_canonical_form(
    text: str, scale: float, dims: tuple[tuple[str, int], ...], qualifiers: tuple[str, ...]
) -> None:
    """Each spelling keeps its text and maps to the expected scale, dimensions and qualifiers."""
    unit = parse(text)
    assert isinstance(unit, Unit)
    assert unit.text == text
    assert unit.scale == pytest.approx(scale, rel=1e-12)
    assert unit.dims == dims
    assert unit.qualifiers == qualifiers
    assert unit.dimensionless == (dims == ())


def test_parse_is_cached_and_unit_is_frozen() -> None:
    """Parsing the same string twice returns the same object, which cannot be changed."""
    unit = parse("10^4 kWh")
    assert parse("10^4 kWh") is unit
    with pytest.raises(AttributeError):
        unit.scale = 1.0  # type: ignore[misc]


def test_whitespace_is_normalised_but_text_is_kept() -> None:
    """Extra spaces do not change the canonical form; the source spelling is still kept."""
    unit = parse("  Mt  CO2 / 10^4   tce ")
    assert unit.text == "  Mt  CO2 / 10^4   tce "
    assert same_quantity("  Mt  CO2 / 10^4   tce ", "Mt CO2/10^4 tce")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("10,000 tce", "10^4 tce"),
        ("100 million kWh", "10^8 kWh"),
        ("tCO2/MWh", "kgCO2/kWh"),
        ("10,000 t", "10^4 t"),
        ("100 million m3", "10^8 m3"),
        ("Mt CO2", "MtCO2"),
        ("10,000 persons", "10^4 person"),
        ("fraction", "dimensionless"),
        ("1000 t", "kt"),
        ("tCO2 per 10,000 yuan (current prices)", "tCO2/10^4 yuan (current prices)"),
        ("GWh", "10^6 kWh"),
    ],
)
def test_equivalent_spellings_are_the_same_quantity(a: str, b: str) -> None:
    """Different spellings of one unit are recognised as identical."""
    assert same_quantity(a, b)
    assert same_quantity(b, a)
    assert factor(a, b) == pytest.approx(1.0, rel=1e-12)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("10^4 tce", "10^4 t"),
        ("10^4 t", "10^4 t CO2"),
        ("10^8 kWh", "10^4 tce"),
        ("10^4 kW", "10^4 kWh"),
        ("h", "year"),
        ("%", "fraction"),
        ("10^4 tce", "10,000 t"),
        ("100 million yuan (current prices)", "100 million yuan"),
        ("fraction (annual mean)", "fraction"),
        ("yuan", "USD2007"),
        ("person", "10,000 persons"),
    ],
)
def test_different_units_are_not_the_same_quantity(a: str, b: str) -> None:
    """Units differing in dimension, qualifier or scale are not the same quantity."""
    assert not same_quantity(a, b)
    assert not same_quantity(b, a)


@pytest.mark.parametrize(
    ("from_unit", "to_unit", "expected"),
    [
        ("GWh", "10^4 kWh", 100.0),
        ("10^4 kW", "MW", 10.0),
        ("10^4 kW", "GW", 0.01),
        ("TWh", "100 million kWh", 10.0),
        ("10^10 kJ", "10^8 kWh", 1 / 36),
        ("Mt CO2", "10,000 t CO2", 100.0),
        ("kgCO2/kWh", "tCO2/MWh", 1.0),
        ("%", "fraction", 0.01),
        ("EJ/yr", "GW", 1e9 / (365.25 * 86400)),
        ("100 million yuan (current prices)", "10,000 yuan (current prices)", 1e4),
    ],
)
def test_factor_known_answers(from_unit: str, to_unit: str, expected: float) -> None:
    """Plain conversions give the textbook numbers."""
    assert factor(from_unit, to_unit) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("numerator", "denominator", "result", "expected"),
    [
        ("Mt CO2", "10^4 tce", "tCO2/tce", 100),
        ("Mt CO2", "100 million yuan (current prices)", "tCO2 per 10,000 yuan (current prices)", 100),
        ("Mt CO2", "10,000 persons", "tCO2 per person", 100),
        ("10,000 tce", "100 million yuan (current prices)", "tce per 10,000 yuan (current prices)", 1),
        ("10^4 kWh", "10^4 kW", "h", 1),
        ("10^4 kW", "10^4 kW", "%", 100),
        ("100 million kWh", "100 million kWh", "%", 100),
        ("100 million yuan (current prices)", "10,000 persons", "yuan per person (current prices)", 10_000),
        ("Mt CO2", "TWh", "kgCO2/kWh", 1),
    ],
)
def test_ratio_factor_known_answers(numerator: str, denominator: str, result: str, expected: float) -> None:
    """Ratio factors of the derived indicators are exact."""
    assert ratio_factor(numerator, denominator, result) == expected


def test_ratio_factor_rejects_wrong_result_dimensions() -> None:
    """A result whose dimensions are not numerator over denominator raises, naming all three units."""
    with pytest.raises(UnitError, match="dimensions differ") as info:
        ratio_factor("Mt CO2", "10^4 tce", "tCO2/MWh")
    for text in ("Mt CO2", "10^4 tce", "tCO2/MWh"):
        assert repr(text) in str(info.value)


@pytest.mark.parametrize(
    ("numerator", "denominator", "result"),
    [
        ("Mt CO2", "100 million yuan (current prices)", "tCO2 per 10,000 yuan"),
        ("Mt CO2", "100 million yuan", "tCO2 per 10,000 yuan (current prices)"),
        ("100 million yuan (current prices)", "100 million yuan (constant 2020 prices)", "%"),
    ],
)
def test_ratio_factor_requires_union_of_qualifiers(numerator: str, denominator: str, result: str) -> None:
    """The result's qualifiers must be exactly the union of the inputs' qualifiers."""
    with pytest.raises(UnitError, match="qualifiers differ"):
        ratio_factor(numerator, denominator, result)


def test_mixing_qualifiers_raises_and_names_both_units() -> None:
    """Current-price yuan cannot be converted to unqualified yuan."""
    with pytest.raises(UnitError, match="qualifiers differ") as info:
        factor("100 million yuan (current prices)", "100 million yuan")
    assert "'100 million yuan (current prices)'" in str(info.value)
    assert "'100 million yuan'" in str(info.value)


@pytest.mark.parametrize(
    ("from_unit", "to_unit"),
    [
        ("10^4 tce", "10^8 kWh"),
        ("10,000 tce", "10^10 kJ"),
        ("10^4 t", "Mt CO2"),
        ("t", "t CO2"),
        ("year", "h"),
        ("yr", "year"),
        ("yuan", "USD2007"),
        ("10^4 kW", "10^4 kWh"),
    ],
)
def test_no_silent_conversion_between_dimensions(from_unit: str, to_unit: str) -> None:
    """Coal equivalent is not energy, CO2 tonnes are not tonnes and a calendar year is not a duration."""
    with pytest.raises(UnitError, match="dimensions differ") as info:
        factor(from_unit, to_unit)
    assert repr(from_unit) in str(info.value)
    assert repr(to_unit) in str(info.value)


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("10^4 furlongs", "furlongs"),
        ("kyuan", "kyuan"),
        ("Mtce", "Mtce"),
        ("kh", "kh"),
        ("tCO2 per 10,000 dollars", "dollars"),
        ("10^4", "10^4"),
        ("kW h", "kW h"),
    ],
)
def test_unknown_token_is_named(text: str, token: str) -> None:
    """An unknown symbol raises with a message naming the token and the whole string."""
    with pytest.raises(UnitError) as info:
        parse(text)
    message = str(info.value)
    assert message.startswith(f"unknown unit {token!r} in {text!r}")
    assert "known symbols:" in message and "tce" in message


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("", "empty unit"),
        ("   ", "empty unit"),
        ("tCO2/", "empty term"),
        ("/tce", "empty term"),
        ("(current prices)", "empty term"),
        ("yuan (current prices", "parentheses"),
        ("yuan current prices)", "parentheses"),
        ("yuan ((current) prices)", "parentheses"),
        ("yuan ()", "empty qualifier"),
    ],
)
def test_malformed_strings_raise(text: str, match: str) -> None:
    """Empty strings, empty terms and bad parentheses raise UnitError naming the string."""
    with pytest.raises(UnitError, match=match) as info:
        parse(text)
    assert repr(text) in str(info.value) or not text.strip()


def test_non_string_raises_unit_error() -> None:
    """A missing unit (None) is reported as a UnitError, not an AttributeError."""
    with pytest.raises(UnitError, match="must be a string"):
        parse(None)  # type: ignore[arg-type]


def test_unit_error_is_a_zcparks_error() -> None:
    """UnitError is caught by handlers of the project's base exception."""
    assert issubclass(UnitError, ZcparksError)


def test_qualifiers_are_sorted_and_collected_from_all_terms() -> None:
    """Qualifiers of every term end up, sorted and de-duplicated, on the parsed unit."""
    unit = parse("yuan (current prices) per person (resident) (year-end)")
    assert unit.qualifiers == ("current prices", "resident", "year-end")
    assert unit.dims == (("cny", 1), ("person", -1))


def test_division_is_left_associative() -> None:
    """a/b/c is a/(b*c): (10^4 kWh / 10^4 kW) / h is a pure 1, not energy/(power/time) = time^2."""
    assert same_quantity("10^4 kWh / 10^4 kW / h", "dimensionless")
    assert parse("10^8 kWh / 10^4 kW / h").scale == 1e4


def test_wrong_factor_names_factor_value_and_implied_value() -> None:
    """A factor whose value disagrees with its units raises with all three in the message."""
    wrong = Factor("X", 10.0, "Mt CO2", "10^4 tce", "tCO2/tce")
    with pytest.raises(UnitError) as info:
        wrong.check()
    message = str(info.value)
    assert "X" in message
    assert "10.0" in message
    assert "100" in message


def test_plain_conversion_factor_is_checked() -> None:
    """A factor without denominator is checked as a plain conversion."""
    Factor("OK", 1e-3, "GWh", None, "TWh").check()
    with pytest.raises(UnitError, match="BAD = 1000.0"):
        Factor("BAD", 1000.0, "GWh", None, "TWh").check()


def test_factor_with_inconvertible_units_names_the_factor() -> None:
    """Units that cannot be converted make the check fail with the factor's name."""
    with pytest.raises(UnitError, match="factor TCE_AS_KWH: cannot convert"):
        Factor("TCE_AS_KWH", 1.0, "10^4 tce", None, "10^8 kWh").check()


def test_check_factors_accepts_the_named_factors() -> None:
    """Every named factor agrees with the units it converts (raises otherwise)."""
    assert len(FACTORS) >= 9
    check_factors(FACTORS)
    for item in FACTORS:
        assert item.implied() == pytest.approx(item.value, rel=1e-12)


def test_check_factors_lists_every_failure() -> None:
    """All failing factors are reported in one error."""
    bad = [
        Factor("FIRST_BAD", 1.0, "Mt CO2", "10^4 tce", "tCO2/tce"),
        Factor("GOOD", 100.0, "Mt CO2", "10^4 tce", "tCO2/tce"),
        Factor("SECOND_BAD", 1.0, "t", None, "t CO2"),
    ]
    with pytest.raises(UnitError) as info:
        check_factors(bad)
    message = str(info.value)
    assert message.startswith("2 wrong factor(s)")
    assert "FIRST_BAD" in message and "SECOND_BAD" in message
    assert "GOOD" not in message.replace("FIRST_BAD", "").replace("SECOND_BAD", "")


def test_factor_names_match_their_constants() -> None:
    """Each factor in FACTORS is the module constant of the same name, and names are unique."""
    names = [item.name for item in FACTORS]
    assert len(set(names)) == len(names)
    for item in FACTORS:
        assert getattr(units, item.name) is item
    expected = {
        "MT_CO2_PER_10K_TCE",
        "MT_CO2_PER_100M_YUAN_2020",
        "MT_CO2_PER_10K_PERSONS",
        "TCE_10K_PER_100M_YUAN_2020",
        "HOURS_OF_100M_KWH_PER_10K_KW",
        "SHARE_OF_10K_KW",
        "SHARE_OF_100M_KWH",
        "SHARE_OF_FIRST_PUBLISHED_YUAN",
        "MT_CO2_PER_100M_KWH",
        "KG_PER_KWH_IS_T_PER_MWH",
    }
    assert expected <= set(names)


def test_module_imports_only_stdlib_and_zcparks_errors() -> None:
    """units.py stays dependency-free: stdlib plus zcparks.errors, nothing else."""
    tree = ast.parse(Path(units.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
    outside = {name for name in imported if name.split(".")[0] not in sys.stdlib_module_names}
    assert outside == {"zcparks.errors"}


def test_a_share_of_like_units_cancels_their_shared_qualifiers() -> None:
    assert units.ratio_factor("100 million yuan (current prices)", "100 million yuan (current prices)", "%") == 100.0
