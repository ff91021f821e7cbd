"""``reports.yaml`` -> jobs: one job per report x fan-out combination, each with its output path.

A report is one analysis (its ``id`` is the analysis slug). A job's ID is
``<slug>.<fan-out values joined by '.'>`` (e.g. ``pilot-parks.zh``). The same jobs drive
``zcparks build``, the generated make rules (``zcparks makefile``) and the index page.
A report may list ``moved_from`` paths: each gets a small redirect page, so old links keep
working after a rename. A report may set ``index_by: <fan-out parameter>`` (e.g. ``province``
fanned out over ``@provinces``): the index then lists its pages under one sub-heading per group
of that ID set (the NBS regions East, Central, West, Northeast).
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from zcparks import paths, yamlfile
from zcparks.errors import ParameterError, ZcparksError
from zcparks.report import registry
from zcparks.report.params import NotebookSpec, choice_set, value_text


def _html_path(v: str) -> str:
    if not v.endswith(".html") or v.startswith("/") or ".." in v:
        raise ValueError("must be a relative path ending in .html inside reports/")
    return v


class ReportConfig(BaseModel):
    """One report of ``reports.yaml``.

    ``index_by`` names a fan-out parameter whose ID set has groups (``@provinces``: NBS regions); the index lists
    the report's pages under one sub-heading per group. That the parameter's values are such a set is checked by
    :func:`jobs` (it needs the analysis's spec and ``ids.json``).
    """

    model_config = ConfigDict(extra="forbid")
    id: str
    group: str
    params: dict[str, Any] = {}
    fan_out: dict[str, list[Any] | str] = {}
    output: str
    moved_from: list[str] = []
    mode: str | None = None
    index_by: str | None = None

    @field_validator("output")
    @classmethod
    def _output(cls, v: str) -> str:
        return _html_path(v)

    @field_validator("moved_from")
    @classmethod
    def _moved(cls, v: list[str]) -> list[str]:
        return [_html_path(x) for x in v]

    @model_validator(mode="after")
    def _index_by(self) -> ReportConfig:
        if self.index_by is not None and self.index_by not in self.fan_out:
            raise ValueError(f"report {self.id!r}: index_by {self.index_by!r} is not one of its fan_out keys "
                             f"({', '.join(self.fan_out) or 'none'}); expected the fan-out parameter whose ID-set "
                             "groups split the index (e.g. province over @provinces)")
        return self


class Headline(BaseModel):
    """One headline finding of the index: a sentence whose ``{name}`` placeholders are a report's recorded results.

    The values come from the report's last good build (``zcparks.record`` in its notebook), never from this file.
    """

    model_config = ConfigDict(extra="forbid")
    report: str
    values: dict[str, str]  # record name -> Python format spec (".4f", "d", ".1f"; "" as it is)
    en: str
    zh: str

    @model_validator(mode="after")
    def _placeholders(self) -> Headline:
        import string

        for lang in ("en", "zh"):
            used = {f for _, f, _, _ in string.Formatter().parse(getattr(self, lang)) if f}
            if used != set(self.values):
                raise ValueError(f"headline of {self.report!r}: the {lang} text uses {sorted(used)}, "
                                 f"expected exactly the records of values ({sorted(self.values)})")
        return self


class Config(BaseModel):
    """The whole of ``reports.yaml``."""

    model_config = ConfigDict(extra="forbid")
    defaults: dict[str, Any] = {}
    groups: dict[str, dict[str, str]]
    shared_datasets: dict[str, str] = {}
    downloads: list[str] = []  # files of data/processed/csv/ that pages may link as href="zc-download:<file>"
    front_map: dict[str, str] = {}  # {report: <id>, chart: <element id>}: the chart of a built page the index shows
    headlines: list[Headline] = []
    reports: list[ReportConfig]

    @model_validator(mode="after")
    def _groups(self) -> Config:
        for name, titles in self.groups.items():
            if set(titles) != {"en", "zh"} or not all(titles.values()):
                raise ValueError(f"groups.{name}: needs a title in en and in zh")
        for r in self.reports:
            if r.group not in self.groups:
                raise ValueError(f"report {r.id!r}: group {r.group!r} is not one of the groups ({', '.join(self.groups)})")
        ids = {r.id for r in self.reports}
        for h in self.headlines:
            if h.report not in ids:
                raise ValueError(f"headlines: report {h.report!r} is not one of the reports ({', '.join(sorted(ids))})")
        if self.front_map and (set(self.front_map) != {"report", "chart"} or self.front_map["report"] not in ids):
            raise ValueError("front_map: expected {report: <a report id>, chart: <chart element id, e.g. zc-chart-001>}")
        return self


@dataclass(frozen=True)
class Job:
    """One page to build: an analysis with fixed parameters and an output path.

    Attributes:
        id: ``<slug>.<fan-out values>``.
        report: the analysis slug (``adhoc`` for ``zcparks run``).
        analysis: the analysis slug whose notebook runs.
        group: the index group.
        params: the checked parameters.
        output: the page's path relative to ``reports/``.
        mode: ``site`` or ``standalone``.
        moved_from: old paths of this page (redirect stubs), relative to ``reports/``.
        index_by: the parameter whose ID-set group places the page under a sub-heading of the index, or None.
    """

    id: str
    report: str
    analysis: str
    group: str
    params: dict[str, Any] = field(hash=False)
    output: str
    mode: str
    moved_from: tuple[str, ...] = ()
    index_by: str | None = None

    @cached_property
    def spec(self) -> NotebookSpec:
        """The analysis's notebook spec."""
        return registry.spec(self.analysis)

    @property
    def notebook(self) -> str:
        """The notebook's file stem, ``NN-<slug>``."""
        return self.spec.notebook

    @property
    def lang(self) -> str:
        """The page language."""
        return self.params.get("lang", "en")

    def html_path(self, reports_dir: Path | None = None) -> Path:
        """Where the page is written."""
        return (reports_dir or paths.reports_dir()) / self.output

    def notebook_path(self) -> Path:
        """``notebooks/NN-<slug>.ipynb``."""
        return paths.notebooks_dir() / f"{self.notebook}.ipynb"

    def to_json(self) -> str:
        """The job's parameters file (``build/params/<job>.json``): make rebuilds a page when it changes."""
        return json.dumps({"id": self.id, "analysis": self.analysis, "params": self.params, "output": self.output,
                           "mode": self.mode}, sort_keys=True, ensure_ascii=False, indent=1)


def config_path() -> Path:
    """``reports.yaml`` at the repository root."""
    return paths.root() / "reports.yaml"


def load_config(path: Path | None = None) -> Config:
    """The report configuration, checked.

    Raises:
        ZcparksError: missing file, bad YAML, or a field that is unknown or wrong (named).
    """
    path = path or config_path()
    raw = yamlfile.load(path)
    try:
        return Config.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ZcparksError(f"{paths.rel(path)}: {problems}") from None


def _values(v: list[Any] | str) -> list[Any]:
    if isinstance(v, str):
        try:
            return list(choice_set(v).values)
        except ZcparksError as exc:
            raise ZcparksError(f"reports.yaml: fan-out {v!r}: {exc}; or use a list") from None
    return list(v)


def _check_index_by(r: ReportConfig, spec: NotebookSpec) -> None:
    """``index_by`` of ``r`` names a scalar parameter whose allowed values are an ID set with groups.

    Raises:
        ZcparksError: naming reports.yaml, the report and what is expected.
    """
    try:
        p = spec.param(r.index_by)
    except ParameterError as exc:
        raise ZcparksError(f"reports.yaml, report {r.id!r}: index_by: {exc}") from None
    expected = ("expected a fan-out parameter whose choices are an ID set with groups (e.g. province with choices "
                "@provinces, grouped by NBS region)")
    where = f"reports.yaml, report {r.id!r}: index_by {r.index_by!r}"
    if p.type is list or not isinstance(p.choices, str):
        what = "a list parameter" if p.type is list else f"choices {p.describe_allowed()}"
        raise ZcparksError(f"{where} has {what}; {expected}")
    if not choice_set(p.choices).groups:
        raise ZcparksError(f"{where}: ID set {p.choices} has no groups in data/processed/ids.json; {expected}")


def jobs(config: Config | None = None) -> list[Job]:
    """Every job of the configuration, parameters validated against the analysis's schema.

    Raises:
        ZcparksError: an unknown analysis, a bad parameter, or two jobs with one ID or one output path.
    """
    config = config or load_config()
    out: list[Job] = []
    for r in config.reports:
        try:
            spec = registry.spec(r.id)
        except ParameterError:
            raise ZcparksError(f"reports.yaml, report {r.id!r}: not an analysis slug; known: "
                               f"{', '.join(registry.analyses())}") from None
        if r.index_by is not None:
            _check_index_by(r, spec)
        keys = list(r.fan_out)
        for combo in itertools.product(*(_values(r.fan_out[k]) for k in keys)) if keys else [()]:
            given = {**r.params, **dict(zip(keys, combo, strict=True))}
            try:
                values = spec.validate(given)
            except ParameterError as exc:
                raise ZcparksError(f"reports.yaml, report {r.id!r}: {exc}") from None
            suffix = ".".join(value_text(c) for c in combo)
            out.append(Job(
                id=f"{r.id}.{suffix}" if suffix else r.id, report=r.id, analysis=spec.slug, group=r.group,
                params=values, output=r.output.format(**values), mode=r.mode or config.defaults.get("mode", "site"),
                moved_from=tuple(m.format(**values) for m in r.moved_from), index_by=r.index_by,
            ))
    ids = [j.id for j in out]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise ZcparksError(f"reports.yaml: duplicate job IDs {sorted(dup)}")
    outputs = [j.output for j in out] + [m for j in out for m in j.moved_from]
    if len(set(outputs)) != len(outputs):
        raise ZcparksError("reports.yaml: two jobs (or a job and a moved_from path) write the same output path")
    return out


def job(job_id: str, all_jobs: list[Job] | None = None) -> Job:
    """The job ``job_id``; ZcparksError listing the jobs if unknown."""
    all_jobs = all_jobs or jobs()
    for j in all_jobs:
        if j.id == job_id:
            return j
    raise ZcparksError(f"unknown job {job_id!r}; jobs: {', '.join(j.id for j in all_jobs)}")


def counterpart(j: Job, all_jobs: list[Job]) -> Job | None:
    """The same report in the other language, if configured."""
    if "lang" not in j.params:
        return None
    other = "zh" if j.lang == "en" else "en"
    want = {**j.params, "lang": other}
    for k in all_jobs:
        if k.report == j.report and k.params == want:
            return k
    return None
