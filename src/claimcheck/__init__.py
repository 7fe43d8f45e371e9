"""claimcheck: content validation and citation checking for health articles."""

__version__ = "0.1.0"
"""The one place the version is written (pyproject.toml reads it from here): reading it from the
installed metadata with importlib.metadata cost 50 ms at every start."""

__all__ = ["__version__"]
