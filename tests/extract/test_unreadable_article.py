"""``extract --write`` on an article it could not read (a FIFO) refuses instead of writing an
empty claims file."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.conftest import Run


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs")
def test_a_fifo_article_is_refused_and_nothing_is_written(
    cli: Callable[..., Run], make_project: Callable[..., Path]
) -> None:
    root = make_project({"content/claims/demo.yaml": None})
    article = root / "content/articles/demo.md"
    article.unlink()
    os.mkfifo(article)
    run = cli("extract", "demo", "--write", "--root", root)
    assert run.code == 2 and run.err.count("\n") == 1, run.err
    assert "cannot extract claims" in run.err
    assert not (root / "content/claims/demo.yaml").exists()
