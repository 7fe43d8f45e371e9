"""The inputs of a first run, hashed by a forked process while this one parses the library."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path

import orjson

from claimcheck.cache.inputs import InputState, hashed, listed_inputs, stamps_of
from claimcheck.settings import Settings


class PendingState:
    """The inputs of a first run (no cache entry, so nothing to replay): stamped now, hashed
    meanwhile by a forked process, while this one parses the library with one core idle (and
    the files read by the hashing are then in the page cache for the loader's workers). The
    hashes are needed only to write the cache at the end. Without ``fork``: hashed then."""

    def __init__(self, root: Path, settings: Settings, folder: Path) -> None:
        self.root, self.folder = root, folder
        self.taken = time.time_ns()
        files, self.others = listed_inputs(root, settings)
        self.stamps = stamps_of(root, files)  # before any file is read
        self._state: InputState | None = None
        self._child: tuple[int, int] | None = None
        if hasattr(os, "fork") and len(self.stamps) >= FORK_FROM:
            self._fork()

    def _fork(self) -> None:
        read_end, write_end = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            return
        if pid == 0:  # the child: hash, send, and leave without running the parent's exit code
            code = 1
            try:
                os.close(read_end)
                data = orjson.dumps(hashed(self.root, self.stamps, self.taken, self.folder))
                with os.fdopen(write_end, "wb") as out:
                    out.write(data)
                code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        self._child = (pid, read_end)

    def result(self) -> InputState:
        """The stamps and hashes (waits for the hashing process; hashes here if it failed)."""
        if self._state is None:
            hashes = self._collect()
            if hashes is None or hashes.keys() != self.stamps.keys():
                hashes = hashed(self.root, self.stamps, self.taken, self.folder)
            self._state = InputState(self.stamps, hashes, self.others)
        return self._state

    def abandon(self) -> None:
        """Stop the hashing process (the run failed: its hashes will not be needed)."""
        if self._child is not None:
            pid, read_end = self._child
            self._child = None
            with contextlib.suppress(OSError):
                os.close(read_end)
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(pid, 0)

    def _collect(self) -> dict[str, str] | None:
        if self._child is None:
            return None
        pid, read_end = self._child
        self._child = None
        try:
            with os.fdopen(read_end, "rb") as pipe:
                data = pipe.read()
            _, status = os.waitpid(pid, 0)
            hashes = orjson.loads(data) if os.waitstatus_to_exitcode(status) == 0 else None
        except (OSError, ValueError):
            return None
        if not isinstance(hashes, dict) or not all(isinstance(h, str) for h in hashes.values()):
            return None
        return hashes


FORK_FROM = 2_000
"""From this many inputs a first run hashes them in a forked process (fewer: at once)."""
