"""Plain data from composed YAML nodes: scalars resolved as YAML 1.2's core schema says
(bools, ints, floats, nulls; anything else a string), mappings and sequences built depth-first
to at most :data:`MAX_DEPTH`; a problem (:class:`YamlProblem`) located at its node."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

import yaml

from claimcheck.core.location import Span

MAX_DEPTH = 64


Pointer = Sequence[str | int]


_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


_INT = re.compile(r"^[-+]?[0-9]+$")


_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")


_SPECIAL_FLOATS = {".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf, ".nan": math.nan}


_NULLS = {"", "~", "null", "Null", "NULL"}


_STR_TAG = "tag:yaml.org,2002:str"


_PLAIN_TAGS = {
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:value",  # a lone "=", YAML 1.1's value key: a string in YAML 1.2
    _STR_TAG,
}


class YamlProblem(Exception):
    """Content the loader refuses, with where it is."""

    def __init__(self, message: str, span: Span, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.span = span
        self.hint = hint


def node_span(node: yaml.Node) -> Span:
    start, end = node.start_mark, node.end_mark
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def _scalar(node: yaml.ScalarNode) -> Any:
    value: str = node.value
    if node.tag == _STR_TAG or node.style in ("'", '"', "|", ">"):
        return value
    if node.tag not in _PLAIN_TAGS:
        raise YamlProblem(
            f"unsupported YAML tag {node.tag!r}",
            node_span(node),
            "content files use plain YAML: remove the tag",
        )
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    if value.lower() in _SPECIAL_FLOATS:
        return _SPECIAL_FLOATS[value.lower()]
    return value  # yes/no/on/off, timestamps, 0x10, 1_000: strings, as YAML 1.2 reads them


def build(node: yaml.Node, depth: int, seen: set[int], used_at: yaml.Node | None = None) -> Any:
    """Plain data of ``node``; ``used_at`` is the key (or collection) it appears under, which
    locates a repeated (aliased) node better than the anchor it was defined at."""
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
    if id(node) in seen:
        raise YamlProblem(
            "YAML anchors and aliases are not allowed in content files",
            node_span(used_at or node),
            "write the value out where it is used",
        )
    seen.add(id(node))
    if depth > MAX_DEPTH:
        raise YamlProblem(f"nesting deeper than {MAX_DEPTH} levels", node_span(node))
    if node.tag not in ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
        raise YamlProblem(f"unsupported YAML tag {node.tag!r}", node_span(node))
    if isinstance(node, yaml.SequenceNode):
        return [build(item, depth + 1, seen, node) for item in node.value]
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise YamlProblem("YAML merge keys ('<<') are not allowed in content files", node_span(key_node))
        if not isinstance(key_node, yaml.ScalarNode):
            raise YamlProblem("mapping keys must be plain strings", node_span(key_node))
        key = key_node.value
        if key in result:
            raise YamlProblem(
                f"duplicate key {key!r}",
                node_span(key_node),
                "a later value would silently replace the earlier one: keep one",
            )
        result[key] = build(value_node, depth + 1, seen, key_node)
    return result
