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


def test_an_article_in_a_nested_folder_is_found_as_the_check_finds_it(
    cli: Callable[..., Run], make_project: Callable[..., Path]
) -> None:
    root = make_project({"content/claims/demo.yaml": None})
    nested = root / "content/articles/2026"
    nested.mkdir()
    (root / "content/articles/demo.md").rename(nested / "demo.md")
    by_id = cli("extract", "demo", "--root", root)
    assert by_id.code == 0 and "content/articles/2026/demo.md" in by_id.out, by_id.err
    by_path = cli("extract", "content/articles/2026/demo.md", "--root", root)
    assert (by_path.code, by_path.out) == (0, by_id.out)
