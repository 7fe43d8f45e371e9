"""Splitting at a separator and the whitespace around it, in linear time.

``re.split(r"\\s*,\\s*", text)`` tries the pattern at every position: each space of a long run
of spaces not followed by a comma is the start of a scan to the end of that run, which is
quadratic (tests/test_redos.py). Splitting at the separator and trimming the pieces' sides
that touch it gives the same pieces: the whitespace before a separator is consumed from the
start of its run, and the whitespace after it to the end of its run.
"""

from __future__ import annotations

import re


def split_spaced(text: str, separator: re.Pattern[str]) -> list[str]:
    """``re.split(r"\\s*" + separator.pattern + r"\\s*", text)``, for a separator that matches
    neither whitespace nor the empty string."""
    parts = separator.split(text)
    last = len(parts) - 1
    out = []
    for index, part in enumerate(parts):
        if index:
            part = part.lstrip()
        if index < last:
            part = part.rstrip()
        out.append(part)
    return out
