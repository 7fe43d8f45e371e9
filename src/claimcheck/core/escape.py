"""Text that came from outside (articles, claims files, the library, the lock, the configuration,
a registry, a file name) made safe for the output it is written to: one function per kind.

- :func:`terminal`: control characters (ESC, BEL, CR, LF, DEL, the C1 set), bidirectional
  overrides, line separators and lone surrogates become visible escapes (``\\x1b``, ``\\n``,
  ``\\u202e``); a byte of a file name that is not UTF-8 shows as ``\\xNN``. Nothing from the
  content can clear a screen, move the cursor, make a link or start a new line.
- :func:`shown`: what the text output prints; in GitHub Actions (``GITHUB_ACTIONS=true``) also
  ``::`` and ``##[`` are broken up, so no printed text reads as a workflow command, wherever the
  runner finds one.
- :func:`workflow_data`, :func:`workflow_property`: the fields of a workflow command
  (``--format github``): the runner's own escapes (``%``, CR, LF; ``:`` and ``,`` in properties),
  then :func:`terminal` for the other control characters (the runner passes ESC and BEL on).
- :func:`xml_text`: JUnit XML; every character XML 1.0 forbids is escaped visibly.
- :func:`json_text`: JSON text written with ``ensure_ascii=False``: a lone surrogate (which UTF-8
  cannot hold) becomes its JSON escape ``\\udXXX``; the text stays valid UTF-8 and JSON.
- HTML: the report's templates escape with ``html.escape``; :func:`no_surrogates` makes the page
  encodable.
"""

from __future__ import annotations

import os
import re

_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_UNSAFE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff" + _BIDI + "\ud800-\udfff]",
)
_NAMED = {"\n": "\\n", "\r": "\\r"}


def _visible(char: str) -> str:
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def terminal(text: str) -> str:
    """``text`` with every character that could act on a terminal or a log shown as an escape."""
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(lambda m: _visible(m.group()), text)


_COMMAND = re.compile(r"::|##\[|^\s*:")


def _no_command(text: str) -> str:
    """``::`` and ``##[`` broken up, and a ``:`` at the start (a field that begins a line, such
    as a path, is followed by our own ``:``)."""
    return _COMMAND.sub(lambda m: _BROKEN.get(m.group()) or m.group()[:-1] + "\\x3a", text)


_BROKEN = {"::": ":\\x3a", "##[": "#\\x23["}


def in_github_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def shown(text: str, actions: bool | None = None) -> str:
    """A text from outside, as the text output prints it (see the module's doc)."""
    safe = terminal(text)
    if actions if actions is not None else in_github_actions():
        safe = _no_command(safe)
    return safe


def workflow_data(text: str) -> str:
    """The message of a workflow command (after ``::``)."""
    return terminal(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def workflow_property(text: str) -> str:
    """A property value of a workflow command (``file=``, ``title=``)."""
    return workflow_data(text).replace(":", "%3A").replace(",", "%2C")


_LINE_COLON = re.compile(r"^[ \t]*:", re.MULTILINE)
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(text: str) -> str:
    """A text for an XML attribute or element: control characters shown as escapes (XML 1.0
    forbids most of them, and a CI log shows the rest raw)."""
    return terminal(text)


def xml_document(text: str) -> str:
    """A whole XML document with any character XML 1.0 forbids shown as an escape (a last guard:
    :func:`xml_text` handles every field)."""
    # the same text to a parser, and no line that reads as a workflow command in a log: '##['
    # anywhere, and a ':' that starts a line of text content (a path, then our own ':')
    text = text.replace(_OLD_COMMAND, "#&#35;[")
    text = _LINE_COLON.sub(lambda m: m.group()[:-1] + "&#58;", text)
    return _XML_FORBIDDEN.sub(lambda m: _visible(m.group()), text)


_SURROGATE = re.compile("[\ud800-\udfff]")
_OLD_COMMAND = "##["
"""The runner's older workflow command prefix, which it finds anywhere in a line."""


def json_text(text: str) -> str:
    """JSON text (``ensure_ascii=False``) with each lone surrogate as its ``\\uXXXX`` escape and
    ``##[`` as ``#\\u0023[``: both occur only inside JSON strings, where the escape means the
    same character; the text is valid UTF-8 and no line of it reads as a workflow command."""
    if _OLD_COMMAND in text:
        text = text.replace(_OLD_COMMAND, "#\\u0023[")
    if _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def json_bytes(data: bytes) -> bytes:
    """:func:`json_text` for JSON already in UTF-8 (which holds no surrogate)."""
    return data.replace(b"##[", b"#\\u0023[") if b"##[" in data else data


def no_surrogates(text: str) -> str:
    """``text`` encodable as UTF-8: a lone surrogate shown as an escape (HTML, Markdown)."""
    if _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub(lambda m: _visible(m.group()), text)
