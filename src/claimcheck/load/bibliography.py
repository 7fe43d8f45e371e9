"""The BibTeX library, parsed with bibtexparser v2; every block keeps its lines."""

from __future__ import annotations

import bisect
import gc
import logging
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from inspect import getfullargspec
from pathlib import Path

from bibtexparser import model as bib
from bibtexparser.entrypoint import parse_string
from bibtexparser.library import Library
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors, SplitNameParts
from pylatexenc.latex2text import EnvironmentTextSpec, MacroTextSpec, SpecialsTextSpec
from pylatexenc.latex2text._defaultspecs import unicode_accents_list

from claimcheck.core.location import Span
from claimcheck.load.bib_lint import lint_entry
from claimcheck.load.files import read, relative
from claimcheck.load.project import Bibliography, Problem, ReferenceRecord
from claimcheck.parse.latex import (
    BARE,
    CHARS,
    COMMENT,
    ENVIRONMENT,
    GROUP,
    MACRO,
    MATH,
    SPECIALS,
    Node,
    TooDeep,
    Undecodable,
    parse,
    standalone,
)
from claimcheck.parse.source_text import TextProblem

SYNTAX = "CC002"

# bibtexparser logs every failed block to stderr; claimcheck reports them as located findings.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)


def block_span(block: bib.Block) -> Span:
    start = (block.start_line or 0) + 1
    raw = block.raw or ""
    lines = raw.rstrip("\n").split("\n")
    return Span(start, 1, start + len(lines) - 1, len(lines[-1]) + 1)


def _first_line(message: str) -> str:
    return " ".join(message.split())


def load_bibliography(root: Path, path: Path, max_bytes: int) -> tuple[Bibliography | None, list[Problem]]:
    rel = relative(root, path)
    text = read(root, path, max_bytes)
    if isinstance(text, TextProblem):
        return None, [Problem(SYNTAX, rel, text.span, text.message, text.hint)]
    return parse_bibliography(rel, text)


def parse_bibliography(rel: str, text: str) -> tuple[Bibliography, list[Problem]]:
    """Every entry that parses, even after a block that does not; a problem per failed block."""
    result = Bibliography(rel, text)
    try:
        library = parse_string(text)
    except Exception as exc:  # a third-party parser: any failure is a finding, not a crash
        message = f"BibTeX could not be parsed: {_first_line(str(exc))}"
        return result, [Problem(SYNTAX, rel, Span.point(1), message)]
    problems: list[Problem] = []
    kept: list[bib.Entry] = list(library.entries)
    for block in library.failed_blocks:
        if isinstance(block, bib.DuplicateBlockKeyBlock):
            duplicate = block.ignore_error_block
            if isinstance(duplicate, bib.Entry):
                result.duplicates.append(_record(duplicate))
            continue
        if isinstance(block, bib.DuplicateFieldKeyBlock) and isinstance(block.ignore_error_block, bib.Entry):
            # the entry itself is usable (bibtexparser keeps the last value); report the field twice
            kept.append(block.ignore_error_block)
            names = ", ".join(sorted(block.duplicate_keys))
            problems.append(
                Problem(
                    SYNTAX,
                    rel,
                    block_span(block),
                    f"BibTeX entry {block.ignore_error_block.key!r} sets a field twice: {names}",
                    "keep one value of each field",
                )
            )
            continue
        error = getattr(block, "error", None)
        detail = getattr(error, "abort_reason", None) or getattr(error, "message", None) or str(error or "")
        reason = _first_line(str(detail)) or "unparseable block"
        problems.append(
            Problem(
                SYNTAX,
                rel,
                block_span(block),
                f"BibTeX block could not be parsed: {reason}",
                "check the braces and commas of this entry",
            )
        )
    problems.extend(_strict_problems(rel, text, library, kept))
    for entry in sorted(kept, key=lambda e: e.start_line or 0):
        if entry.key in result.entries:
            result.duplicates.append(_record(entry))
        else:
            result.entries[entry.key] = _record(entry)
    return result, problems


def _strict_problems(rel: str, text: str, library: Library, kept: list[bib.Entry]) -> list[Problem]:
    """Located findings where BibTeX would stop reading an entry bibtexparser accepted (see
    load/bib_lint.py). Each entry is read from its ``@`` to the next block bibtexparser found
    (comments aside): the whole library once."""
    if not kept:
        return []
    line_starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def offset(block: bib.Block) -> int:
        line = min(block.start_line or 0, len(line_starts) - 1)
        found = text.find((block.raw or "@")[:1], line_starts[line])
        return found if found >= 0 else line_starts[line]

    boundaries = sorted(
        offset(b) for b in library.blocks if not isinstance(b, bib.ImplicitComment | bib.ExplicitComment)
    )
    problems: list[Problem] = []
    for entry in kept:
        start = offset(entry)
        after = bisect.bisect_right(boundaries, start)
        stop = boundaries[after] if after < len(boundaries) else len(text)
        found = lint_entry(text, start, stop)
        if found is None:
            continue
        at, reason = found
        line = bisect.bisect_right(line_starts, at)
        column = at - line_starts[line - 1] + 1
        problems.append(
            Problem(
                SYNTAX,
                rel,
                Span(line, column, line, column + 1),
                f"BibTeX entry {entry.key!r} is not valid BibTeX: {reason}",
                "BibTeX would stop here or drop the entry; fix the value so that bibtex reads it",
            )
        )
    return problems


def _record(entry: bib.Entry) -> ReferenceRecord:
    fields = {f.key.lower(): str(f.value) for f in entry.fields}
    lines = {f.key.lower(): f.start_line + 1 for f in entry.fields if f.start_line is not None}
    return ReferenceRecord(entry.key, entry.entry_type.lower(), fields, block_span(entry), lines)


# --- decoded values, only where a rule needs them (the middlewares are slow) -------------------


@dataclass(frozen=True, slots=True)
class Person:
    """A name split by bibtexparser's SplitNameParts: ``last`` includes the von part."""

    last: str
    first: str


_NEEDS_DECODING = re.compile(r"[\\{}$~]")
_DECODE = LatexDecodingMiddleware(allow_inplace_modification=True)
_SEPARATE = SeparateCoAuthors(allow_inplace_modification=True)
_SPLIT = SplitNameParts(allow_inplace_modification=True)
_EMPTY = Library()
_SPECS = _DECODE._decoder.latex_context
"""The decoder's text specifications of macros (pylatexenc's, and bibtexparser's \\url)."""


@lru_cache(maxsize=65536)
def decode_latex(value: str) -> str:
    """A field value as text: LaTeX accents and commands decoded, grouping braces dropped; the
    text pylatexenc gives (see :func:`decoded_text`), whitespace runs made one space."""
    if not _NEEDS_DECODING.search(value):
        return " ".join(value.split())
    return " ".join(decoded_text(value)[0].split())


WHOLE_LIMIT = 20_000
"""Characters of a value that pylatexenc may read at once (0.15 s): past :data:`FRESH_ATOMS`
parts it reads for the first time, a value up to this size goes to it whole; a longer one is
decoded approximately (:class:`_Text`, ``approximate``)."""

FRESH_ATOMS = 64
"""Distinct parts of one value that pylatexenc reads, at most (a call costs 0.1 ms; its answers
are cached); they hold at most :data:`WHOLE_LIMIT` characters between them. Counted in the
value alone, so that its text does not depend on what was decoded before."""


def approximated(value: str) -> bool:
    """Whether :func:`decode_latex` gives ``value`` approximately (see :func:`decoded_text`)."""
    return _NEEDS_DECODING.search(value) is not None and not decoded_text(value)[1]


@lru_cache(maxsize=1024)
def decoded_text(value: str) -> tuple[str, bool]:
    """What pylatexenc's LatexNodes2Text, configured as bibtexparser's LatexDecodingMiddleware
    configures it, makes of ``value`` (the value as written where it fails on it), and whether
    that text is exact (see :func:`_decoded_text`)."""
    collecting = gc.isenabled()
    gc.disable()  # the nodes hold no cycles; collections while making them doubled the time
    try:
        return _decoded_text(value)
    finally:
        if collecting:
            gc.enable()


def _decoded_text(value: str) -> tuple[str, bool]:
    """The value is read by :func:`claimcheck.parse.latex.parse`, in linear time,
    and turned into text here as LatexNodes2Text does; pylatexenc itself only reads the parts
    whose text specification is a function that :class:`_Text` cannot apply on its own, once
    each. Past :data:`FRESH_ATOMS` such parts, or nesting deeper than
    :data:`claimcheck.parse.latex.MAX_DEPTH`, it reads the whole value, up to
    :data:`WHOLE_LIMIT` characters; a longer value is then decoded approximately (not exact)."""
    try:
        nodes = parse(value)
    except Undecodable:
        return value, True  # pylatexenc fails on the value: bibtexparser keeps it as written
    except TooDeep:
        if len(value) <= WHOLE_LIMIT:
            return _decoded(value)[1], True
        return value, False
    try:
        return _Text(value).nodelist(nodes), True
    except Undecodable:
        return value, True
    except _OverBudget:
        if len(value) <= WHOLE_LIMIT:
            return _decoded(value)[1], True
        return _Text(value, approximate=True).nodelist(nodes), False


class _OverBudget(Exception):
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


class _Text:
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
        except (Undecodable, _OverBudget):
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
            raise _OverBudget
        atom = standalone(self.value, node)
        if atom not in self.parts:
            self.parts.add(atom)
            self.chars += len(atom)
            if len(self.parts) > FRESH_ATOMS or self.chars > WHOLE_LIMIT:
                raise _OverBudget
        decoded, text = _decoded(atom)
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
    _text: _Text

    def __init__(self, text: _Text) -> None:
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

    def __init__(self, text: _Text, node: Node) -> None:
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
def _decoded(value: str) -> tuple[bool, str]:
    """The decoder's text of ``value``, and whether it could decode it."""
    entry = bib.Entry("misc", "_", [bib.Field("value", value)])
    try:
        decoded = _DECODE.transform_entry(entry, _EMPTY)
    except Exception:  # malformed LaTeX: the raw value minus braces
        return False, value.replace("{", "").replace("}", "")
    field = decoded.fields_dict.get("value") if isinstance(decoded, bib.Entry) else None
    return (True, str(field.value)) if field is not None else (False, value)


@lru_cache(maxsize=65536)
def split_names(value: str) -> tuple[Person, ...]:
    """``author``/``editor`` as people, LaTeX decoded; () when the list cannot be split."""
    entry = bib.Entry("misc", "_", [bib.Field("author", decode_latex(value))])
    try:
        separated = _SEPARATE.transform_entry(entry, _EMPTY)
        split = _SPLIT.transform_entry(separated, _EMPTY) if isinstance(separated, bib.Entry) else None
    except Exception:
        return ()
    if not isinstance(split, bib.Entry) or "author" not in split.fields_dict:
        return ()
    people = []
    for parts in split.fields_dict["author"].value:
        last = " ".join([*parts.von, *parts.last])
        people.append(Person(last=last, first=" ".join(parts.first)))
    return tuple(people)
