"""Suppression comments in articles: a reason is required, a suppression that suppresses
nothing is reported (CC008), and a suppressed finding is counted as waived."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from claimcheck.rules.examples import base_files
from tests.conftest import Run

HYPE = "Book your consultation today for our revolutionary vitamin D protocol."


def _with(body: str) -> dict[str, str | None]:
    return {"content/articles/demo.md": base_files()["content/articles/demo.md"] + body}


def _findings(cli: Callable[..., Run], root: Path) -> list[tuple[str, int, bool]]:
    run = cli("check", "--root", root, "--format", "json", "--no-cache")
    return [(f["rule"], f["line"], f["waived"]) for f in json.loads(run.out)["findings"]]


def test_next_line_with_a_reason(cli: Callable[..., Run], make_project: Callable[..., Path]) -> None:
    root = make_project(
        _with(f"\n<!-- claimcheck-disable-next-line CC301: quoting the seller to criticise -->\n{HYPE}\n")
    )
    assert _findings(cli, root) == [("CC301", 22, True)]
    run = cli("check", "--root", root)
    assert "CC301" not in run.out and "1 waived" in run.out


def test_without_a_reason_nothing_is_suppressed(
    cli: Callable[..., Run], make_project: Callable[..., Path]
) -> None:
    root = make_project(_with(f"\n<!-- claimcheck-disable-next-line CC301 -->\n{HYPE}\n"))
    assert _findings(cli, root) == [("CC008", 21, False), ("CC301", 22, False)]
    run = cli("check", "--root", root)
    assert (
        "content/articles/demo.md:21:1: warning CC008 suppression without a reason: it suppresses nothing"
        in run.out
    )
    empty = make_project(_with(f"\n<!-- claimcheck-disable-next-line CC301:   -->\n{HYPE}\n"))
    assert _findings(cli, empty) == [("CC008", 21, False), ("CC301", 22, False)]


def test_an_unused_suppression_is_reported(
    cli: Callable[..., Run], make_project: Callable[..., Path]
) -> None:
    root = make_project(
        _with(
            "\n<!-- claimcheck-disable-next-line CC301, CC304: a quoted advert -->\n"
            "The study enrolled 120 adults in 2019.\n"
        )
    )
    run = cli("check", "--root", root)
    assert "21:1: warning CC008 unused suppression: no CC301 finding on line 22" in run.out
    assert "21:1: warning CC008 unused suppression: no CC304 finding on line 22" in run.out
    # a rule not run this time cannot be judged unused
    assert "CC008" not in cli("check", "--root", root, "--select", "CC008").out


def test_a_passage(cli: Callable[..., Run], make_project: Callable[..., Path]) -> None:
    body = (
        f"\n<!-- claimcheck-disable CC301: the advert we take apart below -->\n> {HYPE}\n>\n> {HYPE}\n"
        f"<!-- claimcheck-enable -->\n\n{HYPE}\n"
    )
    root = make_project(_with(body))
    # half of this page's units are the advert, so its title (line 3) and heading (line 17) read
    # as promotion on the page (claimcheck.scoring.context); the passage is what is tested here
    found = [f for f in _findings(cli, root) if f[1] > 17]
    assert [f for f in found if not f[2]] == [("CC301", 27, False)]  # after the passage
    assert sorted(f[1] for f in found if f[2]) == [22, 24]


def test_a_passage_left_open_runs_to_the_end(
    cli: Callable[..., Run], make_project: Callable[..., Path]
) -> None:
    root = make_project(_with(f"\n<!-- claimcheck-disable CC301: quoted advert -->\n\n{HYPE}\n\n{HYPE}\n"))
    # as in test_a_passage, the page may read its title and heading as promotion: the passage is tested
    assert [(f[1], f[2]) for f in _findings(cli, root) if f[1] > 17] == [(23, True), (25, True)]


def test_malformed_comments(cli: Callable[..., Run], make_project: Callable[..., Path]) -> None:
    body = (
        "\n<!-- claimcheck-enable -->\n"
        "<!-- claimcheck-disable-line CC301: typo of the kind -->\n"
        "<!-- claimcheck-disable-next-line CC999: unknown rule -->\n"
        "<!-- claimcheck-disable-next-line: no rule -->\n"
        "Sunlight helps.\n"
    )
    run = cli("check", "--root", make_project(_with(body)))
    messages = [line.split(" CC008 ", 1)[1] for line in run.out.splitlines() if " CC008 " in line]
    assert messages == [
        "claimcheck-enable without a claimcheck-disable before it",
        "unknown suppression comment 'claimcheck-disable-line'",
        "unknown rule CC999 in a suppression",
        "suppression names no rule: it suppresses nothing",
    ]


def test_a_suppression_of_another_rule_suppresses_nothing(
    cli: Callable[..., Run], make_project: Callable[..., Path]
) -> None:
    root = make_project(
        _with(f"\n<!-- claimcheck-disable-next-line CC304: not the rule that fires -->\n{HYPE}\n")
    )
    found = _findings(cli, root)
    assert ("CC301", 22, False) in found and ("CC008", 21, False) in found


def test_a_cached_re_check_keeps_suppressions(
    cli: Callable[..., Run], make_project: Callable[..., Path]
) -> None:
    root = make_project(_with(f"\n{HYPE}\n"))
    assert "warning CC301" in cli("check", "--root", root).out
    article = root / "content/articles/demo.md"
    text = article.read_text(encoding="utf-8").replace(
        f"\n{HYPE}\n", f"\n<!-- claimcheck-disable-next-line CC301: quoting it -->\n{HYPE}\n"
    )
    article.write_text(text, encoding="utf-8")
    run = cli("check", "--root", root)  # the cache re-checks the one unit
    assert "CC301" not in run.out and "1 waived" in run.out
