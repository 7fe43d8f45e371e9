"""The bad-input corpus: every file in tests/bad_input/ with the outcome it must produce.

Each file is put in the place of its kind (claims, article, BibTeX library, configuration) in a
copy of the clean example project, and ``claimcheck check`` runs in a subprocess: the outcome is
the exact set of CC001/CC002 findings (``rule@line:col``) or a one-line error with exit code 2,
and never a traceback. EXPECTED.yaml holds the outcomes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO

CORPUS = Path(__file__).parent / "bad_input"
EXPECTED: dict[str, Any] = yaml.safe_load((CORPUS / "EXPECTED.yaml").read_text(encoding="utf-8"))
TARGET = {
    "claims": "content/claims/demo.yaml",
    "articles": "content/articles/demo.md",
    "bib": "references.bib",
    "config": "claimcheck.toml",
}


def test_every_corpus_file_has_an_expectation() -> None:
    files = sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*") if p.is_file())
    files.remove("EXPECTED.yaml")
    assert files == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_input(name: str, make_project: Callable[..., Path]) -> None:
    expected = EXPECTED[name]
    root = make_project()
    target = root / TARGET[name.split("/")[0]]
    target.write_bytes((CORPUS / name).read_bytes())
    if expected.get("config"):
        (root / "claimcheck.toml").write_text(expected["config"], encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "claimcheck",
            "check",
            "--root",
            str(root),
            "--format",
            "json",
            "--select",
            "CC001,CC002",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert "Traceback" not in run.stderr
    if "error" in expected:
        assert run.returncode == 2
        assert run.stderr.count("\n") == 1 and expected["error"] in run.stderr, run.stderr
        return
    findings = json.loads(run.stdout)["findings"]
    found = sorted(f"{f['rule']}@{f['line']}:{f['column']}" for f in findings)
    assert found == sorted(expected.get("findings", [])), [f["message"] for f in findings]
    if "message" in expected:
        assert any(expected["message"] in f["message"] for f in findings)
    assert run.returncode == (1 if found else 0)
