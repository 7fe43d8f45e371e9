"""Cutting a BibTeX field value into atoms that LaTeX decoding treats independently.

pylatexenc (behind bibtexparser's LatexDecodingMiddleware) reads about 150,000 characters a
second, plain text included, and costs 0.1 ms a call: a library whose abstracts each carry
one ``20\\%`` took seconds to index, and a title of 1 MB took 9 seconds. Decoding is local,
though. A value cut between tokens outside every formula and every brace group, and not where
a macro still takes an argument or swallows a space, decodes to its atoms' decodings joined.
So plain text skips the decoder, a formula is kept as it is written (the decoder keeps math
verbatim), a group is its content decoded the same way, a macro with braced arguments is its
text specification applied to its arguments' text, and only the rest (accents, symbols,
special characters) goes to the decoder, once per distinct atom.
tests/load/test_latex_atoms.py holds the atoms to the whole value's decoding.
"""

from __future__ import annotations

import re
from enum import Enum
from functools import lru_cache

from pylatexenc.latexwalker import get_default_latex_context_db
from pylatexenc.macrospec import MacroStandardArgsParser


class Kind(Enum):
    PLAIN = "plain"
    """Text the decoder leaves as it is."""
    SPECIAL = "special"
    """One of the decoder's special characters ('--', '~', '``', ...)."""
    MATH = "math"
    """A whole inline formula, '$...$'."""
    GROUP = "group"
    """One '{...}' group that is no macro's argument."""
    MACRO = "macro"
    """A macro and all its arguments."""
    LATEX = "latex"
    """Anything else, decoded as a whole."""


Atom = tuple[Kind, str]

_SPECIALS = r"---|--|``|''|!`|\?`|~|&"
_TOKEN = re.compile(
    rf"\\(?:[A-Za-z]+|.)?|\$\$|[{{}}$%]|{_SPECIALS}|(?:(?!{_SPECIALS})[^\\{{}}$%])+", re.DOTALL
)
_SPECIAL = re.compile(_SPECIALS)
_NOT_PLAIN = re.compile(rf"[\\{{}}$%]|{_SPECIALS}")


def is_plain(text: str) -> bool:
    """Whether the decoder leaves ``text`` as it is."""
    return _NOT_PLAIN.search(text) is None


_NEVER = 1 << 30
_DB = get_default_latex_context_db()
_WALKER_SYNTAX = frozenset(["begin", "end", "(", ")", "[", "]", "verb"])
"""Environments, formulas and verbatim: the walker reads them itself, not as macros."""


@lru_cache(maxsize=4096)
def argspec(name: str) -> str | None:
    """The decoder's argument specification of ``\\name``: '' without arguments (or unknown),
    ``None`` when it reads them its own way."""
    if name in _WALKER_SYNTAX:
        return None
    spec = _DB.get_macro_spec(name)
    if spec is None:
        return ""
    parser = spec.args_parser
    argspec = getattr(parser, "argspec", None)
    return argspec if type(parser) is MacroStandardArgsParser and isinstance(argspec, str) else None


def arguments(name: str, following: str = "") -> int:
    """How many ``{...}`` arguments the decoder reads after ``\\name`` (followed by the
    character ``following``): 0 for a macro it knows without arguments or does not know; -1
    where optional arguments may follow. Optional ones before the braced ones (``\\cite``:
    ``*[[{``) are absent when a brace follows at once."""
    spec = argspec(name)
    if spec is None:
        return -1
    if spec == "{" * len(spec):
        return len(spec)
    if following == "{" and spec.rstrip("{") and not spec.rstrip("{").strip("*["):
        return spec.count("{")
    return -1


def atoms(value: str) -> list[Atom] | None:
    """``value`` cut where decoding may be split: it decodes to its atoms' decodings joined.
    ``None`` when it may not be cut at all (a comment, unbalanced braces or formulas)."""
    out: list[Atom] = []
    start, kind = 0, Kind.PLAIN
    depth = 0
    math = ""  # "$" or "$$" inside a formula
    math_depth = 0  # the group depth the formula opened at
    waiting = 0  # arguments a top-level macro still takes; -1: optional ones, never cut again
    swallowing = False  # the previous token is a macro that swallows the next spaces
    armed = _NEVER  # the outermost open group holding a macro that takes arguments

    def cut(at: int, next_kind: Kind) -> None:
        nonlocal start, kind
        if at > start:
            if out and kind is Kind.PLAIN and out[-1][0] is Kind.PLAIN:
                out[-1] = (Kind.PLAIN, out[-1][1] + value[start:at])
            else:
                out.append((kind, value[start:at]))
        start, kind = at, next_kind

    for match in _TOKEN.finditer(value):
        token, at = match.group(), match.start()
        first = token[0]
        neutral = depth == 0 and not math and not waiting
        if first not in "\\{}$%" and not _SPECIAL.fullmatch(token):  # plain text and spaces
            if depth or math or waiting < 0:
                continue
            if waiting or swallowing:
                at += len(token) - len(token.lstrip())
                if waiting and at < match.end():  # the argument: one character
                    waiting = 0 if value[at].isalnum() and waiting == 1 else -1
                    at += 1
                swallowing = False
            if not waiting and at < match.end():
                cut(at, Kind.PLAIN)
            continue
        swallowing = False
        if first == "%":
            return None
        if first == "\\":
            name = token[1:]
            if not name:
                return None  # a lone backslash at the end
            if name in _WALKER_SYNTAX:
                waiting, kind = -1, Kind.LATEX  # may reach past the group it is in
                continue
            if depth:
                if arguments(name):
                    armed = min(armed, depth)
                continue  # a macro in a group: its arguments end with the group (unless a formula)
            if math:
                if not waiting and arguments(name):  # its arguments might reach past the formula
                    waiting, kind = -1, Kind.LATEX
                continue
            if waiting:
                waiting, kind = -1, Kind.LATEX  # a macro as an argument: give up cutting
                continue
            end = match.end()
            cut(at, Kind.MACRO)
            if name.isalpha() and end < len(value) and value[end].isalpha():  # a non-ASCII letter
                waiting, kind = -1, Kind.LATEX  # goes on the decoder's macro name: give up cutting
                continue
            waiting = arguments(name, value[end : end + 1])
            if waiting < 0:
                kind = Kind.LATEX
            swallowing = not waiting and name.isalpha()  # TeX swallows the spaces after \name
        elif first == "$":
            if depth >= armed:
                return None  # a formula as a macro's argument may reach past the group's end
            if neutral:  # inline formulas are kept verbatim, displayed ones set apart
                cut(at, Kind.MATH if token == "$" else Kind.LATEX)
            elif depth == 0 and waiting > 0:
                waiting, kind = -1, Kind.LATEX
            if not math:
                math, math_depth = token, depth
            elif math == token and depth == math_depth:
                math = ""
                if depth == 0 and not waiting:
                    cut(match.end(), Kind.PLAIN)
            else:
                return None  # a formula across groups, or '$$' closing '$'
        elif first == "{":
            if neutral:
                cut(at, Kind.GROUP)
            depth += 1
        elif first == "}":
            if depth == armed:
                armed = _NEVER
            depth -= 1
            if depth < 0:
                return None
            if depth == 0 and not math:
                if waiting > 0:
                    waiting -= 1
                    if not waiting:
                        cut(match.end(), Kind.PLAIN)
                elif not waiting:
                    cut(match.end(), Kind.PLAIN)
        else:  # a special character
            if neutral:
                cut(at, Kind.SPECIAL)
                cut(match.end(), Kind.PLAIN)
            elif depth == 0 and not math and waiting > 0:
                waiting, kind = -1, Kind.LATEX
    if depth or math or waiting > 0:
        return None  # unbalanced, or a macro short of arguments (the decoder reads nothing)
    cut(len(value), Kind.PLAIN)
    return out


def macro_arguments(atom: str) -> tuple[str, tuple[str, ...]] | None:
    """A macro atom's name and the contents of its braced arguments, when it is written
    ``\\name{...}{...}`` with nothing between them (else the decoder reads it)."""
    match = re.match(r"\\([A-Za-z]+|.)", atom)
    if match is None:
        return None
    name, args, at = match.group(1), [], match.end()
    while at < len(atom):
        if atom[at] != "{":
            return None
        depth, end = 0, at
        for end in range(at, len(atom)):
            depth += {"{": 1, "}": -1}.get(atom[end], 0)
            if depth == 0:
                break
        if depth:
            return None
        args.append(atom[at + 1 : end])
        at = end + 1
    return (name, tuple(args)) if len(args) == arguments(name, atom[match.end() : match.end() + 1]) else None
