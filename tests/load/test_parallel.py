"""Loading in a process pool gives the same report as loading in one process."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import claimcheck.load as load

REPO = Path(__file__).resolve().parent.parent.parent
Run = Any


def _generate(root: Path) -> None:
    spec = importlib.util.spec_from_file_location("gen_corpus", REPO / "benchmarks" / "gen_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("gen_corpus", module)
    spec.loader.exec_module(module)
    module.generate(root, articles=40, claims=400, references=80, seed=3)
    broken = root / "content" / "claims" / "article-00001.yaml"  # a syntax error, sent whole
    broken.write_text(broken.read_text(encoding="utf-8").replace("claims:", "claims: ["), "utf-8")


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_pool_and_serial_reports_are_identical(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    _generate(tmp_path)
    monkeypatch.setattr(load, "PARALLEL_FROM", 2)
    monkeypatch.setattr(load, "CHUNK", 7)
    serial = cli("check", "--root", tmp_path, "--no-cache", "--jobs", "1", "--format", fmt)
    pooled = cli("check", "--root", tmp_path, "--no-cache", "--jobs", "2", "--format", fmt)
    assert serial.code == pooled.code == 1
    assert pooled.out == serial.out
    assert '"CC002"' in serial.out and '"CC101"' in serial.out
