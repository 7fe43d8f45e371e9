"""Every rule example (src/claimcheck/rules/examples/<id>.yaml) is a test case."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.load import load_project
from claimcheck.rules import RULES
from claimcheck.rules.examples import Example, examples
from claimcheck.run.engine import check
from claimcheck.settings import load_settings

ALL = [example for rule in RULES for example in examples(rule.id)]


def _findings(root: Path) -> list[str]:
    settings = load_settings(root)
    result = check(load_project(root, settings), settings)
    return [f"{f.rule}@{f.path}:{f.span.line}:{f.span.column}" for f in result.findings]


@pytest.mark.parametrize("example", ALL, ids=lambda e: f"{e.rule}-{e.outcome}-{e.name}")
def test_example(example: Example, tmp_path: Path) -> None:
    example.write(tmp_path)
    found = sorted(f.split("@", 1)[1] for f in _findings(tmp_path) if f.startswith(example.rule + "@"))
    if example.outcome == "fail":
        assert found == sorted(example.expect)
    else:
        assert found == []


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_rule_has_a_failing_and_a_passing_example(rule: object) -> None:
    outcomes = {e.outcome for e in examples(rule.id)}  # type: ignore[attr-defined]
    assert outcomes == {"fail", "pass"}


def test_base_project_is_clean(tmp_path: Path) -> None:
    Example("none", "pass", "base", {}, ()).write(tmp_path)
    assert _findings(tmp_path) == []


def test_rule_metadata_is_uniform() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))
    for r in RULES:
        assert r.id[:2] == "CC" and len(r.id) == 5
        assert r.name.count(".") == 1
        assert r.summary and not r.summary.endswith(".")
        assert len(r.doc) > 80
