"""Review records as labels: which decisions make rows, with which label, text and source.

The labelling is tested against findings placed by hand (what the checker flags is another
module's business and changes as its models are retrained); the end-to-end tests use
sentences any checker flags, or decisions that do not depend on a finding (waivers)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from claimcheck.core.errors import InputError
from claimcheck.core.finding import Category, Finding, Severity
from claimcheck.learn.collect import collect
from claimcheck.learn.editors import EditorRow, editor_rows
from claimcheck.load import load_project
from claimcheck.settings import load_settings
from tests.learn.repo import Decision, write_repo

PROMO = "Book your BPC-157 protocol today and feel amazing!"
REWRITE = "Our peptide therapies restore youthful energy in days!"
REPORTED = "Clinics market BPC-157 as a miracle for recovery."
NEUTRAL = "BPC-157 has not been approved for any medical use."
PLAIN = "Sleep helps the body recover after exercise."
EVIDENCE = "Reclaim your vitality with our exclusive offer today!"


def _labelled(root: Path, flagged: dict[str, str]) -> dict[str, EditorRow]:
    """The rows of the project at ``root`` when the checker flags the sentences ``flagged``
    (sentence -> rule) and nothing else."""
    settings = load_settings(root)
    project = load_project(root, settings, 1)
    findings = []
    for article in project.articles.values():
        for sentence, rule in flagged.items():
            found = article.squeezed.find(sentence, article.body_start)
            if found is not None:
                span = article.lines.span(*found)
                findings.append(
                    Finding(rule, Category.PROMOTIONAL, Severity.WARNING, article.path, span, "flagged")
                )
    return {row.text: row for row in editor_rows(project, findings)}


def test_each_kind_of_decision_gives_its_label(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path,
        {
            "clinic": [
                Decision(PROMO, "needs-rewrite", "M. Byrne"),
                Decision(REWRITE, "rejected"),
                Decision(REPORTED, "waive CC302", "J. Ortiz"),
                Decision(NEUTRAL, "approved"),
                Decision(PLAIN, "pending"),
                Decision(EVIDENCE, "needs-evidence"),
            ]
        },
    )
    rows = _labelled(root, {PROMO: "CC305", REWRITE: "CC302", REPORTED: "CC302", EVIDENCE: "CC301"})
    assert (rows[PROMO].promotes, rows[PROMO].labeller) == (1, "M. Byrne")
    assert rows[PROMO].decision == "needs-rewrite over CC305"
    assert (rows[REWRITE].promotes, rows[REWRITE].labeller) == (1, "R. Editor")
    assert (rows[REPORTED].promotes, rows[REPORTED].decision) == (0, "waiver of CC302")
    assert (rows[NEUTRAL].promotes, rows[NEUTRAL].decision) == (0, "approved without a promotional finding")
    assert PLAIN not in rows  # pending: no decision yet
    assert EVIDENCE not in rows  # sent back for its evidence, not for promotion
    # the row says where the decision is written (claims file, the claim's line) and whose it is
    path, line = rows[PROMO].id.rsplit(":", 1)
    assert path == "content/claims/clinic.yaml"
    assert (root / path).read_text(encoding="utf-8").splitlines()[
        int(line) - 1
    ].strip() == "- id: clinic-claim-1"
    assert rows[PROMO].doc == "content/articles/clinic.md"
    assert rows[PROMO].as_json()["labels"] == {"promotes": 1}


def test_a_rejection_without_a_finding_and_an_approval_over_one_say_nothing(tmp_path: Path) -> None:
    root = write_repo(tmp_path, {"other": [Decision(PLAIN, "rejected"), Decision(NEUTRAL, "approved")]})
    assert _labelled(root, {NEUTRAL: "CC301"}) == {}


def test_a_rule_outside_promotion_does_not_count(tmp_path: Path) -> None:
    root = write_repo(tmp_path, {"other": [Decision(PROMO, "rejected"), Decision(NEUTRAL, "approved")]})
    rows = _labelled(root, {PROMO: "CC304", NEUTRAL: "CC306"})
    assert set(rows) == {NEUTRAL} and rows[NEUTRAL].promotes == 0


def test_a_sentence_two_claims_label_differently_gives_no_row(tmp_path: Path) -> None:
    both = "Our clinic offers BPC-157 injections, and BPC-157 is not approved."
    decisions = [Decision(both, "rejected"), Decision(both, "waive CC302")]
    root = write_repo(tmp_path, {"split": decisions})
    assert both not in _labelled(root, {both: "CC302"})


def test_the_checker_s_findings_label_the_working_tree(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path,
        {
            "clinic": [
                Decision(PROMO, "needs-rewrite", "M. Byrne"),
                Decision(NEUTRAL, "waive CC301", "J. Ortiz"),
            ]
        },
    )
    rows = {row.text: row for row in collect(root, load_settings(root))}
    assert (rows[PROMO].promotes, rows[NEUTRAL].promotes) == (1, 0)


def test_git_history_adds_the_sentences_rewritten_since(tmp_path: Path) -> None:
    old = "Our NAD+ infusions restore youthful energy in one session!"
    new = "NAD+ infusions have not been shown to slow ageing."

    def git(*args: str) -> None:
        who = ("-c", "user.name=t", "-c", "user.email=t@example.org")
        subprocess.run(["git", "-C", str(tmp_path), *who, *args], check=True, capture_output=True)

    write_repo(tmp_path, {"nad": [Decision(old, "needs-rewrite", "M. Byrne")]})
    git("init", "-q")
    git("add", ".")
    git("commit", "-qm", "draft sent back")
    write_repo(tmp_path, {"nad": [Decision(new, "waive CC301", "J. Ortiz")]})
    git("commit", "-qam", "rewritten")
    settings = load_settings(tmp_path)
    assert {row.text for row in collect(tmp_path, settings)} == {new}
    rows = {row.text: row for row in collect(tmp_path, settings, git=5)}
    assert rows[new].promotes == 0 and (rows[old].promotes, rows[old].labeller) == (1, "M. Byrne")
    assert rows[old].id.startswith("content/claims/nad.yaml:") and "@" in rows[old].id  # and the commit


def test_git_history_outside_a_repository_is_a_one_line_error(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "plain", {"x": [Decision(NEUTRAL, "approved")]})
    with pytest.raises(InputError, match=r"not in a git work tree|not a git repository"):
        collect(root, load_settings(root), git=3)
