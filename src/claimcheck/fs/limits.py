"""Reading JSON and TOML that came from outside (the lock, the configuration, a registry's answer)
with limits: size, nesting depth, digits of a number; no NaN or Infinity. What breaks a limit is a
:class:`DataLimitError` with a line and column where one is known, never a crash deep in a parser
(Python's ``int`` refuses more than 4,300 digits with a ValueError; a nesting of 100,000 levels
ends in a RecursionError)."""

from __future__ import annotations

import json
import tomllib
from typing import Any

MAX_DEPTH = 64
"""Nesting of arrays and objects (tables); the lock and the configuration need fewer than 8, a
registry's record fewer than 12."""
MAX_DIGITS = 64
"""Characters of a number; a year, a page or a timeout needs fewer than 20."""
MAX_CONFIG_BYTES = 1_000_000
"""``claimcheck.toml`` or ``pyproject.toml``."""


class DataLimitError(ValueError):
    """The data is not what we read: why, and where when known (1-based line and column)."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def _number(text: str) -> str:
    if len(text) > MAX_DIGITS:
        raise DataLimitError(f"a number of {len(text)} characters (at most {MAX_DIGITS})")
    return text


def _int(text: str) -> int:
    return int(_number(text))


def _float(text: str) -> float:
    value = float(_number(text))
    if value in (float("inf"), float("-inf")) or value != value:
        raise DataLimitError(f"the number {text} is out of range")
    return value


def _constant(name: str) -> Any:
    raise DataLimitError(f"{name} is not a number JSON allows")


def _depth(value: Any) -> int:
    """The nesting depth of parsed data, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > MAX_DEPTH:
            return depth
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def load_json(text: str | bytes) -> Any:
    """``json.loads`` within the limits; a DataLimitError (with its line and column) otherwise."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DataLimitError(f"not valid UTF-8 (byte {exc.start})") from None
    try:
        data = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise DataLimitError(f"invalid JSON: {exc.msg}", exc.lineno, exc.colno) from None
    except RecursionError:
        raise DataLimitError(f"nested more than {MAX_DEPTH} levels deep") from None
    if _depth(data) > MAX_DEPTH:
        raise DataLimitError(f"nested more than {MAX_DEPTH} levels deep")
    return data


def load_toml(data: bytes) -> dict[str, Any]:
    """``tomllib.loads`` within the limits; a DataLimitError otherwise."""
    if len(data) > MAX_CONFIG_BYTES:
        raise DataLimitError(f"{len(data):,} bytes (at most {MAX_CONFIG_BYTES:,})")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataLimitError(f"not valid UTF-8 (byte {exc.start})") from None
    try:
        table = tomllib.loads(text)  # inf and nan reach the settings, which name the key
    except tomllib.TOMLDecodeError as exc:
        raise DataLimitError(f"invalid TOML: {exc}") from None
    except RecursionError:
        raise DataLimitError(f"nested more than {MAX_DEPTH} levels deep") from None
    except ValueError:  # an integer of more than 4,300 digits
        raise DataLimitError(f"a number of more than {MAX_DIGITS} digits") from None
    if _depth(table) > MAX_DEPTH:
        raise DataLimitError(f"nested more than {MAX_DEPTH} levels deep")
    for value in _leaves(table):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**MAX_DIGITS:
            raise DataLimitError(f"an integer of more than {MAX_DIGITS} digits")
    return table


def _leaves(value: Any) -> list[Any]:
    out, stack = [], [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        else:
            out.append(item)
    return out
