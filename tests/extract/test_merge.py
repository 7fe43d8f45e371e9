"""`extract --write` on a changed article keeps the editors' work (issue 5, must show)."""

from __future__ import annotations

import difflib
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from claimcheck.extract.candidates import propose, segment_article
from claimcheck.model import ClaimsDocument

REPO = Path(__file__).resolve().parents[2]
ARTICLE = "content/articles/igf1-lifestyle.md"
CLAIMS = "content/claims/igf1-lifestyle.yaml"

REWORDED_ID = "caloric-restriction-lowers-igf1"
REWORDED_OLD = "states of chronic caloric restriction typically depress IGF-1"
REWORDED_NEW = "states of prolonged caloric restriction typically depress IGF-1"
DELETED_ID = "cardio-supports-igf1-environment"
DELETED = (
    " Cardiovascular exercise also contributes to overall metabolic health, indirectly supporting a "
    "favorable environment for IGF-1 function."
)
ADDED_AFTER = "Negative feedback loops are integral to this system."
ADDED = "Heavy alcohol intake lowers circulating IGF-1 levels in adults."


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "references.bib", root / "references.bib")
    return root


def _edit_article(root: Path) -> None:
    path = root / ARTICLE
    text = path.read_text(encoding="utf-8")
    for old, new in ((REWORDED_OLD, REWORDED_NEW), ("\n" + DELETED.strip() + " ", "\n"), (DELETED, "")):
        text = text.replace(old, new)
    text = text.replace(ADDED_AFTER, f"{ADDED_AFTER} {ADDED}")
    assert REWORDED_NEW in text and "Cardiovascular exercise" not in text and ADDED in text
    path.write_text(text, encoding="utf-8")


def _claims(root: Path) -> dict[str, dict[str, Any]]:
    data = yaml.safe_load((root / CLAIMS).read_text(encoding="utf-8"))
    ClaimsDocument.model_validate(data)
    return {claim["id"]: claim for claim in data["claims"]}


def _claim_lines(lines: list[str], claim_id: str) -> range:
    """The line range of one claim in a claims file (its '- id:' line to the next claim)."""
    start = next(i for i, line in enumerate(lines) if line.strip() == f"- id: {claim_id}")
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i].lstrip().startswith("- id: ")), len(lines)
    )
    return range(start, end)


def test_edited_article_rewrite_keeps_ids_reviews_and_comments(
    project: Path, cli: Callable[..., Any]
) -> None:
    before_text = (project / CLAIMS).read_text(encoding="utf-8")
    before = _claims(project)
    _edit_article(project)

    run = cli("extract", ARTICLE, "--root", project, "--write")
    assert run.code == 0, run.err
    after = _claims(project)
    after_text = (project / CLAIMS).read_text(encoding="utf-8")

    # every existing claim is still there, with its id, citations and kind
    assert set(before) <= set(after)
    for claim_id, claim in before.items():
        assert after[claim_id].get("citations") == claim.get("citations")
        assert after[claim_id]["kind"] == claim["kind"]

    # the reworded claim: same id, new quote, back to pending, old decision in the history
    reworded = after[REWORDED_ID]
    assert REWORDED_NEW in reworded["quote"]
    assert reworded["review"]["status"] == "pending"
    (event,) = reworded["review"]["history"]
    old_review = before[REWORDED_ID]["review"]
    assert event["status"] == old_review["status"] == "needs-evidence"
    assert event["reviewer"] == old_review["reviewer"] and event["note"] == old_review["note"]
    assert "re-anchored" in event["action"] and REWORDED_OLD in event["action"]
    assert f"re-anchored: {REWORDED_ID}" in run.out

    # the deleted one is kept, untouched, and reported stale ...
    assert after[DELETED_ID] == before[DELETED_ID]
    assert f"stale: {DELETED_ID}" in run.out
    # ... by `claimcheck check` too (CC006, located at the claim's quote)
    check = cli("check", "--root", project, "--format", "json", "--select", "CC006")
    findings = json.loads(check.out)["findings"]
    assert [f["claim"] for f in findings] == [DELETED_ID]
    assert check.code == 1

    # the new sentence is a new pending claim
    (added,) = [c for c in after.values() if c["quote"] == ADDED]
    assert added["review"] == {"status": "pending"}
    assert added["id"] not in before and added["substances"] == ["IGF-1"]

    # every comment and every line outside the reworded claim is unchanged, in order; new
    # claims are only appended after the last line of the original file
    old_lines, new_lines = before_text.splitlines(), after_text.splitlines()
    reworded_lines = _claim_lines(old_lines, REWORDED_ID)
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, _ in matcher.get_opcodes():
        if tag == "equal":
            continue
        if i1 == i2 == len(old_lines):  # appended at the end
            assert new_lines[j1] == "" and new_lines[j1 + 1].startswith("  - id: ")
            continue
        assert i1 >= reworded_lines.start and i2 <= reworded_lines.stop, (tag, old_lines[i1:i2])
    for number, line in enumerate(old_lines):
        if line.lstrip().startswith("#"):
            assert line in new_lines, f"comment on line {number + 1} lost"
    replaced = [
        old_lines[i].strip().split(":")[0]
        for tag, i1, i2, _, _ in matcher.get_opcodes()
        if tag != "equal"
        for i in range(i1, i2)
    ]
    assert replaced == ["quote", "status", "reviewer", "date", "note"]

    # a second run changes nothing (idempotent)
    again = cli("extract", ARTICLE, "--root", project, "--write")
    assert again.code == 0 and "(no change)" in again.out
    assert (project / CLAIMS).read_text(encoding="utf-8") == after_text


def test_write_creates_a_missing_claims_file(project: Path, cli: Callable[..., Any]) -> None:
    (project / "content/claims/igf1-relationship.yaml").unlink()
    run = cli("extract", "igf1-relationship", "--root", project, "--write")
    assert run.code == 0, run.err
    text = (project / "content/claims/igf1-relationship.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Claims of content/articles/igf1-relationship.md")
    document = ClaimsDocument.model_validate(yaml.safe_load(text))
    article = (project / "content/articles/igf1-relationship.md").read_text(encoding="utf-8")
    assert document.claims and all(claim.quote in article for claim in document.claims)
    assert len({claim.id for claim in document.claims}) == len(document.claims)
    # the file passes the structure rules (schema, duplicate ids, quotes found)
    check = cli("check", "--root", project, "--select", "CC0")
    assert check.code == 0, check.out


def test_stdout_document_is_a_valid_deterministic_claims_file(project: Path, cli: Callable[..., Any]) -> None:
    first = cli("extract", ARTICLE, "--root", project)
    second = cli("extract", ARTICLE, "--root", project)
    assert first.code == 0 and first.out == second.out
    document = ClaimsDocument.model_validate(yaml.safe_load(first.out))
    article = (project / ARTICLE).read_text(encoding="utf-8")
    existing = set(_claims(project))
    assert all(claim.quote in article for claim in document.claims)
    assert not existing & {claim.id for claim in document.claims}  # unique across the corpus
    assert (project / CLAIMS).read_text(encoding="utf-8") == (REPO / CLAIMS).read_text(encoding="utf-8")


def test_unknown_article_is_a_usage_error(project: Path, cli: Callable[..., Any]) -> None:
    run = cli("extract", "no-such-article", "--root", project)
    assert run.code == 2 and "no article 'no-such-article'" in run.err


BLOCK_STYLE = """\
# A claims file written in another style: plain quotes, block lists, no blank lines.
article: styled
claims:
- id: gh-stimulates-liver
  quote: Growth hormone stimulates the liver to produce IGF-1.
  kind: mechanism
  substances:
  - growth hormone
  - IGF-1
  review:
    status: approved
    reviewer: A. Editor  # decided in the March review
    date: 2026-03-01
# trailing comment of the file
"""

STYLED_ARTICLE = """---
id: styled
title: Styled
---
Growth hormone stimulates the liver to produce IGF-1. Chronic stress elevates cortisol in adults.
"""


def test_new_claims_follow_the_file_style(tmp_path: Path, cli: Callable[..., Any]) -> None:
    (tmp_path / "content/articles").mkdir(parents=True)
    (tmp_path / "content/claims").mkdir(parents=True)
    (tmp_path / "references.bib").write_text("", encoding="utf-8")
    (tmp_path / "content/articles/styled.md").write_text(STYLED_ARTICLE, encoding="utf-8")
    claims = tmp_path / "content/claims/styled.yaml"
    claims.write_text(BLOCK_STYLE, encoding="utf-8")
    run = cli("extract", "styled", "--root", tmp_path, "--write")
    assert run.code == 0, run.err
    text = claims.read_text(encoding="utf-8")
    assert text.startswith(BLOCK_STYLE.rsplit("# trailing", 1)[0])
    # the kind is the kind model's; the style is what this test is about
    (kind,) = [
        c.kind.value for c in propose(segment_article(STYLED_ARTICLE, 0)) if c.quote.startswith("Chronic")
    ]
    assert text.endswith(
        "# trailing comment of the file\n"
        "- id: chronic-stress-elevates-cortisol-adults\n"
        "  quote: Chronic stress elevates cortisol in adults.\n"
        f"  kind: {kind}\n"
        "  substances:\n"
        "  - cortisol\n"
        "  review:\n"
        "    status: pending\n"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("article: igf1-lifestyle\nclaims: [unclosed\n", "invalid YAML"),
        ("article: igf1-lifestyle\nclaims: none\n", "not a claims file"),
        ("article: igf1-relationship\nclaims: []\n", "belongs to article 'igf1-relationship'"),
    ],
)
def test_bad_claims_file_is_a_one_line_error(
    project: Path, cli: Callable[..., Any], content: str, message: str
) -> None:
    (project / CLAIMS).write_text(content, encoding="utf-8")
    run = cli("extract", ARTICLE, "--root", project, "--write")
    assert run.code == 2 and message in run.err and len(run.err.strip().splitlines()) == 1, run.err
    assert (project / CLAIMS).read_text(encoding="utf-8") == content


def test_pruned_places_never_lose_an_anchor_at_the_threshold() -> None:
    """Anchors.best with a threshold scores only the places whose bounds reach it (the whole
    place's LCS, then the best quote-sized window's): whenever the unpruned best reaches the
    threshold, the pruned search finds the same place and score."""
    import random

    from claimcheck.extract.anchors import REANCHOR_THRESHOLD, Anchors
    from claimcheck.extract.candidates import segment_article

    rng = random.Random(7)
    words = [
        "vitamin",
        "skin",
        "sunlight",
        "growth",
        "hormone",
        "insulin",
        "muscle",
        "bone",
        "liver",
        "protein",
        "sleep",
        "dose",
    ]

    def sentence(n: int) -> str:
        return " ".join(rng.choice(words) for _ in range(n)).capitalize() + "."

    text = " ".join(sentence(rng.randint(4, 16)) for _ in range(60)) + "\n"
    sentences = segment_article(text, 0)
    places = Anchors(sentences, text)
    reached = 0
    for _ in range(300):
        source = rng.choice(places.texts)
        words_of = source.split()
        cut = rng.randint(0, max(0, len(words_of) - 3))
        quote = " ".join(words_of[cut : cut + rng.randint(3, 14)])
        if rng.random() < 0.5:  # an edit or two
            parts = quote.split()
            parts[rng.randrange(len(parts))] = rng.choice(words)
            quote = " ".join(parts)
        full = Anchors(sentences, text).best(quote)
        pruned = places.best(quote, REANCHOR_THRESHOLD)
        if full is not None and full[0] >= REANCHOR_THRESHOLD:
            reached += 1
            assert pruned == full, quote
        else:
            assert pruned is None or pruned[0] < REANCHOR_THRESHOLD, quote
    assert reached > 50  # the test exercises anchors that are found, not only misses
