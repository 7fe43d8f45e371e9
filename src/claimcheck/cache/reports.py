"""The last report rendered in each format, replayed as text when its key matches."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import orjson

from claimcheck.cache.files import CACHE_FORMAT, first_newline, mapped
from claimcheck.cache.sealing import body_of, seal, unseal
from claimcheck.core.errors import ClaimcheckError
from claimcheck.fs.atomic import write_atomic


def report_key(base: str, hashes: dict[str, str], fmt: str) -> str:
    """The key of a rendered report: everything a run depends on (``base``: the run's
    :func:`base_key`), and the format."""
    material = [base, sorted(hashes.items()), fmt]
    return hashlib.sha256(orjson.dumps(material)).hexdigest()


class ReportCache:
    """The last report rendered in each format, replayed as text when its key matches: a
    replay then needs the inputs' hashes only (reporters are pure functions of the run)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, fmt: str) -> Path:
        return self.folder / f"report.{fmt}"

    def get(self, key: str, fmt: str) -> tuple[memoryview, str, int] | None:
        """(report, summary line, exit code), or ``None``."""
        try:
            raw = mapped(self._path(fmt))
            body = body_of(raw)
            end = first_newline(body)
            meta = json.loads(bytes(body[:end]))  # the key first: a miss authenticates nothing
            if not isinstance(meta, dict) or meta.get("format") != CACHE_FORMAT or meta.get("key") != key:
                return None
            body = unseal(raw, self._path(fmt).name)
            return body[end + 1 :], str(meta["summary"]), int(meta["exit"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(
        self, key: str, fmt: str, pieces: Sequence[bytes | memoryview], summary: str, exit_code: int
    ) -> None:
        header = orjson.dumps({"format": CACHE_FORMAT, "key": key, "summary": summary, "exit": exit_code})
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomic(self._path(fmt), seal([header, b"\n", *pieces]), durable=False)
        except (OSError, ClaimcheckError):
            pass
