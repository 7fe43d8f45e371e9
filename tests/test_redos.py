"""Every regular expression claimcheck uses, against input built to make it backtrack.

The patterns are collected, not listed: every compiled pattern reachable from a module of the
package (constants, and the lexicons compiled from data), every literal pattern given to a
``re`` function anywhere in src/, and the ``pattern`` keywords of the JSON Schemas (jsonschema
runs them with ``re``). A call of a ``re`` function whose pattern is built at run time must be
named in ``DYNAMIC`` with a way to get its patterns, or this test fails and says where.

Each pattern gets strings of 20,000 characters made of its own characters: each one repeated,
pairs of them alternating, and the pattern's own shape with one repetition pumped, ending in a
character that makes the match fail at the very end (the classic catastrophic-backtracking
attack). ``search`` and a full ``finditer`` must each finish within ``BOUND`` CPU seconds.
A pattern that backtracks quadratically takes seconds on that (and hours on a megabyte).
``CLAIMCHECK_REDOS_LENGTH`` sets the length (``nox -s fuzz`` runs 100,000).
"""

from __future__ import annotations

import ast
import functools
import importlib
import itertools
import os
import pkgutil
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import fields, is_dataclass
from typing import Any

import pytest

import claimcheck
from claimcheck.extract.lexicon import lexicon
from claimcheck.lexicon.load import lexicon_for
from claimcheck.model import schemas
from claimcheck.text.matcher import PhraseMatcher
from claimcheck.text.quotes import quote_pattern
from tests.conftest import REPO

try:  # Python 3.11+
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

SRC = REPO / "src" / "claimcheck"
LENGTH = int(os.environ.get("CLAIMCHECK_REDOS_LENGTH", "20000"))
BOUND = 0.5
"""CPU seconds for one search or one full finditer over one string."""
RE_FUNCTIONS = {"compile", "search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split"}


def _hostile_phrases() -> list[str]:
    """Phrases of a project's own lexicon pack (user data) that could upset the trie regex."""
    return ["a a a a a a a a a a", "a-a-a-a-a-a", "a*", "aa aa aa b", "% off", "#1", "x - - - y", "ab" * 60]


def _matcher_patterns() -> list[re.Pattern[str]]:
    shipped = lexicon_for(REPO, []).matcher.patterns
    hostile = PhraseMatcher((phrase, i) for i, phrase in enumerate(_hostile_phrases())).patterns
    return [*shipped, *hostile]


def _quote_patterns() -> list[re.Pattern[str]]:
    quotes = ["Vitamin D is made in the skin", "a a a a a a a a a a a a b", "(1) [2] {3} 4.5 - 6"]
    return [p for p in map(quote_pattern, quotes) if p is not None]


def _extract_lexicon_patterns() -> list[re.Pattern[str]]:
    return list(_reachable(lexicon()))


def _layout_patterns() -> list[re.Pattern[str]]:
    """include/exclude patterns of a project's configuration (user data), joined as the
    article filter joins them."""
    import pathspec

    from claimcheck.load.layout import joined_pattern

    lists = [
        ["*.md"],
        ["README.md", "drafts/", "2026/**/*.md", "a*b*c*d*e*f*g", "**/**/**/x", "[a-z]*-*-*.md"],
    ]
    found = [joined_pattern(pathspec.PathSpec.from_lines("gitignore", patterns)) for patterns in lists]
    return [p for p in found if p is not None]


DYNAMIC: dict[str, Callable[[], list[re.Pattern[str]]]] = {
    "load/layout.py:joined_pattern": _layout_patterns,
    # the patterns of every phrase; a text's own (a matcher's first texts) are these with branches left out
    "text/matcher.py:_searches": _matcher_patterns,
    "text/matcher.py:PhraseMatcher._regex": _matcher_patterns,
    "text/quotes.py:quote_pattern": _quote_patterns,
    "extract/lexicon.py:_check_patterns": _extract_lexicon_patterns,
    "extract/lexicon.py:_words": _extract_lexicon_patterns,
    "extract/lexicon.py:_substance_pattern": _extract_lexicon_patterns,
    "extract/lexicon.py:compile_lexicon.heading": _extract_lexicon_patterns,
    "extract/lexicon.py:compile_lexicon": _extract_lexicon_patterns,
}
"""Calls of ``re`` functions with a pattern built at run time -> where their patterns come from."""


def _guards() -> dict[str, tuple[str, str, str, Callable[[str], object]]]:
    """Patterns that src/ applies only through a function that keeps them linear: pattern text
    -> (the file using it, '' for any; the name it is used by; that function; a call of it)."""
    from claimcheck.extract import candidates

    return {
        lexicon().reference_entry.pattern: (
            "",
            "reference_entry",
            "reads_like_reference",
            lambda text: candidates.reads_like_reference(text, lexicon()),
        ),
    }


GUARDS = _guards()


# --- collecting ----------------------------------------------------------------------------------


def _reachable(root: object, depth: int = 4) -> Iterator[re.Pattern[str]]:
    """Compiled patterns held by ``root``: directly, in containers, dataclasses, objects."""
    seen: set[int] = set()

    def walk(value: object, level: int) -> Iterator[re.Pattern[str]]:
        if id(value) in seen or level < 0:
            return
        seen.add(id(value))
        if isinstance(value, re.Pattern):
            if isinstance(value.pattern, str):
                yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from walk(item, level - 1)
        elif isinstance(value, list | tuple | set | frozenset):
            for item in value:
                yield from walk(item, level - 1)
        elif is_dataclass(value) and not isinstance(value, type):
            for field in fields(value):
                yield from walk(getattr(value, field.name), level - 1)
        elif type(value).__module__.startswith("claimcheck") and hasattr(value, "__dict__"):
            for item in vars(value).values():
                yield from walk(item, level - 1)

    yield from walk(root, depth)


def _modules() -> list[Any]:
    names = [m.name for m in pkgutil.walk_packages(claimcheck.__path__, "claimcheck.")]
    return [importlib.import_module(name) for name in names if not name.endswith("__main__")]


def _module_patterns() -> dict[str, re.Pattern[str]]:
    found = {}
    for module in _modules():
        for name, value in vars(module).items():
            if getattr(value, "__module__", module.__name__) != module.__name__ and isinstance(value, type):
                continue
            for pattern in _reachable(value, 2):
                found.setdefault(f"{module.__name__}.{name}: {pattern.pattern[:60]!r}", pattern)
    return found


def _flags(node: ast.expr | None) -> int:
    if node is None:
        return 0
    return int(eval(compile(ast.Expression(node), "<flags>", "eval"), {"re": re}))  # re.I | re.M


class _Calls(ast.NodeVisitor):
    """Calls of ``re`` functions: literal patterns, and where the others are."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.scope: list[str] = []
        self.literal: list[tuple[str, str, int]] = []
        self.dynamic: list[tuple[str, int]] = []
        self.module_level: list[tuple[str, int]] = []

    def _scoped(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        self.scope.append(node.name)
        self.generic_visit(node)
        self.scope.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _scoped

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == "re"
            and func.attr in RE_FUNCTIONS
            and node.args
        ):
            pattern = node.args[0]
            flag_position = {"compile": 1, "split": 3, "sub": 4, "subn": 4}.get(func.attr, 2)
            flags = node.args[flag_position] if len(node.args) > flag_position else None
            flags = next((k.value for k in node.keywords if k.arg == "flags"), flags)
            if isinstance(pattern, ast.Constant) and isinstance(pattern.value, str):
                self.literal.append((pattern.value, f"{self.path}:{node.lineno}", _flags(flags)))
            elif not self.scope:
                self.module_level.append((f"{self.path}:{node.lineno}", node.lineno))
            else:
                self.dynamic.append((f"{self.path}:{'.'.join(self.scope)}", node.lineno))
        self.generic_visit(node)


def _calls() -> list[_Calls]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        visitor = _Calls(path.relative_to(SRC).as_posix())
        visitor.visit(ast.parse(path.read_text(encoding="utf-8")))
        found.append(visitor)
    return found


def _schema_patterns() -> dict[str, re.Pattern[str]]:
    found = {}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "pattern" and isinstance(value, str):
                    found[f"schema pattern {value!r}"] = re.compile(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for name in schemas.SCHEMA_NAMES:
        walk(schemas.schema(name))
    return found


def collect() -> dict[str, re.Pattern[str]]:
    patterns = dict(_module_patterns())
    for visitor in _calls():
        for text, where, flags in visitor.literal:
            patterns.setdefault(f"{where}: {text[:60]!r}", re.compile(text, flags))
        for key, _ in visitor.dynamic:
            for pattern in DYNAMIC[key]() if key in DYNAMIC else []:
                patterns.setdefault(f"{key}: {pattern.pattern[:60]!r}", pattern)
    patterns.update(_schema_patterns())
    unique: dict[tuple[str, int], str] = {}
    for name, pattern in patterns.items():
        unique.setdefault((pattern.pattern, pattern.flags), name)
    return {name: patterns[name] for name in unique.values()}


# --- adversarial strings -------------------------------------------------------------------------

_CATEGORY_SAMPLES = {
    sre_constants.CATEGORY_DIGIT: "1",
    sre_constants.CATEGORY_NOT_DIGIT: "a",
    sre_constants.CATEGORY_SPACE: " \n",
    sre_constants.CATEGORY_NOT_SPACE: "a.",
    sre_constants.CATEGORY_WORD: "a1_é",
    sre_constants.CATEGORY_NOT_WORD: " -.",
}


def _class_chars(items: list[tuple[Any, Any]]) -> str:
    chars = ""
    for op, value in items:
        if op is sre_constants.LITERAL:
            chars += chr(value)
        elif op is sre_constants.RANGE:
            chars += chr(value[0]) + chr(value[1])
        elif op is sre_constants.CATEGORY:
            chars += _CATEGORY_SAMPLES.get(value, "a")
        elif op is sre_constants.NEGATE:
            chars += "!"
    return chars


def _chars(parsed: Any) -> str:
    """Every character the pattern names, and samples of its classes."""
    chars = ""
    for op, value in parsed:
        if op is sre_constants.LITERAL:
            chars += chr(value)
        elif op is sre_constants.NOT_LITERAL:
            chars += chr(value) + "x"
        elif op is sre_constants.IN:
            chars += _class_chars(value)
        elif op is sre_constants.ANY:
            chars += "a\n"
        elif op is sre_constants.BRANCH:
            for branch in value[1]:
                chars += _chars(branch)
        elif op is sre_constants.SUBPATTERN:
            chars += _chars(value[-1])
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT):
            chars += _chars(value[2])
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            chars += _chars(value[1])
    return "".join(dict.fromkeys(chars))


def _sample(parsed: Any, pump: int, counter: list[int]) -> str:
    """A string in the pattern's shape; the ``pump``-th unbounded repetition is repeated at
    length, the others once or twice."""
    out = ""
    for op, value in parsed:
        if op is sre_constants.LITERAL:
            out += chr(value)
        elif op is sre_constants.NOT_LITERAL:
            out += "x" if chr(value) != "x" else "y"
        elif op is sre_constants.IN:
            out += (_class_chars(value) or "a")[0]
        elif op is sre_constants.ANY:
            out += "a"
        elif op is sre_constants.BRANCH:
            out += _sample(value[1][0], pump, counter)
        elif op is sre_constants.SUBPATTERN:
            out += _sample(value[-1], pump, counter)
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT):
            low, high, body = value
            index = counter[0]
            counter[0] += 1
            unit = _sample(body, pump, counter) or "a"
            if high == sre_constants.MAXREPEAT and index == pump:
                out += unit * max(1, LENGTH // len(unit))
            else:
                out += unit * min(high, max(low, 2))
    return out


def hostile_strings(pattern: re.Pattern[str]) -> list[str]:
    parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    chars = _chars(parsed)[:12] or "a"
    strings = [char * LENGTH + "\x00" for char in chars]
    strings += [
        (a + b) * (LENGTH // 2) + "\x00" for a, b in itertools.islice(itertools.combinations(chars, 2), 4)
    ]
    strings.append((chars * (LENGTH // len(chars) + 1))[:LENGTH])
    repeats = sum(1 for _ in re.finditer(r"[*+}]", pattern.pattern)) or 1
    for pump in range(min(repeats, 8)):
        shape = _sample(parsed, pump, [0])
        if len(shape) > 2 * LENGTH:
            shape = shape[: 2 * LENGTH]
        strings += [shape + "\x00", shape[:-1] + "\x00", "!" + shape]
    return strings


# --- the tests -----------------------------------------------------------------------------------

PATTERNS = collect()


def test_every_pattern_built_at_run_time_is_covered() -> None:
    unknown = sorted(
        f"{key} (line {line})" for visitor in _calls() for key, line in visitor.dynamic if key not in DYNAMIC
    )
    assert not unknown, (
        "a re function is given a pattern built at run time here; add the place to DYNAMIC in "
        f"tests/test_redos.py with a function giving its patterns: {unknown}"
    )
    assert all(provider() for provider in DYNAMIC.values())
    stale = set(DYNAMIC) - {key for visitor in _calls() for key, _ in visitor.dynamic}
    assert not stale, f"DYNAMIC names places that no longer call re: {stale}"


def test_module_level_patterns_are_collected() -> None:
    """A module-level ``re.compile`` of a built pattern is found through the module's names."""
    module_level = [where for visitor in _calls() for where, _ in visitor.module_level]
    assert module_level  # e.g. text/sentences.py's boundary, built from its abbreviations
    texts = {p.pattern for p in PATTERNS.values()}
    for visitor in _calls():
        for _, line in visitor.module_level:
            source = (SRC / visitor.path).read_text(encoding="utf-8").splitlines()[line - 1]
            name = source.split("=")[0].strip()
            module = importlib.import_module("claimcheck." + visitor.path[:-3].replace("/", "."))
            assert getattr(module, name).pattern in texts, f"{visitor.path}:{line}"


def test_the_collection_is_broad() -> None:
    assert len(PATTERNS) > 100
    names = "\n".join(PATTERNS)
    for expected in (
        "sentences",
        "cues",
        "cite.markers",
        "cite.reflist",
        "suggest",
        "references",
        "matcher",
        "schema pattern",
    ):
        assert expected in names, expected


def _anchored_names() -> set[str]:
    """Names of patterns that src/ only ever uses with ``match`` or ``fullmatch``: tried at one
    position, so a long run they fail on costs one pass, not one pass per starting position."""
    methods: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                target = node.func.value
                name = target.id if isinstance(target, ast.Name) else getattr(target, "attr", None)
                if name:
                    methods.setdefault(name, set()).add(node.func.attr)
    return {name for name, used in methods.items() if used <= {"match", "fullmatch"}}


ANCHORED = _anchored_names()


def _is_anchored(name: str) -> bool:
    if name.split(":")[0].rsplit(".", 1)[-1] in ANCHORED:
        return True
    where = name.split(": ")[0]  # a literal pattern: 'path:line'
    if re.fullmatch(r"[\w/]+\.py:\d+", where):
        path, line = where.split(":")
        call = (SRC / path).read_text(encoding="utf-8").splitlines()[int(line) - 1]
        return re.search(r"\bre\.(?:match|fullmatch)\(", call) is not None and "re.search(" not in call
    return False


def _timed(operation: Callable[[], object]) -> float:
    start = time.process_time()
    operation()
    return time.process_time() - start


def test_guarded_patterns_are_used_only_through_their_guard() -> None:
    for where, attribute, guard, _ in GUARDS.values():
        users = set()
        for path in [SRC / where] if where else SRC.rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for function in ast.walk(tree):
                if not isinstance(function, ast.FunctionDef):
                    continue
                for node in ast.walk(function):
                    if isinstance(node, ast.Attribute) and node.attr in ("match", "search", "finditer"):
                        target = node.value
                        name = target.id if isinstance(target, ast.Name) else getattr(target, "attr", None)
                        if name == attribute:
                            users.add(function.name)
        assert users == {guard}, f"{attribute} is used outside {guard}: {users}"


@pytest.mark.parametrize("name", sorted(PATTERNS), ids=lambda name: name[:70])
def test_no_catastrophic_backtracking(name: str) -> None:
    pattern = PATTERNS[name]
    anchored = _is_anchored(name)
    guard = GUARDS.get(pattern.pattern)
    if guard is not None:
        operations: list[Callable[[str], object]] = [guard[3]]
    elif anchored:
        operations = [pattern.match, pattern.fullmatch]
    else:
        operations = [pattern.search, lambda text: list(pattern.finditer(text))]
    for text in hostile_strings(pattern):
        for operation in operations:
            seconds = _timed(functools.partial(operation, text))
            assert seconds < BOUND, f"{name}: {seconds:.2f} s on {text[:40]!r}... ({len(text)} characters)"


def test_the_attack_strings_do_find_a_catastrophic_pattern() -> None:
    """The generator is not toothless: it makes a textbook bad pattern blow up."""
    bad = re.compile(r"^(a+)+$")
    texts = [text for text in hostile_strings(bad) if text.startswith("aaa") and text.endswith("\x00")]
    assert texts
    seconds = 0.0
    for length in range(16, 32):  # exponential: each character doubles the time
        seconds = _timed(lambda: bad.search(texts[0][:length] + "\x00"))  # noqa: B023
        if seconds > BOUND:
            break
    assert seconds > BOUND
