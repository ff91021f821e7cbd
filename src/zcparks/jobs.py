"""``reports.yaml`` -> jobs: one job per report x fan-out combination, each with its output path.

A job's ID is ``<report id>.<fan-out values joined by '.'>`` (e.g. ``pilot-parks.zh``).
The same jobs drive ``zcparks build``, the generated Makefile (``zcparks makefile``) and the
index page.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from zcparks import params as P
from zcparks import paths
from zcparks.errors import ParameterError, ZcparksError

GROUPS = ("overview", "comparisons", "provinces", "parks")


class ReportConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    notebook: str
    group: str
    params: dict[str, Any] = {}
    fan_out: dict[str, list[Any] | str] = {}
    output: str
    mode: str | None = None

    @field_validator("group")
    @classmethod
    def _group(cls, v: str) -> str:
        if v not in GROUPS:
            raise ValueError(f"group must be one of {', '.join(GROUPS)}")
        return v

    @field_validator("output")
    @classmethod
    def _output(cls, v: str) -> str:
        if not v.endswith(".html") or v.startswith("/") or ".." in v:
            raise ValueError("output must be a relative path ending in .html inside reports/")
        return v


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid")
    defaults: dict[str, Any] = {}
    reports: list[ReportConfig]


@dataclass(frozen=True)
class Job:
    id: str
    report: str
    notebook: str
    group: str
    params: dict[str, Any] = field(hash=False)
    output: str  # relative to reports/
    mode: str

    @cached_property
    def spec(self) -> P.NotebookSpec:
        return P.spec(self.notebook)

    @property
    def lang(self) -> str:
        return self.params.get("lang", "en")

    def html_path(self, reports_dir: Path | None = None) -> Path:
        return (reports_dir or paths.reports_dir()) / self.output

    def notebook_path(self) -> Path:
        return paths.notebooks_dir() / f"{self.notebook}.ipynb"

    def to_json(self) -> str:
        return json.dumps({"id": self.id, "notebook": self.notebook, "params": self.params, "output": self.output,
                           "mode": self.mode}, sort_keys=True, ensure_ascii=False, indent=1)


def config_path() -> Path:
    return paths.root() / "reports.yaml"


def load_config(path: Path | None = None) -> Config:
    path = path or config_path()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return Config.model_validate(raw)
    except FileNotFoundError:
        raise ZcparksError(f"{paths.rel(path)}: not found; expected the report configuration") from None
    except yaml.YAMLError as exc:
        raise ZcparksError(f"{paths.rel(path)}: not valid YAML: {exc}") from None
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ZcparksError(f"{paths.rel(path)}: {problems}") from None


def _values(v: list[Any] | str) -> list[Any]:
    if isinstance(v, str):
        if v not in P.CHOICE_SETS:
            raise ZcparksError(f"reports.yaml: fan-out {v!r} unknown; use a list or one of {', '.join(P.CHOICE_SETS)}")
        return P.CHOICE_SETS[v]()
    return list(v)


def jobs(config: Config | None = None) -> list[Job]:
    """Every job of the configuration, parameters validated against the notebook's schema."""
    config = config or load_config()
    out: list[Job] = []
    for r in config.reports:
        keys = list(r.fan_out)
        for combo in itertools.product(*(_values(r.fan_out[k]) for k in keys)) if keys else [()]:
            given = {**r.params, **dict(zip(keys, combo, strict=True))}
            try:
                values = P.validate(r.notebook, given)
            except ParameterError as exc:
                raise ZcparksError(f"reports.yaml, report {r.id!r}: {exc}") from None
            suffix = ".".join(str(c) for c in combo)
            out.append(Job(
                id=f"{r.id}.{suffix}" if suffix else r.id,
                report=r.id,
                notebook=r.notebook,
                group=r.group,
                params=values,
                output=r.output.format(**values),
                mode=r.mode or config.defaults.get("mode", "site"),
            ))
    ids = [j.id for j in out]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise ZcparksError(f"reports.yaml: duplicate job IDs {sorted(dup)}")
    outputs = [j.output for j in out]
    if len(set(outputs)) != len(outputs):
        raise ZcparksError("reports.yaml: two jobs write the same output path")
    return out


def job(job_id: str, all_jobs: list[Job] | None = None) -> Job:
    all_jobs = all_jobs or jobs()
    for j in all_jobs:
        if j.id == job_id:
            return j
    raise ZcparksError(f"unknown job {job_id!r}; jobs: {', '.join(j.id for j in all_jobs)}")


def counterpart(j: Job, all_jobs: list[Job]) -> Job | None:
    """The same report with the other language, if configured."""
    if "lang" not in j.params:
        return None
    other = "zh" if j.lang == "en" else "en"
    want = {**j.params, "lang": other}
    for k in all_jobs:
        if k.report == j.report and k.params == want:
            return k
    return None
