"""Reporters by ``--format`` name. Adding a format is a class and one entry here."""

from __future__ import annotations

from claimcheck.reporters.base import Reporter
from claimcheck.reporters.github import GithubReporter
from claimcheck.reporters.json import JsonReporter
from claimcheck.reporters.junit import JunitReporter
from claimcheck.reporters.sarif import SarifReporter
from claimcheck.reporters.text import TextReporter

REPORTERS: dict[str, Reporter] = {
    r.name: r for r in (TextReporter(), JsonReporter(), SarifReporter(), JunitReporter(), GithubReporter())
}

__all__ = ["REPORTERS", "Reporter"]
