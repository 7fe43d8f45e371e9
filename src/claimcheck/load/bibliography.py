"""The BibTeX library, parsed with bibtexparser v2; every block keeps its lines."""

from __future__ import annotations

import logging
from pathlib import Path

from bibtexparser import model as bib
from bibtexparser.entrypoint import parse_string

from claimcheck.load.files import read, relative
from claimcheck.location import Span
from claimcheck.parse.source_text import TextProblem
from claimcheck.project import Bibliography, Problem, ReferenceRecord

SYNTAX = "CC002"

# bibtexparser logs every aborted block as a warning; we report them as findings instead, and
# its messages must not reach stderr (Python's last-resort handler would print them).
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())


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
    result = Bibliography(rel, text)
    try:
        library = parse_string(text)
    except Exception as exc:  # a third-party parser: any failure is a finding, not a crash
        message = f"BibTeX could not be parsed: {_first_line(str(exc))}"
        return result, [Problem(SYNTAX, rel, Span.point(1), message)]
    problems: list[Problem] = []
    for block in library.failed_blocks:
        if isinstance(block, bib.DuplicateBlockKeyBlock):
            duplicate = block.ignore_error_block
            if isinstance(duplicate, bib.Entry):
                result.duplicates.append(_record(duplicate))
            continue
        error = getattr(block, "error", None)
        reason = _first_line(str(getattr(error, "abort_reason", "") or error or "")) or "unparseable block"
        problems.append(
            Problem(
                SYNTAX,
                rel,
                block_span(block),
                f"BibTeX block could not be parsed: {reason}",
                "check the braces and commas of this entry",
            )
        )
    for entry in library.entries:
        result.entries.setdefault(entry.key, _record(entry))
    return result, problems


def _record(entry: bib.Entry) -> ReferenceRecord:
    fields = {f.key.lower(): str(f.value) for f in entry.fields}
    lines = {f.key.lower(): f.start_line + 1 for f in entry.fields if f.start_line is not None}
    return ReferenceRecord(entry.key, entry.entry_type.lower(), fields, block_span(entry), lines)
