"""`nox -s evaluate`: the figures per label, soft recall and false alarms on regulated names."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from claimcheck.lexicon import lexicon_for
from claimcheck.scoring import Featurizer, LinearModel, Row
from claimcheck.scoring.evaluate import main, report
from claimcheck.scoring.regulated import names_regulated
from tests.conftest import REPO


def _row(n: int, text: str, **labels: int) -> Row:
    return Row(f"t:{n}", text, "c", f"d{n}", "written", labels, "test")


def test_the_report_counts_soft_recall_and_false_alarms_on_regulated_names() -> None:
    model = LinearModel(
        name="promotes",
        label="promotes",
        classes=(0, 1),
        featurizer=Featurizer(1, 1),
        features=("buy", "our", "ipamorelin"),
        weights=np.array([[3.0], [3.0], [1.5]]),
        bias=np.array([-1.0]),
        threshold=0.5,
    )
    rows = [
        _row(1, "Buy ipamorelin now!", promotes=1, soft=0),
        _row(2, "Our clinic supports your recovery.", promotes=1, soft=1),
        _row(3, "It supports recovery, patients say.", promotes=1, soft=1),
        _row(4, "Ipamorelin is not approved.", promotes=0),
        _row(5, "Testosterone falls with age.", promotes=0),
        _row(6, "The weather was fine.", promotes=0),
    ]
    lines = "\n".join(report(model, rows))
    assert "precision 0.667  recall 0.667" in lines
    assert "soft recall            0.500  (n 2" in lines
    assert "false alarms           0.500  (n 2" in lines  # ipamorelin flagged, testosterone not
    assert "rows 6 in 6 documents" in lines
    # rows 1-3 promote (2 of the 3 documents flagged); of rows 4-6, document d4 is flagged
    assert "pages flagged          0.667 of 3 documents with promotion; 0.333 of 3 without" in lines


def test_regulated_names_include_the_body_names() -> None:
    lexicon = lexicon_for(REPO, [])
    assert names_regulated("Testosterone falls with age.", lexicon)
    assert names_regulated("CJC 1295 is sold online.", lexicon)
    assert not names_regulated("Vitamin D is made in the skin.", lexicon)


def test_evaluate_prints_every_shipped_model_on_the_test_split(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(REPO)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("== split test, ORIGINAL held-out rows (frozen before any tuning): 937 rows")
    original, extended = out.split("\n== split test, EXTENDED held-out split")
    for section in (original, extended):
        for name in ("promotes", "absolute", "harms", "benefit"):
            assert f"\n{name} (label {name}, threshold " in section
        assert "soft recall" in section and "false alarms" in section
    assert "medquad-treat" not in original and "medquad-treat" in extended


def test_a_broken_row_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "data" / "labels" / "rows").mkdir(parents=True)
    (tmp_path / "data" / "labels" / "sources.yaml").write_text("collections: []\n", encoding="utf-8")
    (tmp_path / "data" / "labels" / "rows" / "x.jsonl").write_text("{\n", encoding="utf-8")
    assert main(["--root", str(tmp_path)]) == 2
    assert "x.jsonl:1" in capsys.readouterr().err
