"""Round-trip edits of a claims file (ruamel.yaml): comments, key order, quoting and
indentation survive, so a change touches only the lines it changes. Saving is atomic and
refuses to overwrite a file that changed on disk since it was read (no lost update)."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from claimcheck.atomic import write_atomic
from claimcheck.errors import ClaimcheckError, InputError

# (mapping, sequence, offset) indentations to try, the project's own style first
_STYLES = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (2, 4, 0), (4, 4, 0))


class ConcurrentModification(ClaimcheckError):
    """The file changed on disk after it was read; saving would lose that change."""

    exit_code = 1


def _yaml(style: tuple[int, int, int]) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap an editor's long lines
    yaml.indent(mapping=style[0], sequence=style[1], offset=style[2])
    return yaml


def _dump(yaml: YAML, data: Any) -> str:
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


class ClaimsFileEditor:
    """A claims file opened for editing. ``data`` is the round-trip document."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
        self._digest: bytes | None = hashlib.sha256(raw).digest()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError(f"{path}: not valid UTF-8; fix it before editing") from None
        self.original = text
        self._yaml, self.data = self._load(text)

    def _load(self, text: str) -> tuple[YAML, Any]:
        first: tuple[YAML, Any] | None = None
        for style in _STYLES:
            yaml = _yaml(style)
            try:
                data = yaml.load(text)
            except YAMLError as exc:
                raise InputError(f"{self.path}: invalid YAML: {str(exc).splitlines()[0]}") from None
            if _dump(yaml, data) == text:
                return yaml, data
            first = first or (yaml, data)
        assert first is not None
        return first  # no style reproduces the file exactly; the first is the project's

    @classmethod
    def new(cls, path: Path, data: CommentedMap) -> ClaimsFileEditor:
        """A claims file that does not exist yet, holding ``data``; saving it refuses to
        overwrite a file that appeared at ``path`` in the meantime."""
        editor = cls.__new__(cls)
        editor.path = path
        editor._digest = None
        editor.original = ""
        editor._yaml = _yaml(_STYLES[0])
        editor.data = data
        return editor

    @property
    def claims(self) -> CommentedSeq:
        claims = self.data.get("claims") if isinstance(self.data, CommentedMap) else None
        if not isinstance(claims, CommentedSeq):
            raise InputError(f"{self.path}: not a claims file (no 'claims:' list)")
        return claims

    def find(self, claim_id: str) -> CommentedMap | None:
        for item in self.claims:
            if isinstance(item, CommentedMap) and item.get("id") == claim_id:
                return item
        return None

    def render(self) -> str:
        return _dump(self._yaml, self.data)

    def changed_on_disk(self) -> bool:
        if self._digest is None:  # a new file: it must still not exist
            return self.path.exists()
        try:
            return hashlib.sha256(self.path.read_bytes()).digest() != self._digest
        except OSError:
            return True

    def save(self) -> bool:
        """Write the edited document atomically; False when there was nothing to change."""
        text = self.render()
        if self.changed_on_disk():
            raise ConcurrentModification(
                f"{self.path} changed on disk since it was read; run the command again"
            )
        if text == self.original:
            return False
        write_atomic(self.path, text)
        self.original = text
        self._digest = hashlib.sha256(text.encode("utf-8")).digest()
        return True
