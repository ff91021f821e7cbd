"""The one loader of raw files: decode, parse, validate against ``metadata.yaml``.

``read_raw(source_id, file)`` returns the table exactly as stored (typed by its metadata),
or raises :class:`~zcparks.errors.DataError` whose message names the file, the line
(1-based, header = line 1), the column, the value and what was expected. Validation is
done by pandera schemas built from the file's metadata.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import math
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa

from zcparks import paths
from zcparks.data import metadata
from zcparks.data.metadata import Column, FileMeta
from zcparks.data.regions import XPCC_EN
from zcparks.errors import DataError


class NormalisedNotice(UserWarning):
    """Numbers written with full-width characters (e.g. ``１２３．４``) were read as ASCII (Unicode NFKC)."""


class EncodingNotice(UserWarning):
    """A raw file was not UTF-8 but could be decoded as GB18030 (a superset of GBK).

    A warning rather than an error: the text is read correctly, but the file should be re-saved as
    UTF-8. ``python -m zcparks.data.build`` prints it as one ``notice:`` line.
    """


def decode(path: Path) -> str:
    """Text of ``path``: UTF-8 (with or without BOM), else GB18030/GBK with a warning.

    Raises DataError naming the line of the first undecodable byte when neither works.

    The BOM is dropped because Excel writes one into "CSV UTF-8" files and it would otherwise
    become part of the first column name. GB18030 is tried next because Chinese statistics
    exports are often GBK, of which GB18030 is a superset. The byte reported is the first one
    that is not UTF-8, since UTF-8 is what the file is expected to be.

    Args:
        path: the raw file.

    Returns:
        The decoded text, without a BOM.

    Raises:
        DataError: the bytes are neither UTF-8 nor GB18030 (the message gives line, byte and offset).

    Warns:
        EncodingNotice: the file was decoded as GB18030/GBK.
    """
    data = path.read_bytes()
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        line = data[:first_bad].count(b"\n") + 1
        raise DataError(
            path,
            f"line {line}: byte {data[first_bad]:#04x} at offset {first_bad} is neither UTF-8 nor "
            "GB18030/GBK; expected a UTF-8 text file (re-save it as UTF-8)",
        ) from None
    warnings.warn(
        f"{paths.rel(path)}: not UTF-8; decoded as GB18030/GBK (Chinese statistics exports often are). "
        "Re-save it as UTF-8 to make this notice go away.",
        EncodingNotice,
        stacklevel=3,
    )
    return text


def _parse(path: Path, text: str, sep: str) -> pd.DataFrame:
    """Parse CSV/TSV text into strings only (types come from the schema).

    Every row must have as many fields as the header: pandas would otherwise silently
    shift a row with one extra field into the index, or drop fields.

    The field counts are checked first with the :mod:`csv` module, which knows the physical line
    of each row (``reader.line_num``: the last line of a row with quoted line breaks); only then
    does pandas read the text. ``dtype=str`` keeps every cell as text so that a bad value is
    reported as written (a failed conversion is explained by the schema);
    ``keep_default_na=False, na_values=[""]`` makes only an empty cell missing, so codes such as
    ``NA`` or ``None`` stay text; ``index_col=False`` stops pandas from using the first column as
    the index.

    Args:
        path: the file, for messages (relative to the repository root).
        text: its decoded text.
        sep: the field separator (``","`` or a tab).

    Returns:
        The table, every column of dtype str (empty cells are missing), with a 0-based row index.

    Raises:
        DataError: the text is empty, the CSV is malformed (e.g. an unclosed quote), or rows have the wrong
            number of fields (every such row is listed, by line).
    """
    kind = "TSV" if sep == "\t" else "CSV"
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    try:
        header = next(reader)
    except StopIteration:
        raise DataError(path, "the file is empty; expected a header line and data rows") from None
    except csv.Error as exc:
        raise DataError(path, f"line 1: malformed {kind} header ({exc})") from None
    bad = []
    try:
        for row in reader:
            if row and len(row) != len(header):
                bad.append(
                    f"line {reader.line_num}: malformed {kind}: {len(row)} fields, expected {len(header)} "
                    f"({', '.join(header)}); check for an unquoted '{sep}' in a value"
                )
    except csv.Error as exc:
        bad.append(f"line {reader.line_num}: malformed {kind} ({exc})")
    if bad:
        raise DataError(path, bad)
    return pd.read_csv(
        io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, na_values=[""], index_col=False
    )


# --------------------------------------------------------------------------- schema


def known_provinces() -> list[str]:
    """English names of the 31 mainland provinces (from the boundary crosswalk).

    Returns:
        ``province_en`` of the crosswalk rows with ``in_mainland_31 == "yes"``, in file order (so without
        Hong Kong, Macao, Taiwan and the XPCC).

    Raises:
        DataError: the crosswalk itself is malformed.
    """
    cw = read_raw("boundaries", "province_name_code_crosswalk.csv")
    return cw.loc[cw["in_mainland_31"] == "yes", "province_en"].tolist()


# pandas' nullable dtypes, so that an empty cell in a nullable int column stays <NA> instead of turning the
# whole column into floats
_DTYPES = {"str": str, "int": "Int64", "float": "Float64"}


def _column_schema(name: str, col: Column, provinces: list[str]) -> pa.Column:
    """The pandera column for one declared column: its dtype (converted from text) and its checks.

    ``coerce=True`` converts the text cells to the declared dtype; a cell that does not convert is a
    failure case (reported by :func:`_explain` as "is not a number" / "a whole number"), not an exception.
    ``province: true`` allows the 31 provinces and the XPCC; the check is named ``province`` so that
    :func:`_explain` can tell it from a plain ``isin`` list.
    """
    checks = []
    if col.isin is not None:
        checks.append(pa.Check.isin(col.isin))
    if col.province:
        checks.append(pa.Check.isin(provinces + [XPCC_EN], name="province"))
    if col.regex is not None:
        checks.append(pa.Check.str_matches(col.regex))
    if col.ge is not None:
        checks.append(pa.Check.ge(col.ge))
    if col.le is not None:
        checks.append(pa.Check.le(col.le))
    return pa.Column(_DTYPES[col.dtype], checks=checks, nullable=col.nullable, coerce=True)


def _long_columns(meta: FileMeta, provinces: list[str]) -> dict[str, Column]:
    """The columns every long table has, as :class:`Column` declarations, plus its ``extra_columns``.

    The time column depends on ``meta.time_kind``: ``year`` is a whole number in [1900, 2100], ``month``
    and ``release`` are ``YYYY-MM`` text, ``none`` is optional text. province_en must be one of
    ``provinces`` or ``meta.extra_geographies``.

    Args:
        meta: a long table's metadata.
        provinces: the allowed province names (may be empty when only the column names and dtypes
            are needed, as in :func:`_explain`).

    Returns:
        Column name -> declaration, in the order province_en, province_zh, time, variable, value, unit, extras.
    """
    time_col: dict[str, Column] = {}
    if meta.time_kind == "year":
        time_col[meta.time_column] = Column(dtype="int", description="year", ge=1900, le=2100)
    elif meta.time_kind in ("month", "release"):
        time_col[meta.time_column] = Column(dtype="str", description="YYYY-MM", regex=r"^\d{4}-\d{2}$")
    else:
        time_col[meta.time_column] = Column(dtype="str", description="no time", nullable=True)
    return {
        "province_en": Column(dtype="str", description="province", isin=provinces + meta.extra_geographies),
        "province_zh": Column(dtype="str", description="province (zh)"),
        **time_col,
        "variable": Column(dtype="str", description="variable"),
        "value": Column(dtype="float", description="value", nullable=meta.nullable_value),
        "unit": Column(dtype="str", description="unit"),
        **meta.extra_columns,
    }


def _needs(*cols: str):
    """Table checks run only when their columns exist (a missing column is reported on its own).

    Without this guard pandera would report the check's ``KeyError`` on the missing column as a
    failure of its own, next to the clear "missing column" message.

    Args:
        *cols: the columns the wrapped check reads.

    Returns:
        A decorator: the wrapped check returns all-True (passes) when any of ``cols`` is missing.
    """
    def wrap(fn):
        def check(df: pd.DataFrame) -> pd.Series:
            if not set(cols) <= set(df.columns):
                return pd.Series(True, index=df.index)
            return fn(df)
        return check
    return wrap


def _zh_short_names() -> dict[str, str]:
    """English province name -> Chinese short name (e.g. Jiangsu -> 江苏), from the boundary crosswalk."""
    cw = read_raw("boundaries", "province_name_code_crosswalk.csv")
    return dict(zip(cw["province_en"], cw["province_zh_short"], strict=True))


def _long_checks(meta: FileMeta) -> list[pa.Check]:
    """Row checks of a long table that involve several columns or the declared variables.

    Each check returns one boolean per row and has its own ``error`` name, which :func:`_explain`
    turns into a sentence:

    - ``province_zh_mismatch``: province_zh is the short Chinese name of province_en (names not in the
      crosswalk, e.g. extra geographies, are not checked);
    - ``undeclared_variable``: the variable matches an entry of ``meta.variables``;
    - ``unit_mismatch``: the unit is one declared for that variable (undeclared variables are reported
      by the previous check only);
    - ``negative_value``: no value below 0 for a variable declared ``nonnegative`` (a value that is not
      a number is reported as a dtype problem, not here).

    Args:
        meta: a long table's metadata.

    Returns:
        The pandera table checks.
    """
    zh_of = _zh_short_names()

    def metas(df: pd.DataFrame) -> dict:
        """Variable -> its declared entry (or None), looked up once per distinct name (tables repeat them)."""
        return {v: meta.variable_meta(v) for v in pd.unique(df["variable"])}

    @_needs("province_en", "province_zh")
    def zh_matches(df: pd.DataFrame) -> pd.Series:
        expected = df["province_en"].map(zh_of)
        return expected.isna() | (expected == df["province_zh"])

    @_needs("variable")
    def declared(df: pd.DataFrame) -> pd.Series:
        found = {v: vm is not None for v, vm in metas(df).items()}
        return df["variable"].map(found)

    @_needs("variable", "unit")
    def unit_ok(df: pd.DataFrame) -> pd.Series:
        of = metas(df)
        return pd.Series([(vm := of[v]) is None or u in vm.units
                          for v, u in zip(df["variable"], df["unit"], strict=True)], index=df.index)

    @_needs("variable", "value")
    def nonnegative(df: pd.DataFrame) -> pd.Series:
        nonneg = df["variable"].map({v: bool(vm and vm.nonnegative) for v, vm in metas(df).items()})
        value = pd.to_numeric(df["value"], errors="coerce")
        return ~(nonneg & (value < 0)).fillna(False).astype(bool)

    @_needs("value")
    def finite(df: pd.DataFrame) -> pd.Series:
        value = pd.to_numeric(df["value"], errors="coerce")
        return ~value.map(lambda v: isinstance(v, float) and math.isinf(v)).astype(bool)

    return [
        pa.Check(zh_matches, error="province_zh_mismatch"),
        pa.Check(declared, error="undeclared_variable"),
        pa.Check(unit_ok, error="unit_mismatch"),
        pa.Check(nonnegative, error="negative_value"),
        pa.Check(finite, error="non_finite_value"),
    ]


def schema_for(meta: FileMeta) -> pa.DataFrameSchema:
    """The pandera schema of one raw file, built from its metadata.

    ``strict=True`` makes a column that is not declared an error (a renamed column is then reported
    as missing + unexpected, and :func:`_explain` merges the two); ``unique=meta.key`` reports duplicate
    keys; ``ordered=False`` leaves the column order free (:func:`read_file` keeps the file's order).
    The province names are read only when a column needs them, because that reads the crosswalk.

    Args:
        meta: the file's metadata.

    Returns:
        A schema named after the file; long tables get the fixed long columns and the checks of
        :func:`_long_checks`, wide tables exactly ``meta.columns``.

    Raises:
        DataError: the boundary crosswalk (for province names) is malformed.
    """
    provinces = known_provinces() if _needs_provinces(meta) else []
    cols = _long_columns(meta, provinces) if meta.layout == "long" else dict(meta.columns)
    return pa.DataFrameSchema(
        {name: _column_schema(name, col, provinces) for name, col in cols.items()},
        checks=_long_checks(meta) if meta.layout == "long" else [],
        strict=True,
        unique=meta.key,
        ordered=False,
        name=meta.file,
    )


def _needs_provinces(meta: FileMeta) -> bool:
    """Whether the schema checks province names (long tables, or a column declared ``province: true``).

    Checked first so that validating the crosswalk itself does not need the crosswalk (no recursion).
    """
    return meta.layout == "long" or any(c.province for c in meta.columns.values())


# --------------------------------------------------------------------------- messages


def _line(index: object) -> str:
    """``line N`` for a 0-based row index (header = line 1), or ``file`` for a whole-file problem.

    Exact when no row spans several lines (quoted line breaks) and there are no blank lines, which
    pandas skips; pandera gives a missing index (None/NaN) for header and column-level problems.
    """
    try:
        return f"line {int(index) + 2}"  # +1 for 0-based index, +1 for the header line
    except (TypeError, ValueError):
        return "file"


def _suggest(value: object, choices: Iterable[str]) -> str:
    """``; did you mean 'A' or 'B'?`` with up to 3 close matches of ``value`` in ``choices``, else ``""``."""
    close = difflib.get_close_matches(str(value), list(choices), n=3, cutoff=0.5)
    return f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""


def _add(problems: list[tuple[int, str]], index: object, text: str) -> None:
    """Append ``text`` with its sort key: the row index, or -1 so header and whole-file problems come first."""
    try:
        order = int(index)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        order = -1  # header and whole-file problems first
    problems.append((order, text))


@dataclass
class _Failures:
    """What the explainers of one file's failure cases share: the file, its table and columns, what was said."""

    meta: FileMeta
    df: pd.DataFrame
    cols: dict[str, Any]
    untyped: set[Any]
    rename_of: dict[str, str]
    said: set[tuple[object, ...]] = field(default_factory=set)

    @property
    def expected(self) -> str:
        return ", ".join(self.cols)

    def once(self, *key: object) -> bool:
        """True the first time ``key`` is seen: pandera repeats some failures once per column of a row."""
        if key in self.said:
            return False
        self.said.add(key)
        return True


def _missing_column(c: _Failures, column: Any, case: Any, index: object, check: str) -> str:
    hint = f"; found {c.rename_of[str(case)]!r} instead (renamed?)" if str(case) in c.rename_of else ""
    return f"header: missing column {case!r}{hint}; expected columns: {c.expected}"


def _unexpected_column(c: _Failures, column: Any, case: Any, index: object, check: str) -> str | None:
    if case in c.rename_of.values():
        return None  # reported as the missing column it probably replaces
    return f"header: unexpected column {case!r}{_suggest(case, list(c.cols))}; expected columns: {c.expected}"


def _wrong_type(c: _Failures, column: Any, case: Any, index: object, check: str) -> str | None:
    if not c.once("type", column, index):  # coerce_dtype and dtype(...) report the same value
        return None
    want = c.cols[column].dtype if column in c.cols else check
    kind = {"int": "a whole number", "float": "a number", "str": "text"}.get(want, want)
    return f"{_line(index)}, column {column!r}: value {case!r} is not {kind}"


def _duplicate_key(c: _Failures, column: Any, case: Any, index: object, check: str) -> str | None:
    if not c.once("dup", index):
        return None
    key = ", ".join(f"{k}={c.df.at[index, k]!r}" for k in c.meta.key)
    return f"{_line(index)}: duplicate key ({key}); expected one row per {', '.join(c.meta.key)}"


def _province_zh(c: _Failures, column: Any, case: Any, index: object, check: str) -> str | None:
    if not c.once("province_zh", index):
        return None
    row = c.df.loc[index]
    return (f"{_line(index)}, column 'province_zh': {row.get('province_zh')!r} does not match province_en "
            f"{row.get('province_en')!r}; expected {_zh_short_names().get(row.get('province_en'))!r}")


def _variable_row(c: _Failures, column: Any, case: Any, index: object, check: str) -> str | None:
    """A long-layout row whose variable, unit or value breaks the declared variables (one sentence per row)."""
    if not c.once(check, index):
        return None
    row = c.df.loc[index]
    var = row.get("variable")
    if check == "undeclared_variable":
        declared = [v.name or v.pattern for v in c.meta.variables]
        return (f"{_line(index)}, column 'variable': unknown variable {var!r}{_suggest(var, declared)}; "
                f"declare it with its unit in metadata.yaml (declared: {', '.join(map(str, declared))})")
    if check == "unit_mismatch":
        vm = c.meta.variable_meta(var)
        units = " or ".join(repr(u) for u in (vm.units if vm else []))
        return f"{_line(index)}, column 'unit': unit {row.get('unit')!r} for {var!r}; expected {units}"
    if check == "non_finite_value":
        return f"{_line(index)}, column 'value': value {row.get('value')!r} for {var!r} is not a finite number"
    return f"{_line(index)}, column 'value': negative value {row.get('value')!r} for {var!r}; expected a value >= 0"


def _not_allowed(c: _Failures, column: Any, case: Any, index: object, check: str) -> str:
    if check == "province" or column in ("province_en", "stats_province_en"):
        choices = known_provinces() + [XPCC_EN] + c.meta.extra_geographies
        return f"{_line(index)}, column {column!r}: unknown province {case!r}{_suggest(case, choices)}"
    return (f"{_line(index)}, column {column!r}: value {case!r} not allowed; expected one of "
            f"{', '.join(map(str, c.cols[column].isin or []))}")


def _out_of_range(c: _Failures, column: Any, case: Any, index: object, check: str) -> str:
    col = c.cols[column]
    return f"{_line(index)}, column {column!r}: value {case!r} outside the expected range [{col.ge}, {col.le}]"


def _other(c: _Failures, column: Any, case: Any, index: object, check: str) -> str:
    where = f"column {column!r}" if column is not None else "table"
    return f"{_line(index)}, {where}: failed check {check} (value {case!r})"


def _empty(c: _Failures, column: Any, case: Any, index: object, check: str) -> str:
    return f"{_line(index)}, column {column!r}: empty cell; expected a value"


def _duplicate_value(c: _Failures, column: Any, case: Any, index: object, check: str) -> str:
    return f"{_line(index)}, column {column!r}: duplicate value {case!r}; expected unique values"


def _no_match(c: _Failures, column: Any, case: Any, index: object, check: str) -> str:
    return (f"{_line(index)}, column {column!r}: value {case!r} does not match the expected pattern "
            f"{c.cols[column].regex}")


# pandera's check names -> the explainer that says it: (exact names, name prefixes, explainer); the first match wins
_EXPLAINERS: tuple[tuple[tuple[str, ...], tuple[str, ...], Callable[..., str | None]], ...] = (
    (("column_in_dataframe",), (), _missing_column),
    (("column_in_schema",), (), _unexpected_column),
    ((), ("coerce_dtype", "dtype("), _wrong_type),
    (("not_nullable",), (), _empty),
    (("multiple_fields_uniqueness",), (), _duplicate_key),
    (("field_uniqueness",), (), _duplicate_value),
    (("province_zh_mismatch",), (), _province_zh),
    (("undeclared_variable", "unit_mismatch", "negative_value", "non_finite_value"), (), _variable_row),
    (("province",), ("isin(",), _not_allowed),
    ((), ("str_matches",), _no_match),
    ((), ("greater_than_or_equal_to", "less_than_or_equal_to"), _out_of_range),
)


def _explainer(check: str) -> Callable[..., str | None]:
    """The explainer of a pandera check name (:data:`_EXPLAINERS`), or :func:`_other`."""
    return next((fn for exact, prefixes, fn in _EXPLAINERS if check in exact or check.startswith(prefixes or ("\0",))),
                _other)


def _explain(meta: FileMeta, df: pd.DataFrame, fc: pd.DataFrame) -> list[str]:
    """Turn pandera's failure cases into one sentence per problem.

    Pandera reports some problems several times or in a form that helps nobody; each is said once:

    - a value that does not convert appears as ``coerce_dtype`` and as ``dtype(...)``: one sentence;
    - checks that could not run on a column with unconverted values come with no row index: skipped,
      since the value itself is reported;
    - a duplicate key and a failed table check may appear once per column of the row: one sentence per row;
    - a renamed column is missing *and* unexpected: it is reported as missing, with the close match
      among the unexpected columns as the likely new name, and the "unexpected" case is dropped.

    Each kind of failure has its explainer (:data:`_EXPLAINERS`).

    Args:
        meta: the file's metadata.
        df: the table as parsed (all strings), for the values in messages.
        fc: ``SchemaErrors.failure_cases``, with the columns check, column, failure_case and index.

    Returns:
        The sentences, in row order (header and whole-file problems first); each names the line, the
        column, the value and what was expected.
    """
    cols = _long_columns(meta, []) if meta.layout == "long" else dict(meta.columns)
    extra = [c for c in df.columns if c not in cols]
    missing = fc.loc[fc["check"].astype(str) == "column_in_dataframe", "failure_case"].astype(str)
    ctx = _Failures(meta, df, cols,
                    untyped=set(fc.loc[fc["check"].astype(str).str.startswith("coerce_dtype"), "column"]),
                    rename_of={m: close[0] for m in missing
                               if (close := difflib.get_close_matches(m, extra, n=1, cutoff=0.5))})
    problems: list[tuple[int, str]] = []
    for _, f in fc.iterrows():
        check, column, case, index = str(f["check"]), f["column"], f["failure_case"], f["index"]
        if column in ctx.untyped and pd.isna(index) and not check.startswith("coerce_dtype"):
            continue  # a check that could not run on a column with untyped values: the value is reported
        text = _explainer(check)(ctx, column, case, index, check)
        if text is not None:
            _add(problems, index, text)
    return [text for _, text in sorted(problems, key=lambda p: p[0])]


# --------------------------------------------------------------------------- entry points


_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def _normalise_numbers(df: pd.DataFrame, meta: FileMeta, path: Path) -> pd.DataFrame:
    """Numeric cells checked before the schema: compatibility characters read as ASCII, bad text named precisely.

    Full-width digits (``１２３．４``) are read as ASCII (Unicode NFKC) and surrounding spaces dropped, with one notice
    naming the lines. A cell that is still not a plain number (``n/a``, ``nan``, ``1,5``) is an error naming its line,
    column and text; an empty cell is left to the schema (missing where the column allows it).

    Raises:
        DataError: a numeric cell that is not a number.
    """
    numeric = [n for n, c in {**meta.columns, **meta.extra_columns}.items() if c.dtype in ("int", "float")]
    if meta.layout == "long":
        numeric += ["value"] + ([meta.time_column] if meta.time_kind == "year" else [])
    out, changed, problems = df, [], []
    for col in (c for c in numeric if c in df.columns):
        cells = df[col].astype("string")
        filled = (cells.notna() & (cells != "")).fillna(False).astype(bool)
        odd = filled & (~cells.str.isascii().fillna(True).astype(bool) | (cells != cells.str.strip()).fillna(False)
                        .astype(bool))
        if odd.any():
            out = out.copy() if out is df else out
            clean = cells[odd].map(lambda t: unicodedata.normalize("NFKC", t).strip())
            out.loc[odd, col] = clean
            changed += [f"{_line(i)}, column {col!r}: {cells[i]!r} read as {clean[i]!r}" for i in clean.index]
            cells = out[col].astype("string")
        ok = (cells.str.fullmatch(_NUMBER.pattern).fillna(False).astype(bool)
              | cells.str.lower().isin(["inf", "+inf", "-inf"]).fillna(False).astype(bool))
        bad = filled & ~ok
        kind = "a whole number" if col == meta.time_column or (
            col in meta.columns and meta.columns[col].dtype == "int") else "a number"
        for i in cells.index[bad]:
            text = cells[i]
            hint = "; leave the cell empty for a missing value" if text.lower().lstrip("+-") == "nan" else ""
            problems.append(f"{_line(i)}, column {col!r}: value {text!r} is not {kind}{hint}")
    if changed:
        warnings.warn(NormalisedNotice(f"{paths.rel(path)}: numbers read as plain ASCII (NFKC, spaces dropped): "
                                       + "; ".join(changed[:5]) + (f"; and {len(changed) - 5} more" if len(changed) > 5
                                                                   else "")), stacklevel=3)
    if problems:
        raise DataError(paths.rel(path), problems)
    return out


def validate_frame(df: pd.DataFrame, meta: FileMeta, path: Path) -> pd.DataFrame:
    """Validate an already parsed table (all strings) against ``meta``; typed result.

    ``lazy=True`` makes pandera collect every failure instead of stopping at the first, so the error
    lists all the problems of the file at once.

    Args:
        df: the table as parsed by :func:`_parse` (every column text).
        meta: the file's metadata.
        path: the file, for the message.

    Returns:
        The table with each column converted to its declared dtype (``str``, ``Int64``, ``Float64``).

    Raises:
        DataError: the table does not fit its metadata (one sentence per problem, see :func:`_explain`).
    """
    df = _normalise_numbers(df, meta, path)
    try:
        return schema_for(meta).validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        raise DataError(paths.rel(path), _explain(meta, df, exc.failure_cases)) from None
    except pa.errors.SchemaError as exc:  # pragma: no cover - lazy=True collects all
        raise DataError(paths.rel(path), str(exc)) from None


def read_file(path: Path, meta: FileMeta) -> pd.DataFrame:
    """Read one raw file at ``path`` and validate it against ``meta``.

    Not cached (see :func:`read_raw`), and the path need not be under ``data/raw/``.

    Args:
        path: the file.
        meta: its metadata (separator, columns or variables, key).

    Returns:
        The typed table, in the file's column order, with a fresh 0-based index.

    Raises:
        DataError: the file is missing, cannot be decoded or parsed, or does not fit ``meta``.
    """
    if not path.exists():
        raise DataError(paths.rel(path), "file not found; expected the raw file listed in metadata.yaml")
    text = decode(path)
    df = _parse(paths.rel(path), text, meta.sep)  # type: ignore[arg-type]
    out = validate_frame(df, meta, path)
    out = out[[c for c in df.columns]]  # keep the file's column order
    return out.reset_index(drop=True)


# (path, mtime, size) -> validated table; the size is in the key too, so that a file rewritten within the
# filesystem's mtime resolution is still read again when its size changed
_CACHE: dict[tuple[str, float, int], pd.DataFrame] = {}


def read_raw(source_id: str, file: str) -> pd.DataFrame:
    """Read ``data/raw/<source_id>/<file>``, validated against its ``metadata.yaml``.

    The result is cached per file modification time, so repeated calls are cheap.
    Each call returns a copy, so a caller that changes its table does not change the cache.

    Args:
        source_id: the folder under ``data/raw/`` (e.g. ``"pilot_parks"``).
        file: the file name as listed in that folder's ``metadata.yaml`` (e.g. ``"parks.csv"``).

    Returns:
        The table exactly as stored, typed by its metadata (``Int64``, ``Float64`` or text), in the file's
        column order. Values are in the units declared in metadata.yaml (long tables: the ``unit`` column).

    Raises:
        DataError: the metadata.yaml or the file is missing or malformed; the message names the file, the
            1-based line (header = line 1), the column, the value and what was expected.
        KeyError: ``file`` is not listed in the source's ``metadata.yaml``.
    """
    meta = metadata.load(source_id).file(file)
    path = paths.raw_dir() / source_id / file
    if meta.layout == "netcdf":
        raise DataError(path, "is an array file (layout netcdf), not a table: read it with zcparks.data.hourly")
    if meta.layout == "balance":
        raise DataError(path, "is a park balance (layout balance), not a table: read it with zcparks.data.balance.load")
    try:
        st = path.stat()
        key = (str(path), st.st_mtime, st.st_size)
    except FileNotFoundError:
        key = None
    if key is not None and key in _CACHE:
        return _CACHE[key].copy()
    df = read_file(path, meta)
    if key is not None:
        _CACHE[key] = df
    return df.copy()
