"""YAML into plain data, with positions found on demand.

Reading uses PyYAML's libyaml composer (fast) and builds plain Python data itself, so
that it can refuse what a content file must never contain (duplicate keys, anchors and
aliases, custom tags, absurd nesting) and keep every scalar a JSON type: YAML 1.2 booleans
only, dates kept as strings for the schema to judge. Positions are not stored for every
node: a finding asks :meth:`YamlSource.locate` for a JSON pointer, and the node tree is
composed again for that file only then (findings are rare; claims are many).
"""

from __future__ import annotations

from claimcheck.parse.yaml_values import MAX_DEPTH, Pointer, YamlProblem, build, node_span

__all__ = ["MAX_DEPTH", "Items", "Pointer", "YamlProblem", "YamlSource", "parse_yaml"]

import contextlib
import itertools
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from claimcheck.core.location import Span
from claimcheck.parse.fast_yaml import fast_parse

try:  # libyaml is in PyYAML's wheels; fall back to the pure-Python composer.
    _BaseLoader: type[Any] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _BaseLoader = yaml.SafeLoader

_RESOLVED: dict[str, str] = {}
_RESOLVED_MAX = 100_000


class _Loader(_BaseLoader):  # type: ignore[misc]
    """The safe loader with tag resolution memoized.

    libyaml composes in C but asks the Python resolver for the tag of every node (a dozen
    regular expressions per plain scalar): a third of the composing time. A plain scalar's
    tag depends on its text alone (the safe loader has no path resolvers), so short values
    (keys, enums, dates) are resolved once; quoted scalars and collections get their default
    tag directly.
    """

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if self.yaml_path_resolvers:  # pragma: no cover - the safe loader has none
            return super().resolve(kind, value, implicit)
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                return self.DEFAULT_SCALAR_TAG
            tag = _RESOLVED.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(value) <= 48 and len(_RESOLVED) < _RESOLVED_MAX:
                    _RESOLVED[value] = tag
            return tag
        if kind is yaml.SequenceNode:
            return self.DEFAULT_SEQUENCE_TAG
        if kind is yaml.MappingNode:
            return self.DEFAULT_MAPPING_TAG
        return super().resolve(kind, value, implicit)  # pragma: no cover

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """No path resolvers: nothing to track."""

    def ascend_resolver(self) -> None:
        """No path resolvers: nothing to track."""


class _Positions(_BaseLoader):  # type: ignore[misc]
    """A loader for locating only: node positions do not depend on tags, so none is resolved
    (a Python call per node, 40% of composing a claim: 40 -> 24 us)."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        return ""

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """No path resolvers: nothing to track."""

    def ascend_resolver(self) -> None:
        """No path resolvers: nothing to track."""


_SAFE_DEPTH = 1000
"""Nesting libyaml composes without harm. Its composer recurses in C (tens of thousands of
levels overflow the C stack: a segmentation fault, not a RecursionError) and its scanner slows
down quadratically with flow nesting, so deeper text is refused before it is composed."""


def _nesting_bound(text: str) -> int:
    """An upper bound of the nesting depth of ``text``, in linear time: a flow collection opens
    with '[' or '{'; a block collection is indented more than its parent or follows an indicator
    on its parent's line, or is a sequence at its key's indentation (two levels a column)."""
    if len(text) <= _SAFE_DEPTH:
        return len(text)  # every level takes one character at least
    return text.count("[") + text.count("{") + 2 * max(map(len, text.split("\n"))) + 2


def _refuse_deep_nesting(text: str) -> None:
    """Raise :class:`YamlProblem` where ``text`` nests deeper than :data:`MAX_DEPTH` (the level
    :func:`build` refuses), reading parser events only as far as that level (linear time).

    Newer libyaml builds (PyYAML 6.0.4) refuse very deep flow nesting themselves, in the
    scanner, which reads ahead of the events: their error comes before the event that crosses
    :data:`MAX_DEPTH`. That level lies before the point where the scanner stopped, so the text
    up to that point is read again, and the refusal is this module's, at the same place, with
    whatever wording libyaml uses."""
    try:
        _walk_depth(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        if mark is None or not 0 < mark.index < len(text):
            raise
        with contextlib.suppress(yaml.YAMLError):
            _walk_depth(text[: mark.index])
        raise


def _walk_depth(text: str) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH + 1:
                mark = event.start_mark
                span = Span.point(mark.line + 1, mark.column + 1) if mark else Span.point(1)
                raise YamlProblem(f"nesting deeper than {MAX_DEPTH} levels", span)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _compose(text: str, loader: type[Any] = _Loader) -> yaml.Node | None:
    try:
        if _nesting_bound(text) > _SAFE_DEPTH:
            _refuse_deep_nesting(text)
        return yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        span = Span.point(mark.line + 1, mark.column + 1) if mark else Span.point(1)
        problem = exc.problem or "invalid YAML"
        context = f" ({exc.context})" if exc.context else ""
        raise YamlProblem(f"YAML syntax error: {problem}{context}", span) from None
    except yaml.YAMLError as exc:  # reader errors: control characters and the like
        raise YamlProblem(f"YAML error: {exc}", Span.point(1)) from None
    except RecursionError:
        raise YamlProblem(f"nesting deeper than {MAX_DEPTH} levels", Span.point(1)) from None


_ITEM_LINE = re.compile(r"( *- +)[A-Za-z_][A-Za-z0-9_-]* *:(?: |$)")
_FIELD = re.compile(r" *: +(\S.*)$")
"""After a key: the colon and the value (the rest of the line)."""
_PLAIN_ONE_LINE = re.compile(r"""[^-?:,\[\]{}#&*!|>'"%@`\s](?:[^#:\s]|:(?=\S)|[ ](?=[^#\s]))*""")
"""A plain scalar that ends its line: no indicator first, no ``: `` or `` #`` inside, no
trailing space."""
_QUOTED_ONE_LINE = re.compile(r""""[^"\\]*"|'[^']*\'""")
"""A quoted scalar without escapes, closed on its line (and nothing after it)."""
_OPENS = re.compile(r"""[\[{"']""")
"""What may begin a value that goes on over the next lines at any indentation."""
Items = dict[str, tuple[tuple[int, ...], int]]
"""Per top-level key holding a block sequence: the 0-based first line of every item, and the
line after the last (where the sequence ends)."""


@dataclass
class YamlSource:
    """Parsed YAML text. ``line_offset`` places it within its file (front matter)."""

    text: str
    data: Any
    line_offset: int = 0
    items: Items = field(default_factory=dict, repr=False)
    _root: yaml.Node | None = field(default=None, repr=False)
    _composed: bool = field(default=False, repr=False)
    _last_item: tuple[str, int, yaml.Node | None] | None = field(default=None, repr=False)
    _lines: list[str] | None = field(default=None, repr=False)

    def forget_nodes(self) -> None:
        """Drop the node trees and lines composed to locate findings (a loader's worker does
        before it sends the source back: they cost more to send than to compose again)."""
        self._root, self._composed, self._last_item, self._lines = None, False, None, None

    def lines(self) -> list[str]:
        """The text split at newlines, once (many findings in one file would split it again each)."""
        if self._lines is None:
            self._lines = self.text.split("\n")
        return self._lines

    def _node(self) -> yaml.Node | None:
        if not self._composed:
            self._root = _compose(self.text, _Positions)
            self._composed = True
        return self._root

    def _item(self, key: str, index: int) -> tuple[yaml.Node | None, int]:
        """Item ``index`` of the block sequence under ``key``, composed from its own lines
        (a twentieth of a claims file), and how many lines down the snippet starts. ``None``
        when the snippet is not one self-contained item: then the whole file is composed."""
        starts, end = self.items[key]
        if self._last_item is not None and self._last_item[:2] == (key, index):
            return self._last_item[2], starts[index]
        first = starts[index]
        last = starts[index + 1] if index + 1 < len(starts) else end
        lines = self.lines()[first:last]
        node: yaml.Node | None = None
        try:
            root = yaml.compose("\n".join(lines), Loader=_Positions)
        except (yaml.YAMLError, RecursionError):
            root = None
        if isinstance(root, yaml.SequenceNode) and len(root.value) == 1 and root.start_mark.line == 0:
            node = root.value[0]
        self._last_item = (key, index, node)
        return node, first

    def _walk(self, pointer: Pointer) -> tuple[yaml.Node | None, yaml.Node | None, int]:
        """The deepest (key node, value node) that ``pointer`` reaches, and the line shift
        of their marks."""
        node, shift = self._node_for(pointer)
        if shift:
            pointer = pointer[2:]
        key_node: yaml.Node | None = None
        for part in pointer:
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if isinstance(k, yaml.ScalarNode) and k.value == part:
                        key_node, node = k, v
                        break
                else:
                    return key_node, node, shift
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(node.value):
                    return key_node, node, shift
                key_node, node = None, node.value[part]
            else:
                return key_node, node, shift
        return key_node, node, shift

    def _node_for(self, pointer: Pointer) -> tuple[yaml.Node | None, int]:
        if (
            not self._composed
            and len(pointer) >= 2
            and isinstance(pointer[0], str)
            and pointer[0] in self.items
            and isinstance(pointer[1], int)
            and 0 <= pointer[1] < len(self.items[pointer[0]][0])
            and self.items[pointer[0]][0][pointer[1]] > 0
        ):
            node, shift = self._item(pointer[0], pointer[1])
            if node is not None:
                return node, shift
        return self._node(), 0

    def _item_line(self, pointer: Pointer) -> Span | None:
        """The span of a whole item of an indexed block sequence, read off its first line when
        that line is ``- key: ...`` (what composing it would give: its first line)."""
        if self._composed or len(pointer) != 2:
            return None
        key, index = pointer
        if not isinstance(key, str) or not isinstance(index, int) or key not in self.items:
            return None
        if not 0 <= index < len(self.items[key][0]):
            return None
        number = self.items[key][0][index]
        line = self.lines()[number]
        match = _ITEM_LINE.match(line)
        if match is None:
            return None
        return Span(number + 1, len(match.group(1)) + 1, number + 1, len(line) + 1)

    def _field_line(self, pointer: Pointer) -> Span | None:
        """The span of a one-line scalar of an item of an indexed block sequence (``("claims",
        7, "quote")``), read off its line when that line is ``key: value`` at the item's
        indentation and the value a plain scalar (no indicator, comment or continuation) or
        a quoted one without escapes: what composing the item would give, without composing
        it (a claim's quote is the place of a finding on each claim of a stale file)."""
        if self._composed or len(pointer) != 3:
            return None
        key, index, name = pointer
        if not isinstance(key, str) or not isinstance(index, int) or not isinstance(name, str):
            return None
        if key not in self.items or not 0 <= index < len(self.items[key][0]):
            return None
        starts, end = self.items[key]
        first = starts[index]
        last = starts[index + 1] if index + 1 < len(starts) else end
        lines = self.lines()
        head = _ITEM_LINE.match(lines[first])
        if head is None:
            return None
        indent = len(head.group(1))
        pad = " " * indent
        found: re.Match[str] | None = None
        for number in range(first, last):
            line = lines[number]
            if number > first and not (line.startswith(pad) and line[indent : indent + 1] not in ("", " ")):
                continue  # not a key of the item's mapping
            if line.startswith(name, indent):
                match = _FIELD.match(line, indent + len(name))
                if match is not None:
                    if found is not None:
                        return None  # twice: the loader refuses it
                    found, at = match, number
        if found is None:
            return None
        value = found.group(1)
        if not (_PLAIN_ONE_LINE.fullmatch(value) or _QUOTED_ONE_LINE.fullmatch(value)):
            return None
        if any(_OPENS.search(lines[number]) for number in range(first, at)):
            return None  # the line might be inside a flow collection or quoted scalar begun above
        for after in range(at + 1, last):  # a more indented line would continue a plain scalar
            text = lines[after]
            if text.strip():
                if len(text) - len(text.lstrip(" ")) > indent:
                    return None
                break
        column = found.start(1)
        return Span(at + 1, column + 1, at + 1, column + len(value) + 1)

    def locate(self, pointer: Pointer = ()) -> Span:
        """Span of the value at ``pointer`` (or of its deepest existing parent)."""
        quick = self._item_line(pointer) or self._field_line(pointer)
        if quick is not None:
            return quick.shifted(self.line_offset)
        _, node, shift = self._walk(pointer)
        span = node_span(node).shifted(shift) if node is not None else Span.point(1)
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.value:
            # a block collection ends at the next key; report its first line only
            first = node.value[0][0] if isinstance(node, yaml.MappingNode) else node.value[0]
            span = Span(span.line, span.column, *_end_of_line(self.lines(), node_span(first).line + shift))
        return span.shifted(self.line_offset)

    def locate_key(self, pointer: Pointer) -> Span:
        """Span of the mapping key whose value ``pointer`` names (falls back to the value)."""
        key_node, _, shift = self._walk(pointer)
        if key_node is None:
            return self.locate(pointer)
        return node_span(key_node).shifted(shift + self.line_offset)


def _block_items(root: yaml.Node | None) -> Items:
    """Where the items of each top-level block sequence start (see :data:`Items`)."""
    items: Items = {}
    if not isinstance(root, yaml.MappingNode):
        return items
    for key, value in root.value:
        if not (isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.SequenceNode)):
            continue
        if value.flow_style or not value.value:
            continue
        starts = tuple(item.start_mark.line for item in value.value)
        end = value.end_mark.line + (1 if value.end_mark.column else 0)
        if all(a < b for a, b in itertools.pairwise(starts)) and starts[-1] < end:
            items[key.value] = (starts, end)
    return items


def _end_of_line(lines: list[str], line: int) -> tuple[int, int]:
    content = lines[line - 1] if len(lines) >= line else ""
    return line, len(content) + 1


def parse_yaml(text: str, line_offset: int = 0) -> YamlSource:
    """Parse ``text``; raise :class:`YamlProblem` (already shifted by ``line_offset``)."""
    fast = fast_parse(text)
    if fast is not None:
        return YamlSource(text=text, data=fast[0], line_offset=line_offset, items=fast[1])
    try:
        root = _compose(text)
        data = None if root is None else build(root, 0, set())
    except YamlProblem as problem:
        problem.span = problem.span.shifted(line_offset)
        raise
    # The node tree is dropped: positions are recomposed only for files that have findings,
    # and only the item a finding is in, when the item starts its own lines.
    return YamlSource(text=text, data=data, line_offset=line_offset, items=_block_items(root))
