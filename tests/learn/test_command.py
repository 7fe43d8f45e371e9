"""``claimcheck learn`` end to end: a small content repository's review decisions become a
model in the repository, which ``check`` then uses when the configuration selects it; and the
ways it refuses, each in one line with exit code 2."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from claimcheck.scoring.shipped import model_path
from tests.conftest import Run
from tests.learn.repo import Decision, write_repo

MODEL = ".claimcheck/models/promotes.json"
SELECT = f'[judgment]\nmodel = "{MODEL}"\n'

# Sent back: sentences any checker flags as promotion. Waived: neutral sentences whose
# findings (if the checker makes any) the editors judged wrong. clinic and sleep hash to the
# train split, glow to dev (data/labels/README.md).
DECISIONS = {
    "clinic": [
        Decision("Book your BPC-157 protocol today and feel amazing!", "needs-rewrite", "M. Byrne"),
        Decision("Our peptide therapies restore youthful energy in days!", "rejected", "M. Byrne"),
        Decision("BPC-157 has not been approved for any medical use.", "waive CC302", "J. Ortiz"),
        Decision("Clinics market BPC-157 as a miracle for recovery.", "waive CC302", "J. Ortiz"),
    ],
    "sleep": [
        Decision("Sleep helps the body recover after exercise.", "waive CC301", "J. Ortiz"),
        Decision("Transform your nights with our exclusive sleep protocol today!", "rejected", "M. Byrne"),
    ],
    "glow": [
        Decision("Get glowing skin with our exclusive peptide facial, book now!", "rejected", "M. Byrne"),
        Decision("Copper peptides are studied mainly as cosmetic ingredients.", "waive CC301", "J. Ortiz"),
    ],
}
NEW_ARTICLE = """---
id: studio
title: Studio notes
---
# Studio notes

Walking is a common form of exercise.

Our exclusive peptide facial restores youthful skin, book today!

Copper peptides are cosmetic ingredients in many creams.
"""


def _one_line_error(run: Run, *needles: str) -> None:
    assert run.code == 2, run
    lines = run.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("claimcheck: error:"), run.err
    for needle in needles:
        assert needle in lines[0], lines[0]


def test_learn_writes_a_model_that_check_then_uses(tmp_path: Path, cli: Callable[..., Run]) -> None:
    root = write_repo(tmp_path / "repo", DECISIONS)
    run = cli("learn", "--root", root)
    assert run.code == 0, run.err
    assert "8 labelled sentences from the review records (4 promote, 4 do not)" in run.out
    assert "dev figures on the review records' dev rows (2 rows, 1 promote):" in run.out
    assert run.out.count("  shipped  precision") == 2 and run.out.count("  learned  precision") == 2
    model = json.loads((root / MODEL).read_text(encoding="utf-8"))
    assert model["label"] == "promotes" and model["metadata"]["editors"]["rows"] == 8
    # with the shipped rows it learns from the shipped transfer set too, as the shipped model does,
    # and how sentences read in their article, and says both thresholds
    assert model["metadata"]["transfer"]["rows"] > 10_000
    assert (
        f"threshold {model['context']['threshold']} in the article ({model['threshold']} read alone)"
        in run.out
    )
    rows = [json.loads(line) for line in (root / ".claimcheck/labels/editors.jsonl").read_text().splitlines()]
    assert {r["labeller"] for r in rows} == {"M. Byrne", "J. Ortiz"}
    assert all(r["collection"] == "editors" and r["id"].startswith("content/claims/") for r in rows)

    before = cli("check", "--root", root, "--no-cache")
    (root / "claimcheck.toml").write_text(SELECT, encoding="utf-8")
    after = cli("check", "--root", root, "--no-cache")
    assert f"promotion judged by {MODEL}" in after.err and "judged by" not in before.err
    assert after.code == before.code


def test_learn_without_the_shipped_rows(tmp_path: Path, cli: Callable[..., Run]) -> None:
    root = write_repo(tmp_path / "repo", DECISIONS)
    run = cli("learn", "--root", root, "--no-shipped", "--output", ".claimcheck/models/own.json")
    assert run.code == 0, run.err
    trained = next(line for line in run.out.splitlines() if line.startswith("trained on"))
    assert trained == "trained on 6 rows (6 from the review records)"  # glow's two rows are dev
    assert (root / ".claimcheck/models/own.json").is_file()


def _promotion_findings(run: Run) -> set[str]:
    return {
        line for line in run.out.splitlines() if any(f" {r} " in line for r in ("CC301", "CC302", "CC305"))
    }


def test_the_learned_model_changes_what_check_finds(tmp_path: Path, cli: Callable[..., Run]) -> None:
    """Trained on this repository's decisions alone, the model judges the new article's
    sentences by its own weights: the check's promotion findings change, and the article's
    reading scores every sentence with the learned model, not the shipped one."""
    from claimcheck.load import load_project
    from claimcheck.rules.reading import reading
    from claimcheck.rules.stance import PROMOTES, stamp
    from claimcheck.scoring import load
    from claimcheck.scoring.selected import read_model
    from claimcheck.settings import load_settings

    root = write_repo(tmp_path / "repo", DECISIONS)
    (root / "content/articles/studio.md").write_text(NEW_ARTICLE, encoding="utf-8")
    assert cli("learn", "--root", root, "--no-shipped").code == 0
    before = cli("check", "--root", root, "--no-cache", "--select", "CC301,CC302,CC305")
    (root / "claimcheck.toml").write_text(SELECT, encoding="utf-8")
    after = cli("check", "--root", root, "--no-cache", "--select", "CC301,CC302,CC305")
    assert _promotion_findings(before) != _promotion_findings(after)

    settings = load_settings(root)
    article = load_project(root, settings, 1).articles["studio"]
    learned, shipped = read_model(root / MODEL, MODEL), load("promotes")
    stance = reading(article, root, [], stamp(root / MODEL)).stance
    texts = [article.text[start:end] for start, end in stance.spans]
    assert stance.alone[:, PROMOTES] == pytest.approx(learned.score(texts), abs=1e-6)
    page = [article.id] * len(texts)  # the article is one page
    assert stance.probabilities[:, PROMOTES] == pytest.approx(learned.score_on_pages(texts, page), abs=1e-6)
    assert learned.score(texts) != pytest.approx(shipped.score(texts), abs=1e-3)


def test_rows_only_needs_no_training(
    tmp_path: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_repo(tmp_path / "repo", DECISIONS)
    _without_sklearn(monkeypatch)
    run = cli("learn", "--root", root, "--rows-only")
    assert run.code == 0 and (root / ".claimcheck/labels/editors.jsonl").is_file()
    assert not (root / MODEL).exists()


def _without_sklearn(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name in ("sklearn", "scipy") else real(name, *a)
    )


def test_learn_without_scikit_learn_names_the_extra(
    tmp_path: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_repo(tmp_path / "repo", DECISIONS)
    _without_sklearn(monkeypatch)
    _one_line_error(cli("learn", "--root", root), "scikit-learn", "[train]'", "pip install 'claimcheck")
    assert not (root / ".claimcheck").exists()  # refused before any work


def test_learn_with_no_decisions_to_learn_from(tmp_path: Path, cli: Callable[..., Run]) -> None:
    root = write_repo(tmp_path / "repo", {"x": [Decision("Sleep helps recovery.", "pending")]})
    _one_line_error(cli("learn", "--root", root), "no review decision to learn from")


def test_learn_alone_needs_both_kinds_of_decision(tmp_path: Path, cli: Callable[..., Run]) -> None:
    root = write_repo(
        tmp_path / "repo", {"clinic": [Decision("Sleep helps the body recover.", "waive CC301")]}
    )
    _one_line_error(cli("learn", "--root", root, "--no-shipped"), "needs sentences that promote")


def test_learn_output_must_stay_in_the_repository(tmp_path: Path, cli: Callable[..., Run]) -> None:
    root = write_repo(tmp_path / "repo", DECISIONS)
    _one_line_error(cli("learn", "--root", root, "--output", "../elsewhere.json"), "outside the project root")


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (None, "not found (train one with 'claimcheck learn')"),
        ("{not json", "not a readable model file"),
        ('{"format": "something else"}', "not a"),
        ("absolute", "is a 'absolute' model, not a 'promotes' model"),
    ],
)
def test_a_selected_model_that_is_missing_or_broken_stops_check(
    tmp_path: Path, cli: Callable[..., Run], content: str | None, needle: str
) -> None:
    root = write_repo(tmp_path / "repo", DECISIONS)
    (root / "claimcheck.toml").write_text(SELECT, encoding="utf-8")
    target = root / MODEL
    if content == "absolute":
        target.parent.mkdir(parents=True)
        shutil.copy(model_path("absolute"), target)
    elif content is not None:
        target.parent.mkdir(parents=True)
        target.write_text(content, encoding="utf-8")
    _one_line_error(cli("check", "--root", root), "judgment.model", MODEL, needle)


def test_a_selected_model_outside_the_repository_is_refused(tmp_path: Path, cli: Callable[..., Run]) -> None:
    root = write_repo(tmp_path / "repo", DECISIONS)
    (root / "claimcheck.toml").write_text('[judgment]\nmodel = "../model.json"\n', encoding="utf-8")
    _one_line_error(cli("check", "--root", root), "judgment.model", "outside the project root")


def test_the_selected_model_is_an_input_of_the_check_cache(tmp_path: Path, cli: Callable[..., Run]) -> None:
    """A retrained model must not be answered from the cached report of the old one."""
    from claimcheck.cache.inputs import input_files
    from claimcheck.settings import load_settings

    root = write_repo(tmp_path / "repo", DECISIONS)
    assert cli("learn", "--root", root, "--no-shipped").code == 0
    (root / "claimcheck.toml").write_text(SELECT, encoding="utf-8")
    assert MODEL in input_files(root, load_settings(root))
    first = cli("check", "--root", root)
    assert cli("learn", "--root", root).code == 0  # the model file changes
    again = cli("check", "--root", root)
    assert "judged by" in first.err and "judged by" in again.err


def test_without_the_shipped_rows_installed_learn_says_so(tmp_path: Path) -> None:
    from claimcheck.learn.train import LearnError, shipped_rows

    with pytest.raises(LearnError, match=r"not installed with claimcheck.*--no-shipped"):
        shipped_rows(tmp_path)
    assert shipped_rows()  # this checkout has them
