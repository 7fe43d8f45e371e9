"""The fast path of YAML reading: plain block YAML parsed by yaml-rs (Rust), about five times
faster than composing it with libyaml and building the data in Python.

It is only a shortcut. libyaml's path (:mod:`claimcheck.parse.yaml_source`) stays the
authority: it gives the located findings for everything a content file must not contain,
and its data are what a file means. So the fast path takes only text where the two cannot
disagree, and returns ``None`` for anything else, which is then read the slow way:

- before parsing, text with anything that only the slow path judges or types alike: tags,
  anchors and aliases, merge keys, directives and document markers, tabs, characters that
  YAML forbids, and nesting that could be deep (yaml-rs recurses in Rust and overflows its
  stack, a crash, on 100,000 nested ``- ``; libyaml's path refuses more than 64 levels);
- after parsing, data with a number in it (yaml-rs reads YAML 1.2 numbers such as ``0x1F``
  or ``1e3`` that the slow path keeps as text) or a key that is not a string, nesting
  deeper than the slow path allows, or block sequences whose items the line scan below
  cannot place.

A differential test (tests/parse/test_fast_yaml.py) feeds both paths generated and real files.
"""

from __future__ import annotations

import re
from typing import Any

yaml_rs: Any
try:
    import yaml_rs
except ImportError:  # pragma: no cover - a dependency; without it everything takes the slow path
    yaml_rs = None

Items = dict[str, tuple[tuple[int, ...], int]]
MAX_DEPTH = 64

# At a line start: a directive or document marker, indentation past 128 columns, several
# block indicators on one line ("- - x"), a complex key ("? x"). Anywhere: a character
# starting a token as a tag, an anchor or an alias. (Each search is anchored on a literal
# or a character set: ``^`` and look-behinds made one combined pattern scan at 12 MB/s.)
_UNSAFE_LINE = re.compile(r"\n(?:%|---|\.\.\.| {129}| *[-?] +[-?] | *\? )")
_UNSAFE_TOKEN = re.compile(r"[\s\[\]{},][!&*]")
_FLOW = re.compile(r"(?:\n|[:-]) *([\[{])")
"""A flow collection: libyaml is stricter than yaml-rs inside one (``[a, | b]``), so only the
simplest are read fast: one line, plain words (``substances: [IGF-1, growth hormone]``)."""
# An item is greedy and its spaces are its own: no two ways to split a run of spaces (a lazy
# item with separate space runs was quadratic: 45 s on "[a" and 100 KB of spaces).
_SIMPLE_FLOW = re.compile(
    r"\[(?: *[A-Za-z0-9][^,\[\]{}#:\n]*(?:,(?! *\])|(?=\])))* *\] *(?:#[^\n]*)?(?:\n|$)"
)
_UNSAFE_ANYWHERE = ("\t", "<<", "\ufeff", "\x85", "\u2028", "\u2029")
"""Tabs, merge keys, a byte-order mark, and what YAML 1.1 (libyaml) reads as line breaks."""
_FORBIDDEN_ASCII = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FORBIDDEN = re.compile(r"[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_KEY_LINE = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)[ ]*:[ ]*(?:#.*)?$")
_INLINE_FLOW = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)[ ]*:[ ]*\[")
_BLOCK_HEADER = re.compile(r"(?:^|[ :-])[|>][-+0-9]*[ ]*(?:#.*)?$")
"""A block scalar's header ending a line: the document's last one means an empty block scalar
at the end, which yaml-rs reads as a line break and libyaml as an empty string."""


def fast_parse(text: str) -> tuple[Any, Items] | None:
    """``(data, items)`` as the slow path would give them, or ``None``: read it the slow way."""
    if yaml_rs is None or any(part in text for part in _UNSAFE_ANYWHERE):
        return None
    start = "\n" + text[:140]
    if _UNSAFE_LINE.search(start) or _UNSAFE_LINE.search(text):
        return None
    if ("[" in text or "{" in text) and not _simple_flow(text):
        return None
    if text[:1] in ("!", "&", "*") or (
        (("!" in text) or ("&" in text) or ("*" in text)) and _UNSAFE_TOKEN.search(text)
    ):
        return None
    if (_FORBIDDEN_ASCII if text.isascii() else _FORBIDDEN).search(text):
        return None
    tail = text.rstrip()
    if _BLOCK_HEADER.search(tail[tail.rfind("\n") + 1 :]):
        return None  # an empty block scalar at the end (``title: |``): the slow path reads it
    try:
        data = yaml_rs.loads(text, parse_datetime=False)
    except Exception:  # any refusal (duplicate key, syntax): the slow path says where and why
        return None
    if not isinstance(data, dict) or not _plain(data, 0):
        return None  # content files are mappings: anything else the slow path judges
    items = _items(text, data)
    return None if items is None else (data, items)


def _simple_flow(text: str) -> bool:
    """Every flow collection in ``text`` is a one-line sequence of plain words."""
    padded = "\n" + text
    for match in _FLOW.finditer(padded):
        if match.group(1) == "{" or not _SIMPLE_FLOW.match(padded, match.start(1)):
            return False
    return True


def _plain(value: Any, depth: int) -> bool:
    """Only strings, booleans, nulls, lists and string-keyed mappings, at most 64 deep."""
    if isinstance(value, str) or value is None or value is True or value is False:
        return True
    if depth >= MAX_DEPTH:
        return False
    if isinstance(value, dict):
        for key in value:
            if type(key) is not str:
                return False
        values: Any = value.values()
    elif isinstance(value, list):
        values = value
    else:
        return False
    for item in values:  # scalars, most of a file, without a call each
        if not (
            isinstance(item, str) or item is None or item is True or item is False or _plain(item, depth + 1)
        ):
            return False
    return True


def _items(text: str, data: Any) -> Items | None:
    """For each top-level key holding a non-empty block sequence, the 0-based line of each
    item and the line where the sequence ends (what libyaml's marks give), found by a line
    scan and checked against the parsed data; ``None`` when the scan cannot be sure."""
    if not isinstance(data, dict):
        return {}
    wanted = {k for k, v in data.items() if isinstance(v, list) and v}
    items: Items = {}
    if not wanted:
        return items
    lines = text.split("\n")
    flow: set[str] = set()
    key: str | None = None
    indent = -1
    starts: list[int] = []

    def close(end: int) -> bool:
        if key is not None:
            if len(starts) != len(data[key]):
                return False
            items[key] = (tuple(starts), end)
        return True

    for number, line in enumerate(lines):
        stripped = line.lstrip(" ")
        if not stripped or stripped[0] == "#":
            continue
        depth = len(line) - len(stripped)
        dash = stripped[0] == "-" and (len(stripped) == 1 or stripped[1] == " ")
        if key is not None and (depth > 0 or dash):
            if indent < 0:
                if not dash:
                    return None
                indent = depth
            if depth == indent and dash:
                after = stripped[1:].lstrip(" ")
                if not after or after[0] == "#":
                    return None  # the item's node starts on a later line
                starts.append(number)
            elif depth < indent:
                return None
            continue
        if depth > 0:
            continue  # inside the value of a key that is not a block sequence
        if not close(number):
            return None
        key, indent, starts = None, -1, []
        match = _KEY_LINE.match(line)
        if match is not None and match.group(1) in wanted:
            key = match.group(1)
        elif (inline := _INLINE_FLOW.match(line)) is not None:
            flow.add(inline.group(1))
        elif dash:
            return None
    if not close(len(lines) - 1 if text.endswith("\n") else len(lines)):
        return None
    return items if set(items) == wanted - flow else None
