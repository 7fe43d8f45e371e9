"""A claims file changed claim by claim: ruamel.yaml reads and writes only the claims a change
asks for (and the end of the list, where new claims go); every other line stays as it is.

``extract --write`` reads every claim's quote but changes only the claims it re-anchors and
adds claims at the end. Round-tripping the whole document for that cost 20 s on a file of
10,000 claims; here the file is read by the project's plain YAML reader
(:func:`claimcheck.parse.yaml_source.parse_yaml`, what the check reads), and a claim becomes a
round-trip node only when the change asks for it (:meth:`ClaimsLines.node`), parsed from its
own lines (:func:`claimcheck.edit.fragment.items`). The indentation style is the one that
writes back the file's beginning, its end and one claim of each shape unchanged: the style
a whole-document round trip would choose.

When the file is not a plain block list, when a value would be read differently by the two
readers (a quote that ruamel.yaml reads as a date), or when a claim's lines do not write back
unchanged, the change is made on the whole document instead (:func:`update`), as before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver

from claimcheck.core.errors import InputError
from claimcheck.edit.claims_file import (
    ClaimsEditor,
    ClaimsFileEditor,
    ClaimsList,
    dump,
    read_raw,
    reads_alone,
    styled,
    write_verified,
)
from claimcheck.edit.fragment import Item, items
from claimcheck.edit.text_form import TextForm
from claimcheck.fs.locking import locked
from claimcheck.parse.yaml_source import YamlProblem, parse_yaml

T = TypeVar("T")
_STR = "tag:yaml.org,2002:str"
_RESOLVER = VersionedResolver()


class WholeDocument(Exception):
    """A claim's lines cannot be changed alone: make the change on the whole document."""


def _read_alike(value: Any) -> bool:
    """``value`` (a string of the plain reader) is a string for ruamel.yaml too, written plain
    or quoted: not a date, number, boolean or null by YAML 1.2's rules."""
    if not isinstance(value, str):
        return False
    return str(_RESOLVER.resolve(ScalarNode, value, (True, False))) == _STR


def _shape(lines: Sequence[str]) -> tuple[tuple[int, bool], ...]:
    """The indentation of a claim's lines, and which start an item: claims of one shape are
    written back alike by an indentation style."""
    shape = []
    for line in lines:
        body = line.lstrip(" ")
        if body and not body.startswith("#"):
            shape.append((len(line) - len(body), body.startswith("- ") or body == "-"))
    return tuple(shape)


@dataclass
class _Piece:
    """Lines ``start`` to ``end`` of the file read as a round-trip list of claims."""

    start: int
    end: int
    seq: CommentedSeq


class ClaimsLines:
    """A claims file opened for a change of some of its claims (see the module's doc)."""

    def __init__(
        self, path: Path, form: TextForm, found: list[Item], end: int, data: dict[str, Any], yaml: YAML
    ) -> None:
        self.path = path
        self.form = form
        self.original = form.text
        self._found = found
        self._end = end
        self._data = data
        self._claims: list[Any] = data["claims"]
        self._yaml = yaml
        self._pieces: dict[int, _Piece] = {}
        self._appended: list[CommentedMap] = []

    @classmethod
    def open(cls, path: Path, raw: bytes) -> ClaimsLines | None:
        """The file opened claim by claim, or None when its change needs the whole document."""
        form = TextForm.decode(raw, str(path))
        lines = form.lines
        found = items(lines)
        if not found or lines[-1] != "":
            return None  # no block list of claims, or no line break at the end
        try:
            data = parse_yaml(form.text).data
        except YamlProblem:
            return None  # the whole document's reader says what is wrong
        claims = data.get("claims") if isinstance(data, dict) else None
        if not isinstance(claims, list) or len(claims) != len(found):
            return None
        if "article" in data and not _read_alike(data["article"]):
            return None
        for claim in claims:
            if not (isinstance(claim, dict) and _read_alike(claim.get("quote"))):
                return None
            if "id" in claim and not _read_alike(claim["id"]):
                return None
        end = cls._list_end(lines, found[-1])
        yaml = cls._style(path, lines, found, end)
        return None if yaml is None else cls(path, form, found, end, data, yaml)

    @staticmethod
    def _list_end(lines: Sequence[str], last: Item) -> int:
        """The line after the list: the next top-level key's (the comments before it are the
        last claim's, as ruamel.yaml reads them), or the file's last, empty, line."""
        for i in range(last.end, len(lines) - 1):
            body = lines[i].lstrip(" ")
            if body and not body.startswith("#") and len(lines[i]) - len(body) <= last.indent:
                return i
        return len(lines) - 1

    @staticmethod
    def _style(path: Path, lines: Sequence[str], found: list[Item], end: int) -> YAML | None:
        """The style that writes back unchanged the file without the claims of a shape seen
        before (the first, the last and one of each shape are kept), or None."""
        seen: set[tuple[tuple[int, bool], ...]] = set()
        kept = list(lines[: found[0].start])
        for index, item in enumerate(found):
            after = found[index + 1].start if index + 1 < len(found) else end
            shape = _shape(lines[item.start : item.end])
            if index in (0, len(found) - 1) or shape not in seen:
                seen.add(shape)
                kept.extend(lines[item.start : after])
        kept.extend(lines[end:])
        try:
            yaml, _, exact = styled("\n".join(kept), str(path))
        except InputError:
            return None
        return yaml if exact else None

    # --- ClaimsEditor --------------------------------------------------------------------

    def declared(self, key: str) -> Any:
        return self._data.get(key)

    @property
    def listed(self) -> ClaimsList:
        return self

    # --- ClaimsList ----------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._claims) + len(self._appended)

    def value(self, index: int) -> Any:
        count = len(self._claims)
        return self._claims[index] if index < count else self._appended[index - count]

    def node(self, index: int) -> Any:
        count = len(self._claims)
        if index >= count:
            return self._appended[index - count]
        last = index == count - 1
        piece = self._pieces.get(index)
        if piece is not None:
            return piece.seq[0]
        item = self._found[index]
        piece = self._piece(item.start, self._end if last else item.end)
        node, claim = piece.seq[0], self._claims[index]
        if not (
            isinstance(node, CommentedMap)
            and node.get("id") == claim.get("id")
            and node.get("quote") == claim.get("quote")
        ):
            raise WholeDocument(f"{self.path}: claim {index} reads differently alone")
        self._pieces[index] = piece
        return node

    def append(self, node: CommentedMap) -> None:
        self.node(len(self._claims) - 1)  # new claims are written after the last one's lines
        self._appended.append(node)
        self._pieces[len(self._claims) - 1].seq.append(node)

    def _piece(self, start: int, end: int) -> _Piece:
        lines = self.form.lines
        text = "\n".join(lines[start:end]) + "\n"
        try:
            data = self._yaml.load(text)
            if not (isinstance(data, CommentedSeq) and len(data) == 1 and dump(self._yaml, data) == text):
                raise WholeDocument(f"{self.path}: lines {start + 1}-{end} do not write back unchanged")
            if not reads_alone(lines, start, end, data):
                raise WholeDocument(f"{self.path}: lines {start + 1}-{end} end in a block scalar")
        except YAMLError as exc:
            raise WholeDocument(f"{self.path}: lines {start + 1}-{end}: {exc}") from None
        return _Piece(start, end, data)

    # --- writing ---------------------------------------------------------------------------

    def _replacements(self) -> list[tuple[int, int, list[str]]]:
        out = []
        for piece in sorted(self._pieces.values(), key=lambda p: p.start):
            new = dump(self._yaml, piece.seq)[:-1].split("\n")
            if new != list(self.form.lines[piece.start : piece.end]):
                out.append((piece.start, piece.end, new))
        return out

    def render(self) -> str:
        return self.form.replaced(self._replacements())

    def write(self) -> bool:
        """Write the changed claims' lines (the caller holds the file's lock); False when
        nothing changed."""
        replacements = self._replacements()
        if not replacements:
            return False
        write_verified(self.path, self.form.encode_replaced(replacements))
        return True


def update(
    path: Path,
    change: Callable[[ClaimsEditor], T],
    create: Callable[[], CommentedMap],
    root: Path | None = None,
) -> tuple[T, bool]:
    """Apply ``change`` to the claims file as it is on disk now (``create()`` when there is
    none), under its lock, and save it: what ``change`` returns, and whether the file changed.
    Only the claims ``change`` asks for are parsed and written (:class:`ClaimsLines`) when the
    file allows it, else the whole document; ``change`` may run twice, so it must not keep what
    a first run changed. ``root`` is the project's (where the lock is kept,
    :mod:`claimcheck.fs.locking`)."""
    with locked(path, root):
        if not path.exists():
            editor = ClaimsFileEditor.new(path, create(), root)
            return change(editor), editor.write()
        raw = read_raw(path)
        lines = ClaimsLines.open(path, raw)
        if lines is not None:
            try:
                result = change(lines)
            except WholeDocument:
                pass
            else:
                return result, lines.write()
        whole = ClaimsFileEditor(path, raw, root)
        return change(whole), whole.write()
