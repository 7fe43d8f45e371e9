"""A review session on a copy of the shipped content: decisions land in the claims files,
touch only the claims decided on, keep every comment; refused actions write nothing."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from claimcheck.load import load_project
from claimcheck.review import decisions
from claimcheck.run.engine import check
from claimcheck.settings import load_settings
from tests.conftest import Run

LIFESTYLE = "content/claims/igf1-lifestyle.yaml"
RELATIONSHIP = "content/claims/igf1-relationship.yaml"
_CLAIM_START = re.compile(r"^  - id: (\S+)")


def claim_blocks(text: str) -> dict[str, range]:
    """0-based line ranges of each claim's block, from its '- id:' line to the next one."""
    lines = text.splitlines()
    starts = [(i, m.group(1)) for i, line in enumerate(lines) if (m := _CLAIM_START.match(line))]
    ends = [s for s, _ in starts[1:]] + [len(lines)]
    return {claim: range(start, end) for (start, claim), end in zip(starts, ends, strict=True)}


def changed_lines(before: str, after: str) -> set[int]:
    """0-based lines of ``before`` that were replaced, deleted, or had lines inserted before them."""
    matcher = difflib.SequenceMatcher(None, before.splitlines(), after.splitlines(), autojunk=False)
    touched: set[int] = set()
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag != "equal":
            touched.update(range(i1, max(i2, i1 + 1)))
    return touched


def comments(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.lstrip().startswith("#")]


def test_review_session_touches_only_the_decided_claims(cli: Callable[..., Run], shipped: Path) -> None:
    before = {p: (shipped / p).read_text(encoding="utf-8") for p in (LIFESTYLE, RELATIONSHIP)}
    steps = [
        # last claim before the "What Governs IGF-1 Production?" section comment
        (
            "set",
            "igf1-mediates-gh-anabolic-effects",
            "--status",
            "needs-rewrite",
            "--reviewer",
            "Dr. Rao",
            "--note",
            "Say 'mainly' instead of 'pivotal'.",
        ),
        ("set", "igf1-influences-muscle-bone-cognition", "--status", "approved", "--reviewer", "Dr. Rao"),
        (
            "cite",
            "dietary-amino-acids-limit-hepatic-igf1",
            "lupu2004",
            "--relation",
            "partial",
            "--locator",
            "section 3",
        ),
        (
            "set",
            "lifestyle-talks-to-igf1-genes",
            "--status",
            "approved",
            "--reviewer",
            "Dr. Rao",
            "--waive",
            "CC102",
            "--justification",
            "Rewritten below to a general statement; no source needed.",
        ),
        (
            "set",
            "lifestyle-talks-to-igf1-genes",
            "--status",
            "needs-rewrite",
            "--reviewer",
            "M. Okafor",
            "--note",
            "Second opinion: keep the waiver, soften the wording.",
        ),
    ]
    for step in steps:
        dated = ("--date", "2026-12-01") if step[0] == "set" else ()
        run = cli("review", step[0], "--root", shipped, *step[1:], *dated)
        assert run.code == 0, (step, run.err)

    relationship_claims = list(claim_blocks(before[RELATIONSHIP]))
    run = cli(
        "review",
        "set",
        relationship_claims[-1],
        "--root",
        shipped,
        "--status",
        "needs-evidence",
        "--reviewer",
        "Dr. Rao",
        "--date",
        "2026-12-01",
    )
    assert run.code == 0, run.err

    decided = {
        LIFESTYLE: {
            "igf1-mediates-gh-anabolic-effects",
            "igf1-influences-muscle-bone-cognition",
            "dietary-amino-acids-limit-hepatic-igf1",
            "lifestyle-talks-to-igf1-genes",
        },
        RELATIONSHIP: {relationship_claims[-1]},
    }
    for path, claims in decided.items():
        old, new = before[path], (shipped / path).read_text(encoding="utf-8")
        blocks = claim_blocks(old)
        allowed = set().union(*(blocks[c] for c in claims))
        outside = sorted(changed_lines(old, new) - allowed)
        assert outside == [], f"{path}: lines outside the decided claims changed: {outside}"
        assert {c for c, r in blocks.items() if changed_lines(old, new) & set(r)} == claims
        assert comments(new) == comments(old), f"{path}: a comment was lost or moved"
        assert old.count("\n\n") == new.count("\n\n"), f"{path}: blank lines between claims changed"

    # the decisions read back as data, with the history of earlier decisions
    project = load_project(shipped, load_settings(shipped))
    claims = {r.id: r.claim for r in project.claims()}
    genes = claims["lifestyle-talks-to-igf1-genes"].review
    assert (genes.status.value, genes.reviewer, str(genes.date)) == (
        "needs-rewrite",
        "M. Okafor",
        "2026-12-01",
    )
    assert [(e.status.value, e.reviewer) for e in genes.history] == [
        ("needs-rewrite", "Seed review (claimcheck maintainers)"),
        ("approved", "Dr. Rao"),
    ]
    assert genes.history[0].note and genes.history[0].note.startswith("Overstated")
    assert genes.history[1].note is None
    assert [(w.rule, w.reviewer) for w in genes.waivers] == [("CC102", "Dr. Rao")]
    amino = claims["dietary-amino-acids-limit-hepatic-igf1"]
    assert [(c.key, c.relation.value, c.locator) for c in amino.citations] == [
        ("lupu2004", "partial", "section 3")
    ]
    assert amino.review.status.value == "needs-evidence"  # citing is not a decision
    cognition = claims["igf1-influences-muscle-bone-cognition"].review
    assert cognition.status.value == "approved" and cognition.note is None
    result = check(project, load_settings(shipped))
    on_genes = [f for f in result.findings if f.claim == "lifestyle-talks-to-igf1-genes"]
    assert [(f.rule, f.waived) for f in on_genes] == [("CC102", True)]
    on_amino = [f for f in result.findings if f.claim == "dietary-amino-acids-limit-hepatic-igf1"]
    assert [f.rule for f in on_amino if f.severity.value != "info"] == []  # cited: no longer unsupported
    assert not [f for f in result.findings if f.rule.startswith("CC0")], "the edits keep the files valid"


def _untouched(shipped: Path) -> Callable[[], None]:
    files = {p: p.read_bytes() for p in (shipped / "content" / "claims").iterdir()}

    def same() -> None:
        for path, data in files.items():
            assert path.read_bytes() == data, f"{path} was modified"
        assert sorted(files) == sorted((shipped / "content" / "claims").iterdir()), "a file was left behind"

    return same


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (
            (
                "set",
                "dietary-amino-acids-limit-hepatic-igf1",
                "--status",
                "approved",
                "--reviewer",
                "Dr. Rao",
            ),
            "cannot approve dietary-amino-acids-limit-hepatic-igf1: unwaived error CC102 (claim has no citation)",
        ),
        (
            (
                "set",
                "dietary-amino-acids-limit-hepatic-igf1",
                "--status",
                "approved",
                "--reviewer",
                "Dr. Rao",
                "--waive",
                "CC102",
            ),
            "a waiver of CC102 needs a justification",
        ),
        (
            (
                "set",
                "dietary-amino-acids-limit-hepatic-igf1",
                "--status",
                "needs-evidence",
                "--reviewer",
                "Dr. Rao",
                "--waive",
                "CC102",
                "--justification",
                "   ",
            ),
            "a waiver of CC102 needs a justification",
        ),
        (
            (
                "set",
                "dietary-amino-acids-limit-hepatic-igf1",
                "--status",
                "approved",
                "--reviewer",
                "Dr. Rao",
                "--waive",
                "CC999",
                "--justification",
                "typo",
            ),
            "cannot waive unknown rule 'CC999'",
        ),
        (
            ("set", "no-such-claim", "--status", "rejected", "--reviewer", "Dr. Rao"),
            "unknown claim 'no-such-claim'",
        ),
        (
            ("cite", "dietary-amino-acids-limit-hepatic-igf1", "smith2099", "--relation", "supports"),
            "unknown citation key 'smith2099'",
        ),
        (
            ("set", "dietary-amino-acids-limit-hepatic-igf1", "--status", "rejected", "--reviewer", "  "),
            "a decision needs a reviewer",
        ),
    ],
    ids=[
        "approval-over-error",
        "waiver-no-justification",
        "waiver-blank-justification",
        "unknown-rule",
        "unknown-claim",
        "unknown-key",
        "blank-reviewer",
    ],
)
def test_refused_with_exit_1_and_nothing_written(
    cli: Callable[..., Run], shipped: Path, args: tuple[str, ...], reason: str
) -> None:
    same = _untouched(shipped)
    run = cli(
        "review",
        args[0],
        "--root",
        shipped,
        *args[1:],
        *(("--date", "2026-12-01") if args[0] == "set" else ()),
    )
    assert run.code == 1
    assert run.err.startswith(f"claimcheck: error: {reason}"), run.err
    assert run.err.count("\n") == 1, "one line"
    same()


def test_approval_over_error_is_allowed_once_waived(cli: Callable[..., Run], shipped: Path) -> None:
    run = cli(
        "review",
        "set",
        "dietary-amino-acids-limit-hepatic-igf1",
        "--root",
        shipped,
        "--status",
        "approved",
        "--reviewer",
        "Dr. Rao",
        "--waive",
        "CC102",
        "--justification",
        "Well established; the editor accepts it without a source.",
        "--date",
        "2026-12-01",
    )
    assert run.code == 0, run.err
    assert cli("check", "--root", shipped, "--select", "CC5").code == 0


def test_approval_is_refused_once_support_is_downgraded(cli: Callable[..., Run], shipped: Path) -> None:
    """The check runs on the project as it is now: a claim whose only citation became
    background has an open CC102, so approving it is refused."""
    run = cli(
        "review",
        "cite",
        "igf1-influences-muscle-bone-cognition",
        "lupu2004",
        "--root",
        shipped,
        "--relation",
        "background",
    )
    assert run.code == 0, run.err
    text = (shipped / LIFESTYLE).read_text(encoding="utf-8")
    assert "      - key: lupu2004\n        relation: background\n    review:\n      status: pending" in text
    same = _untouched(shipped)
    run = cli(
        "review",
        "set",
        "igf1-influences-muscle-bone-cognition",
        "--root",
        shipped,
        "--status",
        "approved",
        "--reviewer",
        "Dr. Rao",
        "--date",
        "2026-12-01",
    )
    assert run.code == 1
    assert "unwaived error CC102 (claim has citations (background) but none that supports it)" in run.err
    same()


def _saves_while_checked(monkeypatch: pytest.MonkeyPatch, path: Path, theirs: str) -> None:
    """Another editor saves the claims file while this decision is being checked."""
    original_check = decisions.check_edit

    def other_editor_saves_first(*args: object, **kwargs: object) -> object:
        path.write_text(theirs, encoding="utf-8")
        return original_check(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(decisions, "check_edit", other_editor_saves_first)


DECIDE = ["--status", "rejected", "--reviewer", "Dr. Rao", "--date", "2026-12-01"]


def test_an_edit_of_another_claim_meanwhile_is_kept(
    cli: Callable[..., Run], shipped: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = shipped / LIFESTYLE
    theirs = path.read_text(encoding="utf-8").replace(
        "note: Core endocrine axis; covered by the cited review.",
        "note: Core endocrine axis; covered by the cited review (checked again).",
    )
    _saves_while_checked(monkeypatch, path, theirs)
    run = cli("review", "set", "igf1-influences-muscle-bone-cognition", "--root", shipped, *DECIDE)
    assert run.code == 0, run.err
    assert "recorded in" in run.err
    text = path.read_text(encoding="utf-8")
    assert "covered by the cited review (checked again)." in text, "the other editor's change survives"
    assert text.count("status: rejected") == theirs.count("status: rejected") + 1
    assert sorted(p.name for p in path.parent.iterdir()) == ["igf1-lifestyle.yaml", "igf1-relationship.yaml"]


def test_an_edit_of_the_same_claim_meanwhile_is_refused(
    cli: Callable[..., Run], shipped: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = shipped / LIFESTYLE
    text = path.read_text(encoding="utf-8")
    at = text.index("  - id: igf1-influences-muscle-bone-cognition")
    theirs = text[:at] + text[at:].replace("status: pending", "status: needs-rewrite", 1)
    assert theirs != text
    _saves_while_checked(monkeypatch, path, theirs)
    run = cli("review", "set", "igf1-influences-muscle-bone-cognition", "--root", shipped, *DECIDE)
    assert run.code == 1
    assert "changed on disk since it was read" in run.err and run.err.count("\n") == 1
    assert "igf1-influences-muscle-bone-cognition was edited meanwhile" in run.err
    assert path.read_bytes() == theirs.encode("utf-8"), "the other editor's change survives"
    assert sorted(p.name for p in path.parent.iterdir()) == ["igf1-lifestyle.yaml", "igf1-relationship.yaml"]


def test_the_date_defaults_to_today(cli: Callable[..., Run], shipped: Path) -> None:
    import datetime as dt

    run = cli(
        "review",
        "set",
        "igf1-influences-muscle-bone-cognition",
        "--root",
        shipped,
        "--status",
        "rejected",
        "--reviewer",
        "Dr. Rao",
    )
    assert run.code == 0
    assert f"date: {dt.date.today().isoformat()}" in (shipped / LIFESTYLE).read_text(encoding="utf-8")


def test_empty_flow_lists_grow_as_block_lists(
    cli: Callable[..., Run], make_project: Callable[..., Path]
) -> None:
    claims = (
        "# demo claims\n"
        "article: demo\n"
        "claims:\n"
        "  - id: vitamin-d-skin  # the only claim\n"
        "    quote: Vitamin D is made in the skin\n"
        "    kind: mechanism\n"
        "    citations: []\n"
        "    review:\n"
        "      status: pending\n"
        "      waivers: []\n"
        "# end\n"
    )
    root = make_project({"content/claims/demo.yaml": claims})
    # background: the claim still has no supporting citation, so CC102 has a finding to waive
    assert (
        cli("review", "cite", "vitamin-d-skin", "holick2007", "--root", root, "--relation", "background").code
        == 0
    )
    run = cli(
        "review",
        "set",
        "vitamin-d-skin",
        "--root",
        root,
        "--status",
        "needs-rewrite",
        "--reviewer",
        "Ed",
        "--waive",
        "CC102",
        "--justification",
        "Fine.",
        "--date",
        "2026-12-01",
    )
    assert run.code == 0, run.err
    assert (root / "content/claims/demo.yaml").read_text(encoding="utf-8") == (
        "# demo claims\n"
        "article: demo\n"
        "claims:\n"
        "  - id: vitamin-d-skin  # the only claim\n"
        "    quote: Vitamin D is made in the skin\n"
        "    kind: mechanism\n"
        "    citations:\n"
        "      - key: holick2007\n"
        "        relation: background\n"
        "    review:\n"
        "      status: needs-rewrite\n"
        "      reviewer: Ed\n"
        "      date: 2026-12-01\n"
        "      waivers:\n"
        "        - rule: CC102\n"
        "          justification: Fine.\n"
        "          reviewer: Ed\n"
        "          date: 2026-12-01\n"
        "# end\n"
    )


def test_a_broken_neighbour_does_not_block_a_decision(
    cli: Callable[..., Run], make_project: Callable[..., Path]
) -> None:
    claims = (
        "article: demo\n"
        "claims:\n"
        "  - id: vitamin-d-skin\n"
        "    quote: Vitamin D is made in the skin\n"
        "    kind: mechanism\n"
        "  - id: broken\n"
        "    quote: when it is exposed to sunlight\n"
        "    kind: not-a-kind\n"
    )
    root = make_project({"content/claims/demo.yaml": claims})
    run = cli(
        "review",
        "set",
        "vitamin-d-skin",
        "--root",
        root,
        "--status",
        "needs-evidence",
        "--reviewer",
        "Ed",
        "--date",
        "2026-12-01",
    )
    assert run.code == 0, run.err
    run = cli("review", "set", "broken", "--root", root, "--status", "rejected", "--reviewer", "Ed")
    assert run.code == 1 and "unknown claim 'broken' (or its claims file has errors" in run.err
