"""What is no citation marker however it looks: code (fenced and inline), HTML comments, TeX
math and URLs, blanked out of the text with its offsets kept."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.MULTILINE)


_BACKTICKS = re.compile(r"`+")


_INLINE_MATH = re.compile(r"\$(?=[^\s$])[^$\n]{0,2000}(?<=[^\s$])\$(?!\d)")


_URL = re.compile(r"(?<!@\{)(?:https?://|www\.)[^\s<>()\[\]]+")


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with every character of ``spans`` but line breaks made a space."""
    if not spans:
        return text
    pieces: list[str] = []
    position = 0
    for start, end in sorted(spans):
        start = max(start, position)
        if end <= start:
            continue
        pieces.append(text[position:start])
        chunk = text[start:end]
        pieces.append("\n".join(" " * len(line) for line in chunk.split("\n")))
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _fences(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    opening: tuple[int, str] | None = None
    for match in _FENCE.finditer(text):
        fence = match.group(1)
        if opening is None:
            opening = (match.start(), fence)
        elif fence[0] == opening[1][0] and len(fence) >= len(opening[1]):
            line_end = text.find("\n", match.end())
            spans.append((opening[0], len(text) if line_end < 0 else line_end))
            opening = None
    if opening is not None:
        spans.append((opening[0], len(text)))
    return spans


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Inline code: a run of backticks up to the next run of the same length (CommonMark); a
    run without one is literal. Runs are indexed by length, so this is linear."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
    by_length: dict[int, list[int]] = defaultdict(list)
    for index, (start, end) in enumerate(runs):
        by_length[end - start].append(index)
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        start, end = runs[index]
        same = by_length[end - start]
        after = bisect.bisect_right(same, index)
        if after < len(same):
            closing = same[after]
            spans.append((start, runs[closing][1]))
            index = closing + 1
        else:
            index += 1
    return spans


def _delimited(text: str, opening: str, closing: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    position = text.find(opening)
    while position >= 0:
        end = text.find(closing, position + len(opening))
        if end < 0:
            if opening == "<!--":  # an unclosed comment runs to the end
                spans.append((position, len(text)))
            break
        spans.append((position, end + len(closing)))
        position = text.find(opening, end + len(closing))
    return spans


def masked(text: str) -> str:
    """``text`` with code, HTML comments, math and URLs blanked (same length, same lines)."""
    if "```" in text or "~~~" in text:
        text = _blank(text, _fences(text))
    if "`" in text:
        text = _blank(text, _code_spans(text))
    if "<!--" in text:
        text = _blank(text, _delimited(text, "<!--", "-->"))
    if "$" in text:
        text = _blank(text, _delimited(text, "$$", "$$"))
        text = _blank(text, [m.span() for m in _INLINE_MATH.finditer(text)])
    if "://" in text or "www." in text:
        text = _blank(text, [m.span() for m in _URL.finditer(text)])
    return text
