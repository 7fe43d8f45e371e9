"""`extract --write` edits only the changed claims' lines (edit/claims_lines.py): the file it
writes is byte for byte the one the whole-document round trip writes, in every indentation
style, with CRLF line endings, a BOM, comments around the claims, a key after the list, a
block-scalar quote and a re-anchored last claim; a file it cannot edit claim by claim is
edited whole, as before."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from claimcheck.edit import claims_lines
from claimcheck.edit.claims_file import STYLES, dump, round_trip_yaml
from tests.conftest import REPO
from tests.extract.test_merge import ADDED, CLAIMS, REWORDED_ID, _edit_article

SHIPPED = (REPO / CLAIMS).read_text(encoding="utf-8")


def _restyled(style: tuple[int, int, int]) -> Callable[[str], str]:
    def restyle(text: str) -> str:
        yaml = round_trip_yaml(style)
        stream = io.StringIO()
        yaml.dump(yaml.load(text), stream)
        return stream.getvalue()

    return restyle


def _claim_block(text: str, claim_id: str) -> tuple[int, int]:
    start = text.index(f"  - id: {claim_id}\n")
    end = text.find("\n  - id: ", start + 1)
    return start, (len(text) if end < 0 else end + 1)


def _reworded_last(text: str) -> str:
    """The re-anchored claim moved to the end of the list (new claims are written after it)."""
    start, end = _claim_block(text, REWORDED_ID)
    block = text[start:end].rstrip("\n") + "\n"
    return text[:start] + text[end:].rstrip("\n") + "\n\n" + block


def _block_scalar_quote(text: str) -> str:
    start, end = _claim_block(text, REWORDED_ID)
    block = text[start:end]
    quote = block.split('quote: "', 1)[1].split('"\n', 1)[0]
    block = block.replace(f'quote: "{quote}"', f"quote: >-\n      {quote}")
    return text[:start] + block + text[end:]


VARIANTS: dict[str, Callable[[str], str]] = {
    "shipped": lambda text: text,
    "crlf": lambda text: text.replace("\n", "\r\n"),
    "bom": lambda text: "\ufeff" + text,
    "no-blank-lines": lambda text: text.replace("\n\n  - id:", "\n  - id:"),
    "comments-around": lambda text: (
        text.replace("\n\n  - id:", "\n  # between claims\n\n  - id:")
        + "  # after the last claim\n# the end of the file\n"
    ),
    "key-after-list": lambda text: text + "notes: kept after the list\n",
    "reworded-last": _reworded_last,
    "reworded-last-crlf": lambda text: _reworded_last(text).replace("\n", "\r\n"),
    "block-scalar-quote": _block_scalar_quote,
    **{f"style-{a}-{b}-{c}": _restyled((a, b, c)) for a, b, c in STYLES},
}


def _extract(root: Path, cli: Callable[..., Any]) -> bytes:
    run = cli("extract", "igf1-lifestyle", "--root", root, "--write")
    assert run.code == 0, run.err
    assert f"re-anchored: {REWORDED_ID}" in run.out
    return (root / CLAIMS).read_bytes()


@pytest.mark.parametrize("variant", VARIANTS)
def test_claim_by_claim_writes_what_the_whole_document_writes(
    variant: str, tmp_path: Path, cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = VARIANTS[variant](SHIPPED)
    roots = []
    for name in ("lines", "whole"):
        root = tmp_path / name
        shutil.copytree(REPO / "content", root / "content")
        shutil.copy(REPO / "references.bib", root / "references.bib")
        (root / CLAIMS).write_bytes(text.encode("utf-8"))
        _edit_article(root)
        roots.append(root)
    written: list[bool] = []
    original_write = claims_lines.ClaimsLines.write

    def write(self: claims_lines.ClaimsLines) -> bool:
        written.append(True)
        return original_write(self)

    monkeypatch.setattr(claims_lines.ClaimsLines, "write", write)
    by_lines = _extract(roots[0], cli)
    assert written, "the claims were not edited claim by claim"
    monkeypatch.setattr(claims_lines.ClaimsLines, "open", classmethod(lambda cls, path, raw: None))
    whole = _extract(roots[1], cli)
    assert by_lines == whole
    assert ADDED.encode() in whole


def test_a_file_that_is_no_block_list_is_edited_whole(tmp_path: Path, cli: Callable[..., Any]) -> None:
    """A flow list of claims: no claim has lines of its own; the whole document is edited."""
    root = tmp_path / "flow"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "references.bib", root / "references.bib")
    yaml = round_trip_yaml(STYLES[0])
    data = yaml.load(SHIPPED)
    data["claims"].fa.set_flow_style()
    (root / CLAIMS).write_text(dump(yaml, data), encoding="utf-8")
    _edit_article(root)
    assert claims_lines.ClaimsLines.open(root / CLAIMS, (root / CLAIMS).read_bytes()) is None
    assert ADDED.encode() in _extract(root, cli)


def test_a_quote_ruamel_may_read_as_a_date_is_edited_whole(tmp_path: Path) -> None:
    """The plain reader keeps ``2026-01-01`` as text, ruamel.yaml reads a date (the merge skips
    it): the whole document decides, as before."""
    path = tmp_path / "c.yaml"
    raw = b"article: a\nclaims:\n  - id: x\n    quote: 2026-01-01\n    kind: mechanism\n"
    path.write_bytes(raw)
    assert claims_lines.ClaimsLines.open(path, raw) is None
    text = raw.replace(b"2026-01-01", b"Vitamin D is made in the skin.")
    path.write_bytes(text)
    assert claims_lines.ClaimsLines.open(path, text) is not None
