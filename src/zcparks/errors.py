"""Exceptions with messages that name the file, row, column or parameter at fault.

Every error zcparks raises on purpose derives from :class:`ZcparksError`, so the command line
(``zcparks.cli``) can catch that one class and print its message instead of a traceback.
"""

from __future__ import annotations

import errno
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
    """A report build failed (the last good report is kept).

    Args:
        message: one line: which page failed, why, and where its executed notebook is.
        detail: what is shown under that line in a build log (the failing cell and its traceback), or ``""``;
            ``str()`` of the error is the message and the detail, the command line prints the message alone
            (the detail only with ``--debug``).
    """

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message + detail)
        self.message = message
        self.detail = detail


_OS_REASONS = {
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EFBIG: "file too large (over the file-size limit of this process, ulimit -f)",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "read-only file system",
    errno.ENOENT: "no such file or folder (missing, or deleted while running)",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.EISDIR: "is a folder, not a file",
}
"""The reason printed for an operating-system error, by its ``errno``: words a user can act on."""


def os_error_text(exc: OSError) -> str:
    """One line for an operating-system error: the file it concerns and why, e.g. ``out/x.html: no space left ...``.

    Args:
        exc: the error (a full disk, a read-only folder, a file deleted while running ...).

    Returns:
        ``<file>: <reason>`` (the file as the error names it), or the reason alone when the error names no file; the
        reason comes from :data:`_OS_REASONS`, else the system's own words.
    """
    reason = _OS_REASONS.get(exc.errno or 0) or exc.strerror or str(exc) or type(exc).__name__
    if not exc.filename:
        return reason
    where = str(exc.filename) + (f" -> {exc.filename2}" if exc.filename2 else "")
    return f"{where}: {reason}"


class OversizeError(ZcparksError):
    """A file is larger than the limit of its kind and was refused before it was read whole.

    Raised by :func:`zcparks.yamlfile.read_limited`, which checks the size first; callers that have an error type
    of their own (a park balance: :class:`DataError`) re-raise :attr:`problem` under it.

    Args:
        file: the file, ideally relative to the repository root.
        size: its size in bytes; ``None`` when it has none on disk (a pipe) and was cut off after ``limit`` bytes.
        limit: the most bytes allowed.

    Attributes:
        file: ``file`` as a string.
        size: ``size``.
        limit: ``limit``.
        problem: the sentence without the file name (size, limit, and that nothing was read).
    """

    def __init__(self, file: str | Path, size: int | None, limit: int) -> None:
        self.file, self.size, self.limit = str(file), size, limit
        given = f"{_bytes(size)} is more than" if size is not None else "has more than"
        self.problem = f"{given} the limit of {_bytes(limit)} for this file; refused before reading it"
        super().__init__(f"{self.file}: {self.problem}")


def _bytes(n: int) -> str:
    """``n`` bytes for a message: ``200 MiB (209,715,200 bytes)``; below 1 KiB only the bytes."""
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.4g} {unit} ({n:,} bytes)"
    return f"{n:,} bytes"


def one_line(exc: BaseException) -> str:
    """What a command prints for ``exc``: one line, the error's own message, no traceback.

    zcparks's own errors say what to fix (a page's failing cell is in its executed notebook, :class:`BuildError`
    keeps its detail for the build log); an operating-system error names its file and why (:func:`os_error_text`);
    anything else is a defect of zcparks, said in one line that asks for ``--debug``.
    """
    if isinstance(exc, BuildError):
        text = exc.message
    elif isinstance(exc, ZcparksError):
        text = str(exc)  # a data error's problems, one per line, join into one
    elif isinstance(exc, OSError):
        text = os_error_text(exc)
    else:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        text = (f"internal error ({type(exc).__name__}: {first}); run again with --debug for the traceback, and "
                "please report it")
    return " ".join(text.split())

