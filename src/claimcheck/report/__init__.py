"""The static HTML review report."""

from claimcheck.report.html import render_report, write_report

__all__ = ["render_report", "write_report"]
