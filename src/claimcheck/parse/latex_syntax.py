"""What :mod:`claimcheck.parse.latex`'s reader reads into and by: the node kinds and
:class:`Node`, the errors, the depth bound, the token patterns, and each macro's and
environment's argument parser in pylatexenc's database, mirrored (``macro_parser``,
``environment_parser``; a parser claimcheck does not mirror fails at import)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import Enum
from functools import lru_cache

from pylatexenc.latexwalker import get_default_latex_context_db
from pylatexenc.macrospec import MacroStandardArgsParser, VerbatimArgsParser


class Kind(Enum):
    CHARS = "chars"
    """Text as written (whitespace included)."""
    SKIPPED = "skipped"
    """What the walker drops: a stray closing brace or ``\\end{..}``, an empty argument."""
    COMMENT = "comment"
    """``%...`` and the line end and indentation after it."""
    SPECIALS = "specials"
    """One of the walker's special characters ('--', '~', '``', '&', ...)."""
    GROUP = "group"
    """``{...}``, or ``[...]`` as an optional argument."""
    MATH = "math"
    """A formula: ``$..$``, ``\\(..\\)`` (inline), ``$$..$$``, ``\\[..\\]`` (display)."""
    MACRO = "macro"
    """A macro and its arguments."""
    ENVIRONMENT = "environment"
    """``\\begin{name}`` ... ``\\end{name}``."""


CHARS, SKIPPED, COMMENT, SPECIALS = Kind.CHARS, Kind.SKIPPED, Kind.COMMENT, Kind.SPECIALS
GROUP, MATH, MACRO, ENVIRONMENT = Kind.GROUP, Kind.MATH, Kind.MACRO, Kind.ENVIRONMENT

STANDARD, BARE, RESET = "standard", "bare", "reset"
"""How a macro's arguments were read: by its specification; not at all (a macro read as
another macro's argument: pylatexenc's ``nodeargd`` and ``nodeargs`` are ``None``); or not at
all because the input ended while reading them (``nodeargd`` ``None``, ``nodeargs`` ``[]``)."""


class Node:
    """A node of ``latexwalker``: its kind and where it is in the value."""

    __slots__ = ("args", "children", "end", "how", "kind", "name", "peeked", "start")

    def __init__(
        self,
        kind: Kind,
        start: int,
        end: int,
        name: str = "",
        args: list[Node | None] | None = None,
        children: Sequence[Node] = (),
        how: str = STANDARD,
        peeked: bool = False,
    ) -> None:
        self.kind = kind
        self.start = start
        self.end = end
        self.name = name
        """A macro's or environment's name, a group's opening delimiter, a display formula's
        'd', a comment's text (the line end and indentation after it)."""
        self.args = args
        """A macro's or environment's arguments (``None`` where an optional one is absent)."""
        self.children = children
        """A group's, formula's or environment's content."""
        self.how = how
        self.peeked = peeked
        """A macro that looked at the token after its end and did not take it (no star, no
        '['), or took an empty argument from a closing brace: read alone it would read the end
        of the input instead (see :func:`standalone`)."""

    @property
    def argspec(self) -> str:
        """The argument specification its arguments were read by (``macrospec``)."""
        parser = macro_parser(self.name) if self.kind is MACRO else environment_parser(self.name)[0]
        return parser[0] if isinstance(parser, tuple) else "{"

    def __repr__(self) -> str:
        return f"Node({self.kind.name}, {self.start}, {self.end}, {self.name!r})"


class TooDeep(Exception):
    """Nesting beyond :data:`MAX_DEPTH`."""


class Undecodable(Exception):
    """pylatexenc fails on this input as a whole (``\\verb`` at its very end)."""


MAX_DEPTH = 50
"""Groups, formulas, environments and arguments nested deeper than this are not read here
(pylatexenc itself runs out of Python stack at about 300)."""

_DB = get_default_latex_context_db()
_SPECIALS = sorted(
    {chars for category in _DB.category_list for chars in _DB.d[category]["specials"]}, key=len, reverse=True
)
SPECIAL = re.compile("|".join(re.escape(chars) for chars in _SPECIALS))


RUN = re.compile(r"(?:[^\\%{}$\n!&'\-?`~]+|\n(?!\n)|!(?!`)|'(?!')|-(?!-)|\?(?!`)|`(?!`))+")
"""Characters that the walker reads as characters (one token each), whitespace included but
for a paragraph break: none starts a macro, comment, group, formula or special."""
RUN_BRACKETS = re.compile(r"(?:[^\\%{}$\n!&'\-?`~\[\]]+|\n(?!\n)|!(?!`)|'(?!')|-(?!-)|\?(?!`)|`(?!`))+")
"""The same in an optional argument, where '[' and ']' are braces."""
if set(_SPECIALS) != {"&", "~", "``", "''", "--", "---", "!`", "?`"}:  # what the runs stop at
    raise ImportError(f"pylatexenc's specials changed: {_SPECIALS}")
TOKEN_STARTS = frozenset("\\%{}$" + "".join(chars[0] for chars in _SPECIALS))
"""Characters that may start a token other than a character."""
SPACE = re.compile(r"\s*")
LETTERS = re.compile(r"[A-Za-z]+")
MACRO_NAME = re.compile(r"\\([A-Za-z]+)(?:[^\S\n]|\n(?!\n))*")
"""A macro named with ASCII letters and the space it swallows, up to a paragraph break."""
ENVIRONMENT_NAME = re.compile(r"\s*\{([\w* ._-]+)\}")
COMMENT_END = re.compile(r"(\n|\r|\n\r)(?P<extraspace>\s*)")


@lru_cache(maxsize=4096)
def macro_parser(name: str) -> tuple[str, bool, tuple[bool | None, ...] | None] | str:
    """The walker's reading of ``\\name``'s arguments: (argspec, no space before '[', math
    modes) for a standard parser, or "verb" (\\verb's delimited argument)."""
    spec = _DB.get_macro_spec(name)
    if spec is None:
        return ("", False, None)
    return _parser(spec.args_parser)


@lru_cache(maxsize=1024)
def environment_parser(name: str) -> tuple[tuple[str, bool, tuple[bool | None, ...] | None] | str, bool]:
    """The walker's reading of environment ``name``'s arguments, and whether its body is math."""
    spec = _DB.get_environment_spec(name)
    if spec is None:
        return ("", False, None), False
    return _parser(spec.args_parser), bool(spec.is_math_mode)


def _parser(parser: object) -> tuple[str, bool, tuple[bool | None, ...] | None] | str:
    if isinstance(parser, VerbatimArgsParser):
        return str(parser.verbatim_arg_type)
    if not isinstance(parser, MacroStandardArgsParser) or type(parser) is not MacroStandardArgsParser:
        raise TypeError(f"an argument parser claimcheck does not mirror: {parser!r}")
    modes = parser.args_math_mode
    return (parser.argspec, bool(parser.optional_arg_no_space), None if modes is None else tuple(modes))


for _category in _DB.category_list:  # every parser of the database is one mirrored here
    for _spec in [*_DB.d[_category]["macros"].values(), *_DB.d[_category]["environments"].values()]:
        _parser(_spec.args_parser)


class EOS(Exception):
    """``LatexWalkerEndOfStream``: where the characters read before the end stop."""

    def __init__(self, final: int) -> None:
        self.final = final


class ParseError(Exception):
    """``LatexWalkerParseError`` raised out of an argument parser (\\verb's)."""


State = tuple[bool, str]
"""The walker's parsing state: math mode, and the delimiter that opened it."""
TEXT: State = (False, "")

Token = tuple[str, str, int, int]
"""(kind, argument, position, end) of ``latexwalker.LatexToken``; the pre-space is what lies
between the position asked for and ``position``."""
