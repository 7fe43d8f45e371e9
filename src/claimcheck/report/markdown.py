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
_TAG = re.compile(r"(<[^>]*>)")


@dataclass(frozen=True)
class Rendered:
    html: str
    """The body as HTML (safe to insert: built from escaped text and markdown-it's own tags)."""
    lines: list[Line]
    """The source lines with their highlighted pieces (line numbers as in the file)."""


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def _open_tag(marks: tuple[Mark, ...], anchor: str) -> str:
    rank = min(m.rank for m in marks)
    ids = " ".join(m.id for m in marks)
    label = "\n".join(m.label for m in marks)
    return (
        f'<mark class="hl r{rank}" data-findings="{html.escape(ids)}" '
        f'data-line="{html.escape(anchor)}" title="{html.escape(label)}">'
    )


def render_article(text: str, body_start: int, marks: list[Mark], anchor_prefix: str) -> Rendered:
    """The body of ``text`` (from ``body_start``) as HTML with ``marks`` highlighted; a mark's
    ``data-line`` is ``anchor_prefix`` and its line number (``demo-L12``)."""
    lines = highlight(text, marks)
    first_line = text.count("\n", 0, body_start) + 1
    first_column = body_start - (text.rfind("\n", 0, body_start) + 1)
    opened: dict[int, str] = {}
    source: list[str] = []
    for line in lines:
        if line.number < first_line:
            continue
        skip = first_column if line.number == first_line else 0
        parts: list[str] = []
        for piece in line.pieces:
            content = _PRIVATE.sub("\ufffd", piece.text)  # the article's own private-use characters
            if skip:
                cut = min(skip, len(content))
                content, skip = content[cut:], skip - cut
            if piece.marks and content.strip() and len(opened) < _LAST - _FIRST:
                code = _FIRST + len(opened)
                opened[code] = _open_tag(piece.marks, f"{anchor_prefix}{line.number}")
                parts.append(f"{chr(code)}{content}{_END}")
            else:
                parts.append(content)
        source.append("".join(parts))
    rendered = _parser().render("\n".join(source) + "\n")

    def in_text(segment: str) -> str:
        if segment.startswith("<"):
            return _PRIVATE.sub("", segment)  # inside a tag: no mark
        return _PRIVATE.sub(
            lambda m: "</mark>" if m.group() == _END else opened.get(ord(m.group()), ""), segment
        )

    return Rendered("".join(in_text(s) for s in _TAG.split(rendered)), lines)
