"""Past decisions from git: the review records of earlier commits, with the articles as they
were then. A sentence an editor sent back and that was rewritten since survives only there.

Each of the last ``n`` commits that changed the claims folder is unpacked (``git archive``:
the articles, the claims, the BibTeX library and the configuration) into a temporary folder, checked
like the working tree, and its review records read (:mod:`claimcheck.learn.editors`). Row ids
carry the commit (``content/claims/x.yaml:12@1a2b3c4d5e6f``).
"""

from __future__ import annotations

import dataclasses
import io
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path

from claimcheck.core.errors import InputError
from claimcheck.learn.editors import EditorRow
from claimcheck.settings import CONFIG_FILE, Settings

RowsOf = Callable[[Path, Settings], list[EditorRow]]
"""Rows of the project at a folder (the working tree or an unpacked commit)."""

_GIT_TIMEOUT = 60.0


def _git(root: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, timeout=_GIT_TIMEOUT, check=False
        )
    except FileNotFoundError:
        raise InputError("--git: git is not installed") from None
    except subprocess.TimeoutExpired:
        raise InputError(f"--git: 'git {args[0]}' took longer than {_GIT_TIMEOUT:.0f} s") from None
    if done.returncode != 0:
        first = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["failed"])[0]
        raise InputError(f"--git: git {args[0]}: {first}")
    return done.stdout


def commits(root: Path, settings: Settings, limit: int) -> list[str]:
    """The last ``limit`` commits (newest first) that changed the claims folder."""
    inside = _git(root, "rev-parse", "--is-inside-work-tree").strip()
    if inside != b"true":
        raise InputError(f"--git: {root} is not in a git work tree")
    out = _git(root, "log", f"-n{limit}", "--format=%H", "--", settings.paths.claims)
    return out.decode("ascii").split()


def _unpack(root: Path, commit: str, settings: Settings, into: Path) -> None:
    paths = settings.paths
    wanted = [paths.articles, paths.claims, paths.references, CONFIG_FILE, "pyproject.toml"]
    listed = _git(root, "ls-tree", "--name-only", commit, "--", *wanted).decode("utf-8").split("\n")
    present = [name for name in listed if name]
    if present:
        archive = _git(root, "archive", "--format=tar", commit, "--", *present)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(into, filter="data")
    for folder in (paths.articles, paths.claims):
        (into / folder).mkdir(parents=True, exist_ok=True)
    library = into / paths.references
    if not library.exists():  # the rows need the claims and articles, not the references
        library.parent.mkdir(parents=True, exist_ok=True)
        library.write_text("", encoding="utf-8")


def history_rows(root: Path, settings: Settings, limit: int, rows_of: RowsOf) -> list[EditorRow]:
    """The rows of the last ``limit`` commits that changed the claims, newest decision first."""
    found: list[EditorRow] = []
    for commit in commits(root, settings, limit):
        with tempfile.TemporaryDirectory(prefix="claimcheck-learn-") as folder:
            where = Path(folder)
            _unpack(root, commit, settings, where)
            for row in rows_of(where, settings):
                found.append(dataclasses.replace(row, id=f"{row.id}@{commit[:12]}"))
    return found
