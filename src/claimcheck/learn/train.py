"""A promotion model learned from the editors' rows (and the shipped training rows), trained
by the shipped model's own trainer (:func:`claimcheck.scoring.train.fit`, the ``promotes``
spec), and both models measured on the same dev rows.

Every row keeps the split of data/labels/README.md (by its ``doc``'s hash; an article is one
document): the train split to learn, the dev split for the threshold and the figures; test
rows are never used here.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from claimcheck.core.errors import ClaimcheckError, UsageError
from claimcheck.learn.editors import COLLECTION, LABEL, EditorRow
from claimcheck.scoring.labels import LabelsError, Row, labels_dir, read_rows, split_of
from claimcheck.scoring.metrics import Figures, figures
from claimcheck.scoring.model import LinearModel
from claimcheck.scoring.registry import MODELS
from claimcheck.scoring.shipped import load
from claimcheck.scoring.transfer import TransferRow, read_transfer

EXTRA = "train"
"""The optional dependencies training needs (``pip install 'claimcheck-health[train]'``)."""

SOURCE_ROOT = Path(__file__).resolve().parents[3]
"""The claimcheck checkout this package runs from (its data/labels holds the shipped rows)."""


class LearnError(ClaimcheckError):
    """``learn`` cannot train: one line, exit 2."""


def distribution() -> str:
    """The name claimcheck is installed under (``claimcheck-health`` on PyPI)."""
    from importlib.metadata import packages_distributions

    names = packages_distributions().get("claimcheck") or ["claimcheck-health"]
    return names[0]


def require_training() -> None:
    """A one-line error (exit 2) naming the extra to install when scikit-learn is missing."""
    missing = [name for name in ("sklearn", "scipy") if importlib.util.find_spec(name) is None]
    if missing:
        raise UsageError(
            f"learn trains with scikit-learn, which is not installed: pip install '{distribution()}[{EXTRA}]'"
        )


def as_row(row: EditorRow) -> Row:
    data = row.as_json()
    return Row(
        id=row.id,
        text=row.text,
        collection=COLLECTION,
        doc=row.doc,
        origin=data["origin"],
        labels={LABEL: row.promotes},
        split=split_of(row.doc),
        licence=data["licence"],
        labeller=row.labeller,
    )


def shipped_rows(source: Path = SOURCE_ROOT) -> list[Row]:
    """The shipped training rows that carry ``promotes`` (all splits; test rows are dropped
    by the caller)."""
    directory = labels_dir(source)
    if not (directory / "sources.yaml").is_file():
        raise LearnError(
            f"the shipped training rows ({directory}) are not installed with claimcheck: "
            "run from a claimcheck checkout, or pass --no-shipped"
        )
    try:
        return MODELS[LABEL].rows(read_rows(directory, label=LABEL))
    except (LabelsError, OSError) as exc:
        raise LearnError(f"shipped training rows: {exc}") from None


@dataclass(frozen=True)
class Comparison:
    """The shipped and the learned model on the same rows."""

    rows: int
    shipped: Figures
    learned: Figures


@dataclass(frozen=True)
class Learned:
    model: LinearModel
    train: int
    dev: int
    editors: dict[str, int]
    """Editor rows per split."""
    on_dev: Comparison | None
    """Both models on every dev row (shipped rows and the editors' dev rows)."""
    on_editors: Comparison | None
    """Both models on the editors' dev rows alone: this publisher's own decisions."""


def _compare(shipped: LinearModel, learned: LinearModel, rows: Sequence[Row]) -> Comparison | None:
    if not rows:
        return None
    texts = [r.text for r in rows]
    pages = [r.doc for r in rows]  # each row read on its page: its document's other dev rows
    truth = [int(r.labels[LABEL]) for r in rows]
    return Comparison(
        len(rows),
        figures(truth, shipped.predict_on_pages(texts, pages)),
        figures(truth, learned.predict_on_pages(texts, pages)),
    )


def shipped_transfer(source: Path = SOURCE_ROOT) -> list[TransferRow]:
    """The shipped transfer set (data/labels/distill: unlabelled sentences of shipped train
    documents with the teacher's probabilities), which the shipped promotion model learns
    beside its rows; none when it is not there."""
    try:
        return read_transfer(labels_dir(source))
    except (LabelsError, OSError) as exc:
        raise LearnError(f"shipped transfer set: {exc}") from None


def learn(
    editor_rows: Sequence[EditorRow], base: Sequence[Row], transfer: Sequence[TransferRow] = ()
) -> Learned:
    """Train on the train split of ``editor_rows`` and ``base`` (and ``transfer``, as the shipped
    model does); measure on their dev split."""
    require_training()
    if not editor_rows:
        raise LearnError(
            "no review decision to learn from: no claim is sent back over a promotional finding, "
            "approved without one, or carries a justified waiver of CC301, CC302 or CC305"
        )
    mine = [as_row(r) for r in editor_rows]
    rows = [*base, *mine]
    train = [r for r in rows if r.split == "train"]
    dev = [r for r in rows if r.split == "dev"]
    if len({int(r.labels[LABEL]) for r in train}) < 2:
        raise LearnError(
            f"the train split ({len(train)} rows) needs sentences that promote and sentences that do not"
            + ("" if base else "; add more decisions, or drop --no-shipped")
        )
    from claimcheck.scoring.train import fit

    try:
        model = fit(MODELS[LABEL], train, dev, transfer)
    except SystemExit as exc:  # the trainer's own refusals
        raise LearnError(str(exc.code)) from None
    editors = {split: sum(r.split == split for r in mine) for split in ("train", "dev", "test")}
    model.metadata["editors"] = {
        "collection": COLLECTION,
        "rows": len(mine),
        "by split": editors,
        "shipped rows": len(base),
    }
    shipped = load(LABEL)
    return Learned(
        model,
        len(train),
        len(dev),
        editors,
        _compare(shipped, model, dev),
        _compare(shipped, model, [r for r in dev if r.collection == COLLECTION]),
    )
