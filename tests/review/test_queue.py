"""``claimcheck review list``: the claims needing a decision, most serious first."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run

CLAIMS = """article: demo
claims:
  - id: pending-supported
    quote: Vitamin D
    kind: mechanism
    citations:
      - key: holick2007
        relation: supports
  - id: no-citation
    quote: is made
    kind: mechanism
    review:
      status: needs-evidence
      reviewer: A. Editor
  - id: waives-unknown-rule
    quote: in the skin
    kind: mechanism
    citations:
      - key: holick2007
        relation: supports
    review:
      status: approved
      reviewer: A. Editor
      waivers:
        - rule: CC999
          justification: a typo of a rule id
  - id: approved-clean
    quote: exposed to sunlight
    kind: mechanism
    citations:
      - key: holick2007
        relation: supports
    review:
      status: approved
      reviewer: A. Editor
  - id: rejected-uncited
    quote: when it is
    kind: mechanism
    review:
      status: rejected
      reviewer: A. Editor
"""


@pytest.fixture
def project(make_project: Callable[..., Path]) -> Path:
    return make_project({"content/claims/demo.yaml": CLAIMS})


def _ids(run: Run) -> list[str]:
    assert run.code == 0, run.err
    return [item["claim"] for item in json.loads(run.out)["claims"]]


def test_queue_orders_errors_then_warnings_then_pending(cli: Callable[..., Run], project: Path) -> None:
    run = cli("review", "list", "--root", project, "--format", "json")
    assert _ids(run) == ["no-citation", "waives-unknown-rule", "pending-supported"]
    first = json.loads(run.out)["claims"][0]
    assert first["priority"] == "error"
    assert first["status"] == "needs-evidence"
    assert first["support"] == "unsupported"
    assert first["quote"] == "is made"
    assert [(f["rule"], f["line"], f["column"]) for f in first["findings"]] == [("CC102", 9, 5)]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (("--status", "pending"), ["pending-supported"]),
        (("--status", "approved"), ["waives-unknown-rule"]),
        (("--category", "review"), ["waives-unknown-rule"]),
        (("--category", "citation"), ["no-citation"]),
        (("--article", "demo"), ["no-citation", "waives-unknown-rule", "pending-supported"]),
        (("--article", "other"), []),
    ],
)
def test_queue_filters(
    cli: Callable[..., Run], project: Path, options: tuple[str, ...], expected: list[str]
) -> None:
    assert _ids(cli("review", "list", "--root", project, "--format", "json", *options)) == expected


def test_queue_as_text(cli: Callable[..., Run], project: Path) -> None:
    run = cli("review", "list", "--root", project)
    assert run.code == 0
    lines = run.out.splitlines()
    assert lines[:5] == [
        "1. [error] no-citation (demo) status: needs-evidence, support: unsupported",
        "   content/claims/demo.yaml:9:5",
        "   quote: is made",
        "   error CC102 content/claims/demo.yaml:9:5 claim has no citation",
        "       hint: cite a reference that supports the claim (relation: supports or partial)",
    ]
    assert lines[-1] == "claimcheck: 3 claims need a decision"


def test_queue_of_the_shipped_content(cli: Callable[..., Run], shipped: Path) -> None:
    items = json.loads(cli("review", "list", "--root", shipped, "--format", "json").out)["claims"]
    priorities = [i["priority"] for i in items]
    assert priorities == sorted(priorities, key=["error", "warning", "pending"].index)
    report = json.loads(cli("check", "--root", shipped, "--format", "json").out)
    with_errors = {
        f["claim"] for f in report["findings"] if f["claim"] and f["severity"] == "error" and not f["waived"]
    }
    rejected = {i["claim"] for i in items if i["status"] == "rejected"}
    assert with_errors - rejected <= {i["claim"] for i in items if i["priority"] == "error"}
    assert priorities.count("error") >= 22  # at least the 22 unsupported claims of the seeds
    assert {i["status"] for i in items if i["priority"] == "pending"} == {"pending"}


def test_queue_offers_a_suggested_reference(cli: Callable[..., Run], shipped: Path) -> None:
    items = json.loads(cli("review", "list", "--root", shipped, "--format", "json").out)["claims"]
    suggested = [i for i in items if i["suggestion"]]
    assert suggested, "unsupported claims get the best uncited library reference"
    for item in suggested:
        assert item["support"] != "supported"
        assert item["suggestion"]["key"] not in {c["key"] for c in item["citations"]}


FLAGGED = """article: demo
claims:
  - id: cited-clean
    quote: Vitamin D is made in the skin
    kind: mechanism
    citations:
      - key: holick2007
        relation: supports
  - id: uncited-waived
    quote: when it is exposed
    kind: mechanism
    review:
      status: pending
      waivers:
        - rule: CC102
          justification: textbook knowledge
  - id: uncited
    quote: to sunlight
    kind: mechanism
"""


def test_unreviewed_claims_without_support_come_right_after_the_errors(
    cli: Callable[..., Run], make_project: Callable[..., Path]
) -> None:
    root = make_project({"content/claims/demo.yaml": FLAGGED})
    items = json.loads(cli("review", "list", "--root", root, "--format", "json").out)["claims"]
    assert [(i["claim"], i["priority"]) for i in items] == [
        ("uncited", "error"),
        ("uncited-waived", "flagged"),  # its only error waived, but nothing supports it
        ("cited-clean", "pending"),
    ]
    found = cli("review", "list", "--root", root, "--format", "json", "--search", "SUNLIGHT cc102")
    assert _ids(found) == ["uncited"]


@pytest.mark.parametrize("actions", [False, True])
def test_list_text_shows_each_text_as_escape_shown_does(actions: bool) -> None:
    """``review list`` shows repeated texts once per text (commands.review._Shown): the same
    lines as :func:`claimcheck.core.escape.shown` of each line, asked again for every use."""
    from claimcheck.commands.review import _indented, _Shown
    from claimcheck.core.escape import shown

    s = _Shown(actions)
    texts = ["a quote\n\n  on two lines  \n", "::error::x\x1b[31m red", "plain", "", " \n "]
    for label in ("   quote: ", "   error CC006 content/claims/c.yaml:3:5 "):
        for text in texts * 2:
            parts = [shown(line.strip(), actions) for line in text.strip().splitlines() if line.strip()]
            pad = " " * len(label) if len(label) <= 12 else "       "
            assert _indented(label, text, s) == label + f"\n{pad}".join(parts)
    assert s["content/claims/c.yaml"] == shown("content/claims/c.yaml", actions)
