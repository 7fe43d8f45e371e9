"""Reading the transfer set of the distillation: ``data/labels/distill/transfer.jsonl``, unlabelled
real sentences (of training documents only) with a fine-tuned teacher's probabilities, which the
student models learn from beside the labelled rows (``ModelSpec.transfer``). Made by
scripts/distill/ (the teacher needs torch; training does not: it only reads this file). The
contract is data/labels/distill/README.md.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from claimcheck.scoring.labels import LabelsError, split_of


@dataclass(frozen=True)
class TransferRow:
    id: str
    text: str
    doc: str
    teacher: dict[str, float]
    """The teacher's probability of each binary label (``promotes`` ...) and of each claim kind
    (``kind:<kind>``)."""


def transfer_path(directory: Path) -> Path:
    """The transfer file of the labels ``directory`` (data/labels)."""
    return directory / "distill" / "transfer.jsonl"


def read_transfer(directory: Path) -> list[TransferRow]:
    """The rows of the transfer file, in order; none when there is no file. A row whose ``doc``
    does not hash to the train split is an error: the teacher's view of a dev or test document
    must never reach a model."""
    path = transfer_path(directory)
    if not path.exists():
        return []
    rows: list[TransferRow] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            raise LabelsError(f"{where}: not JSON ({error.msg})") from None
        if not isinstance(data, dict) or not all(k in data for k in ("id", "text", "doc", "teacher")):
            raise LabelsError(f"{where}: a transfer row is an object with id, text, doc and teacher")
        teacher = data["teacher"]
        if not isinstance(teacher, dict) or not all(
            isinstance(v, int | float) and 0.0 <= v <= 1.0 for v in teacher.values()
        ):
            raise LabelsError(f"{where}: teacher must map names to probabilities in [0, 1]")
        doc = str(data["doc"])
        if split_of(doc) != "train":
            raise LabelsError(f"{where}: doc {doc!r} is not in the train split")
        rows.append(
            TransferRow(str(data["id"]), str(data["text"]), doc, {k: float(v) for k, v in teacher.items()})
        )
    return rows


def transfer_checksum(rows: list[TransferRow]) -> str:
    """sha256 over the rows' ids, texts, docs and teacher probabilities, in file order."""
    digest = hashlib.sha256()
    for row in rows:
        record = [row.id, row.text, row.doc, dict(sorted(row.teacher.items()))]
        digest.update(json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n")
    return digest.hexdigest()
