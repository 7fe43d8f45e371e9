"""Where BibTeX itself is strict and bibtexparser is lenient: a pass over each entry's text.

bibtexparser v2 reads some entries BibTeX rejects, silently: a value without braces or
quotes that is more than one word (``title = invalid literal``), a field without a value
(``title = ,``), and braces that do not balance inside a value (``{moo {foo}} bar}``, or a
``}`` closing nothing inside a quoted value). BibTeX stops with "Syntax Error" or drops the
entry, so the reference list would silently lose it or hold garbled text. Each entry's raw text
is read once more with BibTeX's grammar (``name = value # value ...``, a value being ``{...}``
with balanced braces, ``"..."`` with balanced braces inside, a number, or an ``@string`` name),
in time linear in its length; the first place it leaves the grammar is reported.
"""

from __future__ import annotations

import re

_SPACE = re.compile(r"(?:\s|%[^\n]*)*")
"""Whitespace between tokens, and ``%`` comments to the end of the line (biber and bibtexparser
read them there; entries commented out line by line are common)."""
_NAME = re.compile(r"""[^\s"#%'(),={}]+""")
_BRACE = re.compile(r"[{}]")
_IN_QUOTES = re.compile(r'[{}"]')


def _braced(raw: str, at: int, stop: int) -> int | str:
    """The end of the group opening at ``raw[at] == '{'``, or why there is none."""
    depth = 0
    for match in _BRACE.finditer(raw, at, stop):
        depth += 1 if match.group() == "{" else -1
        if depth == 0:
            return match.end()
    return "a '{' is never closed"


def _quoted(raw: str, at: int, stop: int) -> int | str | tuple[int, str]:
    """The end of the quoted value opening at ``raw[at] == '"'``; or where and why it is wrong."""
    depth = 0
    for match in _IN_QUOTES.finditer(raw, at + 1, stop):
        char = match.group()
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                return match.start(), "a '}' inside the quoted value closes no '{' (unbalanced braces)"
            depth -= 1
        elif depth == 0:
            return match.end()
    return "a quoted value is never closed"


_OPENING = re.compile(r"@\s*[^\s{(]+\s*([{(])")


def lint_entry(raw: str, start: int = 0, stop: int | None = None) -> tuple[int, str] | None:
    """The offset in ``raw`` where BibTeX would stop reading the entry that starts at ``start``
    (its ``@``), and why; None when BibTeX reads it. The entry is read from the library's text,
    not from bibtexparser's copy of it (which a ``"`` inside braces can cut short), up to
    ``stop``: the next block bibtexparser found, so that each character is read once."""
    stop = len(raw) if stop is None else stop

    def char(at: int) -> str:
        return raw[at] if at < stop else ""

    def space(at: int) -> int:
        return _SPACE.match(raw, at, stop).end()  # type: ignore[union-attr]

    opening = _OPENING.match(raw, start, stop)
    if opening is None:
        return None  # not an entry bibtexparser made: nothing to add
    close = "}" if opening.group(1) == "{" else ")"
    comma = raw.find(",", opening.end(), stop)
    if comma < 0:
        return None  # an entry without fields: bibtexparser's own checks apply
    at = comma + 1
    while True:
        at = space(at)
        if char(at) in ("", close):
            break
        name = _NAME.match(raw, at, stop)
        if name is None:
            return at, f"expected a field name, found {raw[at]!r}"
        at = space(name.end())
        if char(at) != "=":
            return at, f"expected '=' after the field name {name.group()!r}"
        at += 1
        while True:  # value # value # ...
            at = space(at)
            first = char(at)
            end: int | str | tuple[int, str]
            if first == "{":
                end = _braced(raw, at, stop)
            elif first == '"':
                end = _quoted(raw, at, stop)
            elif first and (word := _NAME.match(raw, at, stop)) is not None:
                end = word.end()
            else:
                return (
                    at,
                    f'the field {name.group()!r} has no value (BibTeX needs one: {{...}}, "..." or a number)',
                )
            if isinstance(end, str):
                return at, end
            if isinstance(end, tuple):
                return end
            at = space(end)
            if char(at) != "#":
                break
            at += 1
        if char(at) == ",":
            at += 1
            continue
        if char(at) in ("", close):
            break
        if first in '{"':
            why = "text after the value's closing delimiter (unbalanced braces?)"
        else:
            why = "a value without braces or quotes must be one word (a number or an @string name)"
        return at, f"the field {name.group()!r}: {why}; put the whole value in {{braces}}"
    return None
