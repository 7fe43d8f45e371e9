"""Which files a project has, and reading one of them as text or a located problem."""

from __future__ import annotations

from pathlib import Path

from claimcheck.errors import InputError
from claimcheck.location import Span
from claimcheck.parse.source_text import TextProblem, read_text


def relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def list_files(root: Path, folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """Files with one of ``suffixes`` directly in ``folder``, sorted by name."""
    if not folder.is_dir():
        raise InputError(f"folder not found: {relative(root, folder)} (under {root})")
    return sorted(p for p in folder.iterdir() if p.suffix in suffixes and not p.name.startswith("."))


def read(root: Path, path: Path, max_bytes: int) -> str | TextProblem:
    """Text of ``path``; a problem for what is not readable text or leaves the root."""
    resolved_root = root.resolve()
    resolved = path.resolve()
    if resolved_root not in resolved.parents:
        return TextProblem(
            "refused: the file is a link to a place outside the project root",
            Span.point(1),
            "copy the file into the project instead of linking it",
        )
    if not resolved.is_file():
        return TextProblem("not a regular file", Span.point(1))
    try:
        return read_text(path, max_bytes)
    except OSError as exc:
        return TextProblem(f"cannot read: {exc.strerror or exc}", Span.point(1))
