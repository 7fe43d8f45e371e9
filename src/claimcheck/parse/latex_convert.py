"""LaTeX nodes (:mod:`claimcheck.parse.latex`) converted to Unicode text by pylatexenc's macro,
environment and specials tables (bibtexparser's decoder's), within a budget: accents composed,
groups and math flattened, what cannot be read in time approximated."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache
from inspect import getfullargspec

from bibtexparser import model as bib
from bibtexparser.library import Library
from bibtexparser.middlewares import LatexDecodingMiddleware
from pylatexenc.latex2text import EnvironmentTextSpec, MacroTextSpec, SpecialsTextSpec
from pylatexenc.latex2text._defaultspecs import unicode_accents_list

from claimcheck.parse.latex import standalone
from claimcheck.parse.latex_syntax import (
    BARE,
    CHARS,
    COMMENT,
    ENVIRONMENT,
    GROUP,
    MACRO,
    MATH,
    SPECIALS,
    Node,
    Undecodable,
)

_DECODE = LatexDecodingMiddleware(allow_inplace_modification=True)


EMPTY = Library()


_SPECS = _DECODE._decoder.latex_context
"""The decoder's text specifications of macros (pylatexenc's, and bibtexparser's \\url)."""


WHOLE_LIMIT = 20_000
"""Characters of a value that pylatexenc may read at once (0.15 s): past :data:`FRESH_ATOMS`
parts it reads for the first time, a value up to this size goes to it whole; a longer one is
decoded approximately (:class:`Text`, ``approximate``)."""


FRESH_ATOMS = 64
"""Distinct parts of one value that pylatexenc reads, at most (a call costs 0.1 ms; its answers
are cached); they hold at most :data:`WHOLE_LIMIT` characters between them. Counted in the
value alone, so that its text does not depend on what was decoded before."""


class OverBudget(Exception):
    pass


class _Miss(Exception):
    """A text specification's function asked for something the stand-ins do not offer (not an
    AttributeError: ``getattr(obj, name, default)`` and ``hasattr`` would hide it)."""


@lru_cache(maxsize=4096)
def _macro_spec(name: str) -> MacroTextSpec | None:
    return _SPECS.get_macro_spec(name)


@lru_cache(maxsize=1024)
def _environment_spec(name: str) -> EnvironmentTextSpec | None:
    return _SPECS.get_environment_spec(name)


@lru_cache(maxsize=256)
def _specials_spec(chars: str) -> SpecialsTextSpec | None:
    return _SPECS.get_specials_spec(chars)


@lru_cache(maxsize=1024)
def _parameters(function: Callable[..., object]) -> tuple[str, ...]:
    return tuple(getfullargspec(function)[0])


_PERCENT_S = re.compile("(^|[^%])(%%)*%s")


class Text:
    """``LatexNodes2Text.nodelist_to_text`` and the methods it calls, with bibtexparser's
    configuration (math kept verbatim, braces dropped, ``strict_latex_spaces`` 'macros', no
    filling, comments dropped but for the line end after them), on the nodes of one value."""

    def __init__(self, value: str, approximate: bool = False) -> None:
        self.value = value
        self.approximate = approximate
        self.parts: set[str] = set()
        self.chars = 0

    def nodelist(self, nodes: Sequence[Node]) -> str:
        return "".join([self.node(node) for node in nodes])

    def node(self, node: Node) -> str:
        kind = node.kind
        if kind is CHARS:
            return self.value[node.start : node.end]
        if kind is GROUP:
            return self.nodelist(node.children)
        if kind is MACRO:
            return self.macro(node)
        if kind is MATH:  # math_node_to_text, 'verbatim'
            source = self.value[node.start : node.end]
            return "\n" + source + "\n" if node.name else source
        if kind is SPECIALS:
            return self.specials(node)
        if kind is COMMENT:
            return node.name
        if kind is ENVIRONMENT:
            return self.environment(node)
        return ""  # what the walker dropped

    def arg(self, node: Node | None) -> str:
        """``_groupnodecontents_to_text``."""
        if node is None:
            return ""
        return self.nodelist(node.children) if node.kind is GROUP else self.node(node)

    def macro(self, node: Node) -> str:
        """``macro_node_to_text``: unknown macros are dropped with their arguments."""
        spec = _macro_spec(node.name)
        if spec is None:
            return ""
        if node.name in _ACCENTS and spec.simplify_repl is _ACCENTS[node.name][1]:
            argument = node.args[0] if node.args else None  # make_accented_char
            return _accented(self.arg(argument).strip() if argument else " ", _ACCENTS[node.name][0])
        if node.name == "item" and spec.simplify_repl is _ITEM:
            option = node.args[0] if node.args and node.how != BARE else None
            return "\n  " + (self.arg(option) if option else "* ")
        if spec.simplify_repl:
            return self.replace(node, spec.simplify_repl)
        if spec.discard:
            return ""
        return "".join([self.arg(arg) for arg in node.args or ()])

    def environment(self, node: Node) -> str:
        """``environment_node_to_text``: unknown environments give their body's text."""
        spec = _environment_spec(node.name)
        if spec is None:
            return self.nodelist(node.children)
        if spec.simplify_repl:
            return self.replace(node, spec.simplify_repl)
        if spec.discard:
            return ""
        return self.nodelist(node.children)

    def specials(self, node: Node) -> str:
        """``specials_node_to_text``."""
        spec = _specials_spec(node.name)
        if spec is None:
            return node.name
        if spec.simplify_repl:
            return self.replace(node, spec.simplify_repl)
        return self.delegate(node)

    def replace(self, node: Node, repl: str | Callable[..., object]) -> str:
        """``apply_simplify_repl``."""
        if callable(repl):
            return self.call(node, repl)
        if "%" not in repl or len(repl) == 1:
            return repl
        args = node.args or ()
        values: tuple[str, ...] | dict[str, str]
        if node.kind is ENVIRONMENT:
            if _PERCENT_S.search(repl):
                values = (self.nodelist(node.children),)
            else:
                values = {str(1 + j): self.arg(arg) for j, arg in enumerate(args)}
                values["body"] = self.nodelist(node.children)
        elif _PERCENT_S.search(repl):
            values = tuple(self.arg(arg) for arg in args)
        else:
            values = {str(1 + j): self.arg(arg) for j, arg in enumerate(args)}
        try:
            return repl % values
        except (TypeError, ValueError):
            return repl
        except Exception:  # pylatexenc fails on it, and so on the whole value
            raise Undecodable from None

    def call(self, node: Node, function: Callable[..., object]) -> str:
        """A text specification's function, given stand-ins for pylatexenc's node and
        LatexNodes2Text: those the stand-ins cannot serve go to pylatexenc."""
        parameters = _parameters(function)
        kwargs: dict[str, object] = {}
        if "l2tobj" in parameters:
            kwargs["l2tobj"] = _Converter(self)
        if node.kind is MACRO and "macroname" in parameters:
            kwargs["macroname"] = node.name
        if node.kind is ENVIRONMENT and "environmentname" in parameters:
            kwargs["environmentname"] = node.name
        if node.kind is SPECIALS and "specials_chars" in parameters:
            kwargs["specials_chars"] = node.name
        try:
            text = function(_Node(self, node), **kwargs)
        except _Miss:
            return self.delegate(node)
        except (Undecodable, OverBudget):
            raise
        except Exception:  # the function fails on pylatexenc's node too, and so the whole value
            raise Undecodable from None
        return str(text) if text else ""

    def delegate(self, node: Node) -> str:
        """pylatexenc's text of the node, read alone (once per distinct source)."""
        if self.approximate:  # a macro as its arguments' text, an environment as its body's
            if node.kind is ENVIRONMENT:
                return self.nodelist(node.children)
            if node.kind is SPECIALS:
                return node.name
            return "".join([self.arg(arg) for arg in node.args or ()])
        if node.how == BARE:  # read alone, it would take arguments
            raise OverBudget
        atom = standalone(self.value, node)
        if atom not in self.parts:
            self.parts.add(atom)
            self.chars += len(atom)
            if len(self.parts) > FRESH_ATOMS or self.chars > WHOLE_LIMIT:
                raise OverBudget
        decoded, text = decode_atom(atom)
        if not decoded:
            raise Undecodable
        return text


_ACCENTS = {
    name: (mark, spec.simplify_repl)
    for name, mark in unicode_accents_list
    if (spec := _SPECS.get_macro_spec(name)) is not None and callable(spec.simplify_repl)
}
"""Accent macros (pylatexenc's ``make_accented_char``: the mark on every character of the
stripped argument's text, composed, a dotless i or j taking it as i or j)."""


_ITEM = getattr(_SPECS.get_macro_spec("item"), "simplify_repl", None)
"""pylatexenc's ``\\item``: a line break, two spaces, and the optional argument's text or '* '."""


def _accented(text: str, mark: str) -> str:
    if text.isascii():  # ASCII characters compose with a mark on their own: one normalization
        return unicodedata.normalize("NFC", mark.join(text) + mark) if text else ""
    return "".join(unicodedata.normalize("NFC", {"ı": "i", "ȷ": "j"}.get(char, char) + mark) for char in text)


class _Converter:
    """Stands in for LatexNodes2Text in text specifications' functions (``l2tobj``)."""

    __slots__ = ("_text",)
    _text: Text

    def __init__(self, text: Text) -> None:
        object.__setattr__(self, "_text", text)

    def __getattr__(self, name: str) -> object:
        raise _Miss(name)

    def __setattr__(self, name: str, value: object) -> None:
        raise _Miss(name)

    def nodelist_to_text(self, nodelist: Sequence[_Node | None]) -> str:
        if len(nodelist) > 1:
            raise _Miss("nodelist_to_text")
        return "".join([self.node_to_text(node) for node in nodelist])

    def node_to_text(self, node: _Node | None) -> str:
        if node is None:
            return ""
        if not isinstance(node, _Node):
            raise _Miss("node_to_text")
        return self._text.arg(node._node)  # braces dropped: a group's text is its content's

    def node_arg_to_text(self, node: _Node, k: int) -> str:
        if node.nodeargd and node.nodeargd.argnlist:
            return self.node_to_text(node.nodeargd.argnlist[k])
        return ""

    def _fmt_indented_block(self, contents: str, indent: str = " " * 4) -> str:
        return "\n" + indent + contents.replace("\n", "\n" + indent) + "\n"

    def math_node_to_text(self, node: _Node) -> str:
        if node._node.kind is not ENVIRONMENT:
            raise _Miss("math_node_to_text")
        value = self._text.value
        return self._fmt_indented_block(value[node._node.start : node._node.end], indent="")


class _Arguments:
    """``macrospec.ParsedMacroArgs``."""

    __slots__ = ("argnlist", "argspec")

    def __init__(self, argnlist: list[_Node | None], argspec: str) -> None:
        self.argnlist = argnlist
        self.argspec = argspec

    def __getattr__(self, name: str) -> object:
        raise _Miss(name)


class _Node:
    """Stands in for a pylatexenc node in text specifications' functions."""

    __slots__ = ("_name", "_node", "nodeargd", "nodeargs", "nodeoptarg")

    def __init__(self, text: Text, node: Node) -> None:
        self._node = node
        self._name = node.name
        args = None if node.args is None else [None if a is None else _Node(text, a) for a in node.args]
        self.nodeargd = None if args is None else _Arguments(args, node.argspec)
        self.nodeoptarg: _Node | None = None
        self.nodeargs: list[_Node | None] | None = None if node.how == BARE else []
        if args is not None:  # ParsedMacroArgs._get_legacy_attribs
            skip = len(node.argspec) - len(node.argspec.lstrip("*"))
            rest = node.argspec[skip:]
            if rest[:1] == "[" and all(kind == "{" for kind in rest[1:]):
                self.nodeoptarg, self.nodeargs = args[skip], args[skip + 1 :]
            else:
                self.nodeargs = args

    def __getattr__(self, name: str) -> object:
        if name == "macroname" and self._node.kind is MACRO:
            return self._name
        if name == "environmentname" and self._node.kind is ENVIRONMENT:
            return self._name
        raise _Miss(name)


@lru_cache(maxsize=65536)
def decode_atom(value: str) -> tuple[bool, str]:
    """The decoder's text of ``value``, and whether it could decode it."""
    entry = bib.Entry("misc", "_", [bib.Field("value", value)])
    try:
        decoded = _DECODE.transform_entry(entry, EMPTY)
    except Exception:  # malformed LaTeX: the raw value minus braces
        return False, value.replace("{", "").replace("}", "")
    field = decoded.fields_dict.get("value") if isinstance(decoded, bib.Entry) else None
    return (True, str(field.value)) if field is not None else (False, value)
