"""Configuration: files, severities, selection, and one-line errors for bad configuration."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import Run

UNSUPPORTED = (
    "article: demo\nclaims:\n  - id: vitamin-d-skin\n    quote: Vitamin D is made in the skin\n"
    "    kind: mechanism\n"
)


def test_severity_override_in_pyproject(cli: Callable[..., Run], make_project: Callable[..., Path]) -> None:
    root = make_project(
        {
            "content/claims/demo.yaml": UNSUPPORTED,
            "pyproject.toml": '[tool.claimcheck.severity]\nCC102 = "warning"\n',
        }
    )
    run = cli("check", "--root", root)
    assert run.code == 0
    assert "warning CC102" in run.out
    assert cli("check", "--root", root, "--strict").code == 1


def test_rule_turned_off_in_claimcheck_toml(
    cli: Callable[..., Run], make_project: Callable[..., Path]
) -> None:
    root = make_project(
        {"content/claims/demo.yaml": UNSUPPORTED, "claimcheck.toml": 'severity = { CC102 = "off" }\n'}
    )
    assert cli("check", "--root", root).code == 0


def test_select_and_ignore_by_id_prefix_and_category(
    cli: Callable[..., Run], make_project: Callable[..., Path]
) -> None:
    root = make_project({"content/claims/demo.yaml": UNSUPPORTED})
    assert cli("check", "--root", root, "--ignore", "citation").code == 0
    assert cli("check", "--root", root, "--ignore", "CC1").code == 0
    assert cli("check", "--root", root, "--select", "CC0,review").code == 0
    run = cli("check", "--root", root, "--select", "CC102", "--format", "json")
    assert {f["rule"] for f in json.loads(run.out)["findings"]} == {"CC102"}


def test_custom_paths(cli: Callable[..., Run], make_project: Callable[..., Path]) -> None:
    root = make_project()
    (root / "content").rename(root / "articles-repo")
    (root / "claimcheck.toml").write_text(
        '[paths]\narticles = "articles-repo/articles"\nclaims = "articles-repo/claims"\n', encoding="utf-8"
    )
    assert cli("check", "--root", root).code == 0


def test_configuration_errors_exit_2_in_one_line(
    cli: Callable[..., Run], make_project: Callable[..., Path]
) -> None:
    cases = {
        "severity = { CC102 = 'loud' }\n": "claimcheck.toml: severity.CC102:",
        "selct = ['CC1']\n": "claimcheck.toml: selct: Extra inputs are not permitted",
        "select = ['CC9']\n": "unknown rule or category: CC9",
        "[paths]\nclaims = '../elsewhere'\n": "paths.claims: '../elsewhere' is outside the project root",
        "not toml = = 1\n": "claimcheck.toml: invalid TOML",
    }
    for text, expected in cases.items():
        root = make_project({"claimcheck.toml": text})
        run = cli("check", "--root", root)
        assert run.code == 2, text
        assert run.err.count("\n") == 1 and expected in run.err, run.err


def test_waived_finding_does_not_fail_and_is_marked(
    cli: Callable[..., Run], make_project: Callable[..., Path]
) -> None:
    claims = UNSUPPORTED + (
        "    review:\n      status: approved\n      waivers:\n        - rule: CC102\n"
        "          justification: Stated in every physiology textbook.\n"
    )
    root = make_project({"content/claims/demo.yaml": claims})
    run = cli("check", "--root", root, "--format", "json")
    assert run.code == 0
    report = json.loads(run.out)
    assert [(f["rule"], f["waived"]) for f in report["findings"] if f["severity"] == "error"] == [
        ("CC102", True)
    ]
    assert report["summary"]["waived"] == 1 and report["summary"]["errors"] == 0
