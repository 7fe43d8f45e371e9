"""Reporters by ``--format`` name. Adding a format is a class and one entry here.

A reporter's module is imported when its format is asked for: ``check --format json`` need not
pay for the XML or SARIF machinery (start-up time counts in a re-check of one changed file)."""

from __future__ import annotations

from importlib import import_module

from claimcheck.reporters.base import Reporter

FORMATS: dict[str, str] = {
    "text": "claimcheck.reporters.text:TextReporter",
    "json": "claimcheck.reporters.json:JsonReporter",
    "sarif": "claimcheck.reporters.sarif:SarifReporter",
    "junit": "claimcheck.reporters.junit:JunitReporter",
    "github": "claimcheck.reporters.github:GithubReporter",
}
"""``--format`` value -> ``module:class`` of its reporter."""


def reporter(name: str) -> Reporter:
    """The reporter of format ``name`` (one of :data:`FORMATS`)."""
    module, _, cls = FORMATS[name].partition(":")
    made: Reporter = getattr(import_module(module), cls)()
    return made


__all__ = ["FORMATS", "Reporter", "reporter"]
