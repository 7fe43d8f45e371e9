"""Which files a project has, and reading one of them as text or a located problem."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from claimcheck.errors import InputError
from claimcheck.escape import terminal
from claimcheck.location import Span
from claimcheck.parse.source_text import TextProblem, read_text
from claimcheck.project import Problem


def relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def utf8_name(name: str) -> bool:
    """Whether a file name is valid UTF-8 (a name that is not arrives with lone surrogates and
    is not loaded: :func:`misnamed_files` reports it)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _candidates(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    return [p for p in folder.iterdir() if p.suffix in suffixes and not p.name.startswith(".")]


def list_files(root: Path, folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """Files with one of ``suffixes`` directly in ``folder``, sorted by name (names that are
    valid UTF-8 only)."""
    if not folder.is_dir():
        raise InputError(f"folder not found: {relative(root, folder)} (under {root})")
    return sorted(p for p in _candidates(folder, suffixes) if utf8_name(p.name))


def misnamed_files(root: Path, folder: Path, suffixes: tuple[str, ...]) -> list[Problem]:
    """A problem for each file with one of ``suffixes`` in ``folder`` whose name is not UTF-8."""
    if not folder.is_dir():
        return []
    return [
        Problem(
            "CC002",
            terminal(relative(root, path)),  # its bytes as \\xNN: a path that every output can hold
            Span.point(1),
            "the file name is not valid UTF-8, so the file was not checked",
            "rename the file (UTF-8 names only); the bytes that are not UTF-8 are shown as \\xNN",
        )
        for path in sorted(_candidates(folder, suffixes))
        if not utf8_name(path.name)
    ]


def read(root: Path, path: Path, max_bytes: int) -> str | TextProblem:
    """Text of ``path``; a problem for what is not readable text or leaves the root."""
    if not _plain_file_inside(root, path):
        try:
            resolved_root = root.resolve()
            resolved = path.resolve()
        except RuntimeError:  # pathlib's word for a symbolic link loop
            return TextProblem("cannot read: the file is a symbolic link loop", Span.point(1))
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


def _plain_file_inside(root: Path, path: Path) -> bool:
    """Whether ``path`` is a regular file, not a link, in a folder that resolves to a place
    inside the root: what resolving the path would show (a file in a loaded project, 50 µs
    sooner than :meth:`Path.resolve` and a look at its parents). Anything else (a link, a
    missing file, a folder) gets the full look."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
    except OSError:
        return False
    real_root = os.path.realpath(root)
    prefix = real_root if real_root.endswith("/") else real_root + "/"
    return os.path.join(os.path.realpath(path.parent), path.name).startswith(prefix)
