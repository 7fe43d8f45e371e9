from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    """A copy of the shipped content (articles, claims, references.bib)."""
    root = tmp_path / "shipped"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "references.bib", root / "references.bib")
    return root
