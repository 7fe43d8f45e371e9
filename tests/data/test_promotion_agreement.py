"""scripts/labels/promotion_agreement.py: the blind second labelling of promotion is read, compared
with the first labels and with the model's decisions as evaluate takes them, and a bad sample is a
located error (exit 2), not a traceback."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from tests.conftest import load_script

from claimcheck.scoring.evaluate import decide
from claimcheck.scoring.labels import Row, labels_dir, read_rows
from claimcheck.scoring.registry import MODELS
from claimcheck.scoring.shipped import load

ROOT = Path(__file__).resolve().parents[2]


script = load_script("scripts/labels/promotion_agreement.py")


def _dev_rows(n: int) -> list[Row]:
    rows = MODELS["promotes"].rows(read_rows(labels_dir(ROOT), split="dev"))
    return rows[:n]


def test_the_shipped_second_pass_names_only_dev_promotion_rows_with_both_labels() -> None:
    second = script.read_sample(ROOT / script.SAMPLE)
    dev = {r.id: r for r in MODELS["promotes"].rows(read_rows(labels_dir(ROOT), split="dev"))}
    assert len(second) >= 300
    assert set(second) <= set(dev)
    assert all(labels["soft"] <= labels["promotes"] for labels in second.values())


def test_a_second_pass_equal_to_the_first_agrees_everywhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _dev_rows(60)
    sample = tmp_path / "same.jsonl"
    sample.write_text(
        "".join(
            json.dumps({"id": r.id, "promotes": r.labels["promotes"], "soft": int(r.labels.get("soft", 0))})
            + "\n"
            for r in rows
        ),
        encoding="utf-8",
    )
    assert script.main(["--root", str(ROOT), "--sample", str(sample)]) == 0
    out = capsys.readouterr().out
    assert f"agree on promotes: {len(rows)} of {len(rows)} (1.000); Cohen's kappa 1.000" in out
    assert re.search(r"second annotator\s+P 1\.000  R 1\.000", out)


def test_the_model_line_is_the_decision_evaluate_takes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dev = MODELS["promotes"].rows(read_rows(labels_dir(ROOT), split="dev"))
    decided = dict(zip((r.id for r in dev), decide(load("promotes"), dev), strict=True))
    rows = dev[:80]
    sample = tmp_path / "model.jsonl"  # a second annotator who says what the model says
    sample.write_text(
        "".join(json.dumps({"id": r.id, "promotes": int(decided[r.id]), "soft": 0}) + "\n" for r in rows),
        encoding="utf-8",
    )
    assert script.main(["--root", str(ROOT), "--sample", str(sample)]) == 0
    out = capsys.readouterr().out
    against_first = out.split("== against the second labels")[0]
    annotator = re.search(r"second annotator\s+(P [\d.]+  R [\d.]+)", against_first)
    model = re.search(r"shipped model \(on the page\)\s+(P [\d.]+  R [\d.]+)", against_first)
    assert annotator and model and annotator.group(1) == model.group(1)


@pytest.mark.parametrize(
    ("line", "fault"),
    [
        ("{not json", "not a second-pass row"),
        ('{"id": "x", "promotes": 1}', "not a second-pass row"),
        ('{"id": "x", "promotes": 2, "soft": 0}', "not 0 or 1"),
    ],
)
def test_a_bad_sample_line_is_a_located_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], line: str, fault: str
) -> None:
    sample = tmp_path / "bad.jsonl"
    sample.write_text('{"id": "y", "promotes": 0, "soft": 0}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(SystemExit) as raised:
        script.main(["--root", str(ROOT), "--sample", str(sample)])
    assert raised.value.code == 2
    err = capsys.readouterr().err
    assert f"{sample}:2:1:" in err and fault in err


def test_an_id_outside_dev_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sample = tmp_path / "stray.jsonl"
    sample.write_text('{"id": "no-such:row", "promotes": 0, "soft": 0}\n', encoding="utf-8")
    assert script.main(["--root", str(ROOT), "--sample", str(sample)]) == 2
    assert "not dev promotion rows" in capsys.readouterr().err
