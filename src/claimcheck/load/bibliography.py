"""The BibTeX library, parsed with bibtexparser v2; every block keeps its lines."""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bibtexparser import model as bib
from bibtexparser.entrypoint import parse_string
from bibtexparser.library import Library
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors, SplitNameParts
from pylatexenc.latex2text._defaultspecs import unicode_accents_list

from claimcheck.load.files import read, relative
from claimcheck.location import Span
from claimcheck.parse.latex import Kind, argspec, atoms, is_plain, macro_arguments
from claimcheck.parse.source_text import TextProblem
from claimcheck.project import Bibliography, Problem, ReferenceRecord

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
    for entry in sorted(kept, key=lambda e: e.start_line or 0):
        if entry.key in result.entries:
            result.duplicates.append(_record(entry))
        else:
            result.entries[entry.key] = _record(entry)
    return result, problems


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
    """A field value as text: LaTeX accents and commands decoded, grouping braces dropped."""
    if not _NEEDS_DECODING.search(value):
        return " ".join(value.split())
    _fresh[0] = 0
    try:
        text = _text(value)
    except _Undecodable:  # the decoder fails on a part: it gives up on the whole value
        text = _decoded(value)[1]
    except _TooManyAtoms:
        text = _decoded(value)[1]
    return " ".join(text.split())


class _Undecodable(Exception):
    pass


def _text(value: str) -> str:
    """What the decoder makes of ``value``, asked only for the atoms that need it (see
    :mod:`claimcheck.parse.latex`: the same text, in linear time)."""
    parts = atoms(value)
    if parts is None or (len(parts) == 1 and parts[0][0] is Kind.LATEX):
        return _atom(value)
    out = []
    for kind, atom in parts:
        if kind is Kind.PLAIN or kind is Kind.MATH:  # the decoder keeps formulas verbatim
            out.append(atom)
        elif kind is Kind.GROUP:
            out.append(_group(atom))
        elif kind is Kind.MACRO:
            out.append(_macro(atom))
        else:
            out.append(_atom(atom))
    return "".join(out)


FRESH_ATOMS = 64
"""Past this many atoms of one value that the decoder reads for the first time, it reads the
whole value instead: a call costs 0.1 ms, so one call on the value beats thousands on its parts
(a title of 100,000 distinct '\\item[1]' took twice as long in parts)."""
_SEEN: set[str] = set()
_fresh = [0]  # atoms of the value being decoded that the decoder had not seen


class _TooManyAtoms(Exception):
    pass


def _remember(atom: str) -> None:
    if len(_SEEN) > 65536:
        _SEEN.clear()
    _SEEN.add(atom)


@lru_cache(maxsize=65536)
def _group(atom: str) -> str:
    """A group's text: its content's, unless something in it reads to the end of its input
    (the end of a group is not the end of a value for a macro short of arguments)."""
    inner = atom[1:-1]
    if is_plain(inner):
        return inner
    parts = atoms(inner)
    if parts is None or any(kind is Kind.LATEX for kind, _ in parts):
        return _atom(atom)
    return _text(inner)


@lru_cache(maxsize=65536)
def _macro(atom: str) -> str:
    """A macro with its braced arguments: its text specification applied to their text, as
    the decoder applies it (``LatexNodes2Text.macro_node_to_text``)."""
    written = macro_arguments(atom)
    if written is not None and written[0] in _ACCENTS and len(written[1]) == 1:
        return _accented(_group("{" + written[1][0] + "}"), _ACCENTS[written[0]])
    spec = _SPECS.get_macro_spec(written[0]) if written else None
    if written is None or (spec is not None and callable(spec.simplify_repl)):
        return _atom(atom)
    if spec is None:
        return ""  # unknown macros are dropped with their arguments
    repl = spec.simplify_repl
    given = iter(written[1])  # the braced arguments; absent optional ones ('*', '[') read as ''
    texts = [_group("{" + next(given) + "}") if kind == "{" else "" for kind in argspec(written[0]) or ""]
    if repl:
        if "%" not in repl or len(repl) == 1:
            return str(repl)
        values: tuple[str, ...] | dict[str, str] = tuple(texts)
        if not re.search("(^|[^%])(%%)*%s", repl):
            values = {str(1 + j): text for j, text in enumerate(texts)}
        try:
            return str(repl % values)
        except (TypeError, ValueError):
            return str(repl)
        except Exception:  # the decoder fails on it, and so on the whole value
            raise _Undecodable from None
    if spec.discard:
        return ""
    return "".join(texts)


_ACCENTS = {name: mark for name, mark in unicode_accents_list if _SPECS.get_macro_spec(name) is not None}
"""Accent macros: the decoder puts the combining mark on every character of the argument."""


def _accented(text: str, mark: str) -> str:
    """pylatexenc's ``make_accented_char``: each character of the stripped argument with the
    mark, composed (NFC); a dotless i or j takes it as i or j."""
    return "".join(
        unicodedata.normalize("NFC", {"ı": "i", "ȷ": "j"}.get(char, char) + mark) for char in text.strip()
    )


def _atom(atom: str) -> str:
    if atom not in _SEEN:
        _fresh[0] += 1
        if _fresh[0] > FRESH_ATOMS:
            raise _TooManyAtoms
        _remember(atom)
    decoded, text = _decoded(atom)
    if not decoded:
        raise _Undecodable
    return text


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
