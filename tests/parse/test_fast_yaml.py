"""The yaml-rs fast path gives exactly what libyaml's path gives, or stands aside.

Differential: generated block YAML (claims-file shaped, with every kind of scalar that the
two readers could type differently), the shipped files and the bad-input corpus are read by
both; wherever the fast path answers, its data and item lines equal the slow path's.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from claimcheck.parse import yaml_source, yaml_values
from claimcheck.parse.fast_yaml import fast_parse
from tests.fuzz.test_loaders import text_inputs

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("CLAIMCHECK_FUZZ_EXAMPLES", "300"))


def slow(text: str) -> tuple[Any, Any] | None:
    """libyaml's path: (data, items), or None where it reports a problem."""
    try:
        root = yaml_source._compose(text)
        data = None if root is None else yaml_values.build(root, 0, set())
    except yaml_source.YamlProblem:
        return None
    return data, yaml_source._block_items(root)


def agree(text: str) -> bool:
    """True when the fast path answered (and then it must agree)."""
    fast = fast_parse(text)
    if fast is None:
        return False
    assert slow(text) == fast, text
    return True


SCALARS = st.one_of(
    st.sampled_from(
        [
            "yes",
            "no",
            "on",
            "off",
            "true",
            "True",
            "FALSE",
            "null",
            "Null",
            "~",
            "",
            "0x1F",
            "0o17",
            "0b101",
            "1_000",
            "012",
            "+12",
            "-0",
            "1e3",
            "1E3",
            "1.",
            ".5",
            "-.5e-3",
            "3.0e+2",
            ".inf",
            "-.Inf",
            ".NaN",
            "2026-01-05",
            "2026-01-05T10:00:00Z",
            "12:30",
            "190:20:30",
            "'quoted'",
            '"dq \\u00e9 \\x41 \\t"',
            "'it''s'",
            "a: b",
            "x #not",
            "Q&A",
            "p<0.05",
            "wow!",
            "*starred",
            "[1]",
            "{a: b}",
            "[a, [b, c]]",
            "- dash",
            "? q",
            "| x",
            "> y",
            "%pct",
            "@at",
            "`tick`",
        ]
    ),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
)
KEYS = st.sampled_from(
    ["id", "quote", "kind", "key", "relation", "status", "note", "1", "true", "null", "a b"]
)


@st.composite
def block_yaml(draw: st.DrawFn) -> str:
    """A claims-file shaped document: top-level keys, some holding block sequences of mappings."""
    lines = []
    for _ in range(draw(st.integers(0, 3))):
        top = draw(st.sampled_from(["article", "claims", "extra", "tags"]))
        style = draw(st.sampled_from(["scalar", "items", "flow", "indentless", "empty"]))
        if style == "scalar":
            lines.append(f"{top}: {draw(SCALARS)}")
        elif style == "flow":
            lines.append(f"{top}: [{draw(SCALARS)}, {draw(SCALARS)}]")
        elif style == "empty":
            lines.append(f"{top}: []")
        else:
            lines.append(f"{top}:" + draw(st.sampled_from(["", "  # comment"])))
            pad = "" if style == "indentless" else " " * draw(st.integers(1, 4))
            for _ in range(draw(st.integers(1, 3))):
                first = True
                for _ in range(draw(st.integers(1, 3))):
                    lead = f"{pad}- " if first else f"{pad}  "
                    lines.append(f"{lead}{draw(KEYS)}: {draw(SCALARS)}")
                    first = False
                    if draw(st.booleans()):
                        lines.append(draw(st.sampled_from(["", "# note", f"{pad}  # indented note"])))
    return "\n".join(lines) + draw(st.sampled_from(["", "\n", "\n\n"]))


@settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(block_yaml())
def test_fast_path_agrees_on_generated_block_yaml(text: str) -> None:
    agree(text)


@settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_inputs)
@example("title = {: |\n")  # an empty block scalar at the end: yaml-rs read "\n", libyaml ""
def test_fast_path_agrees_on_fragments_of_every_format(text: str) -> None:
    agree(text)


def test_fast_path_agrees_on_shipped_and_bad_input_files() -> None:
    files = [*REPO.glob("content/**/*.yaml"), *REPO.glob("tests/**/*.yaml"), *REPO.glob("tests/**/*.yml")]
    answered = sum(agree(p.read_text(encoding="utf-8", errors="replace")) for p in files)
    assert answered >= 5  # the ordinary ones; the bad inputs are meant for the slow path


def test_fast_path_takes_the_shipped_claims_files() -> None:
    claims = sorted(REPO.glob("content/claims/*.yaml"))
    assert claims and all(fast_parse(p.read_text(encoding="utf-8")) is not None for p in claims)


@pytest.mark.parametrize(
    "text",
    [
        "a: &x [1]\nb: *x\n",  # alias
        "a: !!str 5\n",  # tag
        "<<: {a: 1}\n",  # merge key
        "%YAML 1.2\n---\na: 1\n",  # directive
        "a: 1\n---\nb: 2\n",  # second document
        "a:\n\t- x\n",  # tab
        "\ufeffa: 1\n",  # byte-order mark
        "a: 1\na: 2\n",  # duplicate key: the slow path says where
        "1: x\n",  # non-string key
        "a: 0x1F\n",  # a number the two read differently
        "claims:\n  -\n    id: x\n",  # item node on the line after its dash
        "a: \x07\n",  # a forbidden character
        "- " * 100 + "x\n",  # compact nesting
        "a:\n" + " " * 130 + "b: 1\n",  # deep indentation
    ],
)
def test_fast_path_stands_aside(text: str) -> None:
    assert fast_parse(text) is None


def test_pathological_nesting_does_not_crash_the_process() -> None:
    """yaml-rs overflows its stack (SIGSEGV) on 100,000 nested '- '; the guard keeps it away."""
    code = "from claimcheck.parse.yaml_source import parse_yaml, YamlProblem\n"
    code += "for text in ['- ' * 100_000 + 'x', '? ' * 100_000 + 'x', '[' * 100_000, 'a:\\n' + '  ' * 3000 + 'b: 1']:\n"
    code += "    try:\n        parse_yaml(text)\n    except YamlProblem:\n        pass\nprint('ok')\n"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-500:]
