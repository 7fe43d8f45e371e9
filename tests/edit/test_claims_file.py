"""The round-trip claims editor: untouched lines stay byte-identical; no lost update."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from claimcheck.edit.claims_file import ClaimsFileEditor, ConcurrentModification
from tests.conftest import REPO


@pytest.fixture
def claims_copy(tmp_path: Path) -> Path:
    target = tmp_path / "igf1-lifestyle.yaml"
    shutil.copy(REPO / "content/claims/igf1-lifestyle.yaml", target)
    return target


def test_unchanged_document_round_trips_byte_identically(claims_copy: Path) -> None:
    editor = ClaimsFileEditor(claims_copy)
    assert editor.render() == claims_copy.read_text(encoding="utf-8")
    assert editor.save() is False


def test_an_edit_touches_only_its_line(claims_copy: Path) -> None:
    before = claims_copy.read_text(encoding="utf-8").splitlines()
    editor = ClaimsFileEditor(claims_copy)
    claim = editor.find("igf1-influences-muscle-bone-cognition")
    assert claim is not None
    claim["review"]["status"] = "approved"
    assert editor.save() is True
    after = claims_copy.read_text(encoding="utf-8").splitlines()
    changed = [line for line in difflib.unified_diff(before, after, lineterm="", n=0) if line[:1] in "+-"]
    assert changed == ["--- ", "+++ ", "-      status: pending", "+      status: approved"]


def test_concurrent_modification_is_refused(claims_copy: Path) -> None:
    editor = ClaimsFileEditor(claims_copy)
    claims_copy.write_text(claims_copy.read_text(encoding="utf-8") + "# another editor\n", encoding="utf-8")
    snapshot = claims_copy.read_bytes()
    claim = editor.find("igf1-influences-muscle-bone-cognition")
    assert claim is not None
    claim["review"]["status"] = "approved"
    with pytest.raises(ConcurrentModification):
        editor.save()
    assert claims_copy.read_bytes() == snapshot


def test_other_indentation_styles_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    text = "article: a\nclaims:\n- id: x   # keep me\n  quote: 'q'\n  kind: mechanism\n"
    path.write_text(text, encoding="utf-8")
    assert ClaimsFileEditor(path).render() == text
