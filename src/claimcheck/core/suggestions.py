""" "Did you mean …?" for a mistyped claim id, citation key or rule (:mod:`difflib`'s ratio:
close enough for ids that differ by a typo, and in the standard library)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

CUTOFF = 0.75
"""How alike (0-1, difflib's ratio) a known name must be to be suggested."""


def nearest(wanted: str, known: Iterable[str], count: int = 3) -> list[str]:
    """Up to ``count`` known names most like ``wanted``, the most alike first."""
    return difflib.get_close_matches(wanted, list(known), n=count, cutoff=CUTOFF)


def did_you_mean(wanted: str, known: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` (or ``'x' or 'y'``), or ``""`` when nothing is alike."""
    near = nearest(wanted, known)
    if not near:
        return ""
    return f"; did you mean {' or '.join(repr(n) for n in near)}?"
