"""Exceptions with messages that name the file, row, column or parameter at fault.

Every error zcparks raises on purpose derives from :class:`ZcparksError`, so the command line
(``zcparks.cli``) can catch that one class and print its message instead of a traceback.
"""

from __future__ import annotations

from pathlib import Path


class ZcparksError(Exception):
    """Base class of every error zcparks raises on purpose.

    Raised for problems in the inputs (data, parameters, configuration); the message is written
    for the person who has to fix the input, so callers print it rather than a traceback.
    """


class DataError(ZcparksError):
    """A raw or processed data file is malformed.

    The message always names the file and, where known, the 1-based line number in the
    file (the header is line 1), the column, the offending value and what was expected.
    All problems found in one file are collected into one error (rather than stopping at the
    first), so one run shows everything to fix; the message lists the first 20 and counts the rest.

    Args:
        file: the file at fault, ideally relative to the repository root (see :func:`zcparks.paths.rel`).
        problems: one problem sentence, or a list of them (one per problem, in file order).

    Attributes:
        file: ``file`` as a string.
        problems: every problem sentence, as a list (also those beyond the 20 shown in the message).
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
    """A sanity check inside a data step failed (OWID style).

    Raised by ``make data`` (:mod:`zcparks.data.build`, :mod:`zcparks.data.geo`) when a built table
    contradicts what is known about it (e.g. not 52 parks, a sector sum that differs from the total);
    the message says what was found and what was expected. Nothing in ``data/processed/`` is replaced.
    """


class ParameterError(ZcparksError):
    """A notebook parameter has an unknown name, a wrong type or a value outside what is allowed."""


class BuildError(ZcparksError):
    """A report build failed (the last good report is kept)."""
