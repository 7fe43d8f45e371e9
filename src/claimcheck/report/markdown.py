"""An article's Markdown body rendered as HTML (markdown-it-py, CommonMark, raw HTML off), with
the flagged spans highlighted in place; the front matter is left out.

The marks are computed on the source lines (:func:`claimcheck.report.highlight.highlight`), each
marked piece wrapped in two private-use characters before rendering: one that names the
piece's marks, one that ends it. Markdown-it escapes the text (``<``, ``>``, ``&``, ``"``) and,
with raw HTML off, writes no tag of the article's, so in its output every ``<...>`` is its own
tag; the characters are then replaced by ``<mark>`` tags only in the text between tags (inside
a tag, a link's title or an image's alt text, they are dropped). Links and images whose URL
markdown-it does not accept (``javascript:``, ``vbscript:``, ``file:``, ``data:`` but images)
are written as text, never as links.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from markdown_it import MarkdownIt

from claimcheck.report.highlight import Line, Mark, highlight

_FIRST = 0xE000
_LAST = 0xF8FE
_END = "\uf8ff"
_PRIVATE = re.compile("[\ue000-\uf8ff]")
_TAG = re.compile(r"(<[^<>]*>)")


@dataclass(frozen=True)
class Rendered:
    html: str
    """The body as HTML (safe to insert: built from escaped text and markdown-it's own tags)."""
    lines: list[Line]
    """The source lines with their highlighted pieces (line numbers as in the file)."""


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def _open_tag(marks: tuple[Mark, ...], anchor: str, first: bool) -> str:
    """A ``<mark>``; the first of its source line carries the line's anchor as its id."""
    rank = min(m.rank for m in marks)
    ids = " ".join(m.id for m in marks)
    label = "\n".join(m.label for m in marks)
    where = f'id="{html.escape(anchor)}" ' if first else ""
    return (
        f'<mark {where}class="hl r{rank}" data-findings="{html.escape(ids)}" '
        f'data-line="{html.escape(anchor)}" title="{html.escape(label)}">'
    )


_DESTINATION = re.compile(
    r"\]\([^()\[\]\s<>]*(?:\s+(?:\"[^\"]{0,300}\"|'[^']{0,300}'))?\s*\)"
    r"|<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*>"
)
"""A link's or image's destination (and title), or an autolink: no mark starts or ends inside."""


def _with_marks(line: str, inserts: list[tuple[int, str]]) -> str:
    """``line`` with the mark characters inserted; one that would fall inside a link destination
    moves to its end (a character there would change the URL, not mark text)."""
    protected = [(m.start(), m.end()) for m in _DESTINATION.finditer(line)]
    moved = []
    for order, (at, char) in enumerate(inserts):
        for start, end in protected:
            if start < at < end:
                at = end
        moved.append((at, order, char))
    parts, last = [], 0
    for at, _, char in sorted(moved):
        parts.append(line[last:at])
        parts.append(char)
        last = at
    parts.append(line[last:])
    return "".join(parts)


def render_article(text: str, body_start: int, marks: list[Mark], anchor_prefix: str) -> Rendered:
    """The body of ``text`` (from ``body_start``) as HTML with ``marks`` highlighted; a mark's
    ``data-line`` is ``anchor_prefix`` and its line number (``demo-L12``)."""
    lines = highlight(text, marks)
    first_line = text.count("\n", 0, body_start) + 1
    first_column = body_start - (text.rfind("\n", 0, body_start) + 1)
    opened: dict[int, str] = {}
    anchored: set[str] = set()
    source: list[str] = []
    for line in lines:
        if line.number < first_line:
            continue
        skip = first_column if line.number == first_line else 0
        content = ""
        inserts: list[tuple[int, str]] = []
        for piece in line.pieces:
            text = _PRIVATE.sub("\ufffd", piece.text)  # the article's own private-use characters
            if skip:
                cut = min(skip, len(text))
                text, skip = text[cut:], skip - cut
            if piece.marks and text.strip() and len(opened) < _LAST - _FIRST:
                code = _FIRST + len(opened)
                anchor = f"{anchor_prefix}{line.number}"
                opened[code] = _open_tag(piece.marks, anchor, anchor not in anchored)
                anchored.add(anchor)
                inserts.append((len(content), chr(code)))
                inserts.append((len(content) + len(text), _END))
            content += text
        source.append(_with_marks(content, inserts))
    rendered = _parser().render("\n".join(source) + "\n")

    def in_text(segment: str) -> str:
        if segment.startswith("<"):
            return _PRIVATE.sub("", segment)  # inside a tag: no mark
        return _PRIVATE.sub(
            lambda m: "</mark>" if m.group() == _END else opened.get(ord(m.group()), ""), segment
        )

    return Rendered("".join(in_text(s) for s in _TAG.split(rendered)), lines)
