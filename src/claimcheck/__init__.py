"""claimcheck: content validation and citation checking for health articles."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("claimcheck")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"

__all__ = ["__version__"]
