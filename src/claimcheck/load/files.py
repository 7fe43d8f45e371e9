"""Which files a project has, and reading one of them as text or a located problem."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from claimcheck.core.errors import InputError
from claimcheck.core.escape import terminal
from claimcheck.core.location import Span
from claimcheck.fs.safe_paths import utf8_name
from claimcheck.load.project import Problem
from claimcheck.parse.source_text import TextProblem, decode_text, read_text


def relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def missing_folder(root: Path, folder: Path, key: str) -> InputError:
    """The error for a content folder that is not there, saying where it was looked for."""
    where = root.resolve()
    return InputError(
        f"folder not found: {relative(root, folder)} in {where} ({key}); run claimcheck in a "
        "content repository (a folder with claimcheck.toml, or below one), or give --root or --config"
    )


def list_files(root: Path, folder: Path, suffixes: tuple[str, ...], key: str) -> list[Path]:
    """Files with one of ``suffixes`` directly in ``folder``, sorted by name (names that are
    valid UTF-8 only: :func:`misnamed_files` reports the others)."""
    if not folder.is_dir():
        raise missing_folder(root, folder, key)
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix in suffixes and not p.name.startswith(".") and utf8_name(p.name)
    )


def misnamed_files(root: Path, folder: Path, suffixes: tuple[str, ...], recursive: bool) -> list[Problem]:
    """A problem for each file with one of ``suffixes`` in ``folder`` (and, ``recursive``, its
    folders that are not hidden) whose name is not valid UTF-8: such a file is not loaded."""
    found: list[Path] = []
    for place, subfolders, files in os.walk(folder):
        subfolders[:] = sorted(d for d in subfolders if recursive and not d.startswith("."))
        found.extend(Path(place) / name for name in files if name.endswith(suffixes) and not utf8_name(name))
    return [
        Problem(
            "CC002",
            terminal(relative(root, path)),  # its bytes as \\xNN: a path that every output can hold
            Span.point(1),
            "the file name is not valid UTF-8, so the file was not checked",
            "rename the file (UTF-8 names only); the bytes that are not UTF-8 are shown as \\xNN",
        )
        for path in sorted(found)
    ]


_SUBSTITUTES: dict[str, bytes] = {}
"""What standard input gave in place of a file (``check - --stdin-filename F``), by absolute path."""


@contextmanager
def substituted(path: Path, content: bytes) -> Iterator[None]:
    """Read ``content`` instead of the file ``path`` in this block (the file need not exist)."""
    _SUBSTITUTES[os.path.abspath(path)] = content
    try:
        yield
    finally:
        _SUBSTITUTES.clear()


def substitutes() -> list[Path]:
    """The files whose content stands in for them (see :func:`substituted`)."""
    return [Path(p) for p in _SUBSTITUTES]


def is_substitute(path: Path) -> bool:
    return os.path.abspath(path) in _SUBSTITUTES


def read(root: Path, path: Path, max_bytes: int) -> str | TextProblem:
    """Text of ``path``; a problem for what is not readable text or leaves the root."""
    if _SUBSTITUTES and (given := _SUBSTITUTES.get(os.path.abspath(path))) is not None:
        if len(given) > max_bytes:
            return TextProblem(
                f"standard input is {len(given):,} bytes, over the limit of {max_bytes:,}", Span.point(1)
            )
        return decode_text(given)
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
