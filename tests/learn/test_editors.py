"""Review records as labels: which decisions make rows, with which label, text and source."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from claimcheck.learn.collect import collect
from claimcheck.settings import load_settings
from tests.learn.repo import Decision, write_repo

PROMO = "Book your BPC-157 protocol today and feel amazing!"
REPORTED = "Clinics market BPC-157 as a miracle for recovery."
NEUTRAL = "BPC-157 has not been approved for any medical use."
PLAIN = "Sleep helps the body recover after exercise."


def _rows(root: Path, git: int = 0) -> dict[str, tuple[int, str, str]]:
    rows = collect(root, load_settings(root), git=git)
    return {row.text: (row.promotes, row.labeller, row.id) for row in rows}


def test_each_kind_of_decision_gives_its_label(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path,
        {
            "clinic": [
                Decision(PROMO, "needs-rewrite", "M. Byrne"),
                Decision("Our peptide therapies restore youthful energy in days!", "rejected"),
                Decision(REPORTED, "waive CC301", "J. Ortiz"),
                Decision(NEUTRAL, "approved"),
                Decision(PLAIN, "pending"),
                Decision("Reclaim your vitality with our exclusive offer today!", "needs-evidence"),
            ]
        },
    )
    rows = _rows(root)
    assert rows[PROMO][:2] == (1, "M. Byrne")
    assert rows["Our peptide therapies restore youthful energy in days!"][0] == 1
    assert rows[NEUTRAL][0] == 0
    assert PLAIN not in rows  # pending: no decision
    assert "Reclaim your vitality with our exclusive offer today!" not in rows  # evidence, not promotion
    # the row says where the decision is written: the claims file and the claim's line
    path, line = rows[PROMO][2].rsplit(":", 1)
    assert path == "content/claims/clinic.yaml"
    assert (root / path).read_text(encoding="utf-8").splitlines()[
        int(line) - 1
    ].strip() == "- id: clinic-claim-1"


def test_a_justified_waiver_is_a_negative_even_over_a_finding(tmp_path: Path) -> None:
    promo = "Transform your body with our amazing peptide stack!"
    root = write_repo(tmp_path, {"waived": [Decision(promo, "waive CC301", "J. Ortiz")]})
    assert _rows(root)[promo][:2] == (0, "J. Ortiz")


def test_a_rejection_without_a_promotional_finding_says_nothing(tmp_path: Path) -> None:
    root = write_repo(tmp_path, {"other": [Decision(PLAIN, "rejected"), Decision(NEUTRAL, "approved")]})
    rows = _rows(root)
    assert PLAIN not in rows and rows[NEUTRAL][0] == 0


def test_git_history_adds_the_sentences_rewritten_since(tmp_path: Path) -> None:
    old = "Our NAD+ infusions restore youthful energy in one session!"
    new = "NAD+ infusions have not been shown to slow ageing."

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)

    write_repo(tmp_path, {"nad": [Decision(old, "needs-rewrite", "M. Byrne")]})
    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "draft sent back")
    write_repo(tmp_path, {"nad": [Decision(new, "approved")]})
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", "rewritten")
    assert set(_rows(tmp_path)) == {new}
    rows = _rows(tmp_path, git=5)
    assert rows[new][0] == 0 and rows[old][:2] == (1, "M. Byrne")
    assert "@" in rows[old][2]  # the commit the decision was read from


def test_git_history_outside_a_repository_is_a_one_line_error(tmp_path: Path) -> None:
    from claimcheck.errors import InputError

    root = write_repo(tmp_path / "plain", {"x": [Decision(NEUTRAL, "approved")]})
    with pytest.raises(InputError, match=r"not in a git work tree|not a git repository"):
        collect(root, load_settings(root), git=3)
