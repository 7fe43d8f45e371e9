"""Where claimcheck may write and what it may read, when the repository is not trusted (a pull
request can commit links, FIFOs and odd names).

Writes: a target that is a symbolic link (claimcheck never writes through a link it did not
make), a device, a FIFO, a socket or a folder is refused; a target inside the project root must
stay inside it once links in its folders are resolved (a committed ``build -> /elsewhere``).
Reads of the configuration: a link leaving the root, a loop or anything but a regular file is
refused, and the file is opened without blocking (a FIFO never hangs a run).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from claimcheck.core.errors import InputError

_KIND = {
    stat.S_IFDIR: "a folder",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFIFO: "a FIFO",
    stat.S_IFSOCK: "a socket",
    stat.S_IFLNK: "a symbolic link",
}


class UnsafePath(InputError):
    """A path claimcheck refuses to write or read (exit code 2, one line)."""


def utf8_name(name: str) -> bool:
    """Whether a file name is valid UTF-8 (one that is not arrives with lone surrogates; it is not
    loaded, and a finding names it)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _kind(mode: int) -> str:
    return _KIND.get(stat.S_IFMT(mode), "not a regular file")


def _inside(real_root: str, real: str) -> bool:
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def check_write_target(path: Path) -> None:
    """Refuse to replace ``path`` unless it is missing or a regular file (not a link)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise UnsafePath(f"refused to write {path}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise UnsafePath(
            f"refused to write {path}: it is {_kind(info.st_mode)}, not a regular file "
            "(claimcheck never writes through a link or into a special file)"
        )


def check_write_inside(root: Path, path: Path) -> None:
    """Refuse ``path`` when it lies inside ``root`` as written but its folder resolves outside
    (through a link); and when its target is refused by :func:`check_write_target`. A path
    outside the root as written (``--output /tmp/report.json``) is the caller's own choice."""
    absolute_root, absolute = os.path.abspath(root), os.path.abspath(path)
    if _inside(absolute_root, absolute):
        real_root = os.path.realpath(root)
        folder = os.path.dirname(absolute)
        try:
            real_folder = os.path.realpath(folder, strict=False)
        except OSError as exc:  # a link loop
            raise UnsafePath(f"refused to write {path}: {exc.strerror or exc}") from None
        if not _inside(real_root, real_folder):
            raise UnsafePath(
                f"refused to write {path}: its folder is a link to a place outside the project root"
            )
    check_write_target(path)


def check_write_folder(root: Path, folder: Path) -> None:
    """:func:`check_write_inside` for a folder that files will be written into."""
    check_write_inside(root, folder / ".claimcheck-output")
    try:
        info = os.lstat(folder)
    except OSError:
        return
    if stat.S_ISLNK(info.st_mode) and _inside(os.path.abspath(root), os.path.abspath(folder)):
        real = os.path.realpath(folder)
        if not _inside(os.path.realpath(root), real):
            raise UnsafePath(f"refused to write into {folder}: a link to a place outside the project root")
    elif not stat.S_ISLNK(info.st_mode) and not stat.S_ISDIR(info.st_mode):
        raise UnsafePath(f"refused to write into {folder}: it is {_kind(info.st_mode)}")


def open_regular(path: Path, follow_links: bool = True) -> int:
    """A file descriptor for reading ``path``, which must be a regular file: opening a FIFO for
    reading would block until a writer comes, a device may never end. ``OSError`` otherwise."""
    flags = (
        os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    )
    fd = os.open(path, flags if follow_links else flags | getattr(os, "O_NOFOLLOW", 0))
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(f"{path} is not a regular file")
    return fd


def read_regular(root: Path, path: Path, max_bytes: int) -> bytes:
    """The bytes of ``path``: a regular file inside the root (after links), at most ``max_bytes``."""
    try:
        info = os.lstat(path)
    except OSError as exc:
        raise UnsafePath(f"cannot read: {exc.strerror or exc}") from None
    if stat.S_ISLNK(info.st_mode):
        real = os.path.realpath(path)
        if not _inside(os.path.realpath(root), real):
            raise UnsafePath("refused: a link to a place outside the project root")
        try:
            info = os.stat(path)
        except OSError as exc:  # a loop, a dangling link
            raise UnsafePath(f"cannot read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise UnsafePath(f"refused: it is {_kind(info.st_mode)}, not a regular file")
    if info.st_size > max_bytes:
        raise UnsafePath(f"refused: {info.st_size:,} bytes (at most {max_bytes:,})")
    try:
        fd = open_regular(path)  # checked again on what is opened: it may have been replaced
    except OSError:
        raise UnsafePath("refused: not a regular file") from None
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise UnsafePath(f"refused: more than {max_bytes:,} bytes")
    return data
