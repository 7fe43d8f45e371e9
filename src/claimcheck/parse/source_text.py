"""Reading a content file as text: size limit, UTF-8, byte-order mark, line ends, NUL bytes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from claimcheck.core.location import Span


@dataclass(frozen=True, slots=True)
class TextProblem:
    message: str
    span: Span
    hint: str = ""


def read_text(path: Path, max_bytes: int) -> str | TextProblem:
    """The text of ``path`` with ``\\n`` line ends, or the reason it cannot be read as text.

    I/O errors other than decoding (permission, a directory) propagate as ``OSError``.
    """
    size = path.stat().st_size
    if size > max_bytes:
        return TextProblem(
            f"file is {size:,} bytes, over the limit of {max_bytes:,}",
            Span.point(1),
            "split the file, or raise max_file_size in the configuration",
        )
    raw = path.read_bytes()
    return decode_text(raw)


def decode_text(raw: bytes) -> str | TextProblem:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        return TextProblem(
            f"invalid UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded",
            Span.point(line, column),
            "save the file as UTF-8",
        )
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        column = nul - (text.rfind("\n", 0, nul) + 1) + 1
        return TextProblem("NUL byte in a text file", Span.point(line, column), "remove it")
    return text
