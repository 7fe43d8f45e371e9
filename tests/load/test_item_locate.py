"""Locating inside one item of a block sequence, composed from its own lines, gives exactly
the positions that composing the whole file gives."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.parse.yaml_source import YamlSource, parse_yaml

TEXTS = [
    """\
article: demo
claims:
  - id: a
    quote: "one, two"
    citations:
      - key: k1
        relation: supports
  # a comment between items

  - id: b
    quote: |
      a block scalar
      over two lines

    kind: mechanism
  - id: c
    quote: >-
      folded
    review: {status: pending}
other: 1
""",
    """\
article: demo
claims:
- id: a
  quote: plain
    continued
- id: b
  citations: [{key: x, relation: supports}, {key: y, relation: partial}]
- id: c
  quote: 'single'""",
    """\
claims:
  -
    id: on-its-own-line
    quote: x
  - id: b
article: demo
""",
    """\
claims: [{id: a}, {id: b}]
article: demo
""",
    """\
claims:
  - - nested
  - "quoted": 1
    id: x
  -   id: wide
  - id:
      deeper
  - "just a string"
  - key:value
article: demo
""",
    """\
  claims:
    - id: a
      quote: x
    - id: b
  article: demo
""",
    # one-line values read off their line (YamlSource._field_line), and what must not be
    """\
claims:
  - id: a
    quote: Vitamin D — é ü “made” in the skin
    kind: mechanism
  - id: b
    quote: "double, quoted" # a comment
    note: 'single quoted'
  - id: c
    review: {status: pending,
    quote: inside a flow mapping}
  - id: d
    quote: "an \\"escaped\\" quote"
    statement: a:b c
  - id: e
    quote: 12
    statement: plain
      continued
  - id: f
    quote: trailing space \t
    kind: x
  - id: g
    citations:
    - key: k
      quote: not the item's
article: demo
""",
]


def _pointers(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            out += _pointers(item, (*prefix, key))
        out.append((*prefix, "missing-key"))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out += _pointers(item, (*prefix, index))
        out.append((*prefix, len(value)))
    return out


def _same_everywhere(text: str) -> None:
    fast = parse_yaml(text, line_offset=3)
    for pointer in _pointers(fast.data):
        whole = YamlSource(text=text, data=fast.data, line_offset=3)
        quick = parse_yaml(text, line_offset=3)
        assert quick.locate(pointer) == whole.locate(pointer), pointer
        assert quick.locate_key(pointer) == whole.locate_key(pointer), pointer


@pytest.mark.parametrize("text", TEXTS)
def test_handwritten(text: str) -> None:
    _same_everywhere(text)


def test_items_are_indexed_for_block_sequences_only() -> None:
    assert parse_yaml(TEXTS[0]).items == {"claims": ((2, 9, 15), 19)}
    assert parse_yaml(TEXTS[3]).items == {}


SCALARS = st.one_of(
    st.text(alphabet="ab :-#'\"\n|>", max_size=12),
    st.integers(),
    st.booleans(),
    st.none(),
)
ITEM = st.dictionaries(
    st.sampled_from(["id", "quote", "kind", "citations", "review"]),
    st.one_of(SCALARS, st.lists(st.dictionaries(st.sampled_from(["key", "relation"]), SCALARS), max_size=2)),
    min_size=1,
)


@settings(max_examples=150, deadline=None)
@given(
    items=st.lists(ITEM, min_size=1, max_size=4),
    style=st.sampled_from([None, False]),
    width=st.sampled_from([20, 80]),
    indent=st.sampled_from([2, 4]),
)
def test_generated(items: list[dict[str, Any]], style: bool | None, width: int, indent: int) -> None:
    document = {"article": "demo", "claims": items, "tail": "x"}
    text = yaml.safe_dump(document, default_flow_style=style, width=width, indent=indent, sort_keys=False)
    _same_everywhere(text)
    _same_everywhere(text.replace("\n- ", "\n\n# note\n- "))


def _positions(node: Any, out: list[tuple[Any, ...]], seen: set[int]) -> list[tuple[Any, ...]]:
    if id(node) in seen:
        return out
    seen.add(id(node))
    start, end = node.start_mark, node.end_mark
    out.append((type(node).__name__, start.line, start.column, end.line, end.column))
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _positions(key, out, seen)
            _positions(value, out, seen)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _positions(item, out, seen)
    return out


@pytest.mark.parametrize("text", [*TEXTS, "a: !!str 1\nb: &x [1, {c: *x}]\n? [k]\n: v\n"])
def test_locating_needs_no_tags(text: str) -> None:
    """Nodes composed without resolving tags (the loader used to locate) sit where the
    resolving loader puts them."""
    from claimcheck.parse.yaml_source import _Loader, _Positions

    resolved = yaml.compose(text, Loader=_Loader)
    assert _positions(resolved, [], set()) == _positions(yaml.compose(text, Loader=_Positions), [], set())
