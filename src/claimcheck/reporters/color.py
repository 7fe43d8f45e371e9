"""Colour for the text report on a terminal: ``--color auto|always|never`` and ``NO_COLOR``.

``auto`` (the default) colours when standard output is a terminal and ``NO_COLOR`` is not set
to a non-empty value (https://no-color.org); ``FORCE_COLOR`` colours a pipe too; the option
given on the command line wins over both. The colours are added to the finished plain report
(the one the cache keeps), line by line, with the escape codes of :mod:`rich`'s styles.
"""

from __future__ import annotations

import os
import re
from typing import IO

CHOICES = ("auto", "always", "never")

_FINDING = re.compile(r"^(?P<where>\S.*?:\d+:\d+:) (?P<severity>error|warning|info) (?P<rule>CC\d{3}) ")
_STYLES = {
    "where": "bold",
    "error": "bold red",
    "warning": "yellow",
    "info": "blue",
    "rule": "cyan",
    "hint": "dim",
    "failed": "bold red",
    "passed": "bold green",
}


def wanted(choice: str, stream: IO[str]) -> bool:
    """Whether to colour what goes to ``stream``, given ``--color``."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _painters() -> dict[str, tuple[str, str]]:
    from rich.color import ColorSystem  # only when colouring
    from rich.style import Style

    painters = {}
    for name, style in _STYLES.items():
        start, _, end = Style.parse(style).render("\0", color_system=ColorSystem.STANDARD).partition("\0")
        painters[name] = start, end
    return painters


def colorize(report: str) -> str:
    """The text report with its locations, severities, rule ids, hints and verdict coloured."""
    paint = _painters()

    def styled(name: str, text: str) -> str:
        start, end = paint[name]
        return f"{start}{text}{end}"

    out = []
    for line in report.split("\n"):
        found = _FINDING.match(line)
        if found:
            severity = found["severity"]
            line = (
                f"{styled('where', found['where'])} {styled(severity, severity)} "
                f"{styled('rule', found['rule'])} {line[found.end() :]}"
            )
        elif line.startswith("    hint: "):
            line = styled("hint", line)
        elif line.startswith(("claimcheck: failed:", "claimcheck: passed:")):
            verdict = line[len("claimcheck: ") : len("claimcheck: ") + 6]
            line = f"claimcheck: {styled(verdict, verdict)}{line[len('claimcheck: ') + 6 :]}"
        out.append(line)
    return "\n".join(out)
