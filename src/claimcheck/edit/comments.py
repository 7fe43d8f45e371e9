"""Small round-trip helpers for editing one claim in a ruamel.yaml document.

ruamel.yaml attaches the comment lines (and blank lines) that follow a block to the last
key or item of that block, deepest first. Edits at the end of a claim would carry the next
section's heading comment into the middle of the claim, or drop it with a removed key, so an
edit detaches that trailing comment first and puts it back on the claim's new last line.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.tokens import CommentToken

_MAP_AFTER, _SEQ_AFTER = 2, 0  # where ruamel keeps the comment after a key / an item


def _block(node: Any) -> bool:
    return isinstance(node, CommentedMap | CommentedSeq) and len(node) > 0 and not node.fa.flow_style()


def _last_slot(node: CommentedMap | CommentedSeq) -> tuple[CommentedMap | CommentedSeq, Any, int]:
    """The deepest last key (or item) of a block collection, and its comment position."""
    while True:
        key: Any = list(node.keys())[-1] if isinstance(node, CommentedMap) else len(node) - 1
        value = node[key]
        if _block(value):
            node = value
            continue
        return node, key, _MAP_AFTER if isinstance(node, CommentedMap) else _SEQ_AFTER


def detach_tail(node: CommentedMap) -> CommentToken | None:
    """Remove and return the comment after the last line of ``node`` (an end-of-line comment on
    that line stays where it is)."""
    if not _block(node):
        return None
    parent, key, position = _last_slot(node)
    slots = parent.ca.items.get(key)
    token = slots[position] if slots and len(slots) > position else None
    if not isinstance(token, CommentToken):
        return None
    value: str = token.value
    if value.lstrip(" ").startswith("#"):  # an end-of-line comment first: keep it on its line
        line, newline, rest = value.partition("\n")
        token.value = line + newline
        if not rest:
            return None
        return CommentToken(rest, token.start_mark, None)
    slots[position] = None
    return token


def attach_tail(node: CommentedMap, token: CommentToken | None) -> None:
    if token is None or not _block(node):
        return
    parent, key, position = _last_slot(node)
    slots = parent.ca.items.setdefault(key, [None, None, None, None])
    while len(slots) <= position:
        slots.append(None)
    current = slots[position]
    if isinstance(current, CommentToken):
        current.value = current.value + token.value
    else:
        slots[position] = token


def set_key(mapping: CommentedMap, key: str, value: Any, order: Sequence[str]) -> None:
    """Set ``key``; a new key goes where ``order`` puts it among the keys already there."""
    if key in mapping:
        mapping[key] = value
        return
    rank = order.index(key) if key in order else len(order)
    position = len(mapping)
    for i, existing in enumerate(mapping):
        if existing in order and order.index(existing) > rank:
            position = i
            break
    mapping.insert(position, key, value)


def remove_key(mapping: CommentedMap, key: str) -> None:
    if key in mapping:
        del mapping[key]
        mapping.ca.items.pop(key, None)
