"""Parts of a page written outside its template, spliced into Jinja's output as it streams.

The page's per-item lists (the cards of 100,000 claims, 250 MB of HTML) are written in Python
(:mod:`claimcheck.report.cards`). Returned to the template as one :class:`~markupsafe.Markup`,
such a list is joined into one string, copied by ``Markup`` and copied again by the template's
escaping (which makes a new ``Markup`` of anything with ``__html__``), then encoded whole: a
second of a 100,000-claim report went to copying. Instead the template gets a placeholder,
and :meth:`Splice.into` replaces it, in the template's stream of pieces, with the list's own
pieces, chunk by chunk: nothing is joined beyond a chunk, and the memory held is a chunk's.

A placeholder is a whole piece of Jinja's output (each ``{{ ... }}`` is its own piece), holding
a random token and NUL characters: no piece of content is ever equal to one.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TypeVar

from markupsafe import Markup

T = TypeVar("T")

CHUNK = 512
"""Items written per piece: pieces of some 500 kB, few enough that the per-piece costs vanish."""


class Splice:
    """Placeholders handed to a template, and what each stands for."""

    def __init__(self) -> None:
        self._token = secrets.token_hex(16)
        self._parts: dict[str, Iterable[str]] = {}

    def defer(self, pieces: Iterable[str]) -> Markup:
        """A placeholder for ``pieces`` (consumed once, when the template's output reaches it)."""
        key = f"\x00{self._token}:{len(self._parts)}\x00"
        self._parts[key] = pieces
        return Markup(key)

    def into(self, pieces: Iterable[str]) -> Iterator[str]:
        """``pieces`` with each placeholder replaced by what it stands for."""
        parts = self._parts
        for piece in pieces:
            deferred = parts.pop(piece, None) if piece.startswith("\x00") else None
            if deferred is None:
                yield piece
            else:
                yield from deferred


def batches(items: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    """``items`` ``size`` at a time (the last batch may be shorter)."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
