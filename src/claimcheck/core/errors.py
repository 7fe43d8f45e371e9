"""Fatal errors: usage, configuration and I/O problems that end a run with exit code 2.

They are never findings. A finding is something wrong with the content; these are
reasons the tool could not do its job at all.
"""


class ClaimcheckError(Exception):
    """A fatal error reported as one line on stderr with exit code 2."""

    exit_code = 2


class UsageError(ClaimcheckError):
    """The command line asked for something impossible."""


class ConfigError(ClaimcheckError):
    """The configuration file is unreadable or invalid."""


class InputError(ClaimcheckError):
    """A path could not be read or written."""
