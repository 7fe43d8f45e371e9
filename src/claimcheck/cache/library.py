"""``library.json`` and ``rankings.json``: the parsed BibTeX library, its entries made records
only when asked for, and the library's kept reference rankings."""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Any

import orjson

from claimcheck.cache.files import CACHE_FORMAT
from claimcheck.cache.inputs import tool_fingerprint
from claimcheck.core.location import Span
from claimcheck.load.project import Bibliography, ReferenceRecord


def rankings_key(bib_hash: str) -> str:
    """Rankings depend on the library and the tool only (not on settings or the day)."""
    return hashlib.sha256(f"{tool_fingerprint()} {bib_hash}".encode()).hexdigest()


def _reference_data(r: ReferenceRecord) -> list[Any]:
    span = [r.span.line, r.span.column, r.span.end_line, r.span.end_column]
    return [r.key, r.entry_type, r.fields, span, r.field_lines]


def _reference(item: list[Any]) -> ReferenceRecord:
    key, entry_type, fields, span, lines = item
    if type(fields) is not dict or type(lines) is not dict:
        raise ValueError("not a reference")
    return ReferenceRecord(str(key), str(entry_type), fields, Span(*span), lines)


def library_file(bib_hash: str, bib: Bibliography | None) -> list[bytes]:
    """``library.json``: a header line (the entries' keys and where each ends in the body), then
    the entries one after the other, each as JSON."""
    header: dict[str, Any] = {"format": CACHE_FORMAT, "hash": bib_hash, "library": None}
    if bib is None:
        return [orjson.dumps(header), b"\n"]
    body = [orjson.dumps(_reference_data(r)) for r in bib.entries.values()]
    ends, at, crc = [], 0, 0
    for piece in body:
        at += len(piece)
        ends.append(at)
        crc = zlib.crc32(piece, crc)
    header["library"] = {
        "path": bib.path,
        "keys": list(bib.entries),
        "ends": ends,
        "crc": crc,
        "duplicates": [_reference_data(r) for r in bib.duplicates],
    }
    return [orjson.dumps(header), b"\n", *body]


class LazyEntries(MutableMapping[str, ReferenceRecord]):
    """The entries ``library.json`` keeps, each made a record when first asked for: a re-check
    of one article looks up the few its claims cite, not 20,000 (made, they cost 40 ms)."""

    def __init__(self, body: memoryview, spans: dict[str, tuple[int, int]]) -> None:
        self._body, self._spans = body, spans
        self._made: dict[str, ReferenceRecord] = {}

    def __getitem__(self, key: str) -> ReferenceRecord:
        made = self._made.get(key)
        if made is None:
            start, end = self._spans[key]
            made = self._made[key] = _reference(orjson.loads(self._body[start:end]))
        return made

    def __contains__(self, key: object) -> bool:
        return key in self._spans

    def __iter__(self) -> Iterator[str]:
        return iter(self._spans)

    def __len__(self) -> int:
        return len(self._spans)

    def __setitem__(self, key: str, value: ReferenceRecord) -> None:
        self._spans.setdefault(key, (0, 0))
        self._made[key] = value

    def __delitem__(self, key: str) -> None:
        del self._spans[key]
        self._made.pop(key, None)


def bibliography_of(data: dict[str, Any] | None, body: memoryview, root: Path) -> Bibliography | None:
    """The library of ``library.json`` (checked whole: its body's length and CRC-32)."""
    if data is None:
        return None
    keys, ends = data["keys"], data["ends"]
    if len(keys) != len(ends) or (ends[-1] if ends else 0) != len(body) or zlib.crc32(body) != data["crc"]:
        raise ValueError("library.json: the entries do not match their index")
    spans = dict(zip(keys, zip([0, *ends[:-1]], ends, strict=True), strict=True))
    text = (root / data["path"]).read_text(encoding="utf-8")
    duplicates = [_reference(item) for item in data["duplicates"]]
    return Bibliography(data["path"], text, LazyEntries(body, spans), duplicates)
