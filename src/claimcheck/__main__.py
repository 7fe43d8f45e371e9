"""``python -m claimcheck``."""

from claimcheck.cli import entry

entry()
