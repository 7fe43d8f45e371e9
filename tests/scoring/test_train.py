"""Training: reproducible to the byte, thresholds from dev, binary and multiclass, and the
shipped models are what the shipped data trains."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from claimcheck.scoring import Featurizer, LinearModel, Row
from claimcheck.scoring.metrics import alarm_rate, choose_threshold
from claimcheck.scoring.registry import MODELS, ModelSpec
from claimcheck.scoring.regulated import neutral_regulated
from claimcheck.scoring.shipped import model_path
from claimcheck.scoring.train import fit, main
from tests.conftest import REPO

WORDS = {
    1: ["buy", "today", "save", "exclusive", "transform", "book"],
    0: ["study", "reported", "trial", "measured", "approved", "risk"],
}


def _rows(split: str, count: int, offset: int = 0) -> list[Row]:
    rows = []
    for n in range(offset, offset + count):
        label = n % 2
        words = WORDS[label]
        text = f"{words[n % 6]} the {words[(n // 2) % 6]} of item {n % 7}"
        kind = ["mechanism", "statistic", "advice"][n % 3]
        rows.append(Row(f"r{n}", text, "c", f"d{n}", "written", {"promotes": label, "kind": kind}, split))
    return rows


def test_training_twice_writes_the_same_bytes() -> None:
    spec = ModelSpec("toy", "promotes", featurizer=Featurizer(1, 2, prefix=4))
    first = fit(spec, _rows("train", 60), _rows("dev", 20, 100)).dumps()
    second = fit(spec, _rows("train", 60), _rows("dev", 20, 100)).dumps()
    assert first == second
    model = LinearModel.loads(first)
    assert model.threshold is not None and 0 < model.threshold < 1
    assert model.metadata["dev"]["figures"]["f1"] == 1.0
    assert model.predict(["buy the exclusive offer today", "the trial reported a risk"]) == [1, 0]


def test_a_multiclass_model_learns_its_classes_in_the_spec_order() -> None:
    spec = ModelSpec("kinds", "kind", classes=("advice", "mechanism", "statistic", "product"))
    rows = [
        Row(f"k{n}", text, "c", f"d{n}", "written", {"kind": kind}, "train")
        for n, (text, kind) in enumerate(
            [
                ("it binds the receptor", "mechanism"),
                ("30 percent of adults", "statistic"),
                ("you should sleep", "advice"),
            ]
            * 10
        )
    ]
    model = fit(spec, rows, rows[:6])
    assert model.classes == spec.classes and model.weights.shape[1] == 4
    assert model.predict(["binds the receptor", "percent of adults", "should sleep"]) == [
        "mechanism",
        "statistic",
        "advice",
    ]
    assert model.score(["anything"])[0, 3] < 0.01  # no row of "product": never predicted
    assert np.isfinite(model.bias).all()


def test_the_shipped_models_are_what_the_labelled_data_trains(tmp_path: Path) -> None:
    """`nox -s train` here gives byte for byte the files shipped, which another process (on
    another machine) trained: training is reproducible, and the shipped models are what the
    committed rows train (retrain and commit the models whenever data/labels changes)."""
    assert main(["--root", str(REPO), "--out", str(tmp_path)]) == 0
    trained = sorted(p.name for p in tmp_path.glob("*.json"))
    assert trained, "no model was trained"
    for name in trained:
        got = (tmp_path / name).read_bytes()
        assert got == model_path(Path(name).stem).read_bytes(), f"{name}: retrain with `nox -s train`"


def test_an_unknown_model_name_is_a_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["nonesuch"]) == 2
    assert "unknown model" in capsys.readouterr().err


def test_every_registered_model_has_a_description_and_a_known_label() -> None:
    readme = (REPO / "data" / "labels" / "README.md").read_text(encoding="utf-8")
    for spec in MODELS.values():
        assert spec.description
        assert f"`{spec.label}`" in readme, spec.label
    json.dumps([spec.name for spec in MODELS.values()])


def test_the_threshold_can_cap_false_alarms_and_maximise_recall() -> None:
    """Rows 0-3 positive; rows 4-7 negative, of which 4 and 5 are marked as false alarms."""
    truth = [1, 1, 1, 1, 0, 0, 0, 0]
    scores = [0.95, 0.9, 0.6, 0.3, 0.85, 0.5, 0.2, 0.1]
    alarms = [False, False, False, False, True, True, False, False]
    # best F1: flag down to 0.3 (all positives, two false positives)
    assert choose_threshold(truth, scores) == 0.3
    # at most half the marked rows flagged: 0.5 would flag both, so the cut stays above it
    assert choose_threshold(truth, scores, alarms=alarms, max_false_alarms=0.5) == 0.6
    assert alarm_rate([1, 1, 1, 0, 1, 0, 0, 0], alarms) == 0.5
    # precision >= 0.75 and the most recall: 0.6 finds 3 of 4 with precision 0.75
    assert choose_threshold(truth, scores, 0.75, most_recall=True) == 0.6
    # precision 1 with no false alarm: the top two; all positives with no false alarm: none, so the best F1
    assert choose_threshold(truth, scores, alarms=alarms, max_false_alarms=0.0, min_precision=1.0) == 0.9
    assert choose_threshold(truth, scores, None, 1.0, alarms=alarms, max_false_alarms=0.0) == 0.3


def test_a_false_alarm_cap_and_the_nb_blend_train_one_reproducible_linear_model() -> None:
    spec = ModelSpec(
        "toy",
        "promotes",
        featurizer=Featurizer(1, 2, prefix=4),
        false_alarm=lambda row: row.labels["promotes"] == 0 and "risk" in row.text,
        max_false_alarms=0.0,
        most_recall=True,
        nb_blend=4.0,
    )
    first = fit(spec, _rows("train", 60), _rows("dev", 20, 100))
    assert first.dumps() == fit(spec, _rows("train", 60), _rows("dev", 20, 100)).dumps()
    assert first.weights.shape == (len(first.features), 1)
    assert first.metadata["dev"]["false_alarms"]["rate"] == 0.0
    assert "naive-Bayes log-count ratio" in first.metadata["trainer"]
    assert "best dev recall" in first.metadata["threshold"]
    assert first.predict(["buy the exclusive offer today", "the trial reported a risk"]) == [1, 0]
    plain = fit(ModelSpec("toy", "promotes", featurizer=Featurizer(1, 2, prefix=4)), _rows("train", 60), [])
    assert not np.array_equal(plain.weights, first.weights)  # the blend changes the weights


def test_a_neutral_sentence_naming_a_regulated_substance_is_a_false_alarm_row() -> None:
    neutral = Row("n", "Testosterone levels fall with age.", "c", "d", "real", {"promotes": 0}, "dev")
    selling = Row("s", "Book your testosterone therapy today.", "c", "d", "real", {"promotes": 1}, "dev")
    plain = Row("p", "Vitamin D is made in the skin.", "c", "d", "real", {"promotes": 0}, "dev")
    assert [neutral_regulated(r) for r in (neutral, selling, plain)] == [True, False, False]
