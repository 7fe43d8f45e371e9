"""``python -m claimcheck`` (``cli.entry``): the whole report reaches a pipe, a reader that goes
away is no error, and the exit code is the command's."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def test_the_report_is_flushed_whole_and_the_exit_code_kept(shipped: Path, tmp_path: Path) -> None:
    command = [sys.executable, "-m", "claimcheck", "check", "--root", str(shipped), "--format", "json"]
    done = subprocess.run([*command, "--no-cache"], capture_output=True, check=False)
    report = json.loads(done.stdout)  # complete: it parses
    assert done.returncode == (1 if report["summary"]["failed"] else 0)
    bad = subprocess.run([*command, "--select", "CC999"], capture_output=True, check=False)
    assert bad.returncode == 2 and b"unknown rule" in bad.stderr


def test_a_reader_that_goes_away_is_no_error(shipped: Path) -> None:
    command = f"{sys.executable} -m claimcheck check --root {shipped} --format json --no-cache | head -c 10"
    done = subprocess.run(["sh", "-c", command], capture_output=True, check=False)
    assert len(done.stdout) == 10
    assert b"Traceback" not in done.stderr
