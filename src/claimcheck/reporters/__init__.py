"""Reporters by ``--format`` name. Adding a format is a class and one entry here."""

from __future__ import annotations

from claimcheck.reporters.base import Reporter
from claimcheck.reporters.json import JsonReporter
from claimcheck.reporters.text import TextReporter

REPORTERS: dict[str, Reporter] = {r.name: r for r in (TextReporter(), JsonReporter())}

__all__ = ["REPORTERS", "Reporter"]
