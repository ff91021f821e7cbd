"""zcparks: analysis notebooks and reports on China's national zero-carbon parks (国家级零碳园区)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("zcparks")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"

__all__ = ["__version__", "record"]


def record(name: str, value: object) -> None:
    """Record a named result in the running notebook, for sweeps and index headlines.

    See :func:`zcparks.records.record`; e.g. ``zcparks.record("national_factor", 0.5306)``.
    """
    from zcparks.records import record as _record

    _record(name, value)
