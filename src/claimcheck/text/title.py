"""Where an article's front-matter ``title:`` stands in its text.

A headline makes claims as the body does: the content rules score it, extract proposes it when
the claim model says it is one, and a claim may quote it. Its offsets are those of the value as
written on the ``title:`` line (inside its quotes, if quoted), so a quote of it is an exact slice
of the article text like any other.
"""

from __future__ import annotations

import re

_TITLE = re.compile(r"^title:(?P<value>[^\n]*)", re.MULTILINE)


def title_span(text: str, body_start: int) -> tuple[int, int] | None:
    """Offsets of the front matter's ``title:`` value (inside its quotes, if quoted)."""
    match = _TITLE.search(text, 0, body_start)
    if match is None:
        return None
    start, end = match.span("value")
    value = text[start:end]
    start += len(value) - len(value.lstrip(" \t"))
    end -= len(value) - len(value.rstrip(" \t\r"))
    value = text[start:end] if end > start else ""
    if len(value) >= 2 and value[0] in "\"'" and value[-1] == value[0]:
        start, end = start + 1, end - 1
    return (start, end) if end > start else None


def within(found: tuple[int, int] | None, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """``found`` when it lies inside ``span`` (a quote found from the title's start must not run
    past it into the rest of the front matter), else None."""
    if found is None or span is None or found[1] > span[1]:
        return None
    return found
