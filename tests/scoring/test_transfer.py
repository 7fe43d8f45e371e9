"""The transfer set of the distillation: read with located errors, train documents only, and
learned by the trainer as the teacher's soft targets, reproducibly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimcheck.scoring import Featurizer, Row
from claimcheck.scoring.labels import LabelsError, split_of
from claimcheck.scoring.registry import ModelSpec
from claimcheck.scoring.train import fit
from claimcheck.scoring.transfer import TransferRow, read_transfer, transfer_path
from tests.scoring.test_train import _rows


def _doc(split: str, start: int = 0) -> str:
    return next(f"doc-{n}" for n in range(start, start + 1000) if split_of(f"doc-{n}") == split)


def _write(directory: Path, rows: list[object]) -> None:
    path = transfer_path(directory)
    path.parent.mkdir(parents=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_no_file_is_no_transfer_rows(tmp_path: Path) -> None:
    assert read_transfer(tmp_path) == []


def test_a_row_of_a_dev_or_test_document_is_a_located_error(tmp_path: Path) -> None:
    good = {"id": "t1", "text": "Book now.", "doc": _doc("train"), "teacher": {"promotes": 0.9}}
    bad = {"id": "t2", "text": "Book now!", "doc": _doc("test"), "teacher": {"promotes": 0.9}}
    _write(tmp_path, [good, bad])
    with pytest.raises(LabelsError, match=r"transfer\.jsonl:2: doc .* is not in the train split"):
        read_transfer(tmp_path)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not JSON"),
        ('{"id": "t1", "text": "x"}', "an object with id, text, doc and teacher"),
        ('{"id": "t1", "text": "x", "doc": "d", "teacher": {"promotes": 1.5}}', "probabilities in"),
    ],
)
def test_a_malformed_row_is_a_located_error(tmp_path: Path, line: str, message: str) -> None:
    path = transfer_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(LabelsError, match=rf"transfer\.jsonl:1: .*{message}"):
        read_transfer(tmp_path)


def test_the_student_learns_what_the_teacher_says_of_words_the_labels_barely_show() -> None:
    """'exclusive' and 'study' each appear in the labelled rows; the transfer rows, the teacher
    sure that 'exclusive' sentences promote and 'study' ones do not, move the student that way,
    and training twice gives the same bytes."""
    train = [
        *_rows("train", 60),
        Row("x1", "exclusive study", "c", "dx1", "written", {"promotes": 0}, "train"),
        Row("x2", "study exclusive", "c", "dx2", "written", {"promotes": 1}, "train"),
    ]
    dev = _rows("dev", 20, 100)
    transfer = [
        TransferRow(f"t{n}", f"exclusive item {n % 5}", "d", {"promotes": 0.95}) for n in range(40)
    ] + [TransferRow(f"u{n}", f"study item {n % 5}", "d", {"promotes": 0.05}) for n in range(40)]
    plain = ModelSpec("toy", "promotes", featurizer=Featurizer(1, 2))
    student = ModelSpec("toy", "promotes", featurizer=Featurizer(1, 2), transfer=1.0, nb_blend=4.0)
    before = fit(plain, train, dev, transfer)  # no transfer weight: the transfer rows are not read
    after = fit(student, train, dev, transfer)
    assert "transfer" not in before.metadata and after.metadata["transfer"]["rows"] == 80
    assert after.dumps() == fit(student, train, dev, transfer).dumps()
    gap_before = before.weights[before.index["exclusive"], 0] - before.weights[before.index["study"], 0]
    gap_after = after.weights[after.index["exclusive"], 0] - after.weights[after.index["study"], 0]
    assert gap_after > gap_before
    assert after.features == before.features  # the labelled rows' vocabulary: the same cost a sentence


def test_a_kind_student_weighs_each_class_by_the_teachers_claim_and_kind() -> None:
    spec = ModelSpec("kinds", "kind", classes=("advice", "mechanism", "statistic"), transfer=2.0)
    rows = _rows("train", 30)
    transfer = [
        TransferRow(
            f"t{n}",
            "binds the receptor tightly",
            "d",
            {"claim": 0.9, "kind:advice": 0.0, "kind:mechanism": 1.0, "kind:statistic": 0.0},
        )
        for n in range(30)
    ]
    # the receptor words are not in the labelled rows: without the transfer rows the student has no
    # weight for them (the vocabulary is the labelled rows'), so the transfer rows move the bias only
    plain = fit(ModelSpec("kinds", "kind", classes=spec.classes), rows, rows[:6])
    student = fit(spec, rows, rows[:6], transfer)
    text = ["buy the save of item 3"]
    assert student.score(text)[0, 1] > plain.score(text)[0, 1]
    assert student.metadata["transfer"]["weight"] == 2.0


def test_transfer_vocabulary_adds_the_words_the_transfer_sentences_share() -> None:
    train = _rows("train", 60)
    dev = _rows("dev", 20, 100)
    transfer = [TransferRow(f"t{n}", "limited offer", "d", {"promotes": 0.9}) for n in range(3)] + [
        TransferRow("u1", "rare word", "d", {"promotes": 0.1})
    ]
    spec = ModelSpec("toy", "promotes", featurizer=Featurizer(1, 2), transfer=1.0)
    kept = fit(spec, train, dev, transfer)
    grown = fit(
        ModelSpec("toy", "promotes", featurizer=Featurizer(1, 2), transfer=1.0, transfer_vocabulary=2),
        train,
        dev,
        transfer,
    )
    assert "offer" not in kept.features
    assert {"offer", "limited offer"} <= set(grown.features) and "rare" not in grown.features
    assert grown.score(["limited offer"])[0] > kept.score(["limited offer"])[0]
