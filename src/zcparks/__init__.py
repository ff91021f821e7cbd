"""zcparks: analysis notebooks and reports on China's national zero-carbon parks (国家级零碳园区)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("zcparks")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
