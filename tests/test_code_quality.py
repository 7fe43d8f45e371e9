"""Lint and type checks run as part of the suite, so CI enforces them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

BIN = Path(sys.executable).parent


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "src", "tests", "scripts", "benchmarks", "noxfile.py"],
        ["ruff", "format", "--check", "src", "tests", "scripts", "benchmarks", "noxfile.py"],
        ["mypy"],
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_tool_passes(command: list[str]) -> None:
    executable = BIN / command[0]
    if not executable.exists():
        pytest.fail(f"{command[0]} is not installed next to {sys.executable}; install '.[test]'")
    result = subprocess.run(
        [str(executable), *command[1:]], cwd=REPO, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
