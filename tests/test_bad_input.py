"""Malformed files give located findings or a one-line error with exit 2, never a traceback."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import Run


def _findings(run: Run) -> list[dict[str, object]]:
    assert "Traceback" not in run.err
    return json.loads(run.out)["findings"]  # type: ignore[no-any-return]


def test_several_schema_errors_at_once(cli: Callable[..., Run], make_project: Callable[..., Path]) -> None:
    root = make_project(
        {
            "content/claims/demo.yaml": (
                "article: demo\n"
                "claims:\n"
                "  - id: unknown-kind\n"
                "    quote: Vitamin D is made in the skin\n"
                "    kind: rumour\n"
                "  - id: number-quote\n"
                "    quote: 42\n"
                "    kind: mechanism\n"
                "  - id: no-quote\n"
                "    kind: mechanism\n"
            )
        }
    )
    run = cli("check", "--root", root, "--format", "json", "--select", "CC001")
    assert run.code == 1
    found = [(f["line"], f["column"], f["message"]) for f in _findings(run)]
    assert found == [
        (5, 11, "claims[0].kind: 'rumour' is not allowed"),
        (7, 12, "claims[1].quote: expected string, got integer"),
        (9, 5, "claims[2]: missing required key 'quote'"),
    ]


def test_malformed_yaml_is_a_located_finding(
    cli: Callable[..., Run], make_project: Callable[..., Path]
) -> None:
    root = make_project({"content/claims/demo.yaml": "article: demo\nclaims:\n  - id: [unclosed\n"})
    run = cli("check", "--root", root, "--format", "json")
    assert run.code == 1
    (finding,) = [f for f in _findings(run) if f["rule"] == "CC002"]
    assert (finding["path"], finding["line"]) == ("content/claims/demo.yaml", 4)
    assert "YAML syntax error" in str(finding["message"])


def test_malformed_front_matter_is_a_located_finding(
    cli: Callable[..., Run], make_project: Callable[..., Path]
) -> None:
    root = make_project(
        {"content/articles/demo.md": "---\nid: demo\ntitle: [oops\n---\nVitamin D is made in the skin.\n"}
    )
    run = cli("check", "--root", root, "--format", "json")
    (finding,) = [f for f in _findings(run) if f["rule"] == "CC002"]
    assert finding["path"] == "content/articles/demo.md" and finding["line"] >= 3
    assert run.code == 1


def test_unterminated_front_matter(cli: Callable[..., Run], make_project: Callable[..., Path]) -> None:
    root = make_project({"content/articles/demo.md": "---\nid: demo\ntitle: x\nVitamin D is made.\n"})
    run = cli("check", "--root", root, "--format", "json")
    messages = [f["message"] for f in _findings(run) if f["rule"] == "CC002"]
    assert messages == ["unterminated front matter: no closing '---' line"]


def test_malformed_bibtex_entry_is_located_and_later_entries_survive(
    cli: Callable[..., Run], make_project: Callable[..., Path]
) -> None:
    bib = (
        "@article{broken,\n  title = {Unclosed\n}\n\n"
        "@article{holick2007,\n  author = {Holick, Michael F.},\n  title = {Vitamin {D} Deficiency},\n"
        "  journal = {New England Journal of Medicine},\n  year = {2007},\n  doi = {10.1056/NEJMra070553},\n}\n"
    )
    root = make_project({"references.bib": bib})
    run = cli("check", "--root", root, "--format", "json")
    findings = _findings(run)
    assert [(f["rule"], f["line"]) for f in findings if f["rule"] == "CC002"] == [("CC002", 1)]
    assert not [f for f in findings if f["rule"] == "CC101"], "holick2007 after the broken block still loads"


def test_invalid_utf8_and_nul(cli: Callable[..., Run], make_project: Callable[..., Path]) -> None:
    root = make_project()
    (root / "content/claims/demo.yaml").write_bytes(b"article: demo\nclaims: []\n# caf\xe9\n")
    (root / "content/articles/demo.md").write_bytes(b"---\nid: demo\ntitle: a\x00b\n---\nText\n")
    run = cli("check", "--root", root, "--format", "json")
    found = {
        (f["path"], f["line"], f["column"], f["message"]) for f in _findings(run) if f["rule"] == "CC002"
    }
    assert found == {
        ("content/claims/demo.yaml", 3, 6, "invalid UTF-8: byte 0xe9 cannot be decoded"),
        ("content/articles/demo.md", 3, 9, "NUL byte in a text file"),
    }


def test_bom_and_crlf_are_accepted(cli: Callable[..., Run], make_project: Callable[..., Path]) -> None:
    root = make_project()
    path = root / "content/claims/demo.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    run = cli("check", "--root", root)
    assert run.code == 0, run.out


def test_yaml_alias_bomb_is_refused_quickly(
    cli: Callable[..., Run], make_project: Callable[..., Path]
) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20)
    )
    root = make_project({"content/claims/demo.yaml": bomb})
    run = cli("check", "--root", root, "--format", "json")
    messages = [f["message"] for f in _findings(run) if f["rule"] == "CC002"]
    assert messages == ["YAML anchors and aliases are not allowed in content files"]


def test_file_over_the_size_limit(cli: Callable[..., Run], make_project: Callable[..., Path]) -> None:
    root = make_project({"claimcheck.toml": "max_file_size = 100\n"})
    run = cli("check", "--root", root, "--format", "json")
    over = [f for f in _findings(run) if f["rule"] == "CC002"]
    assert {f["path"] for f in over} == {
        "content/articles/demo.md",
        "content/claims/demo.yaml",
        "references.bib",
    }


def test_missing_folder_is_a_one_line_error(cli: Callable[..., Run], tmp_path: Path) -> None:
    run = cli("check", "--root", tmp_path)
    assert run.code == 2
    assert run.err.count("\n") == 1 and run.err.startswith("claimcheck: error: folder not found")


def test_unknown_option_is_a_one_line_error(cli: Callable[..., Run]) -> None:
    import pytest

    with pytest.raises(SystemExit) as exit_info:
        cli("check", "--no-such-option")
    assert exit_info.value.code == 2


def test_symlink_out_of_root_is_refused(
    cli: Callable[..., Run], make_project: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_project()
    outside = tmp_path / "secret.md"
    outside.write_text("---\nid: evil\ntitle: x\n---\nsecret\n", encoding="utf-8")
    (root / "content/articles/evil.md").symlink_to(outside)
    run = cli("check", "--root", root, "--format", "json")
    refused = [f for f in _findings(run) if f["path"] == "content/articles/evil.md" and f["rule"] == "CC002"]
    assert refused and "outside the project root" in str(refused[0]["message"])


def test_symlink_loop_is_a_finding_not_a_crash(
    cli: Callable[..., Run], make_project: Callable[..., Path]
) -> None:
    root = make_project()
    (root / "content/articles/loop.md").symlink_to("loop.md")
    run = cli("check", "--root", root, "--format", "json", "--no-cache")
    unreadable = [
        f for f in _findings(run) if f["path"] == "content/articles/loop.md" and f["rule"] == "CC002"
    ]
    assert unreadable and "symbolic link loop" in str(unreadable[0]["message"])


def test_schema_errors_stop_at_the_limit_and_valid_claims_still_load(
    cli: Callable[..., Run], make_project: Callable[..., Path]
) -> None:
    bad = "".join(f"  - id: Bad {i}\n    quote: 42\n    kind: rumour\n" for i in range(1200))
    good = (
        "  - id: vitamin-d-skin\n    quote: Vitamin D is made in the skin\n    kind: mechanism\n"
        "    citations:\n      - key: holick2007\n        relation: supports\n"
    )
    root = make_project({"content/claims/demo.yaml": "article: demo\nclaims:\n" + bad + good})
    run = cli("check", "--root", root, "--format", "json", "--select", "CC001,CC102,CC208")
    findings = _findings(run)
    schema = [f for f in findings if f["rule"] == "CC001"]
    assert len(schema) == 1001
    assert (
        schema[-1]["message"] == "claims[333].quote: more than 1,000 schema errors; the rest are not reported"
    )
    assert (schema[-1]["line"], schema[-1]["column"]) == (1003, 12)
    assert not [f for f in findings if f["rule"] in ("CC102", "CC208")]  # the last claim loaded, cites it


def test_thousands_of_unknown_keys_are_named_twenty_at_most(
    cli: Callable[..., Run], make_project: Callable[..., Path]
) -> None:
    keys = "".join(f"k{i}: v\n" for i in range(5000))
    root = make_project({"content/articles/demo.md": "---\nid: demo\ntitle: T\n" + keys + "---\nText.\n"})
    run = cli("check", "--root", root, "--format", "json", "--select", "CC001")
    (finding,) = _findings(run)
    assert finding["message"].endswith("'k1013', 'k1014' and 4,980 more")  # sorted as text
