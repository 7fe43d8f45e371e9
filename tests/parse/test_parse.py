"""Unit tests of the parsers: YAML into plain data, text decoding, quote matching."""

from __future__ import annotations

import time

import pytest

from claimcheck.core.location import LineIndex, Span
from claimcheck.parse.source_text import TextProblem, decode_text
from claimcheck.parse.yaml_source import YamlProblem, parse_yaml
from claimcheck.text.quotes import find_quote, fold


def test_scalars_follow_yaml_1_2_and_keep_dates_as_text() -> None:
    data = parse_yaml("a: yes\nb: true\nc: 2026-01-15\nd: 12\ne: 1.5\nf: ~\ng: '12'\nh: 0x10\ni: .inf\n").data
    assert data == {
        "a": "yes",
        "b": True,
        "c": "2026-01-15",
        "d": 12,
        "e": 1.5,
        "f": None,
        "g": "12",
        "h": "0x10",
        "i": float("inf"),
    }


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("a: 1\na: 2\n", "duplicate key 'a'", 2),
        ("a: &x 1\nb: *x\n", None, None),
        ("a: &x [1]\nb: *x\n", "YAML anchors and aliases are not allowed in content files", 2),
        (
            "a: !!python/object:os.system x\n",
            "unsupported YAML tag 'tag:yaml.org,2002:python/object:os.system'",
            1,
        ),
        ("base: &b {x: 1}\nc:\n  <<: *b\n", "YAML merge keys ('<<') are not allowed in content files", 3),
        ("? [a, b]\n: c\n", "mapping keys must be plain strings", 1),
        ("a: [\n", None, 2),
    ],
)
def test_refused_yaml(text: str, message: str | None, line: int | None) -> None:
    if line is None:
        parse_yaml(text)  # an alias to a scalar is harmless
        return
    with pytest.raises(YamlProblem) as info:
        parse_yaml(text)
    if message:
        assert info.value.message == message
    assert info.value.span.line == line


def test_deep_nesting_is_refused_not_a_crash() -> None:
    with pytest.raises(YamlProblem) as info:
        parse_yaml("[" * 5000 + "]" * 5000)
    assert "nesting" in info.value.message


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 500_000 + "]" * 500_000,  # libyaml's composer overflowed the C stack: SIGSEGV
        "- " * 100_000 + "x",
        "a: " + "{b: " * 100_000 + "}" * 100_000,
        "a:\n" + "".join(" " * i + "- \n" for i in range(3000)),
    ],
)
def test_nesting_too_deep_to_compose_is_refused_quickly(text: str) -> None:
    start = time.process_time()
    with pytest.raises(YamlProblem) as info:
        parse_yaml(text)
    assert time.process_time() - start < 1.0  # libyaml's scanner is quadratic in flow depth
    assert info.value.message == "nesting deeper than 64 levels"


def test_deep_nesting_is_refused_at_the_same_place_either_way(monkeypatch: pytest.MonkeyPatch) -> None:
    """Below the depth libyaml composes safely the node tree refuses it; above, parser events."""
    from claimcheck.parse import yaml_source

    texts = [
        "a: " + "[" * 70 + "]" * 70,
        "- " * 70 + "x",
        "a:\n" + "".join(" " * i + "- \n" for i in range(80)),
    ]
    for text in texts:
        places = []
        for safe in (10**9, 0):
            monkeypatch.setattr(yaml_source, "_SAFE_DEPTH", safe)
            with pytest.raises(YamlProblem) as info:
                parse_yaml(text)
            places.append((info.value.message, info.value.span.line, info.value.span.column))
        assert places[0] == places[1]
    monkeypatch.setattr(yaml_source, "_SAFE_DEPTH", 0)
    assert parse_yaml("a: " + "[" * 64 + "]" * 64).data is not None  # 65 levels: allowed


def test_locate_by_pointer_with_line_offset() -> None:
    source = parse_yaml("claims:\n  - id: a\n    quote: hello\n", line_offset=3)
    assert source.locate(("claims", 0, "quote")) == Span(6, 12, 6, 17)
    assert source.locate_key(("claims", 0, "quote")) == Span(6, 5, 6, 10)
    assert source.locate(("claims", 7)).line == 5  # missing item: the nearest parent


def test_decode_text() -> None:
    assert decode_text(b"\xef\xbb\xbfa\r\nb\rc") == "a\nb\nc"
    problem = decode_text(b"ok\nbad \xff here")
    assert isinstance(problem, TextProblem) and problem.span == Span.point(2, 5)


def test_line_index() -> None:
    index = LineIndex("ab\ncd\n")
    assert index.position(0) == (1, 1)
    assert index.position(4) == (2, 2)
    assert index.span(3, 5) == Span(2, 1, 2, 3)


def test_quote_matching_folds_typography_case_and_whitespace() -> None:
    text = fold("He said “it’s GH-driven” —\n  in the   liver.")
    assert find_quote(text, "it's gh-driven\" - in the liver") is not None
    assert find_quote(text, "in the kidney") is None
    assert find_quote(text, "   ") is None
    assert len(fold("İstanbul")) == len("İstanbul")
