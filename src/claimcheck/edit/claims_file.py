"""Round-trip edits of a claims file (ruamel.yaml): comments, key order, quoting, indentation,
line endings and a byte order mark survive, so a change touches only the lines it changes.

Every edit is a serialized, verified read-modify-write: under the file's lock
(:mod:`claimcheck.fs.locking`) the file is read again, the change is applied to what is there
now, the result is written atomically and read back. Two commands editing different claims
of one file at the same moment both land; a change to a claim that changed meanwhile is
refused by the caller (:class:`ConcurrentModification`), never saved over it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from claimcheck.core.errors import ClaimcheckError, InputError
from claimcheck.edit.fragment import Item, candidates, items
from claimcheck.edit.text_form import TextForm
from claimcheck.fs.atomic import write_atomic
from claimcheck.fs.locking import locked

# (mapping, sequence, offset) indentations to try, the project's own style first
STYLES = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (2, 4, 0), (4, 4, 0))
BLOCK_SCALAR = re.compile(r":\s*[|>][0-9+-]*\s*(?:#.*)?$")


class ConcurrentModification(ClaimcheckError):
    """The file (or the claim) changed on disk after it was read; saving would lose that change."""

    exit_code = 1


def round_trip_yaml(style: tuple[int, int, int]) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap an editor's long lines
    yaml.indent(mapping=style[0], sequence=style[1], offset=style[2])
    return yaml


def dump(yaml: YAML, data: Any) -> str:
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def styled(text: str, name: str) -> tuple[YAML, Any, bool]:
    """The document of ``text`` and the first style that writes it back unchanged (else the
    project's), and whether one did."""
    first: tuple[YAML, Any] | None = None
    for style in STYLES:
        yaml = round_trip_yaml(style)
        try:
            data = yaml.load(text)
        except YAMLError as exc:
            raise InputError(f"{name}: invalid YAML: {str(exc).splitlines()[0]}") from None
        if dump(yaml, data) == text:
            return yaml, data, True
        first = first or (yaml, data)
    assert first is not None
    return first[0], first[1], False


def plain(node: Any) -> Any:
    """A round-trip node as plain data (to compare two readings of one claim)."""
    if isinstance(node, dict):
        return {str(k): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, str):
        return str(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, dt.datetime):
        return node.isoformat()
    if isinstance(node, dt.date):
        return dt.date(node.year, node.month, node.day)
    return node


def read_raw(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None


def write_verified(path: Path, data: bytes) -> None:
    """Write ``data`` atomically and read it back: what is reported as recorded is on disk."""
    write_atomic(path, data)
    if hashlib.sha256(read_raw(path)).digest() != hashlib.sha256(data).digest():
        raise InputError(f"{path}: what was written could not be read back; check the disk and run again")


class ClaimsList(Protocol):
    """The claims of a claims file as a change reads and edits them: ``value`` is what the
    file holds at an index (a mapping, or whatever an editor wrote), ``node`` its round-trip
    node, to change in place; ``append`` adds a claim at the end of the list."""

    def __len__(self) -> int: ...

    def value(self, index: int) -> Any: ...

    def node(self, index: int) -> Any: ...

    def append(self, node: CommentedMap) -> None: ...


class ClaimsEditor(Protocol):
    """A claims file opened for a change (the whole document, or only the claims it changes)."""

    original: str
    """The file's text as read (``\n`` line endings, no BOM)."""

    def declared(self, key: str) -> Any:
        """The value of a top-level key of the document (None when absent)."""
        ...

    @property
    def listed(self) -> ClaimsList: ...


@dataclass(frozen=True)
class _Listed:
    """The :class:`ClaimsList` of a whole round-trip document."""

    seq: CommentedSeq

    def __len__(self) -> int:
        return len(self.seq)

    def value(self, index: int) -> Any:
        return self.seq[index]

    def node(self, index: int) -> Any:
        return self.seq[index]

    def append(self, node: CommentedMap) -> None:
        self.seq.append(node)


class ClaimsFileEditor:
    """A claims file opened for editing. ``data`` is the round-trip document."""

    def __init__(self, path: Path, raw: bytes | None = None, root: Path | None = None) -> None:
        self.path = path
        self.root = root
        raw = read_raw(path) if raw is None else raw
        self._digest: bytes | None = hashlib.sha256(raw).digest()
        self.form = TextForm.decode(raw, str(path))
        self.original = self.form.text
        self._yaml, self.data, _ = styled(self.original, str(path))

    @classmethod
    def new(cls, path: Path, data: CommentedMap, root: Path | None = None) -> ClaimsFileEditor:
        """A claims file that does not exist yet, holding ``data``; saving it refuses to
        overwrite a file that appeared at ``path`` in the meantime."""
        editor = cls.__new__(cls)
        editor.path = path
        editor.root = root
        editor._digest = None
        editor.form = TextForm.new("")
        editor.original = ""
        editor._yaml = round_trip_yaml(STYLES[0])
        editor.data = data
        return editor

    @property
    def claims(self) -> CommentedSeq:
        claims = self.data.get("claims") if isinstance(self.data, CommentedMap) else None
        if not isinstance(claims, CommentedSeq):
            raise InputError(f"{self.path}: not a claims file (no 'claims:' list)")
        return claims

    def declared(self, key: str) -> Any:
        return self.data.get(key) if isinstance(self.data, CommentedMap) else None

    @property
    def listed(self) -> ClaimsList:
        return _Listed(self.claims)

    def find(self, claim_id: str) -> CommentedMap | None:
        for item in self.claims:
            if isinstance(item, CommentedMap) and item.get("id") == claim_id:
                return item
        return None

    def render(self) -> str:
        return dump(self._yaml, self.data)

    def encoded(self) -> bytes:
        """The edited document as the file is written (its line endings and BOM kept)."""
        return self.form.encode(self.render())

    def changed_on_disk(self) -> bool:
        if self._digest is None:  # a new file: it must still not exist
            return self.path.exists()
        try:
            return hashlib.sha256(self.path.read_bytes()).digest() != self._digest
        except OSError:
            return True

    def save(self) -> bool:
        """Write the edited document; False when there was nothing to change. Refuses a file
        that changed on disk since it was read (checked under the file's lock, so no other
        claimcheck writer can slip in between the check and the write); :func:`update` applies
        a change to what is on disk instead."""
        with locked(self.path, self.root):
            if self.changed_on_disk():
                raise ConcurrentModification(
                    f"{self.path} changed on disk since it was read; run the command again"
                )
            return self.write()

    def write(self) -> bool:
        """Write the edited document (the caller holds the file's lock); False when unchanged."""
        text = self.render()
        if text == self.original and self._digest is not None:
            return False
        data = self.form.encode(text)
        write_verified(self.path, data)
        self.original = text
        self._digest = hashlib.sha256(data).digest()
        return True


# --- one claim --------------------------------------------------------------------------------


@dataclass
class ClaimEdit:
    """One claim of a claims file, opened for a change: ``item`` is its round-trip mapping."""

    path: Path
    form: TextForm
    item: CommentedMap
    _render: Callable[[], str]

    def render(self) -> str:
        """The whole file after the change (``\\n`` line endings)."""
        return self._render()


def _next_content(lines: Sequence[str], start: int) -> int:
    """The first line from ``start`` on that is neither blank nor a comment."""
    at = start
    while at < len(lines) and (not lines[at].strip() or lines[at].lstrip(" ").startswith("#")):
        at += 1
    return at


def reads_alone(lines: Sequence[str], start: int, end: int, data: Any) -> bool:
    """Whether the list item on lines ``start`` to ``end``, read alone as ``data``, reads the
    same in the file: a block scalar may go on with lines that look like comments after
    ``end``, so an item holding one is read again through them to be sure."""
    if not any(BLOCK_SCALAR.search(line) for line in lines[start:end]):
        return True
    longer = "\n".join(lines[start : _next_content(lines, end)]) + "\n"
    try:
        return bool(plain(round_trip_yaml(STYLES[0]).load(longer)) == plain(data))
    except YAMLError:
        return False


def _fragment(path: Path, form: TextForm, item: Item, claim_id: str) -> ClaimEdit | None:
    lines = form.lines
    text = "\n".join(lines[item.start : item.end]) + "\n"
    try:
        yaml, data, exact = styled(text, str(path))
    except InputError:
        return None
    if not (exact and isinstance(data, CommentedSeq) and len(data) == 1):
        return None
    claim = data[0]
    if not isinstance(claim, CommentedMap) or claim.get("id") != claim_id:
        return None
    if not reads_alone(lines, item.start, item.end, data):
        return None

    def render() -> str:
        edited = dump(yaml, data).rstrip("\n").split("\n")
        return "\n".join([*lines[: item.start], *edited, *lines[item.end :]])

    return ClaimEdit(path, form, claim, render)


def open_claim(path: Path, claim_id: str, raw: bytes | None = None) -> ClaimEdit | None:
    """The claim ``claim_id`` of the claims file at ``path``, or None when it has none. Only the
    claim's own lines are parsed when the file's ``claims:`` is a plain block list."""
    raw = read_raw(path) if raw is None else raw
    form = TextForm.decode(raw, str(path))
    found = items(form.lines)
    if found is not None:
        for item in candidates(form.lines, found, claim_id):
            edit = _fragment(path, form, item, claim_id)
            if edit is not None:
                return edit
    editor = ClaimsFileEditor(path, raw)
    claim = editor.find(claim_id)
    if claim is None:
        return None
    return ClaimEdit(path, form, claim, editor.render)


@dataclass(frozen=True)
class Saved:
    """What :func:`edit_claim` did: whether the file changed, and its text before and after
    (``\n`` line endings), to show the change."""

    changed: bool
    before: str
    after: str


def file_version(raw: bytes) -> str:
    """The version of a file's content that a page or a command saw (its SHA-256, hex)."""
    return hashlib.sha256(raw).hexdigest()


def edit_claim(
    path: Path,
    claim_id: str,
    change: Callable[[CommentedMap], None],
    root: Path | None = None,
    expected: str | None = None,
) -> Saved:
    """Apply ``change`` to the claim as it is on disk now, under the file's lock, and save.
    ``change`` may refuse (raise) after looking at the claim. With ``expected`` (the
    :func:`file_version` of the file as the editor saw it) any change of the file since refuses."""
    with locked(path, root):
        raw = read_raw(path)
        if expected is not None and file_version(raw) != expected:
            raise ConcurrentModification(
                f"{path.name} changed on disk since it was read (another editor, command or tab saved "
                "it); nothing was written: load it again to see the change, then decide again"
            )
        edit = open_claim(path, claim_id, raw)
        if edit is None:
            raise ConcurrentModification(
                f"{path}: claim {claim_id!r} is no longer in the file (it changed meanwhile); "
                "nothing was written, run the command again"
            )
        change(edit.item)
        text = edit.render()
        if text == edit.form.text:
            return Saved(False, text, text)
        write_verified(path, edit.form.encode(text))
        return Saved(True, edit.form.text, text)
