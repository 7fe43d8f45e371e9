"""BibTeX field values as text: LaTeX decoded (accents, macros, groups, math) to Unicode by
pylatexenc's tables over our own reader (:mod:`claimcheck.parse.latex`), within a budget, and
author lists split into names."""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bibtexparser.middlewares import SeparateCoAuthors, SplitNameParts

# The LaTeX reader and decoder (pylatexenc's tables, bibtexparser's middlewares) are imported
# when a value first needs them: a re-check whose claims cite plain-text entries reads none
# (0.02-0.03 CPU s of its start-up).


@dataclass(frozen=True, slots=True)
class Person:
    """A name split by bibtexparser's SplitNameParts: ``last`` includes the von part."""

    last: str
    first: str


_NEEDS_DECODING = re.compile(r"[\\{}$~]")


@cache
def _splitters() -> tuple[SeparateCoAuthors, SplitNameParts]:
    """bibtexparser's co-author separator and name splitter."""
    from bibtexparser.middlewares import SeparateCoAuthors, SplitNameParts

    return SeparateCoAuthors(allow_inplace_modification=True), SplitNameParts(allow_inplace_modification=True)


@lru_cache(maxsize=65536)
def decode_latex(value: str) -> str:
    """A field value as text: LaTeX accents and commands decoded, grouping braces dropped; the
    text pylatexenc gives (see :func:`decoded_text`), whitespace runs made one space."""
    if not _NEEDS_DECODING.search(value):
        return " ".join(value.split())
    return " ".join(decoded_text(value)[0].split())


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
    whose text specification is a function that :class:`Text` cannot apply on its own, once
    each. Past :data:`FRESH_ATOMS` such parts, or nesting deeper than
    :data:`claimcheck.parse.latex.MAX_DEPTH`, it reads the whole value, up to
    :data:`WHOLE_LIMIT` characters; a longer value is then decoded approximately (not exact)."""
    from claimcheck.parse.latex import parse
    from claimcheck.parse.latex_convert import WHOLE_LIMIT, OverBudget, Text, decode_atom
    from claimcheck.parse.latex_syntax import TooDeep, Undecodable

    try:
        nodes = parse(value)
    except Undecodable:
        return value, True  # pylatexenc fails on the value: bibtexparser keeps it as written
    except TooDeep:
        if len(value) <= WHOLE_LIMIT:
            return decode_atom(value)[1], True
        return value, False
    try:
        return Text(value).nodelist(nodes), True
    except Undecodable:
        return value, True
    except OverBudget:
        if len(value) <= WHOLE_LIMIT:
            return decode_atom(value)[1], True
        return Text(value, approximate=True).nodelist(nodes), False


@lru_cache(maxsize=65536)
def split_names(value: str) -> tuple[Person, ...]:
    """``author``/``editor`` as people, LaTeX decoded; () when the list cannot be split."""
    from bibtexparser import model as bib

    from claimcheck.parse.latex_convert import EMPTY

    separate, split_parts = _splitters()
    entry = bib.Entry("misc", "_", [bib.Field("author", decode_latex(value))])
    try:
        separated = separate.transform_entry(entry, EMPTY)
        split = split_parts.transform_entry(separated, EMPTY) if isinstance(separated, bib.Entry) else None
    except Exception:
        return ()
    if not isinstance(split, bib.Entry) or "author" not in split.fields_dict:
        return ()
    people = []
    for parts in split.fields_dict["author"].value:
        last = " ".join([*parts.von, *parts.last])
        people.append(Person(last=last, first=" ".join(parts.first)))
    return tuple(people)
