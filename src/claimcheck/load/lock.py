"""``references.lock.json``: read, never fetched. A broken lock is a finding, not a crash."""

from __future__ import annotations

import json
import os
from pathlib import Path

from pydantic import ValidationError

from claimcheck.core import escape
from claimcheck.core.location import Span
from claimcheck.fs.limits import DataLimitError, load_json
from claimcheck.load.files import read, relative
from claimcheck.load.project import Problem
from claimcheck.model.lock import LockFile
from claimcheck.parse.source_text import TextProblem

SYNTAX = "CC002"
HINT = "run 'claimcheck refs verify' to write it again"


def load_lock(root: Path, path: Path, max_bytes: int) -> tuple[LockFile | None, list[Problem]]:
    if not os.path.lexists(path):  # a FIFO, a folder or a dangling link is a finding (read says which)
        return None, []
    rel = relative(root, path)
    text = read(root, path, max_bytes)
    if isinstance(text, TextProblem):
        return None, [Problem(SYNTAX, rel, text.span, text.message, text.hint)]
    try:
        data = load_json(text)
    except DataLimitError as exc:
        return None, [Problem(SYNTAX, rel, Span.point(exc.line, exc.column), exc.message, HINT)]
    try:
        return LockFile.model_validate(data), []
    except ValidationError as exc:
        first = exc.errors()[0]
        where = escape.terminal("/".join(str(part) for part in first["loc"]))[:200]
        return None, [
            Problem(SYNTAX, rel, Span.point(1), f"invalid lock file at {where}: {first['msg']}", HINT)
        ]


def lock_json(lock: LockFile) -> str:
    """Deterministic and diff-friendly: keys sorted, two-space indent, one trailing newline."""
    data = lock.model_dump(mode="json", exclude_none=True, exclude_defaults=False)
    if not data["problems"]:
        del data["problems"]
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
