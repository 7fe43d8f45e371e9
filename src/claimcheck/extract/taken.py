"""The claim ids already used in a corpus, for new ids to stay unique, without loading it.

``claimcheck extract`` proposes the claims of one article; its new ids must not repeat an id of
any claims file (rule CC003). Loading and validating every claims file to learn their ids cost
most of the command's time on a large corpus, so the files are scanned instead: every value of
an ``id:`` key, in block style (``- id: x``, ``  id: x``) or flow style (``{id: x, ...}``),
quoted or not. The scan may over-collect (an ``id:`` inside a block-scalar quote, the id of an
invalid claim): that only makes a new id take a ``-2`` suffix it did not need; it never misses
an id the loader would read, so uniqueness holds.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

_ID = re.compile(r"""id(["']?)[ \t]*:[ \t]*["']?([^\s"',}\]#]+)""")
_BEFORE = frozenset(" \t\n\r{,")


def ids_in(data: bytes | str) -> set[str]:
    """The values of the ``id`` keys of a claims file's text. The pattern starts with the
    literal ``id`` (the engine skips to it); what may precede a key is checked after."""
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    found: set[str] = set()
    for match in _ID.finditer(text):
        at = match.start()
        if match.group(1):  # "id": the opening quote comes first
            at -= 1
            if at < 0 or text[at] != match.group(1):
                continue
        if at == 0 or text[at - 1] in _BEFORE:
            found.add(match.group(2))
    return found


def taken_ids(folder: Path, suffixes: tuple[str, ...]) -> set[str]:
    """The ids of every claims file directly in ``folder`` (an unreadable file adds none)."""
    taken: set[str] = set()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return taken
    for entry in entries:
        if entry.name.startswith(".") or not entry.name.endswith(suffixes):
            continue
        try:
            with open(entry.path, "rb") as handle:
                taken |= ids_in(handle.read())
        except OSError:
            continue
    return taken
