"""The BibTeX library, parsed with bibtexparser v2; every block keeps its lines."""

from __future__ import annotations

import bisect
import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from claimcheck.core.location import Span
from claimcheck.load.bib_lint import lint_entry
from claimcheck.load.files import read, relative
from claimcheck.load.project import Bibliography, Problem, ReferenceRecord
from claimcheck.parse.source_text import TextProblem

if TYPE_CHECKING:  # bibtexparser is imported when a library is parsed (a re-check reads the cache's)
    from bibtexparser import model as bib
    from bibtexparser.library import Library

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
    from bibtexparser import model as bib
    from bibtexparser.entrypoint import parse_string

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
    from bibtexparser import model as bib

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
