"""Exceptions with messages that name the file, row, column or parameter at fault."""

from __future__ import annotations

from pathlib import Path


class ZcparksError(Exception):
    """Base class of every error zcparks raises on purpose."""


class DataError(ZcparksError):
    """A raw or processed data file is malformed.

    The message always names the file and, where known, the 1-based line number in the
    file (the header is line 1), the column, the offending value and what was expected.
    """

    def __init__(
        self,
        file: str | Path,
        problems: list[str] | str,
    ) -> None:
        self.file = str(file)
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        shown = self.problems[:20]
        more = len(self.problems) - len(shown)
        lines = [f"{self.file}: {len(self.problems)} problem(s)"] + [f"  - {p}" for p in shown]
        if more:
            lines.append(f"  ... and {more} more")
        super().__init__("\n".join(lines))


class SanityCheckError(ZcparksError):
    """A sanity check inside a data step failed (OWID style)."""


class ParameterError(ZcparksError):
    """A notebook parameter has an unknown name, a wrong type or a value outside what is allowed."""


class BuildError(ZcparksError):
    """A report build failed (the last good report is kept)."""
