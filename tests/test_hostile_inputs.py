"""A few hostile inputs of 1 MB from benchmarks/hostile_inputs.py, checked with a generous bound.

The script is the evidence (``nox -s hostile``: every case, one core, 2 seconds); these are the
cases that once took far longer, kept here so that they cannot come back unnoticed: 60,000
schema errors (48 s), thousands of findings located in one file (10 s), a title of 1 MB of
LaTeX (9 s), one of 1 MB of macros with optional arguments (7 s), YAML nested 500,000 deep (a
segmentation fault of libyaml's composer).
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

import pytest

from claimcheck.cli import main
from tests.conftest import load_script

BOUND = 6.0
"""CPU seconds: three times the script's bound, for a loaded machine."""


HOSTILE = load_script("benchmarks/hostile_inputs.py")


@pytest.mark.parametrize(
    ("case", "code", "rules"),
    [
        ("claims/schema-errors", 1, {"CC001": 1001, "CC208": 1}),  # 1,000 and one saying there are more
        ("claims/many-unknown-keys", 1, {"CC101": 7436, "CC208": 1}),
        ("claims/flow-nesting", 1, {"CC002": 1, "CC005": 1, "CC208": 1}),
        ("bib/latex-arguments", 0, {}),
        ("bib/latex-optional", 0, {}),
    ],
)
def test_hostile_input_is_checked_in_time(
    case: str, code: int, rules: dict[str, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "project"
    HOSTILE.write_project(root, HOSTILE.CASES[case][1](HOSTILE.MB))
    start = time.process_time()
    exit_code = main(["check", "--root", str(root), "--jobs", "1", "--no-cache", "--format", "json"])
    seconds = time.process_time() - start
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert exit_code == code
    assert Counter(f["rule"] for f in findings) == rules
    assert seconds < BOUND, f"{case}: {seconds:.2f} s"


def test_the_script_runs_and_prints_its_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert HOSTILE.main(["--only", "claims/flow", "--size", "100000"]) == 0
    out = capsys.readouterr().out
    assert "claims/flow-nesting" in out and "max check:" in out
